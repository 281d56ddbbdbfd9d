"""The text report of ``fcsec check``: design.md's diagnostic layout, for people.

``render`` returns what goes to stderr (the findings, the counts, notes on what was not
checked) and what goes to stdout (the ``SPEC: ok`` line), so ``fcsec check`` in a shell script
keeps a quiet stdout. Colour only when the caller asks (the CLI asks on a terminal). Every piece
of text from the spec or the command line goes through ``fcsec.safetext.escape``.
"""

from __future__ import annotations

from typing import Final

from fcsec.diagnostics import render_text
from fcsec.lint.findings import Finding
from fcsec.record import Record
from fcsec.report.model import CheckReport, counts_text, summarize
from fcsec.safetext import escape

_WIDTH = 100
_NOTE = "   = note: "
_ALLOWED = "   = allowed: "


class TextOutput(Record):
    """What a check prints: the findings on stderr, the summary on stdout."""

    __slots__ = ("stderr", "stdout")
    _compared = ("stderr", "stdout")

    def __init__(self, *, stderr: str, stdout: str) -> None:
        self.stderr: Final = stderr
        self.stdout: Final = stdout


def _wrapped(prefix: str, text: str) -> str:
    import textwrap  # here: only a finding with a note needs it

    return textwrap.fill(
        escape(text),
        width=_WIDTH,
        initial_indent=prefix,
        subsequent_indent=" " * len(prefix),
        break_on_hyphens=False,
        break_long_words=False,
    )


def render_finding(item: Finding, *, color: bool = False) -> str:
    """One finding: the diagnostic, its notes, and the allowance that accepts it."""
    lines = [render_text(item.diagnostic, color=color)]
    lines.extend(_wrapped(_NOTE, note) for note in item.notes)
    allowance = item.allowance
    if allowance is not None:
        where = f" ({escape(allowance.span.location())})" if allowance.span is not None else ""
        lines.append(f"{_ALLOWED}{escape(allowance.reason)}{where}")
    return "\n".join(lines)


def render(report: CheckReport, *, color: bool = False) -> TextOutput:
    summary = summarize(report)
    err: list[str] = []
    if report.findings:
        err.append("\n\n".join(render_finding(item, color=color) for item in report.findings))
        counts = counts_text(summary)
        strict = " (--strict: warnings fail)" if report.strict and summary.warnings else ""
        err.append(f"\n{counts}{strict}" if counts else "")
    if not report.files_checked:
        err.append("note: certificate files were not checked (--skip-files)")
    stderr = "\n".join(part for part in err if part)
    if summary.failed:
        return TextOutput(stderr=stderr + "\n" if stderr else "", stdout="")
    envs = report.environments
    stdout = (
        f"{escape(report.spec)}: ok"
        + (f" ({escape(report.configures)})" if report.configures else "")
        + (f"; environments checked: {escape(', '.join(envs))}" if envs else "")
        + "\n"
    )
    return TextOutput(stderr=stderr + "\n" if stderr else "", stdout=stdout)
