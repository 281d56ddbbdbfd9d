"""Cipher-suite rules: weak suites (FCS501-FCS506, FCS512 CCM_8, FCS513 DSS), suites current
OpenSSL does not offer (FCS514), SSL_CIPHERS and TLS 1.3 (FCS507), raw OpenSSL strings (FCS508,
FCS510), compliance with ``--policy`` (FCS509), the server's default (FCS511) and the guide's
example policies (FCS607).

Every cipher list a listener or the database uses is judged where it is written: a suite of a
list at its own element, a built-in profile once where it is named, the implicit default policy
at the listener or ``[database]`` that leaves ``ciphers`` out. Judgements come from the registry's
facts only; the local OpenSSL is asked (through ``LintOptions.expand``) just to *show* what a raw
string means here.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator

import attrs

from fcsec.ciphers.policies import DEFAULT_POLICY, Exclusion, Policy, PolicyKind, policy
from fcsec.ciphers.registry import (
    Authentication,
    BulkAlgorithm,
    CipherMode,
    Mac,
    OpenSSLSupport,
    Suite,
    lookup,
    suggest,
)
from fcsec.ir import nodes as ir
from fcsec.lint.context import LintContext
from fcsec.lint.findings import Finding, finding
from fcsec.lint.locate import substring_span
from fcsec.rule_ids import (
    ANONYMOUS_SUITE,
    BROKEN_CIPHER,
    CBC_SUITE,
    CCM8_SUITE,
    DSS_SUITE,
    GUIDE_EXAMPLE,
    NO_FORWARD_SECRECY,
    NOT_IN_OPENSSL,
    NULL_CIPHER,
    OPENSSL_STRING,
    OUTSIDE_POLICY,
    SERVER_DEFAULT_CIPHERS,
    SHA1_MAC,
    TLS13_IN_SSL_CIPHERS,
    UNKNOWN_OPENSSL_NAME,
)
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.suggest import closest, did_you_mean

#: The FairCom guide's example policies that FCS607 points out.
GUIDE_EXAMPLES = frozenset({"faircom-minimal", "faircom-maximal"})

_PHRASE = {
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
# A built-in profile with weak suites -> the profile without them that its findings suggest.
_STRONGER = {"nist-800-52r2": "nist-800-52r2-aead"}
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
# The server's SSL_CIPHERS default as the FairCom guide documents it.
_DOCUMENTED_DEFAULT = "ECDH-ECDSA-AES128-GCM-SHA256:DHE-RSA-AES128-SHA256"
_TOKEN = re.compile(r"[^:, ]+")


class Target(enum.Enum):
    LISTENER = "listener"
    DATABASE = "database"


@attrs.frozen(kw_only=True)
class _Use:
    """A listener or the database and the cipher policy it uses."""

    where: str
    path: tuple[str, ...]
    owner: tuple[str, ...]
    policy: ir.CipherPolicy
    target: Target


class _SiteKind(enum.Enum):
    DEFAULT = "default"
    PROFILE = "profile"
    LIST = "list"
    OPENSSL = "openssl"


@attrs.frozen(kw_only=True)
class _Site:
    """Where the policy of a use is written."""

    kind: _SiteKind
    span: Span | None
    key: str
    #: LIST: the path of the array whose elements name the suites.
    list_path: tuple[str, ...] = ()
    #: PROFILE: the built-in profile's name.
    profile: str = ""
    #: OPENSSL: the string as written (for spans of its parts).
    written: ast.StringValue | None = None


def _uses(spec: ir.Spec) -> Iterator[_Use]:
    for listener in spec.listeners:
        if listener.tls is not None:
            yield _Use(
                where=f"listeners.{listener.name}",
                path=("listeners", listener.name, "tls", "ciphers"),
                owner=("listeners", listener.name),
                policy=listener.tls.ciphers,
                target=Target.LISTENER,
            )
    if spec.database is not None:
        yield _Use(
            where="database",
            path=("database", "ciphers"),
            owner=("database",),
            policy=spec.database.ciphers,
            target=Target.DATABASE,
        )


def _site(context: LintContext, use: _Use) -> _Site:
    locate = context.locate
    item = locate.item(*use.path)
    dotted = ".".join(use.path)
    if item is None:
        return _Site(
            kind=_SiteKind.DEFAULT,
            span=locate.span(*use.owner),
            key=dotted,
            profile=DEFAULT_POLICY,
        )
    value = item.value
    if isinstance(value, ast.StringValue):
        declared = {entry.name for entry in context.spec.ciphers}
        if value.value in declared:
            profile = locate.value("ciphers", value.value, "profile")
            if isinstance(profile, ast.StringValue):
                return _Site(
                    kind=_SiteKind.PROFILE,
                    span=profile.span,
                    key=f"ciphers.{value.value}.profile",
                    profile=profile.value,
                )
            path = ("ciphers", value.value, "suites")
            return _Site(
                kind=_SiteKind.LIST, span=locate.span(*path), key=".".join(path), list_path=path
            )
        return _Site(kind=_SiteKind.PROFILE, span=value.span, key=dotted, profile=value.value)
    if isinstance(value, ast.ArrayValue):
        return _Site(kind=_SiteKind.LIST, span=value.span, key=dotted, list_path=use.path)
    written = locate.value(*use.path, "openssl")
    return _Site(
        kind=_SiteKind.OPENSSL,
        span=locate.span(*use.path, "openssl"),
        key=f"{dotted}.openssl",
        written=written if isinstance(written, ast.StringValue) else None,
    )


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


@functools.cache  # a spec names the same few profiles for all its listeners
def _weak_suites(suites: tuple[Suite, ...]) -> tuple[tuple[str, tuple[Suite, ...]], ...]:
    """For each rule, in the order first met, the suites of ``suites`` that break it."""
    grouped: dict[str, list[Suite]] = {}
    for suite in suites:
        for rule, _ in suite_problems(suite):
            grouped.setdefault(rule, []).append(suite)
    return tuple((rule, tuple(found)) for rule, found in grouped.items())


def _name(suite: Suite, target: Target) -> str:
    if target is Target.DATABASE:
        return suite.openssl or suite.iana
    return suite.listener_name


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class _Checker:
    def __init__(self, context: LintContext) -> None:
        self.context = context
        self.findings: list[Finding] = []

    def check(self) -> list[Finding]:
        for use in _uses(self.context.spec):
            site = _site(self.context, use)
            self._policy(use, site)
        return self.findings

    def _policy(self, use: _Use, site: _Site) -> None:
        kind = use.policy.kind
        if site.kind is _SiteKind.PROFILE and site.profile in GUIDE_EXAMPLES:
            self._guide_example(site)
        if kind is PolicyKind.SUITES:
            self._suites(use, site)
        elif kind is PolicyKind.OPENSSL_STRING:
            self._openssl(use, site)
        else:
            self._server_default(use, site)
        self._compliance(use, site)

    # --- lists of suites --------------------------------------------------------------------
    def _judged(self, use: _Use) -> tuple[Suite, ...]:
        suites = use.policy.suites
        if use.target is Target.DATABASE:
            return tuple(suite for suite in suites if not suite.is_tls13)
        return suites

    def _element(self, site: _Site, suite: Suite) -> Span | None:
        span = self.context.locate.element(site.list_path, lambda text: lookup(text) == suite)
        return span or site.span

    def _suites(self, use: _Use, site: _Site) -> None:
        if site.kind is _SiteKind.LIST:
            for suite in use.policy.suites:
                span = self._element(site, suite)
                key = f"{site.key}:{suite.iana}"
                if use.target is Target.DATABASE and suite.is_tls13:
                    self._tls13(suite, span, key)
                    continue  # not written to SSL_CIPHERS, so not judged there
                for rule, detail in suite_problems(suite):
                    self._add_suite(rule, detail, suite, use.target, span, key)
            return
        what = f"profile `{site.profile}`"
        if site.kind is _SiteKind.DEFAULT:
            what = f"the default profile `{site.profile}` of {use.where}"
        instead = _STRONGER.get(site.profile, DEFAULT_POLICY)
        for rule, suites in _weak_suites(self._judged(use)):
            names = ", ".join(_name(suite, use.target) for suite in suites)
            self.findings.append(
                finding(
                    rule,
                    f"{what} has {_plural(len(suites), 'suite')} {_PHRASE[rule]}: {names}",
                    site.span,
                    key=f"{site.key}:{rule}",
                    label=_PHRASE[rule],
                    hint=f"use `{instead}`, or list the suites you want",
                )
            )

    def _add_suite(
        self, rule: str, detail: str, suite: Suite, target: Target, span: Span | None, key: str
    ) -> None:
        self.findings.append(
            finding(
                rule,
                f"cipher suite `{_name(suite, target)}` {_VERB[rule]} ({detail})",
                span,
                key=key,
                label=_PHRASE[rule],
                hint=_HINT[rule],
            )
        )

    def _tls13(self, suite: Suite, span: Span | None, key: str) -> None:
        self.findings.append(
            finding(
                TLS13_IN_SSL_CIPHERS,
                f"`{suite.iana}` is a TLS 1.3 suite: SSL_CIPHERS covers TLS 1.2 and older, so it "
                "is left out there and the database negotiates TLS 1.3 with its own suites",
                span,
                key=key,
                label="no effect in SSL_CIPHERS",
                hint="list only TLS 1.2 suites for [database]",
            )
        )

    # --- OpenSSL strings --------------------------------------------------------------------
    def _openssl(self, use: _Use, site: _Site) -> None:
        text = use.policy.openssl or ""
        what = (
            f"profile `{site.profile}` is the raw OpenSSL cipher string `{text}`"
            if site.kind is _SiteKind.PROFILE
            else f"`{text}` is a raw OpenSSL cipher string"
        )
        self.findings.append(
            finding(
                OPENSSL_STRING,
                f"{what}: what it allows depends on the OpenSSL build of the server",
                site.span,
                key=site.key,
                label="OpenSSL string",
                hint="list the suites, or name a profile such as `tlsref-intermediate`",
                notes=self._expansion(text),
            )
        )
        self._tokens(use, site, text)

    def _expansion(self, text: str) -> tuple[str, ...]:
        expand = self.context.options.expand
        if expand is None:
            return ()
        expansion = expand(text)
        if expansion is None:
            return ("no openssl binary on this machine to show what the string means",)
        if expansion.error is not None:
            return (f"{expansion.version} on this machine: {expansion.error}",)
        notes = [
            f"{expansion.version} on this machine expands it to "
            f"{_plural(len(expansion.suites), 'TLS 1.2 suite')}: {', '.join(expansion.suites)}"
        ]
        counts: dict[str, int] = {}
        for name in expansion.suites:
            suite = lookup(name)
            for rule, _ in suite_problems(suite) if suite is not None else ():
                counts[rule] = counts.get(rule, 0) + 1
        if counts:
            notes.append(
                "of these, "
                + ", ".join(f"{count} {_PHRASE[rule]} ({rule})" for rule, count in counts.items())
            )
        return tuple(notes)

    def _tokens(self, use: _Use, site: _Site, text: str) -> None:
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
                self._token_part(use, site, part, position, positive and len(parts) == 1)
                position += len(part) + 1

    def _token_part(self, use: _Use, site: _Site, part: str, start: int, selects: bool) -> None:
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
            self.findings.append(
                finding(
                    UNKNOWN_OPENSSL_NAME,
                    f"`{part}` is neither a cipher suite nor an OpenSSL keyword; OpenSSL skips "
                    "it without a word",
                    span,
                    key=key,
                    label="unknown name",
                    hint=did_you_mean(guess, otherwise="check the spelling"),
                )
            )
            return
        if not selects:
            return
        if use.target is Target.DATABASE and suite.is_tls13:
            self._tls13(suite, span, key)
            return
        for rule, detail in suite_problems(suite):
            self._add_suite(rule, detail, suite, use.target, span, key)

    # --- the server's default, the guide's examples, compliance -----------------------------
    def _server_default(self, use: _Use, site: _Site) -> None:
        notes: tuple[str, ...] = ()
        if use.target is Target.DATABASE:
            message = (
                f"`{site.profile}` leaves SSL_CIPHERS out: the server's default applies "
                f"(documented as {_DOCUMENTED_DEFAULT})"
            )
            notes = _openssl_gaps(_DOCUMENTED_DEFAULT.split(":"))
        else:
            message = (
                f"`{site.profile}` leaves allowedCipherSuites out of {use.where}: the server's "
                "default applies"
            )
        self.findings.append(
            finding(
                SERVER_DEFAULT_CIPHERS,
                message,
                site.span,
                key=site.key,
                label="server default",
                hint="name a profile such as `tlsref-intermediate` so the list is reviewed",
                notes=notes,
            )
        )

    def _guide_example(self, site: _Site) -> None:
        self.findings.append(
            finding(
                GUIDE_EXAMPLE,
                f"`{site.profile}` reproduces an example of the FairCom guide, kept to describe "
                "servers configured that way",
                site.span,
                key=f"{site.key}:{site.profile}",
                label="the guide's example",
                hint="for a new configuration use `tlsref-intermediate` or `nist-800-52r2-aead`",
            )
        )

    def _compliance(self, use: _Use, site: _Site) -> None:
        name = self.context.options.policy
        chosen = policy(name) if name is not None else None
        if chosen is None:
            return
        if use.policy.kind is not PolicyKind.SUITES:
            what = (
                "an OpenSSL cipher string"
                if use.policy.kind is PolicyKind.OPENSSL_STRING
                else "the server's default cipher list"
            )
            self.findings.append(
                finding(
                    OUTSIDE_POLICY,
                    f"{what} cannot be held to `{chosen.name}`: nobody can say which suites it "
                    "allows",
                    site.span,
                    key=f"{site.key}:{chosen.name}",
                    label=f"not provably {chosen.name}",
                    hint=f'use `ciphers = "{chosen.name}"`, or list the suites',
                )
            )
            return
        allowed = set(chosen.suites)
        outside = [suite for suite in self._judged(use) if suite not in allowed]
        if site.kind is _SiteKind.LIST:
            for suite in outside:
                self.findings.append(
                    finding(
                        OUTSIDE_POLICY,
                        f"cipher suite `{_name(suite, use.target)}` is outside the policy "
                        f"`{chosen.name}`{_why_outside(chosen, suite)}",
                        self._element(site, suite),
                        key=f"{site.key}:{suite.iana}:{chosen.name}",
                        label=f"not in {chosen.name}",
                        hint=f'remove it, or use `ciphers = "{chosen.name}"`',
                    )
                )
            return
        if not outside:
            return
        what = f"profile `{site.profile}`"
        if site.kind is _SiteKind.DEFAULT:
            what = f"the default profile `{site.profile}` of {use.where}"
        names = ", ".join(_name(suite, use.target) for suite in outside)
        setting = "tls.ciphers" if use.target is Target.LISTENER else "ciphers"
        self.findings.append(
            finding(
                OUTSIDE_POLICY,
                f"{what} has {_plural(len(outside), 'suite')} outside the policy "
                f"`{chosen.name}`: {names}",
                site.span,
                key=f"{site.key}:{chosen.name}",
                label=f"not in {chosen.name}",
                hint=f'set `{setting} = "{chosen.name}"`',
                notes=_left_out_notes(chosen, outside, use.target),
            )
        )


def _openssl_gaps(names: list[str]) -> tuple[str, ...]:
    """A note for each named suite that current OpenSSL does not offer."""
    suites = [suite for name in names if (suite := lookup(name)) is not None]
    return tuple(
        f"`{suite.openssl}` {_VERB[NOT_IN_OPENSSL]} ({_OPENSSL_GAP[suite.openssl_support]})"
        for suite in suites
        if suite.openssl_support in _OPENSSL_GAP
    )


def _left_out(group: Exclusion) -> str:
    return f"listed in {group.listed_in}, but left out because {group.reason}"


def _why_outside(chosen: Policy, suite: Suite) -> str:
    """Why a suite is not in the policy: left out on purpose (and why), or of a foreign cipher."""
    group = chosen.exclusion(suite)
    if group is not None:
        return f": {_left_out(group)}"
    if all(member.bulk.algorithm is not suite.bulk.algorithm for member in chosen.suites):
        return f"; {suite.bulk.algorithm.value} is not in it at all"
    return ""


def _left_out_notes(chosen: Policy, outside: list[Suite], target: Target) -> tuple[str, ...]:
    notes = []
    for group in chosen.excluded:
        names = [_name(suite, target) for suite in outside if suite in group.suites]
        if names:
            notes.append(f"{', '.join(names)}: {_left_out(group)}")
    return tuple(notes)


def check(context: LintContext) -> list[Finding]:
    """Every cipher finding of one lowered spec."""
    return _Checker(context).check()
