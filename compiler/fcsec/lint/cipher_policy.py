"""Compliance with ``--policy`` (FCS509): every suite a listener or the database allows is in
the chosen policy, and one that is not says why (left out on purpose, or of a foreign cipher).
"""

from __future__ import annotations

from collections.abc import Iterator

from fcsec.ciphers.policies import Exclusion, Policy, PolicyKind, policy
from fcsec.ciphers.registry import Suite
from fcsec.lint.cipher_sites import (
    CipherUse,
    Site,
    SiteKind,
    element_span,
    judged,
    profile_words,
)
from fcsec.lint.cipher_suites import Target, plural, suite_name
from fcsec.lint.context import LintContext
from fcsec.lint.findings import Finding, finding
from fcsec.rule_ids import OUTSIDE_POLICY


def compliance_findings(context: LintContext, use: CipherUse, site: Site) -> Iterator[Finding]:
    """FCS509 for what ``use`` allows outside ``--policy`` (nothing without ``--policy``)."""
    name = context.options.policy
    chosen = policy(name) if name is not None else None
    if chosen is None:
        return
    if use.policy.kind is not PolicyKind.SUITES:
        what = (
            "an OpenSSL cipher string"
            if use.policy.kind is PolicyKind.OPENSSL_STRING
            else "the server's default cipher list"
        )
        yield finding(
            OUTSIDE_POLICY,
            f"{what} cannot be held to `{chosen.name}`: nobody can say which suites it allows",
            site.span,
            key=f"{site.key}:{chosen.name}",
            label=f"not provably {chosen.name}",
            hint=f'use `ciphers = "{chosen.name}"`, or list the suites',
        )
        return
    allowed = set(chosen.suites)
    outside = [suite for suite in judged(use) if suite not in allowed]
    if site.kind is SiteKind.LIST:
        for suite in outside:
            yield finding(
                OUTSIDE_POLICY,
                f"cipher suite `{suite_name(suite, use.target)}` is outside the policy "
                f"`{chosen.name}`{_why_outside(chosen, suite)}",
                element_span(context, site, suite),
                key=f"{site.key}:{suite.iana}:{chosen.name}",
                label=f"not in {chosen.name}",
                hint=f'remove it, or use `ciphers = "{chosen.name}"`',
            )
        return
    if not outside:
        return
    names = ", ".join(suite_name(suite, use.target) for suite in outside)
    setting = "tls.ciphers" if use.target is Target.LISTENER else "ciphers"
    yield finding(
        OUTSIDE_POLICY,
        f"{profile_words(use, site)} has {plural(len(outside), 'suite')} outside the policy "
        f"`{chosen.name}`: {names}",
        site.span,
        key=f"{site.key}:{chosen.name}",
        label=f"not in {chosen.name}",
        hint=f'set `{setting} = "{chosen.name}"`',
        notes=_left_out_notes(chosen, outside, use.target),
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
        names = [suite_name(suite, target) for suite in outside if suite in group.suites]
        if names:
            notes.append(f"{', '.join(names)}: {_left_out(group)}")
    return tuple(notes)
