"""fcsec.spec.parser: spec text to the syntax AST, every key and value with its exact span."""

from __future__ import annotations

import pytest
from tests.spec.helpers import failure, only, parse, source, text_at, where

from fcsec.source import SourceFile
from fcsec.spec import syntax as ast
from fcsec.spec.parser import parse_document


def _keyval(text: str, index: int = 0) -> ast.KeyVal:
    statement = parse(text).statements[index]
    assert isinstance(statement, ast.KeyVal)
    return statement


def _value(text: str) -> ast.Value:
    return _keyval(text).value


# --- spans ------------------------------------------------------------------------------------
def test_bare_key_span_is_the_key_itself() -> None:
    keyval = _keyval("fcsec = 1\nport   = 8443\n", 1)
    assert where(keyval.key.span) == (2, 1)
    assert text_at(keyval.key.span) == "port"


def test_value_span_starts_at_the_value_column() -> None:
    value = _value("\n\n  port = 8443\n")
    assert where(value.span) == (3, 10)
    assert text_at(value.span) == "8443"


def test_string_value_span_includes_the_quotes() -> None:
    value = _value('file = "serverCert.pem"\n')
    assert text_at(value.span) == '"serverCert.pem"'


def test_dotted_key_parts_have_their_own_spans() -> None:
    key = _keyval('tls . "client ca" = "x"\n').key
    assert [text_at(part.span) for part in key.parts] == ["tls", '"client ca"']
    assert text_at(key.span) == 'tls . "client ca"'


def test_quoted_key_span_includes_the_quotes_and_its_text_is_decoded() -> None:
    part = _keyval('"a\\tb" = 1\n').key.parts[0]
    assert part.text == "a\tb"
    assert text_at(part.span) == '"a\\tb"'


def test_table_header_span_covers_the_brackets() -> None:
    header = parse("fcsec = 1\n\n[listeners . https8443]\n").statements[1]
    assert isinstance(header, ast.TableHeader)
    assert where(header.span) == (3, 1)
    assert text_at(header.span) == "[listeners . https8443]"
    assert header.key.names == ("listeners", "https8443")


def test_array_span_runs_from_bracket_to_bracket_across_lines() -> None:
    value = _value('suites = [\n  "A",\n  "B",\n]\n')
    assert isinstance(value, ast.ArrayValue)
    assert where(value.span) == (1, 10)
    assert text_at(value.span) == '[\n  "A",\n  "B",\n]'
    assert [where(item.span) for item in value.items] == [(2, 3), (3, 3)]


def test_inline_table_span_and_entry_spans() -> None:
    value = _value('x509_login = { path = "CN", prefix = "fc-" }\n')
    assert isinstance(value, ast.InlineTableValue)
    assert text_at(value.span) == '{ path = "CN", prefix = "fc-" }'
    assert [text_at(entry.key.span) for entry in value.entries] == ["path", "prefix"]
    assert where(value.entries[1].value.span) == (1, 38)


def test_keyval_span_runs_from_key_to_value() -> None:
    keyval = _keyval("enabled = true # on\n")
    assert text_at(keyval.span) == "enabled = true"


def test_crlf_line_endings_give_the_same_lines_and_columns() -> None:
    value = _keyval("fcsec = 1\r\n[server]\r\nroot = '/opt'\r\n", 2).value
    assert where(value.span) == (3, 8)
    assert text_at(value.span) == "'/opt'"


def test_columns_count_characters_not_bytes() -> None:
    value = _keyval('"é\U0001f512" = 1\n').value
    assert where(value.span) == (1, 8)


def test_a_tab_counts_as_one_column() -> None:
    value = _value("port\t=\t8443\n")
    assert where(value.span) == (1, 8)


# --- values -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("literal", "expected"),
    [("0", 0), ("8443", 8443), ("+1", 1), ("-1", -1), ("1_000", 1000), ("-0", 0)],
)
def test_integers_read_as_ints(literal: str, expected: int) -> None:
    value = _value(f"port = {literal}\n")
    assert value == ast.IntValue(value=expected, span=value.span)


@pytest.mark.parametrize(("literal", "expected"), [("true", True), ("false", False)])
def test_booleans_read_as_bools(literal: str, expected: bool) -> None:
    value = _value(f"enabled = {literal}\n")
    assert isinstance(value, ast.BoolValue)
    assert value.value is expected


def test_literal_string_keeps_backslashes() -> None:
    value = _value("file = 'C:\\faircom\\ca.pem'\n")
    assert isinstance(value, ast.StringValue)
    assert value.value == "C:\\faircom\\ca.pem"


def test_basic_string_decodes_escapes() -> None:
    value = _value('x = "a\\"b\\\\c\\u00e9"\n')
    assert isinstance(value, ast.StringValue)
    assert value.value == 'a"b\\cé'


def test_true_is_a_bare_key_in_key_position() -> None:
    assert _keyval("true = false\n").key.names == ("true",)


def test_digits_are_bare_keys_in_key_position() -> None:
    assert _keyval("1.2 = 3\n").key.names == ("1", "2")


def test_array_accepts_trailing_comma_comments_and_blank_lines() -> None:
    value = _value('s = [ # first\n\n  "a", # a\n  "b",\n\n]\n')
    assert isinstance(value, ast.ArrayValue)
    assert [item.value for item in value.items if isinstance(item, ast.StringValue)] == ["a", "b"]


def test_empty_array_and_empty_inline_table() -> None:
    array = _value("a = []\n")
    table = _value("t = {}\n")
    assert isinstance(array, ast.ArrayValue) and array.items == ()
    assert isinstance(table, ast.InlineTableValue) and table.entries == ()


def test_depth_counts_nested_arrays_and_tables() -> None:
    assert _value("a = [[1], [[2]]]\n").depth == 3  # type: ignore[union-attr]
    assert _value("t = {a = {b = [1]}}\n").depth == 3  # type: ignore[union-attr]


def test_depth_counts_dotted_keys_inside_inline_tables() -> None:
    assert _value("t = {a.b.c = 1}\n").depth == 3  # type: ignore[union-attr]


# --- documents --------------------------------------------------------------------------------
def test_empty_text_is_an_empty_document() -> None:
    assert parse("").statements == ()


def test_comments_and_blank_lines_make_no_statements() -> None:
    assert parse("# a comment\n\n   \n\t# another\n").statements == ()


def test_text_without_final_newline_parses() -> None:
    keyval = _keyval("fcsec = 1")
    assert text_at(keyval.value.span) == "1"


def test_statements_keep_their_order() -> None:
    statements = parse("a = 1\n[t]\nb = 2\n").statements
    assert [type(statement).__name__ for statement in statements] == [
        "KeyVal",
        "TableHeader",
        "KeyVal",
    ]


def test_syntax_ast_equality_ignores_spans() -> None:
    first = parse("port = 8443\n")
    second = parse("\n\n   port   =   8443   # moved\n")
    assert first == second


def test_a_failed_parse_does_not_leak_into_the_next() -> None:
    failure(parse_document, source('x = "\\uD800"\n'))
    assert parse('x = "ok"\n').statements


def test_spans_point_into_the_source_given() -> None:
    given = SourceFile("mine.fcsec", "port = 1\n")
    keyval = parse_document(given).statements[0]
    assert keyval.span.source is given  # type: ignore[union-attr]


def test_surrogate_escape_is_located_at_the_escape() -> None:
    diagnostic = only(failure(parse_document, source('x = "ab\\uD800"\n')), "FCS001")
    assert text_at(diagnostic.span) == "\\uD800"
    assert "Unicode scalar value" in diagnostic.message


def test_escape_beyond_unicode_is_rejected() -> None:
    diagnostic = only(failure(parse_document, source('x = "\\U00110000"\n')), "FCS001")
    assert text_at(diagnostic.span) == "\\U00110000"
