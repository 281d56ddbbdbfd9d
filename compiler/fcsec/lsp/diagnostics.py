"""``fcsec check`` of a document as LSP diagnostics.

The findings are exactly those of ``fcsec check --skip-files`` (after a save, of ``fcsec
check``: the certificate files that exist are checked too): the base spec and every
``[env.NAME]``, one diagnostic per finding however many environments have it
(``fcsec.checking.check_text`` deduplicates them and notes "only in [env.dev]"). The rule
id is the diagnostic's code, the second places of a finding (``also used by
listeners.https8443``) its related information. A finding accepted by ``[lint] allow`` stays
visible as a hint that says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from fcsec import rule_ids as ids
from fcsec.diagnostics import Diagnostic, Severity
from fcsec.lint.findings import Finding
from fcsec.lsp.documents import Snapshot
from fcsec.lsp.positions import LineIndex
from fcsec.source import Span

SOURCE = "fcsec"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def lsp_range(index: LineIndex, start: int, end: int) -> types.Range:
    """The LSP range of the character offsets ``[start, end)`` of ``index``'s text."""
    first = index.position(start)
    last = index.position(max(start, end))
    return types.Range(
        start=types.Position(line=first[0], character=first[1]),
        end=types.Position(line=last[0], character=last[1]),
    )


#: A certificate file that is not there: not reported by the editor, which checks the files
#: only where they exist (a spec is often edited on a machine that does not hold them).
FILE_MISSING = ids.CERT_FILE_MISSING


def findings(snapshot: Snapshot, *, check_files: bool) -> tuple[Finding, ...]:
    """What ``fcsec check`` reports about the snapshot's text (with ``check_files``, the
    certificate files that exist are checked too)."""
    from fcsec.checking import check_text

    found = check_text(snapshot.source, check_files=check_files).findings
    return tuple(item for item in found if not (check_files and item.rule == FILE_MISSING))


def _message(diagnostic: Diagnostic, item: Finding) -> str:
    lines = [diagnostic.message]
    if diagnostic.label:
        lines[0] += f" ({diagnostic.label})"
    if item.allowance is not None:
        lines.append(f"allowed by [lint] allow: {item.allowance.reason}")
    lines.extend(f"note: {note}" for note in item.notes)
    if diagnostic.path is not None and diagnostic.span is None:
        lines.append(f"file: {diagnostic.path}")
    if diagnostic.hint:
        lines.append(f"help: {diagnostic.hint}")
    return "\n".join(lines)


def _in_document(span: Span | None, snapshot: Snapshot) -> bool:
    return span is not None and span.source is snapshot.source


def to_lsp(item: Finding, snapshot: Snapshot) -> types.Diagnostic:
    """One finding as an LSP diagnostic (a finding without a place sits at the top)."""
    diagnostic = item.diagnostic
    span = diagnostic.span
    where = (
        lsp_range(snapshot.index, span.start, span.end)
        if span is not None and _in_document(span, snapshot)
        else lsp_range(snapshot.index, 0, 0)
    )
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=snapshot.uri,
                range=lsp_range(snapshot.index, other.span.start, other.span.end),
            ),
            message=other.message,
        )
        for other in diagnostic.related
        if _in_document(other.span, snapshot)
    ]
    allowed = item.allowance is not None
    return types.Diagnostic(
        range=where,
        message=_message(diagnostic, item),
        severity=types.DiagnosticSeverity.Hint if allowed else _SEVERITY[diagnostic.severity],
        code=diagnostic.rule,
        source=SOURCE,
        related_information=related or None,
        data={"hint": diagnostic.hint or "", "rule": diagnostic.rule},
    )


def diagnose(snapshot: Snapshot, *, check_files: bool = False) -> list[types.Diagnostic]:
    """The snapshot's diagnostics, in ``fcsec check``'s order."""
    found: Sequence[Finding] = findings(snapshot, check_files=check_files)
    return [to_lsp(item, snapshot) for item in found]
