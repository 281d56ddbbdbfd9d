"""Rules over the configuration as the server will read it (``fcsec.lint.configview``).

The spec rules (``config_rules``, ``cipher_rules``) see only what the spec says; these see both
files after compile, unmanaged parts included: plain listeners beside TLS ones (FCS602, FCS609,
FCS610), anonymous MQTT login (FCS603, FCS611), the SSL block (FCS601, FCS605, FCS606, FCS613,
FCS614), shared memory beside SSL-only (FCS612), TLS without a certificate (FCS615), one port for
two listeners (FCS616) and the suites of an existing ``SSL_CIPHERS`` or ``allowedCipherSuites``
(FCS501-FCS510, judged by ``cipher_suites.suite_problems``).

Each result says whether every part it is about is managed by the spec: then a spec rule has
already said the same at the spec's own line, and ``fcsec check`` drops it (``spec_covered``).

The rules live in ``config_file_listeners`` (services.json), ``config_file_database``
(ctsrvr.cfg) and ``config_file_suites`` (cipher suites of both); this module runs them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from fcsec.lint import config_file_database as database
from fcsec.lint import config_file_listeners as listeners
from fcsec.lint import config_file_suites as suites
from fcsec.lint.config_file_context import FileRules, Found
from fcsec.lint.configview_parts import Effective
from fcsec.rule_ids import (
    ANONYMOUS_MQTT,
    ANONYMOUS_PLAIN_MQTT,
    DATABASE_TLS_OFF,
    DEBUG_LOG,
    OPTIONAL_CLIENT_CERT,
    PLAIN_DATABASE,
    PLAIN_MQTT_PASSWORDS,
    PLAIN_TWIN,
)

__all__ = ["SPEC_COVERED", "Found", "check", "spec_covered"]

#: Rules that a spec rule reports at the spec's line when every part involved is managed (and
#: every cipher-suite rule, FCS5xx).
SPEC_COVERED = frozenset(
    {
        PLAIN_DATABASE,
        PLAIN_TWIN,
        ANONYMOUS_MQTT,
        DEBUG_LOG,
        OPTIONAL_CLIENT_CERT,
        PLAIN_MQTT_PASSWORDS,
        ANONYMOUS_PLAIN_MQTT,
        DATABASE_TLS_OFF,
    }
)


def spec_covered(rule: str) -> bool:
    """Whether a spec rule reports ``rule`` itself when every part involved is managed."""
    return rule in SPEC_COVERED or rule.startswith("FCS5")


_CHECKS: tuple[Callable[[FileRules], Iterable[Found]], ...] = (
    listeners.plain_twins,
    listeners.no_tls_listener,
    listeners.plain_mqtt_passwords,
    listeners.anonymous_mqtt,
    listeners.anonymous_plain_mqtt,
    listeners.no_certificate,
    listeners.shared_ports,
    suites.listener_suites,
    database.database_off,
    database.stray_lines,
    database.plain_database,
    database.shared_memory,
    database.database_certificate,
    database.debug_log,
    database.optional_client_cert,
    suites.database_suites,
)


def check(effective: Effective, *, production: bool = True) -> list[Found]:
    """Every finding about the configuration after compile, managed parts included."""
    rules = FileRules(effective=effective, production=production)
    return [found for run in _CHECKS for found in run(rules)]
