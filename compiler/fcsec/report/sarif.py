"""``fcsec check --format sarif``: SARIF 2.1.0 for code scanning (GitHub ``upload-sarif``).

One run; ``tool.driver.rules`` describes every rule that has a result (id, short and full
description, help with the fix, default level); each result has its rule, level, message, one
location (relative uri, 1-based region, end column just after the span, columns counted in
Unicode code points), ``partialFingerprints`` that survive line shifts (a hash of rule, file and
the logical place, see ``fcsec.report.model.fingerprint``), and, for an allowed finding, an
``inSource`` suppression with the reason as justification. No timestamps, no absolute paths.
"""

from __future__ import annotations

import json
from typing import Any

from fcsec import __version__
from fcsec.diagnostics import Severity
from fcsec.lint.findings import Finding
from fcsec.report.model import CheckReport, file_of, fingerprint, portable_path, region
from fcsec.rules import RULES, Rule
from fcsec.safetext import escape_json

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
INFORMATION_URI = "https://pypi.org/project/fcsec/"
FINGERPRINT = "fcsecFinding/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule(rule_id: str, severity: Severity) -> dict[str, Any]:
    rule = RULES.get(rule_id) or Rule(id=rule_id, severity=severity, title=rule_id)
    full = rule.rationale or rule.title
    help_text = full + (f"\n\nFix: {rule.fix}" if rule.fix else "")
    help_markdown = f"**{rule.id}: {rule.title}**\n\n{full}" + (
        f"\n\n**Fix:** {rule.fix}" if rule.fix else ""
    )
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def _location(item: Finding, report: CheckReport) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": file_of(item, report)}}
    span = item.diagnostic.span
    if span is not None:
        place = region(span)
        physical["region"] = {
            "startLine": place.line,
            "startColumn": place.column,
            "endLine": place.end_line,
            "endColumn": place.end_column,
        }
    return {"physicalLocation": physical}


def _result(item: Finding, report: CheckReport, index: int) -> dict[str, Any]:
    diagnostic = item.diagnostic
    result: dict[str, Any] = {
        "ruleId": diagnostic.rule,
        "ruleIndex": index,
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [_location(item, report)],
        "partialFingerprints": {FINGERPRINT: fingerprint(item, report)},
    }
    if diagnostic.related:
        result["relatedLocations"] = [
            {
                "id": number,
                "message": {"text": related.message},
                "physicalLocation": {
                    "artifactLocation": {"uri": portable_path(related.span.source.name)},
                    "region": {
                        "startLine": related.span.line,
                        "startColumn": related.span.column,
                    },
                },
            }
            for number, related in enumerate(diagnostic.related)
        ]
    allowance = item.allowance
    if allowance is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": allowance.reason}]
    properties: dict[str, Any] = {}
    if diagnostic.hint:
        properties["hint"] = diagnostic.hint
    if item.notes:
        properties["notes"] = list(item.notes)
    if properties:
        result["properties"] = properties
    return result


def document(report: CheckReport) -> dict[str, Any]:
    ids = sorted({item.rule: item.severity for item in report.findings}.items())
    index = {rule_id: position for position, (rule_id, _) in enumerate(ids)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "fcsec",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule_id, severity) for rule_id, severity in ids],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(item, report, index[item.rule]) for item in report.findings],
        "properties": {
            "environments": list(report.environments),
            "filesChecked": report.files_checked,
            "policy": report.policy,
        },
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def render(report: CheckReport) -> str:
    # Readable non-ASCII text, but no raw control or bidi character (``escape_json``).
    return escape_json(json.dumps(document(report), indent=2, ensure_ascii=False)) + "\n"
