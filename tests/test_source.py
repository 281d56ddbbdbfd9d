"""``dominant_line_ending``: the one rule for the line ending of the lines fcsec adds to a text
(the ctsrvr.cfg and services.json editors, ``fcsec fmt``)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fcsec.source import dominant_line_ending


@pytest.mark.parametrize(
    ("text", "eol"),
    [
        ("", "\n"),
        ("no ending", "\n"),
        ("a\nb\n", "\n"),
        ("a\r\nb\r\n", "\r\n"),
        ("a\rb\r", "\r"),
        # the most lines win, wherever they stand
        ("a\nb\r\nc\r\n", "\r\n"),
        ("a\r\nb\nc\n", "\n"),
        ("a\r\nb\rc\rd\n", "\r"),
        # a tie goes to the ending that stands first
        ("a\r\nb\n", "\r\n"),
        ("a\nb\r\n", "\n"),
        ("a\rb\n", "\r"),
        ("a\r\nb\r", "\r\n"),
        ("a\rb\r\nc\nd\r\ne\rf\n", "\r"),
        # a CR or LF inside a CRLF is not a line ending of its own
        ("a\r\n\r\nb\n", "\r\n"),
        ("a\n\r\nb\r", "\n"),
    ],
)
def test_the_dominant_line_ending(text: str, eol: str) -> None:
    assert dominant_line_ending(text) == eol


@given(st.lists(st.sampled_from(("x", "\n", "\r", "\r\n")), max_size=30).map("".join))
def test_most_lines_win_and_the_first_ending_wins_a_tie(text: str) -> None:
    endings = re.findall(r"\r\n|\r|\n", text)
    # Counter keeps the order things were first seen in, and most_common is stable for ties.
    expected = Counter(endings).most_common(1)[0][0] if endings else "\n"
    assert dominant_line_ending(text) == expected
