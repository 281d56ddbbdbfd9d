"""Raw OpenSSL cipher strings (FCS508, FCS510): what such a string is, what the local OpenSSL
makes of it, and each of its names: a misspelt one (neither a suite nor a keyword) and the weak
suites it selects.

Judgements come from the registry's facts only (``cipher_suites.suite_problems``); the local
OpenSSL is asked (through ``LintOptions.expand``) just to *show* what the string means here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fcsec.ciphers.registry import lookup, suggest
from fcsec.lint.cipher_sites import CipherUse, Site, SiteKind
from fcsec.lint.cipher_suites import (
    PHRASE,
    Target,
    plural,
    suite_findings,
    suite_problems,
    tls13_finding,
)
from fcsec.lint.context import LintContext
from fcsec.lint.findings import Finding, finding
from fcsec.lint.locate import substring_span
from fcsec.rule_ids import OPENSSL_STRING, UNKNOWN_OPENSSL_NAME
from fcsec.suggest import closest, did_you_mean

# Names OpenSSL (1.0.2 to 3.x) accepts in a cipher string besides suite names: aliases, key
# exchange, authentication, cipher and MAC classes, protocol versions (`man openssl-ciphers`).
_KEYWORD_TEXT = """
DEFAULT COMPLEMENTOFDEFAULT ALL COMPLEMENTOFALL HIGH MEDIUM LOW EXP EXPORT EXPORT40 EXPORT56
eNULL NULL aNULL kRSA aRSA RSA kDHr kDHd kDH kDHE kEDH DH DHE EDH ADH kEECDH kECDHE ECDH ECDHE
EECDH AECDH kECDHr kECDHe aECDH aDSS DSS aDH aECDSA ECDSA TLSv1.2 TLSv1.0 TLSv1 SSLv3 SSLv2
AES128 AES256 AES AESGCM AESCCM AESCCM8 ARIA128 ARIA256 ARIA ARIAGCM CAMELLIA128 CAMELLIA256
CAMELLIA CHACHA20 3DES DES RC4 RC2 IDEA SEED MD5 SHA1 SHA SHA256 SHA384 aGOST aGOST01 aGOST12
kGOST kGOST18 GOST94 GOST89MAC GOST2012 PSK kPSK kECDHEPSK kDHEPSK kRSAPSK aPSK SRP kSRP aSRP
SUITEB128 SUITEB128ONLY SUITEB192 KRB5 kKRB5 aKRB5 FZA kFZA aFZA eFZA
"""
_OPENSSL_KEYWORDS = frozenset(_KEYWORD_TEXT.upper().split())
_TOKEN = re.compile(r"[^:, ]+")


def openssl_findings(context: LintContext, use: CipherUse, site: Site) -> Iterator[Finding]:
    """FCS508 for the string of ``use``, then a finding for each of its names that deserves one."""
    text = use.policy.openssl or ""
    what = (
        f"profile `{site.profile}` is the raw OpenSSL cipher string `{text}`"
        if site.kind is SiteKind.PROFILE
        else f"`{text}` is a raw OpenSSL cipher string"
    )
    yield finding(
        OPENSSL_STRING,
        f"{what}: what it allows depends on the OpenSSL build of the server",
        site.span,
        key=site.key,
        label="OpenSSL string",
        hint="list the suites, or name a profile such as `tlsref-intermediate`",
        notes=_expansion(context, text),
    )
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token.startswith("@"):
            continue
        positive = token[0] not in "!-"
        body = token.lstrip("!-+")
        offset = match.start() + len(token) - len(body)
        parts = body.split("+")
        position = offset
        for part in parts:
            yield from _token_part(use, site, part, position, positive and len(parts) == 1)
            position += len(part) + 1


def _expansion(context: LintContext, text: str) -> tuple[str, ...]:
    expand = context.options.expand
    if expand is None:
        return ()
    expansion = expand(text)
    if expansion is None:
        return ("no openssl binary on this machine to show what the string means",)
    if expansion.error is not None:
        return (f"{expansion.version} on this machine: {expansion.error}",)
    notes = [
        f"{expansion.version} on this machine expands it to "
        f"{plural(len(expansion.suites), 'TLS 1.2 suite')}: {', '.join(expansion.suites)}"
    ]
    counts: dict[str, int] = {}
    for name in expansion.suites:
        suite = lookup(name)
        for rule, _ in suite_problems(suite) if suite is not None else ():
            counts[rule] = counts.get(rule, 0) + 1
    if counts:
        notes.append(
            "of these, "
            + ", ".join(f"{count} {PHRASE[rule]} ({rule})" for rule, count in counts.items())
        )
    return tuple(notes)


def _token_part(
    use: CipherUse, site: Site, part: str, start: int, selects: bool
) -> Iterator[Finding]:
    if not part or part.upper() in _OPENSSL_KEYWORDS:
        return
    span = (
        substring_span(site.written, start, start + len(part))
        if site.written is not None
        else site.span
    )
    key = f"{site.key}:{part}"
    suite = lookup(part)
    if suite is None:
        guess = suggest(part) or closest(part.upper(), sorted(_OPENSSL_KEYWORDS))
        yield finding(
            UNKNOWN_OPENSSL_NAME,
            f"`{part}` is neither a cipher suite nor an OpenSSL keyword; OpenSSL skips "
            "it without a word",
            span,
            key=key,
            label="unknown name",
            hint=did_you_mean(guess, otherwise="check the spelling"),
        )
        return
    if not selects:
        return
    if use.target is Target.DATABASE and suite.is_tls13:
        yield tls13_finding(suite, span, key)
        return
    yield from suite_findings(suite, use.target, span, key)
