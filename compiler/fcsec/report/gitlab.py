"""``fcsec check --format gitlab``: a GitLab Code Quality report (the Code Climate JSON format).

GitLab reads an array of issues from the ``codequality`` report of a job and shows them in merge
requests: ``description``, ``check_name`` (the rule id), ``fingerprint`` (stable across line
shifts: ``fcsec.report.model.fingerprint``), ``severity`` (``blocker`` for an error, ``major`` for
a warning, ``info`` for a note) and ``location`` (``path`` relative to the working folder, which
is the repository root in a GitLab job, and ``lines.begin``). Allowed findings are left out: an
accepted risk is not a code quality issue. The document is sorted as the findings are.
"""

from __future__ import annotations

import json
from typing import Any

from fcsec.diagnostics import Severity
from fcsec.lint.findings import Finding
from fcsec.report.model import CheckReport, file_of, fingerprint, region
from fcsec.rules import RULES
from fcsec.safetext import escape_json

_SEVERITY = {Severity.ERROR: "blocker", Severity.WARNING: "major", Severity.INFO: "info"}


def _issue(item: Finding, report: CheckReport) -> dict[str, Any]:
    diagnostic = item.diagnostic
    place = region(diagnostic.span) if diagnostic.span is not None else None
    rule = RULES.get(diagnostic.rule)
    description = diagnostic.message + (f" (fix: {diagnostic.hint})" if diagnostic.hint else "")
    issue: dict[str, Any] = {
        "type": "issue",
        "check_name": diagnostic.rule,
        "description": description,
        "categories": ["Security"],
        "severity": _SEVERITY[diagnostic.severity],
        "fingerprint": fingerprint(item, report),
        "location": {
            "path": file_of(item, report),
            "lines": {
                "begin": place.line if place is not None else 1,
                "end": place.end_line if place is not None else 1,
            },
        },
    }
    if rule is not None and rule.rationale:
        issue["content"] = {"body": f"{rule.title}. {rule.rationale} Fix: {rule.fix}".strip()}
    return issue


def document(report: CheckReport) -> list[dict[str, Any]]:
    return [_issue(item, report) for item in report.findings if not item.allowed]


def render(report: CheckReport) -> str:
    return escape_json(json.dumps(document(report), indent=2, ensure_ascii=False)) + "\n"
