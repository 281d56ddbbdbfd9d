"""``SourceFile`` lines and columns: LF, CRLF and lone CR alike. A text of LF endings only takes
two shortcuts (the table summed from ``str.split``, and lines found by counting line feeds
before the table exists); both must agree with a plain scan."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from fcsec.source import SourceFile

TEXTS = st.lists(st.sampled_from(("x", "yz", "\n", "\r", "\r\n", "é")), max_size=40).map("".join)


def _scanned(text: str) -> tuple[int, ...]:
    return (0, *(end.end() for end in re.finditer(r"\r\n?|\n", text)))


def _expected(text: str, offset: int) -> tuple[int, int, str]:
    """(line, column, text of the line) of ``offset``, from the scanned table."""
    starts = _scanned(text)
    index = max(i for i, start in enumerate(starts) if start <= offset)
    end = starts[index + 1] if index + 1 < len(starts) else len(text)
    return index + 1, offset - starts[index] + 1, text[starts[index] : end].rstrip("\r\n")


@given(TEXTS)
def test_line_starts_are_where_each_line_ending_ends(text: str) -> None:
    assert SourceFile("t", text).line_starts == _scanned(text)


@given(TEXTS, st.data())
def test_lines_found_before_the_table_are_those_of_the_table(
    text: str, data: st.DataObject
) -> None:
    fresh = SourceFile("t", text)
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=6))
    for offset in offsets:
        line, column, shown = _expected(text, offset)
        assert fresh.line_col(offset) == (line, column)
        assert fresh.line_text(line) == shown
        assert SourceFile("t", text).line_text(line) == shown


def test_a_text_without_line_endings_is_one_line() -> None:
    assert SourceFile("t", "").line_starts == (0,)
    assert SourceFile("t", "abc").line_starts == (0,)
    assert SourceFile("t", "a\nb\n").line_starts == (0, 2, 4)
    assert SourceFile("t", "a\nb\n").line_col(4) == (3, 1)
