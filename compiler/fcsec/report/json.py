"""``fcsec check --format json``: one JSON document for scripts (``format_version`` 1).

```
{"format_version": 1, "tool": {"name": "fcsec", "version": ...}, "spec": ..., "environments":
 [...], "files_checked": true, "policy": null, "strict": false,
 "diagnostics": [{"rule", "severity", "title", "message", "file", "line", "column", "end_line",
                  "end_column", "label", "hint", "notes", "related", "allowed", "reason",
                  "fingerprint"}],
 "summary": {"errors", "warnings", "infos", "allowed", "failed"}}
```

Positions are 1-based, ``end_column`` is just after the span; all null for a finding without a
place in the spec. Counts leave allowed findings out. A new field may be added within version 1;
a field is never renamed or removed without a new ``format_version``.
"""

from __future__ import annotations

import json
from typing import Any

from fcsec import __version__
from fcsec.diagnostics import Diagnostic
from fcsec.lint.findings import Finding
from fcsec.report.model import CheckReport, file_of, fingerprint, portable_path, region, summarize
from fcsec.rules import RULES
from fcsec.safetext import escape_json

FORMAT_VERSION = 1


def fields(diagnostic: Diagnostic, file: str | None) -> dict[str, Any]:
    """What every finding has, in this document's order and names (``file`` as the caller names
    the file: this document gives it relative, ``fcsec.apply.diagnostic_data`` as given)."""
    place = region(diagnostic.span) if diagnostic.span is not None else None
    rule = RULES.get(diagnostic.rule)
    return {
        "rule": diagnostic.rule,
        "severity": diagnostic.severity.value,
        "title": rule.title if rule is not None else "",
        "message": diagnostic.message,
        "file": file,
        "line": place.line if place else None,
        "column": place.column if place else None,
        "end_line": place.end_line if place else None,
        "end_column": place.end_column if place else None,
        "label": diagnostic.label or None,
        "hint": diagnostic.hint,
    }


def _diagnostic(item: Finding, report: CheckReport) -> dict[str, Any]:
    diagnostic = item.diagnostic
    return {
        **fields(diagnostic, file_of(item, report)),
        "notes": list(item.notes),
        "related": [
            {
                "message": related.message,
                "file": portable_path(related.span.source.name),
                "line": related.span.line,
                "column": related.span.column,
            }
            for related in diagnostic.related
        ],
        "allowed": item.allowed,
        "reason": item.allowance.reason if item.allowance is not None else None,
        "fingerprint": fingerprint(item, report),
    }


def document(report: CheckReport) -> dict[str, Any]:
    summary = summarize(report)
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "fcsec", "version": __version__},
        "spec": portable_path(report.spec),
        "environments": list(report.environments),
        "files_checked": report.files_checked,
        "policy": report.policy,
        "strict": report.strict,
        "diagnostics": [_diagnostic(item, report) for item in report.findings],
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "allowed": summary.allowed,
            "failed": summary.failed,
        },
    }


def render(report: CheckReport) -> str:
    # Readable non-ASCII text, but no raw control or bidi character (``escape_json``).
    return escape_json(json.dumps(document(report), indent=2, ensure_ascii=False)) + "\n"
