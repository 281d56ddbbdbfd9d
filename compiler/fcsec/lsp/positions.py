"""Character offsets (what fcsec's spans hold) to LSP positions, and back.

LSP counts a position's ``character`` in code units of the encoding agreed at ``initialize``:
UTF-16 unless the client offers another (an astral character such as an emoji is two UTF-16
units, four UTF-8 units, one UTF-32 unit). Lines end at LF, CRLF or a lone CR, in LSP as in
``fcsec.source.SourceFile``. A position past the end of its line means the end of the line, and a
line past the end of the text means the end of the text (the LSP specification's rule). A
position inside a surrogate pair (half a character) means the character's start.

Pure Python without pygls, so the conversions are unit-tested on their own.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import attrs

from fcsec.source import SourceFile

__all__ = ["UTF8", "UTF16", "UTF32", "Change", "LineIndex", "apply_changes", "units"]

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"

#: (line, character): both 0-based, the character in code units of the encoding.
Position = tuple[int, int]


def _width(char: str, encoding: str) -> int:
    if encoding == UTF32:
        return 1
    if encoding == UTF8:
        return len(char.encode("utf-8", "surrogatepass"))
    return 2 if ord(char) > 0xFFFF else 1


def units(text: str, encoding: str = UTF16) -> int:
    """The length of ``text`` in code units of ``encoding``."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


class LineIndex:
    """Offsets of one text's lines, to convert offsets and positions in either direction."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        # The same line rule as every diagnostic's line number (fcsec.source).
        self.starts = SourceFile("", text).line_starts

    def _line_end(self, line: int) -> int:
        """The offset where ``line``'s text ends, before its line ending."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def position(self, offset: int) -> Position:
        """The LSP position of a character offset (clamped into the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        return line, units(self.text[self.starts[line] : offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The character offset of an LSP position (clamped as the module docstring says)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self._line_end(line)
        if character <= 0:
            return start
        segment = self.text[start:end]
        if segment.isascii() or self.encoding == UTF32:
            return start + min(character, len(segment))
        counted = 0
        for index, char in enumerate(segment):
            counted += _width(char, self.encoding)
            if counted > character:
                return start + index
        return end


@attrs.frozen(kw_only=True)
class Change:
    """One ``didChange`` content change: ``start``/``end`` None replaces the whole text."""

    text: str
    start: Position | None = None
    end: Position | None = None


def apply_changes(text: str, changes: Iterable[Change], encoding: str = UTF16) -> str:
    """The text after the changes, applied in order (each against the text the one before left)."""
    for change in changes:
        if change.start is None or change.end is None:
            text = change.text
            continue
        index = LineIndex(text, encoding)
        start = index.offset(*change.start)
        end = max(start, index.offset(*change.end))
        text = text[:start] + change.text + text[end:]
    return text
