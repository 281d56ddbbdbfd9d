"""fcsec.safetext: control and invisible characters are shown as escapes, everything else kept."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fcsec.safetext import escape, escape_json, escape_multiline

# What must never reach a terminal raw; written out here, independently of the module.
_ACTING = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)

# Text a hostile spec, file name or server can send: mostly control and formatting characters.
_nasty = st.text(
    alphabet=st.one_of(
        st.sampled_from("\x1b\x07\r\n\t\x00\x7f\x9b\x85\u202e\u2066\u200b\ufeff\u2028\udc9b"),
        st.sampled_from("]0;[2J%:,\\ aé日"),
        st.characters(),
    )
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\r\nb\tc", "a\\r\\nb\\tc"),
        ("\x00\x7f", "\\x00\\x7f"),
        ("\x9b2J", "\\x9b2J"),  # C1 CSI: an escape sequence on terminals that read C1 in UTF-8
        ("\u0085", "\\x85"),  # NEL, a line break to some log viewers
        ("abc\u202efdp.exe", "abc\\u202efdp.exe"),  # right-to-left override
        ("\u2066x\u2069", "\\u2066x\\u2069"),  # bidi isolates
        ("a\u200bb", "a\\u200bb"),  # zero-width space
        ("\u2028", "\\u2028"),
        ("\ufeffBOM", "\\ufeffBOM"),
        ("tag\U000e0041", "tag\\U000e0041"),  # invisible tag characters
        ("bad\udcff", "bad\\xff"),  # a byte that was not UTF-8 (surrogateescape)
        ("lone\ud800", "lone\\ud800"),  # a lone surrogate, e.g. from a JSON "\ud800"
    ],
)
def test_a_control_character_is_shown_as_its_escape(raw: str, shown: str) -> None:
    assert escape(raw) == shown


@pytest.mark.parametrize(
    "text",
    ["", "listeners.https8443", "C:\\faircom\\ca.pem", "é ü ß 日本語 Ελληνικά", "100% a:b,c", "😀"],
)
def test_printable_text_is_returned_unchanged(text: str) -> None:
    assert escape(text) is text
    assert escape_multiline(text) is text


def test_multiline_keeps_line_feeds_and_tabs_only() -> None:
    assert escape_multiline("a\tb\nc\r\n\x1b[2J") == "a\tb\nc\\r\n\\x1b[2J"


@given(_nasty)
def test_escaped_text_holds_no_acting_character(text: str) -> None:
    assert _ACTING.search(escape(text)) is None


@given(_nasty)
def test_escaped_block_holds_no_acting_character_but_tab_and_line_feed(text: str) -> None:
    shown = escape_multiline(text)
    assert _ACTING.search(shown.replace("\n", "").replace("\t", "")) is None
    assert shown.count("\n") == text.count("\n")


@given(_nasty)
def test_escaping_twice_changes_nothing(text: str) -> None:
    assert escape(escape(text)) == escape(text)
    assert escape_multiline(escape_multiline(text)) == escape_multiline(text)


@given(_nasty)
def test_escaping_never_joins_lines_nor_makes_a_line_break(text: str) -> None:
    assert "\n" not in escape(text)
    assert "\r" not in escape(text)


@given(
    st.recursive(st.none() | _nasty, lambda inner: st.lists(inner) | st.dictionaries(_nasty, inner))
)
def test_json_escaping_keeps_the_value_and_drops_every_acting_character(value: object) -> None:
    document = escape_json(json.dumps(value, indent=2, ensure_ascii=False))
    assert json.loads(document) == value
    assert _ACTING.search(document.replace("\n", "")) is None


def test_json_escaping_writes_json_escapes() -> None:
    document = json.dumps({"m": "\x7f\x9b\u202e\U000e0041"}, ensure_ascii=False)
    assert escape_json(document) == '{"m": "\\u007f\\u009b\\u202e\\udb40\\udc41"}'


def test_json_without_an_acting_character_is_returned_unchanged() -> None:
    document = json.dumps({"name": "é 日本", "n": [1, 2]}, indent=2, ensure_ascii=False)
    assert escape_json(document) is document
