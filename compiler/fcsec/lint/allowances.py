"""The spec's ``[lint] allow`` entries, applied to findings.

An allowance accepts every finding of its rule in the spec (any environment); the finding is
still reported, marked allowed with the reason, and does not count. An allowance that accepts
nothing in any checked environment is stale (FCS690), except for rules whose checks did not run
(certificate rules under ``--skip-files``, FCS509 without ``--policy``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fcsec.ir import nodes as ir
from fcsec.lint.context import LintOptions
from fcsec.lint.findings import Finding, finding
from fcsec.record import replace
from fcsec.rule_ids import OUTSIDE_POLICY, STALE_ALLOWANCE
from fcsec.source import Span

__all__ = ["allowance_key", "apply_allowances", "stale_allowances"]

CERTIFICATE_RULES = "FCS4"


def allowance_key(allowance: ir.Allowance) -> tuple[str, int]:
    """Identifies an allowance across environments (an overlay may replace the list)."""
    return (allowance.rule, -1 if allowance.span is None else allowance.span.start)


def apply_allowances(
    findings: Sequence[Finding], allow: Sequence[ir.Allowance]
) -> tuple[list[Finding], set[tuple[str, int]]]:
    """The findings with their allowance set, and the keys of the allowances that matched."""
    by_rule: dict[str, ir.Allowance] = {}
    for allowance in allow:
        by_rule.setdefault(allowance.rule, allowance)
    used: set[tuple[str, int]] = set()
    result: list[Finding] = []
    for item in findings:
        accepted = by_rule.get(item.rule)
        if accepted is None or item.rule == STALE_ALLOWANCE:
            result.append(item)
            continue
        used.add(allowance_key(accepted))
        result.append(replace(item, allowance=accepted))
    return result, used


def _did_not_run(rule: str, options: LintOptions) -> bool:
    if rule.startswith(CERTIFICATE_RULES):
        return not options.check_files
    if rule == OUTSIDE_POLICY:
        return options.policy is None
    return False


def stale_allowances(
    allowances: Mapping[tuple[str, int], ir.Allowance],
    used: set[tuple[str, int]],
    options: LintOptions,
) -> list[Finding]:
    """FCS690 for every allowance that matched nothing although its rule was checked."""
    stale: list[Finding] = []
    for key, allowance in allowances.items():
        if key in used or _did_not_run(allowance.rule, options):
            continue
        span: Span | None = allowance.span
        stale.append(
            finding(
                STALE_ALLOWANCE,
                f"the allowance for {allowance.rule} matched nothing: no finding of that rule "
                "is left to accept",
                span,
                key=f"lint.allow:{allowance.rule}",
                label="accepts nothing",
                hint="delete the entry (the risk it documents is gone), or fix its rule id",
            )
        )
    return stale
