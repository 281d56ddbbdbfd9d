"""Diagnostics: what is wrong, where, and how to fix it.

Every problem fcsec reports, in a spec or in an existing config file, is a ``Diagnostic`` with a
stable rule id (named in ``fcsec.rule_ids``, catalogued in ``fcsec.rules``), a severity, a one-line
message, a span and, where it helps, a hint. ``diagnostic(rule, ...)`` makes one with the severity
the catalogue gives the rule; ``error`` and ``warning`` say the severity outright. Stages collect
diagnostics and raise them together as one ``DiagnosticError``; only the CLI prints them.
Rendering as text lives here; JSON/SARIF renderers belong to the CLI layer.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Final

from fcsec.record import Record
from fcsec.safetext import escape
from fcsec.source import Span


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Related(Record):
    """A second place that explains the first (``also used by listeners.https8443``)."""

    __slots__ = ("message", "span")
    _compared = ("span", "message")

    def __init__(self, *, span: Span, message: str) -> None:
        self.span: Final = span
        self.message: Final = message


class Diagnostic(Record):
    """One finding with its rule id, severity, message, location and optional hint.

    A plain class (``fcsec.record``): ``fcsec.record.replace`` makes a changed copy.
    """

    __slots__ = ("hint", "label", "message", "path", "related", "rule", "severity", "span")
    _compared = ("rule", "severity", "message", "span", "label", "hint", "path", "related")

    def __init__(
        self,
        *,
        rule: str,
        severity: Severity,
        message: str,
        span: Span | None = None,
        label: str = "",
        hint: str | None = None,
        path: str | None = None,
        related: tuple[Related, ...] = (),
    ) -> None:
        self.rule: Final = rule
        self.severity: Final = severity
        self.message: Final = message
        self.span: Final = span
        self.label: Final = label
        self.hint: Final = hint
        self.path: Final = path
        self.related: Final = related

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        if self.span is not None:
            return self.span.location()
        return self.path or "<input>"


class DiagnosticError(Exception):
    """Raised by a stage with every diagnostic it collected (at least one is an error)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        first = self.diagnostics[0].message if self.diagnostics else "error"
        super().__init__(first)


def diagnostic(
    rule: str,
    message: str,
    span: Span | None,
    *,
    label: str = "",
    hint: str | None = None,
    path: str | None = None,
    related: tuple[Related, ...] = (),
    severity: Severity | None = None,
) -> Diagnostic:
    """A finding of ``rule`` with the severity the catalogue (``fcsec.rules``) gives it.

    The way to make a diagnostic: what users see as an error, a warning or an info is then said
    once, in the catalogue. ``severity`` overrides it where one stage reports a rule at another
    severity (``error``, ``warning``); an id outside the catalogue needs it.
    """
    if severity is None:
        from fcsec.rules import RULES  # the catalogue imports ``Severity`` from here

        severity = RULES[rule].severity
    return Diagnostic(
        rule=rule,
        severity=severity,
        message=message,
        span=span,
        label=label,
        hint=hint,
        path=path,
        related=related,
    )


def error(
    rule: str,
    message: str,
    span: Span | None,
    *,
    label: str = "",
    hint: str | None = None,
    path: str | None = None,
    related: tuple[Related, ...] = (),
) -> Diagnostic:
    """An error whatever the catalogue says (usage errors, ids outside the catalogue);
    ``diagnostic`` takes the catalogue's severity, and its ``severity=`` sets another one."""
    return diagnostic(
        rule,
        message,
        span,
        label=label,
        hint=hint,
        path=path,
        related=related,
        severity=Severity.ERROR,
    )


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    """Stable order: by file, then position, then rule id."""
    if diagnostic.span is None:
        return (diagnostic.path or "", 0, 0, diagnostic.rule)
    return (
        diagnostic.span.source.name,
        diagnostic.span.start,
        diagnostic.span.end,
        diagnostic.rule,
    )


_COLORS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_BOLD_BLUE = "\x1b[1;34m"
_RESET = "\x1b[0m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def _shown(text: str) -> str:
    # A tab as one space: a terminal would jump to its next tab stop, out of step with the caret.
    return escape(text.replace("\t", " "))


_WIDE = frozenset({"W", "F"})


def _cell_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in _WIDE else 1


def _cells(shown: str) -> int:
    """The terminal columns ``shown`` takes: two for a wide character, none for a combining mark."""
    return len(shown) if shown.isascii() else sum(map(_cell_width, shown))


def _snippet(span: Span, label: str, color: bool) -> list[str]:
    """The source line with carets under the span; control characters shown as escapes.

    An escape is wider than the character it shows (``\\x1b`` for ESC), so the carets are placed
    by the width of what is printed before and under them, not by the column number.
    """
    source = span.source
    line, column = source.line_col(span.start)
    raw = source.line_text(line)
    end_line, end_column = source.line_col(max(span.end, span.start))
    stop = end_column - 1 if end_line == line else len(raw)
    marked = raw[column - 1 : stop]
    before, under = _shown(raw[: column - 1]), _shown(marked)
    # A span may start or end on the line ending, past the text: one column per character.
    indent = _cells(before) + max(0, column - 1 - len(raw))
    width = _cells(under) + max(0, stop - (column - 1) - len(marked))
    text = before + under + _shown(raw[stop:])
    gutter = " " * len(str(line))
    bar = _paint("|", _BOLD_BLUE, color)
    carets = "^" * max(1, width)
    return [
        f"{gutter} {bar}",
        f"{_paint(str(line), _BOLD_BLUE, color)} {bar} {text}",
        f"{gutter} {bar} {' ' * indent}{_paint(carets, _BOLD_BLUE, color)}"
        + (f" {escape(label)}" if label else ""),
    ]


def render_text(diagnostic: Diagnostic, *, color: bool = False) -> str:
    """Render one diagnostic in the layout of design.md (rustc-like).

    Messages, labels, hints and file names can quote the spec or the command line, so each goes
    through ``fcsec.safetext.escape``: a control character in them is shown, never obeyed.
    """
    head = _paint(
        f"{diagnostic.severity.value}[{escape(diagnostic.rule)}]",
        _COLORS[diagnostic.severity],
        color,
    )
    lines = [f"{head}: {escape(diagnostic.message)}"]
    arrow = _paint("-->", _BOLD_BLUE, color)
    if diagnostic.span is not None:
        gutter = " " * len(str(diagnostic.span.line))
        lines.append(f"{gutter}{arrow} {escape(diagnostic.span.location())}")
        lines.extend(_snippet(diagnostic.span, diagnostic.label, color))
    else:
        lines.append(f" {arrow} {escape(diagnostic.location())}")
    for related in diagnostic.related:
        lines.append(f"   = note: {escape(related.message)} ({escape(related.span.location())})")
    if diagnostic.hint:
        lines.append(f"   = help: {escape(diagnostic.hint)}")
    return "\n".join(lines)


def render_all(diagnostics: Sequence[Diagnostic], *, color: bool = False) -> str:
    return "\n\n".join(render_text(d, color=color) for d in diagnostics)
