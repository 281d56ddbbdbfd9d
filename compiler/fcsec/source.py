"""Source text and spans: where every diagnostic points.

A ``SourceFile`` holds the decoded text of one input (a spec, a ctsrvr.cfg, a services.json)
under the name the user gave it. A ``Span`` is a half-open range of character offsets into it;
line and column numbers (1-based) are derived on demand. ``dominant_line_ending`` is the one
rule for the line ending of the lines fcsec adds to a text. This module never reads files.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate, repeat
from operator import add
from typing import Final, NamedTuple

# A line ends at LF, CRLF or a lone CR.
_LINE_END = re.compile(r"\r\n?|\n")
# Where each kind of line ending first stands (a CR or LF that is part of a CRLF does not count).
_FIRST = {
    "\r\n": re.compile(r"\r\n"),
    "\r": re.compile(r"\r(?!\n)"),
    "\n": re.compile(r"(?<!\r)\n"),
}


def _line_starts(text: str) -> tuple[int, ...]:
    if "\r" in text:
        return (0, *(end.end() for end in _LINE_END.finditer(text)))
    # Only LF: each line starts one past the end of the one before, summed in C (a Python step
    # per line took 15 ms for a 100,000-line ctsrvr.cfg, to place five diagnostics).
    lengths = map(len, text.split("\n"))
    return tuple(accumulate(map(add, lengths, repeat(1)), initial=0))[:-1]


def dominant_line_ending(text: str) -> str:
    """The line ending most lines of ``text`` end with: ``"\\n"``, ``"\\r\\n"`` or ``"\\r"``.

    A tie goes to the ending that stands first in the text; ``"\\n"`` when no line has one. The
    editors of ctsrvr.cfg and services.json end the lines they add with it, so a CRLF file stays
    CRLF (and a file of mixed endings stays mixed), and ``fcsec fmt`` ends every line with it.
    """
    if "\r" not in text:  # a scan for one character instead of three counts of the text
        return "\n"
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\r": text.count("\r") - crlf, "\n": text.count("\n") - crlf}
    most = max(counts.values())
    if not most:
        return "\n"
    tied = [eol for eol, count in counts.items() if count == most]
    if len(tied) == 1:
        return tied[0]
    return min(tied, key=lambda eol: _first_at(text, eol))


def _first_at(text: str, eol: str) -> int:
    found = _FIRST[eol].search(text)
    assert found is not None  # only asked for an ending the text holds
    return found.start()


class SourceFile:
    """One input text under its display name (as the user typed the path).

    Equal only to itself (spans compare their source by identity). A plain class with
    ``__slots__`` rather than an attrs class (see ``fcsec.record``); ``name`` and ``text`` are
    ``Final``. ``line_starts`` is computed on first use: most runs never turn an offset into a
    line, and a 100,000-line ctsrvr.cfg need not pay for it.
    """

    __slots__ = ("_counted", "_lines", "_starts", "name", "text")

    def __init__(self, name: str, text: str) -> None:
        self.name: Final = name
        self.text: Final = text
        self._starts: tuple[int, ...] | None = None
        # Before the table exists: line numbers found by counting line feeds (line start ->
        # line), and how many characters were counted for them.
        self._lines: dict[int, int] = {}
        self._counted = 0

    def __repr__(self) -> str:
        return f"SourceFile(name={self.name!r}, text={self.text!r})"

    @property
    def line_starts(self) -> tuple[int, ...]:
        """The offset where each line starts (line 1 at index 0)."""
        starts = self._starts
        if starts is None:
            starts = self._starts = _line_starts(self.text)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        if self._starts is None:
            counted = self._counted_line(offset)
            if counted is not None:
                line, start = counted
                return line, offset - start + 1
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def _counted_line(self, offset: int) -> tuple[int, int] | None:
        """(line, line start) of ``offset`` by counting the line feeds before it, in a text of
        LF endings only; None once counting would cost more than the whole table.

        A 100,000-line ctsrvr.cfg with a diagnostic near its top needs a few hundred characters
        counted, not the table of every line (milliseconds in a compile that prints one)."""
        text = self.text
        start = text.rfind("\n", 0, offset) + 1
        line = self._lines.get(start)
        if line is not None:
            return line, start
        if self._counted + start > len(text) or "\r" in text:
            return None
        self._counted += start
        line = self._lines[start] = text.count("\n", 0, start) + 1
        return line, start

    def line_text(self, line: int) -> str:
        """Return the text of a 1-based line without its line ending."""
        if self._starts is None:
            start = next((at for at, number in self._lines.items() if number == line), None)
            if start is not None:
                end = self.text.find("\n", start)
                return self.text[start : len(self.text) if end < 0 else end]
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
