"""``fcsec check --format github``: workflow commands that GitHub Actions shows as annotations.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=FCS401::message``, worst first
(errors, warnings, infos, then allowed findings as notices). GitHub shows at most 10 error, 10
warning and 10 notice annotations of a step, so at most that many are written, and a last
``::notice::`` says how many were cut. ``col`` and ``endColumn`` are written only when the span
is on one line; ``endColumn`` is the column of the span's last character. Escaping follows
GitHub's rules: ``%``, CR and LF in the message; also ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from fcsec.diagnostics import Severity
from fcsec.lint.findings import Finding
from fcsec.report.model import CheckReport, file_of, plural, portable_path, region

#: Annotations of one kind that GitHub shows per step.
LIMIT = 10

_KIND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _kind(item: Finding) -> str:
    return "notice" if item.allowed else _KIND[item.severity]


def _rank(item: Finding) -> int:
    return 3 if item.allowed else _RANK[item.severity]


def annotation(item: Finding, report: CheckReport) -> str:
    diagnostic = item.diagnostic
    properties = [f"file={escape_property(file_of(item, report))}"]
    if diagnostic.span is not None:
        place = region(diagnostic.span)
        properties.append(f"line={place.line}")
        if place.line == place.end_line:
            last = max(place.column, place.end_column - 1)
            properties.append(f"col={place.column}")
            properties.append(f"endLine={place.end_line}")
            properties.append(f"endColumn={last}")
        else:
            properties.append(f"endLine={place.end_line}")
    properties.append(f"title={escape_property(diagnostic.rule)}")
    message = diagnostic.message
    if item.allowance is not None:
        message = f"allowed: {item.allowance.reason}\n{message}"
    if diagnostic.hint:
        message += f"\nhelp: {diagnostic.hint}"
    return f"::{_kind(item)} {','.join(properties)}::{escape_data(message)}"


def render(report: CheckReport) -> str:
    by_kind: dict[str, list[Finding]] = {"error": [], "warning": [], "notice": []}
    for item in sorted(report.findings, key=_rank):  # stable: file order within a rank
        by_kind[_kind(item)].append(item)
    limits = dict.fromkeys(by_kind, LIMIT)
    if any(len(items) > LIMIT for items in by_kind.values()):
        limits["notice"] = LIMIT - 1  # room for the closing notice
    lines = [
        annotation(item, report)
        for kind, items in by_kind.items()
        for item in items[: limits[kind]]
    ]
    cut = {kind: max(0, len(items) - limits[kind]) for kind, items in by_kind.items()}
    total = sum(cut.values())
    if total:
        parts = [plural(count, kind) for kind, count in cut.items() if count]
        lines.append(
            "::notice::"
            + escape_data(
                f"fcsec: {plural(total, 'more finding')} not annotated ({', '.join(parts)}): "
                f"GitHub shows at most {LIMIT} errors, {LIMIT} warnings and {LIMIT} notices "
                f"per step; run `fcsec check {portable_path(report.spec)}` for the full list"
            )
        )
    return "".join(line + "\n" for line in lines)
