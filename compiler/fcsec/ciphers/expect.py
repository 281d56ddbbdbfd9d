"""What a cipher policy expects to see on the wire: its suites and the TLS versions they imply.

``fcsec probe`` compares a server's handshakes with this (``fcsec.probe.expect``), and ``fcsec
export sslyze`` writes it as a profile (``fcsec.export.sslyze``). Pure: the expansion of an
OpenSSL cipher string is handed in by the caller (``fcsec.lint.openssl.local_openssl``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from fcsec.ciphers.policies import PolicyKind
from fcsec.ciphers.registry import Suite, TlsVersion, all_suites, lookup

if TYPE_CHECKING:
    from fcsec.ir.nodes import CipherPolicy

#: The TLS 1.3 suites OpenSSL enables when nothing restricts them (SSL_CIPHERS cannot).
OPENSSL_TLS13_DEFAULT = (
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_GCM_SHA256",
)
_CLASSIC_VERSIONS = (TlsVersion.TLSv1, TlsVersion.TLSv1_1, TlsVersion.TLSv1_2)


def implied_versions(suites: Iterable[Suite]) -> frozenset[TlsVersion]:
    """The versions at which some of ``suites`` can be negotiated (SSLv3 never counts).

    TLS 1.3 suites imply TLS 1.3; any other suite implies every version from the oldest one
    it can be negotiated at (but at least TLS 1.0) up to TLS 1.2.
    """
    versions: set[TlsVersion] = set()
    classic = [suite for suite in suites if not suite.is_tls13]
    if any(suite.is_tls13 for suite in suites):
        versions.add(TlsVersion.TLSv1_3)
    if classic:
        oldest = min(max(suite.tls_version, TlsVersion.TLSv1) for suite in classic)
        versions.update(version for version in _CLASSIC_VERSIONS if version >= oldest)
    return frozenset(versions)


def policy_suites(
    policy: CipherPolicy, expand: Callable[[str], frozenset[int]]
) -> tuple[tuple[Suite, ...] | None, tuple[str, ...]]:
    """The suites a server configured with ``policy`` offers, and notes on how sure that is.

    None: the policy leaves the suites to the server. An OpenSSL cipher string is expanded by
    ``expand`` (suite codes), with OpenSSL's default TLS 1.3 suites, which it cannot restrict.
    """
    if policy.kind is PolicyKind.SUITES:
        return policy.suites, ()
    if policy.kind is PolicyKind.SERVER_DEFAULT:
        return None, (
            "suites and versions not compared: the spec leaves the cipher suites to the server",
        )
    assert policy.openssl is not None
    codes = expand(policy.openssl)
    classic = tuple(suite for suite in all_suites() if suite.code in codes and not suite.is_tls13)
    tls13 = tuple(suite for name in OPENSSL_TLS13_DEFAULT if (suite := lookup(name)) is not None)
    return classic + tls13, (
        f"the OpenSSL string {policy.openssl!r} was expanded by the local OpenSSL; the "
        "server's build may expand it differently",
        "TLS 1.3 suites: OpenSSL's defaults, which an OpenSSL cipher string cannot restrict",
    )
