"""Managed parts point at the spec: the setting that writes them, not the new file's line.

A part that compile writes (a listener the spec names, ``[mqtt] authentication``, the SSL block
of ``[database]``) is moved to the spec's place by the ``Locator``; an unmanaged part keeps its
line in the current file, where it stands unchanged.
"""

from __future__ import annotations

from collections.abc import Callable

from fcsec.cfg.cst import key_of
from fcsec.lint.configview_parts import DatabasePart, ListenerPart, MethodsPart, SettingPart
from fcsec.lint.locate import Locator
from fcsec.record import replace
from fcsec.source import Span

__all__ = ["managed_database", "managed_listeners", "managed_methods"]

#: The spec setting that writes each keyword of the SSL block (where a managed finding points).
_SPEC_KEY = {
    "SERVER_CERTIFICATE_FILE": "cert",
    "SERVER_PRIVATE_KEY_FILE": "cert",
    "SERVER_ENCRYPTED_STORE_FILE": "cert",
    "DEBUG_LOG": "debug_log",
    "SSL_CONNECTIONS_ONLY": "tls_only",
    "VERIFY_CLIENT_CERTIFICATE": "verify_client_certs",
    "X509_AUTHENTICATION": "x509_login",
    "X509_PATH": "x509_login",
    "X509_PREFIX": "x509_login",
    "X509_DELIMITER": "x509_login",
    "X509_REQUIREMENT_PATH": "x509_login",
    "X509_REQUIREMENT": "x509_login",
    "SSL_CIPHERS": "ciphers",
}


def _spec_listener(
    part: ListenerPart, locate: Locator | None, path: Callable[[str], tuple[str, ...]]
) -> ListenerPart:
    """A managed listener, with its places moved to the spec."""
    if locate is None:
        return replace(part, managed=True)
    name = part.name
    suites = part.suites
    if suites is not None:
        at = locate.span("listeners", name, "tls", "ciphers")
        suites = tuple(replace(named, span=at) for named in suites)
    return replace(
        part,
        managed=True,
        suites=suites,
        span=locate.span("listeners", name),
        enabled_span=locate.span(*path(name)),
        port_span=locate.span("listeners", name, "port"),
        tls_span=locate.span("listeners", name, "tls", "cert"),
    )


def managed_listeners(
    after: tuple[ListenerPart, ...],
    before: tuple[ListenerPart, ...],
    names: frozenset[str],
    locate: Locator | None,
) -> tuple[ListenerPart, ...]:
    """The listeners after compile: managed ones pointing at the spec, the others at the line of
    the current file where they stand unchanged."""
    waiting: dict[str, list[ListenerPart]] = {}
    for part in before:
        waiting.setdefault(part.name, []).append(part)
    result: list[ListenerPart] = []
    for part in after:
        if part.name in names:
            result.append(_spec_listener(part, locate, lambda name: ("listeners", name, "enabled")))
            continue
        same = waiting.get(part.name)
        result.append(same.pop(0) if same else part)
    return tuple(result)


def managed_methods(part: MethodsPart | None, locate: Locator | None) -> MethodsPart | None:
    """The MQTT methods compile writes, pointing at the spec's ``[mqtt] authentication``."""
    if part is None:
        return None
    if locate is None:
        return replace(part, managed=True)
    whole = locate.span("mqtt", "authentication")

    def element(method: str) -> Span | None:
        found = locate.element(("mqtt", "authentication"), method.__eq__)
        return found or whole

    return MethodsPart(
        methods=tuple(replace(named, span=element(named.value)) for named in part.methods),
        managed=True,
        span=whole,
    )


def managed_database(
    after: DatabasePart,
    before: DatabasePart | None,
    locate: Locator | None,
    shared_memory_managed: bool,
) -> DatabasePart:
    """The SSL block after compile (managed: its places move to the spec); unmanaged
    COMM_PROTOCOL lines keep their place in the current file."""

    def moved(part: SettingPart) -> SettingPart:
        if locate is None:
            return part
        where = _SPEC_KEY.get(part.key)
        span = locate.span("database", where) if where else locate.span("database")
        return SettingPart(keyword=part.keyword, value=part.value, span=span)

    kept = before.protocols if before is not None else after.protocols
    protocols = kept
    if shared_memory_managed:
        spec_span = locate.span("database", "shared_memory") if locate is not None else None
        protocols = (
            *(part for part in kept if key_of(part.value) != "FSHAREMM"),
            *(
                SettingPart(keyword=part.keyword, value=part.value, span=spec_span or part.span)
                for part in after.protocols
                if key_of(part.value) == "FSHAREMM"
            ),
        )
    return replace(
        after,
        managed=True,
        header_span=locate.span("database", "enabled") if locate is not None else None,
        settings=tuple(moved(part) for part in after.settings),
        stray=tuple(moved(part) for part in after.stray),
        protocols=protocols,
        shared_memory_managed=shared_memory_managed,
    )
