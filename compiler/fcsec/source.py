"""Source text and spans: where every diagnostic points.

A ``SourceFile`` holds the decoded text of one input (a spec, a ctsrvr.cfg, a services.json)
under the name the user gave it. A ``Span`` is a half-open range of character offsets into it;
line and column numbers (1-based) are derived on demand. This module never reads files.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

import attrs

# A line ends at LF, CRLF or a lone CR.
_LINE_END = re.compile(r"\r\n?|\n")


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *(end.end() for end in _LINE_END.finditer(text)))


@attrs.frozen(eq=False)
class SourceFile:
    """One input text under its display name (as the user typed the path).

    ``line_starts`` is computed on first use: most runs never turn an offset into a line, and a
    100,000-line ctsrvr.cfg need not pay for it.
    """

    name: str
    text: str
    _starts: tuple[int, ...] | None = attrs.field(default=None, init=False, repr=False)

    @property
    def line_starts(self) -> tuple[int, ...]:
        """The offset where each line starts (line 1 at index 0)."""
        starts = self._starts
        if starts is None:
            starts = _line_starts(self.text)
            object.__setattr__(self, "_starts", starts)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def line_text(self, line: int) -> str:
        """Return the text of a 1-based line without its line ending."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def span(self, start: int, end: int) -> Span:
        return Span(source=self, start=start, end=end)

    def span_of_line(self, line: int) -> Span:
        start = self.line_starts[line - 1]
        return Span(source=self, start=start, end=start + len(self.line_text(line)))


class Span(NamedTuple):
    """A half-open range ``[start, end)`` of character offsets in one ``SourceFile``.

    A named tuple rather than an attrs class: a big spec makes tens of thousands of spans, and a
    tuple is made in a third less time than a frozen attrs instance. Immutable and hashable
    alike; ``source`` compares by identity (``SourceFile`` has ``eq=False``).
    """

    source: SourceFile
    start: int
    end: int

    @property
    def line(self) -> int:
        return self.source.line_col(self.start)[0]

    @property
    def column(self) -> int:
        return self.source.line_col(self.start)[1]

    def location(self) -> str:
        """``file:line:column`` as editors and CI annotations expect it."""
        line, column = self.source.line_col(self.start)
        return f"{self.source.name}:{line}:{column}"
