"""An existing cipher setting as the IR's cipher policy: a built-in policy, a list, or a string.

A setting is a built-in policy when the backend renders that policy to exactly the text in the
file, a list of suites when the backend renders the list to exactly that text, and (for
``SSL_CIPHERS`` only) a raw OpenSSL string (``{ openssl = "..." }`` in the spec) otherwise.
Listeners take lists only: a list the backend would write differently (a TLS 1.2 suite by its
IANA name, a name fcsec does not know, a suite twice) cannot be said, and the caller leaves the
listener out.
"""

from __future__ import annotations

from collections.abc import Callable

from fcsec.backends.ctsrvr_cfg import ssl_ciphers
from fcsec.backends.services_json import allowed_cipher_suites
from fcsec.ciphers.policies import FAIRCOM_DEFAULT, PolicyKind, policy, policy_names
from fcsec.ciphers.registry import Suite, lookup
from fcsec.ir import nodes as ir


def _builtins() -> list[ir.CipherPolicy]:
    found = []
    for name in policy_names():
        builtin = policy(name)
        assert builtin is not None
        found.append(
            ir.CipherPolicy(
                name=name, kind=builtin.kind, suites=builtin.suites, openssl=builtin.openssl
            )
        )
    return found


def server_default() -> ir.CipherPolicy:
    """``faircom-default``: no cipher setting at all."""
    return next(builtin for builtin in _builtins() if builtin.name == FAIRCOM_DEFAULT)


def _listed(
    names: tuple[str, ...], spelled: Callable[[Suite], str | None]
) -> ir.CipherPolicy | None:
    """A list of suites, when each name is a known suite spelled as the backend spells it."""
    suites = [lookup(name) for name in names]
    if len(set(names)) != len(names):
        return None
    listed: list[Suite] = []
    for suite, name in zip(suites, names, strict=True):
        if suite is None or spelled(suite) != name:
            return None
        listed.append(suite)
    return ir.CipherPolicy(name=None, kind=PolicyKind.SUITES, suites=tuple(listed))


def listener_policy(names: tuple[str, ...]) -> ir.CipherPolicy | None:
    """``allowedCipherSuites`` as a built-in policy or a list; None when a spec cannot say it."""
    if not names:
        return None  # an empty list is an error in a spec
    for builtin in _builtins():
        if builtin.kind is PolicyKind.SUITES and allowed_cipher_suites(builtin) == names:
            return builtin
    return _listed(names, lambda suite: suite.listener_name)


def ssl_ciphers_policy(value: str) -> ir.CipherPolicy:
    """``SSL_CIPHERS`` as a built-in policy, a list of suites, or a raw OpenSSL string."""
    for builtin in _builtins():
        if builtin.kind is PolicyKind.SUITES and all(suite.is_tls13 for suite in builtin.suites):
            continue  # a spec may not use a TLS 1.3-only policy for the database
        if builtin.kind is not PolicyKind.SERVER_DEFAULT and ssl_ciphers(builtin) == value:
            return builtin
    listed = _listed(
        tuple(value.split(":")), lambda suite: None if suite.is_tls13 else suite.openssl
    )
    return listed or ir.CipherPolicy(name=None, kind=PolicyKind.OPENSSL_STRING, openssl=value)
