"""Cipher-suite rules: weak suites (FCS501-FCS506, FCS512 CCM_8, FCS513 DSS), suites current
OpenSSL does not offer (FCS514), SSL_CIPHERS and TLS 1.3 (FCS507), raw OpenSSL strings (FCS508,
FCS510), compliance with ``--policy`` (FCS509), the server's default (FCS511) and the guide's
example policies (FCS607).

Every cipher list a listener or the database uses is judged where it is written
(``cipher_sites``): a suite of a list at its own element, a built-in profile once where it is
named, the implicit default policy at the listener or ``[database]`` that leaves ``ciphers``
out. This module judges lists and profiles, the server's default and the guide's examples; a
suite's weaknesses are ``cipher_suites``', OpenSSL strings ``cipher_openssl``'s and ``--policy``
``cipher_policy``'s.
"""

from __future__ import annotations

from collections.abc import Iterator

from fcsec.ciphers.policies import DEFAULT_POLICY, PolicyKind
from fcsec.ciphers.registry import Suite
from fcsec.lint.cipher_openssl import openssl_findings
from fcsec.lint.cipher_policy import compliance_findings
from fcsec.lint.cipher_sites import (
    CipherUse,
    Site,
    SiteKind,
    element_span,
    judged,
    profile_words,
    site,
    uses,
)
from fcsec.lint.cipher_suites import (
    PHRASE,
    Target,
    openssl_gaps,
    plural,
    suite_findings,
    suite_name,
    tls13_finding,
    weak_suites,
)
from fcsec.lint.context import LintContext
from fcsec.lint.findings import Finding, finding
from fcsec.rule_ids import GUIDE_EXAMPLE, SERVER_DEFAULT_CIPHERS

#: The FairCom guide's example policies that FCS607 points out.
GUIDE_EXAMPLES = frozenset({"faircom-minimal", "faircom-maximal"})

# A built-in profile with weak suites -> the profile without them that its findings suggest.
_STRONGER = {"nist-800-52r2": "nist-800-52r2-aead"}
# The server's SSL_CIPHERS default as the FairCom guide documents it.
_DOCUMENTED_DEFAULT = "ECDH-ECDSA-AES128-GCM-SHA256:DHE-RSA-AES128-SHA256"


_Weakness = tuple[tuple[str, tuple[Suite, ...]], ...]
#: The weak suites of the suite tuples met in one check, by the tuple's identity (the tuple kept
#: beside, so that its identity stays its own): the listeners naming a built-in profile share
#: its tuple, and hashing the tuple would hash each suite again for each listener.
_Weak = dict[int, tuple[tuple[Suite, ...], _Weakness]]


def check(context: LintContext) -> list[Finding]:
    """Every cipher finding of one lowered spec."""
    found: list[Finding] = []
    weak: _Weak = {}
    for use in uses(context.spec):
        found.extend(_policy(context, use, site(context, use), weak))
    return found


def _weak_suites(weak: _Weak, suites: tuple[Suite, ...]) -> _Weakness:
    known = weak.get(id(suites))
    if known is None:
        known = weak[id(suites)] = (suites, weak_suites(suites))
    return known[1]


def _policy(context: LintContext, use: CipherUse, where: Site, weak: _Weak) -> Iterator[Finding]:
    kind = use.policy.kind
    if where.kind is SiteKind.PROFILE and where.profile in GUIDE_EXAMPLES:
        yield _guide_example(where)
    if kind is PolicyKind.SUITES:
        yield from _suites(context, use, where, weak)
    elif kind is PolicyKind.OPENSSL_STRING:
        yield from openssl_findings(context, use, where)
    else:
        yield _server_default(use, where)
    yield from compliance_findings(context, use, where)


def _suites(context: LintContext, use: CipherUse, where: Site, weak: _Weak) -> Iterator[Finding]:
    """A list: each suite at its element; a profile: each weakness once, where it is named."""
    if where.kind is SiteKind.LIST:
        for suite in use.policy.suites:
            span = element_span(context, where, suite)
            key = f"{where.key}:{suite.iana}"
            if use.target is Target.DATABASE and suite.is_tls13:
                yield tls13_finding(suite, span, key)
                continue  # not written to SSL_CIPHERS, so not judged there
            yield from suite_findings(suite, use.target, span, key)
        return
    what = profile_words(use, where)
    instead = _STRONGER.get(where.profile, DEFAULT_POLICY)
    for rule, suites in _weak_suites(weak, judged(use)):
        names = ", ".join(suite_name(suite, use.target) for suite in suites)
        yield finding(
            rule,
            f"{what} has {plural(len(suites), 'suite')} {PHRASE[rule]}: {names}",
            where.span,
            key=f"{where.key}:{rule}",
            label=PHRASE[rule],
            hint=f"use `{instead}`, or list the suites you want",
        )


def _server_default(use: CipherUse, where: Site) -> Finding:
    notes: tuple[str, ...] = ()
    if use.target is Target.DATABASE:
        message = (
            f"`{where.profile}` leaves SSL_CIPHERS out: the server's default applies "
            f"(documented as {_DOCUMENTED_DEFAULT})"
        )
        notes = openssl_gaps(_DOCUMENTED_DEFAULT.split(":"))
    else:
        message = (
            f"`{where.profile}` leaves allowedCipherSuites out of {use.where}: the server's "
            "default applies"
        )
    return finding(
        SERVER_DEFAULT_CIPHERS,
        message,
        where.span,
        key=where.key,
        label="server default",
        hint="name a profile such as `tlsref-intermediate` so the list is reviewed",
        notes=notes,
    )


def _guide_example(where: Site) -> Finding:
    return finding(
        GUIDE_EXAMPLE,
        f"`{where.profile}` reproduces an example of the FairCom guide, kept to describe "
        "servers configured that way",
        where.span,
        key=f"{where.key}:{where.profile}",
        label="the guide's example",
        hint="for a new configuration use `tlsref-intermediate` or `nist-800-52r2-aead`",
    )
