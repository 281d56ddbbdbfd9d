"""fcsec.spec.strings: the value of a TOML basic string token, escapes decoded."""

from __future__ import annotations

import pytest

from fcsec.spec.strings import BadEscape, decode_basic_string


@pytest.mark.parametrize(
    ("escape", "char"),
    [
        ("\\b", "\b"),
        ("\\t", "\t"),
        ("\\n", "\n"),
        ("\\f", "\f"),
        ("\\r", "\r"),
        ('\\"', '"'),
        ("\\\\", "\\"),
    ],
)
def test_simple_escape_decodes_to_its_character(escape: str, char: str) -> None:
    assert decode_basic_string(f'"<{escape}>"') == f"<{char}>"


def test_text_without_backslash_is_returned_as_is() -> None:
    assert decode_basic_string('"serverCert.pem"') == "serverCert.pem"


def test_empty_string() -> None:
    assert decode_basic_string('""') == ""


def test_short_unicode_escape_decodes() -> None:
    assert decode_basic_string('"caf\\u00E9"') == "café"


def test_long_unicode_escape_decodes_beyond_the_bmp() -> None:
    assert decode_basic_string('"\\U0001F512"') == "\U0001f512"


def test_escaped_backslash_is_not_the_start_of_another_escape() -> None:
    assert decode_basic_string('"C:\\\\new"') == "C:\\new"


def test_escape_at_the_end_of_the_string() -> None:
    assert decode_basic_string('"end\\n"') == "end\n"


def test_unicode_escape_may_decode_to_a_control_character() -> None:
    # TOML allows it; the structure check (FCS033) decides whether a key may hold one.
    assert decode_basic_string('"\\u0000"') == "\x00"


@pytest.mark.parametrize("escape", ["\\uD800", "\\uDFFF", "\\U0000DABC"])
def test_surrogate_escape_raises_bad_escape(escape: str) -> None:
    with pytest.raises(BadEscape) as raised:
        decode_basic_string(f'"ab{escape}"')
    assert raised.value.escape == escape


def test_escape_above_10ffff_raises_bad_escape() -> None:
    with pytest.raises(BadEscape) as raised:
        decode_basic_string('"\\U00110000"')
    assert raised.value.escape == "\\U00110000"


def test_bad_escape_offset_is_the_position_of_the_backslash_in_the_token() -> None:
    token = '"abc\\uD800"'
    with pytest.raises(BadEscape) as raised:
        decode_basic_string(token)
    assert token[raised.value.offset :].startswith("\\uD800")


def test_highest_scalar_value_is_accepted() -> None:
    assert decode_basic_string('"\\U0010FFFF"') == "\U0010ffff"
