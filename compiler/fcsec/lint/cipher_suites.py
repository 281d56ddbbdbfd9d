"""What is weak in one cipher suite (FCS501-FCS506, FCS512 CCM_8, FCS513 DSS, FCS514 not in
current OpenSSL), and how a finding about one suite reads.

Judgements come from the registry's facts only (``fcsec.ciphers.registry``). ``suite_problems``
is the one judge: the spec's rules (``cipher_rules``, ``cipher_openssl``), the config files'
(``config_file_suites``) and the editor's hover, completion and actions all ask it.
"""

from __future__ import annotations

import enum
import functools

from fcsec.ciphers.registry import (
    Authentication,
    BulkAlgorithm,
    CipherMode,
    Mac,
    OpenSSLSupport,
    Suite,
    lookup,
)
from fcsec.lint.findings import Finding, finding
from fcsec.rule_ids import (
    ANONYMOUS_SUITE,
    BROKEN_CIPHER,
    CBC_SUITE,
    CCM8_SUITE,
    DSS_SUITE,
    NO_FORWARD_SECRECY,
    NOT_IN_OPENSSL,
    NULL_CIPHER,
    SHA1_MAC,
    TLS13_IN_SSL_CIPHERS,
)
from fcsec.source import Span

#: Each suite rule as a phrase after "suites" ("... 2 suites without forward secrecy").
PHRASE = {
    NO_FORWARD_SECRECY: "without forward secrecy",
    CBC_SUITE: "in CBC mode",
    SHA1_MAC: "with a SHA-1 MAC",
    NULL_CIPHER: "without encryption (NULL)",
    BROKEN_CIPHER: "with a broken cipher",
    ANONYMOUS_SUITE: "without server authentication (anonymous)",
    CCM8_SUITE: "with an 8-byte authentication tag (CCM_8)",
    DSS_SUITE: "with DSA authentication (DSS)",
    NOT_IN_OPENSSL: "that current OpenSSL does not offer",
}
_VERB = {
    NO_FORWARD_SECRECY: "has no forward secrecy",
    CBC_SUITE: "uses CBC mode",
    SHA1_MAC: "uses a SHA-1 MAC",
    NULL_CIPHER: "does not encrypt",
    BROKEN_CIPHER: "uses a broken cipher",
    ANONYMOUS_SUITE: "does not authenticate the server",
    CCM8_SUITE: "has an 8-byte authentication tag",
    DSS_SUITE: "needs a DSA server certificate",
    NOT_IN_OPENSSL: "is not offered by current OpenSSL, which skips it",
}
_HINT = {
    NO_FORWARD_SECRECY: "use ECDHE or DHE suites; `tlsref-intermediate` has only those",
    CBC_SUITE: "use AES-GCM or ChaCha20-Poly1305 suites",
    SHA1_MAC: "use AEAD suites (AES-GCM, ChaCha20-Poly1305)",
    NULL_CIPHER: "remove the suite",
    BROKEN_CIPHER: "remove the suite",
    ANONYMOUS_SUITE: "remove the suite",
    CCM8_SUITE: "use the GCM or CCM suite with the same key exchange",
    DSS_SUITE: "use an ECDSA or RSA certificate and ECDHE suites",
    NOT_IN_OPENSSL: "remove it, or use an ECDHE AEAD suite the server's OpenSSL offers",
}
# Why current OpenSSL does not offer a suite, per registry fact.
_OPENSSL_GAP = {
    OpenSSLSupport.REMOVED: "OpenSSL 1.1.0 removed it",
    OpenSSLSupport.WEAK_CIPHERS_BUILD: (
        "OpenSSL 1.1.0 and later build it only when configured with enable-weak-ssl-ciphers"
    ),
    OpenSSLSupport.LEGACY_PROVIDER: "OpenSSL 3 offers it only with the legacy provider loaded",
}
_BROKEN = frozenset(
    {
        BulkAlgorithm.RC4,
        BulkAlgorithm.DES,
        BulkAlgorithm.TRIPLE_DES,
        BulkAlgorithm.RC2,
        BulkAlgorithm.IDEA,
    }
)


class Target(enum.Enum):
    """Who uses a cipher list: a listener (services.json) or the database (SSL_CIPHERS)."""

    LISTENER = "listener"
    DATABASE = "database"


@functools.cache  # a suite's weaknesses never change, and big specs name the same suites often
def suite_problems(suite: Suite) -> tuple[tuple[str, str], ...]:
    """Each weakness of ``suite`` as (rule, detail); of TLS 1.3 suites, only CCM_8 has one."""
    if suite.is_tls13:
        return _tag_problems(suite)
    problems: list[tuple[str, str]] = []
    bulk = suite.bulk
    if bulk.algorithm is BulkAlgorithm.NULL:
        problems.append((NULL_CIPHER, "NULL cipher"))
    elif bulk.algorithm in _BROKEN:
        problems.append((BROKEN_CIPHER, bulk.algorithm.value))
    elif bulk.key_bits < 112:
        problems.append((BROKEN_CIPHER, f"export grade, {bulk.key_bits}-bit key"))
    if suite.mac is Mac.MD5 and not any(rule == BROKEN_CIPHER for rule, _ in problems):
        problems.append((BROKEN_CIPHER, "MD5 MAC"))
    if suite.authentication is Authentication.ANON:
        problems.append((ANONYMOUS_SUITE, f"anonymous {suite.key_exchange.value}"))
    if not suite.forward_secrecy:
        problems.append((NO_FORWARD_SECRECY, f"static {suite.key_exchange.value} key exchange"))
    if bulk.mode is CipherMode.CBC:
        problems.append((CBC_SUITE, "MAC-then-encrypt"))
    if suite.mac is Mac.SHA1:
        problems.append((SHA1_MAC, "HMAC-SHA1"))
    problems.extend(_tag_problems(suite))
    if suite.authentication is Authentication.DSS:
        problems.append((DSS_SUITE, "FIPS 186-5 no longer approves DSA signing"))
    gap = _OPENSSL_GAP.get(suite.openssl_support)
    if gap is not None:
        problems.append((NOT_IN_OPENSSL, gap))
    return tuple(problems)


def _tag_problems(suite: Suite) -> tuple[tuple[str, str], ...]:
    if suite.bulk.mode is CipherMode.CCM8:
        return ((CCM8_SUITE, "CCM_8; GCM and CCM have 16 bytes"),)
    return ()


def weak_suites(suites: tuple[Suite, ...]) -> tuple[tuple[str, tuple[Suite, ...]], ...]:
    """For each rule, in the order first met, the suites of ``suites`` that break it."""
    grouped: dict[str, list[Suite]] = {}
    for suite in suites:
        for rule, _ in suite_problems(suite):
            grouped.setdefault(rule, []).append(suite)
    return tuple((rule, tuple(found)) for rule, found in grouped.items())


def suite_name(suite: Suite, target: Target) -> str:
    """The suite as the target's file spells it."""
    if target is Target.DATABASE:
        return suite.openssl or suite.iana
    return suite.listener_name


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def suite_findings(suite: Suite, target: Target, span: Span | None, key: str) -> list[Finding]:
    """A finding for each weakness of one suite the spec names at ``span``."""
    return [
        finding(
            rule,
            f"cipher suite `{suite_name(suite, target)}` {_VERB[rule]} ({detail})",
            span,
            key=key,
            label=PHRASE[rule],
            hint=_HINT[rule],
        )
        for rule, detail in suite_problems(suite)
    ]


def tls13_finding(suite: Suite, span: Span | None, key: str) -> Finding:
    """FCS507: a TLS 1.3 suite named for SSL_CIPHERS, which leaves it out."""
    return finding(
        TLS13_IN_SSL_CIPHERS,
        f"`{suite.iana}` is a TLS 1.3 suite: SSL_CIPHERS covers TLS 1.2 and older, so it "
        "is left out there and the database negotiates TLS 1.3 with its own suites",
        span,
        key=key,
        label="no effect in SSL_CIPHERS",
        hint="list only TLS 1.2 suites for [database]",
    )


def openssl_gaps(names: list[str]) -> tuple[str, ...]:
    """A note for each named suite that current OpenSSL does not offer."""
    suites = [suite for name in names if (suite := lookup(name)) is not None]
    return tuple(
        f"`{suite.openssl}` {_VERB[NOT_IN_OPENSSL]} ({_OPENSSL_GAP[suite.openssl_support]})"
        for suite in suites
        if suite.openssl_support in _OPENSSL_GAP
    )
