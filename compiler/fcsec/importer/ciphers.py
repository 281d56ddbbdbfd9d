"""Say an existing cipher setting in the language: a built-in policy's name, a list, or a string.

A setting is said by a policy name when the backend renders that policy to exactly the text in
the file, by a list of suites when the backend renders the list to exactly that text, and (for
``SSL_CIPHERS`` only) as ``{ openssl = "..." }`` otherwise. Listeners take lists only: a list the
backend would write differently (a TLS 1.2 suite by its IANA name, a name fcsec does not know, a
suite twice) cannot be said, and the caller leaves the listener out.
"""

from __future__ import annotations

from fcsec.backends.ctsrvr_cfg import ssl_ciphers
from fcsec.backends.services_json import allowed_cipher_suites
from fcsec.ciphers.policies import PolicyKind, policy, policy_names
from fcsec.ciphers.registry import lookup
from fcsec.ir import nodes as ir

Said = str | tuple[str, ...] | dict[str, str]


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


def listener_suites(names: tuple[str, ...]) -> str | tuple[str, ...] | None:
    """``allowedCipherSuites`` as a policy name or a list; None when the language cannot say it."""
    if not names:
        return None  # an empty list is an error in a spec
    for builtin in _builtins():
        if builtin.kind is PolicyKind.SUITES and allowed_cipher_suites(builtin) == names:
            return str(builtin.name)
    suites = [lookup(name) for name in names]
    if len(set(names)) != len(names):
        return None
    if all(
        suite is not None and suite.listener_name == name
        for suite, name in zip(suites, names, strict=True)
    ):
        return names
    return None


def ssl_ciphers_setting(value: str) -> Said:
    """``SSL_CIPHERS`` as a policy name, a list of suites, or a raw OpenSSL string."""
    for builtin in _builtins():
        if builtin.kind is PolicyKind.SUITES and all(suite.is_tls13 for suite in builtin.suites):
            continue  # a spec may not use a TLS 1.3-only policy for the database
        if builtin.kind is not PolicyKind.SERVER_DEFAULT and ssl_ciphers(builtin) == value:
            return str(builtin.name)
    names = tuple(value.split(":"))
    suites = [lookup(name) for name in names]
    if len(set(names)) == len(names) and all(
        suite is not None and not suite.is_tls13 and suite.openssl == name
        for suite, name in zip(suites, names, strict=True)
    ):
        return names
    return {"openssl": value}
