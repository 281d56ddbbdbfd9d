"""Offsets to LSP positions and back: UTF-16 code units by default, astral characters, CRLF and
lone CR line ends, clamping, and edits applied by position."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fcsec.lsp.positions import UTF8, UTF16, UTF32, Change, LineIndex, apply_changes, units
from fcsec.source import SourceFile

ASTRAL = "\N{GRINNING FACE}"  # U+1F600: two UTF-16 code units, four UTF-8 bytes


def test_ascii_positions_are_columns() -> None:
    index = LineIndex("fcsec = 1\nport = 8443\n")
    assert index.position(0) == (0, 0)
    assert index.position(10) == (1, 0)
    assert index.position(17) == (1, 7)
    assert index.offset(1, 7) == 17


def test_an_astral_character_is_two_utf16_units() -> None:
    text = f'description = "{ASTRAL}x"\n'
    index = LineIndex(text)
    x = text.index("x")
    assert index.position(x) == (0, x + 1)
    assert index.offset(0, x + 1) == x
    assert units(ASTRAL) == 2


@pytest.mark.parametrize(("encoding", "width"), [(UTF8, 4), (UTF16, 2), (UTF32, 1)])
def test_each_encoding_counts_its_own_units(encoding: str, width: int) -> None:
    text = f"a{ASTRAL}b"
    index = LineIndex(text, encoding)
    assert index.position(2) == (0, 1 + width)
    assert index.offset(0, 1 + width) == 2


def test_a_position_inside_a_surrogate_pair_means_the_character_start() -> None:
    index = LineIndex(f"a{ASTRAL}b")
    assert index.offset(0, 2) == 1


def test_crlf_and_lone_cr_end_lines_as_in_lsp() -> None:
    text = "a = 1\r\nb = 2\rc = 3\n"
    index = LineIndex(text)
    assert index.position(text.index("b")) == (1, 0)
    assert index.position(text.index("c")) == (2, 0)
    assert index.offset(1, 0) == text.index("b")
    assert index.offset(2, 4) == text.index("3")


def test_characters_lsp_does_not_count_as_line_ends_stay_on_their_line() -> None:
    text = "# a\u2028b\x0cc\nport = 1\n"
    index = LineIndex(text)
    assert index.position(text.index("port")) == (1, 0)
    assert index.position(text.index("c")) == (0, 6)


def test_positions_past_the_line_or_the_text_are_clamped() -> None:
    text = "ab\r\ncd"
    index = LineIndex(text)
    assert index.offset(0, 99) == 2  # the end of the line, before its CRLF
    assert index.offset(7, 0) == len(text)
    assert index.offset(-1, 3) == 0
    assert index.position(99) == (1, 2)


def test_changes_apply_in_order_by_position() -> None:
    text = f'tls.cert = "{ASTRAL}sever"\r\nport = 1\r\n'
    # the astral character is two UTF-16 units: "sever" starts at character 14
    changed = apply_changes(
        text,
        [
            Change(text="server", start=(0, 14), end=(0, 19)),
            Change(text="8443", start=(1, 7), end=(1, 8)),
        ],
    )
    assert changed == f'tls.cert = "{ASTRAL}server"\r\nport = 8443\r\n'
    assert apply_changes(text, [Change(text="whole")]) == "whole"


@given(st.lists(st.sampled_from(["a", "é", ASTRAL, "\n", "\r", "\r\n", "\u2028", " "])))
def test_every_offset_survives_a_round_trip(pieces: list[str]) -> None:
    text = "".join(pieces)
    lines = SourceFile("x", text)
    for encoding in (UTF8, UTF16, UTF32):
        index = LineIndex(text, encoding)
        for offset in range(len(text) + 1):
            if offset and text[offset - 1 : offset + 1] == "\r\n":
                continue  # between CR and LF: not a place a span points at
            line, _ = index.position(offset)
            assert line == lines.line_col(offset)[0] - 1
            assert index.offset(*index.position(offset)) == offset
