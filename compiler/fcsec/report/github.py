"""``fcsec check --format github``: workflow commands that GitHub Actions shows as annotations.

``::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=FCS401::message``, worst first
(errors, warnings, infos, then allowed findings as notices). GitHub shows at most 10 error, 10
warning and 10 notice annotations of a step, so at most that many are written, and a last
``::notice::`` says how many were cut. ``col`` and ``endColumn`` are written only when the span
is on one line; ``endColumn`` is the column of the span's last character.

Escaping is two steps. First every piece of text from outside fcsec (messages that quote the
spec, hints, reasons, file names) goes through ``fcsec.safetext.escape``: an escape sequence is
shown, never obeyed by the log viewer, and no line break from the spec survives, so a spec string
cannot start a workflow command of its own. Then GitHub's encoding: ``%``, CR and LF in the
message (the line breaks fcsec puts between message, reason and hint); also ``:`` and ``,`` in
properties.
"""

from __future__ import annotations

from fcsec.diagnostics import Severity
from fcsec.lint.findings import Finding
from fcsec.report.model import CheckReport, file_of, plural, portable_path, region
from fcsec.safetext import escape

#: Annotations of one kind that GitHub shows per step.
LIMIT = 10

_KIND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def escape_data(text: str) -> str:
    """GitHub's encoding of a workflow command's message (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """GitHub's encoding of a workflow command's property value (also ``:`` and ``,``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def safe_message(*lines: str) -> str:
    """Untrusted ``lines`` as one message: each made safe, then joined by encoded line feeds."""
    return escape_data("\n".join(escape(line) for line in lines))


def safe_property(value: str) -> str:
    """An untrusted property value, made safe and encoded."""
    return escape_property(escape(value))


def _kind(item: Finding) -> str:
    return "notice" if item.allowed else _KIND[item.severity]


def _rank(item: Finding) -> int:
    return 3 if item.allowed else _RANK[item.severity]


def annotation(item: Finding, report: CheckReport) -> str:
    diagnostic = item.diagnostic
    properties = [f"file={safe_property(file_of(item, report))}"]
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
    properties.append(f"title={safe_property(diagnostic.rule)}")
    lines = [diagnostic.message]
    if item.allowance is not None:
        lines.insert(0, f"allowed: {item.allowance.reason}")
    if diagnostic.hint:
        lines.append(f"help: {diagnostic.hint}")
    return f"::{_kind(item)} {','.join(properties)}::{safe_message(*lines)}"


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
            + safe_message(
                f"fcsec: {plural(total, 'more finding')} not annotated ({', '.join(parts)}): "
                f"GitHub shows at most {LIMIT} errors, {LIMIT} warnings and {LIMIT} notices "
                f"per step; run `fcsec check {portable_path(report.spec)}` for the full list"
            )
        )
    return "".join(line + "\n" for line in lines)
