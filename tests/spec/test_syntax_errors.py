"""fcsec.spec.syntax_errors: every syntax error is one diagnostic, at the offending token.

Also the byte-level checks lark never sees (NUL and control characters, a byte order mark, a
lone CR) and, through the command line, a spec that is not UTF-8.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.spec.helpers import failure, source, text_at, where

from fcsec.cli import main
from fcsec.diagnostics import Diagnostic
from fcsec.source import SourceFile
from fcsec.spec.parser import parse_document
from fcsec.spec.syntax_errors import check_text


def _syntax_error(text: str) -> Diagnostic:
    diagnostics = failure(parse_document, source(text))
    assert len(diagnostics) == 1, [d.message for d in diagnostics]
    return diagnostics[0]


# --- check_text -------------------------------------------------------------------------------
def test_nul_byte_is_reported_where_it_is() -> None:
    problems = check_text(SourceFile("t", 'fcsec = 1\nfile = "a\x00b"\n'))
    assert [problem.rule for problem in problems] == ["FCS003"]
    assert "NUL byte" in problems[0].message
    assert where(problems[0].span) == (2, 10)
    assert text_at(problems[0].span) == "\x00"


def test_nul_byte_stops_the_parse_before_lark() -> None:
    diagnostic = _syntax_error("fcsec = 1\x00\n")
    assert diagnostic.rule == "FCS003"


def test_control_character_is_named_by_its_code_point() -> None:
    (problem,) = check_text(SourceFile("t", "a = 1\x1b\n"))
    assert "U+001B" in problem.message


def test_byte_order_mark_is_reported() -> None:
    (problem,) = check_text(SourceFile("t", "\ufefffcsec = 1\n"))
    assert "byte order mark" in problem.message
    assert where(problem.span) == (1, 1)


def test_lone_carriage_return_is_reported() -> None:
    (problem,) = check_text(SourceFile("t", "a = 1\rb = 2\n"))
    assert "carriage return" in problem.message
    assert text_at(problem.span) == "\r"


def test_tab_crlf_and_non_ascii_text_are_clean() -> None:
    assert check_text(SourceFile("t", "a\t= 'é'\r\nb = 2\n")) == []


def test_control_characters_are_reported_at_most_ten_times() -> None:
    assert len(check_text(SourceFile("t", "\x01" * 50))) == 10


# --- invalid UTF-8, through the command line --------------------------------------------------
def test_invalid_utf8_is_fcs002_with_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_bytes(b'fcsec = 1\n[server]\nroot = "/opt/fa\xefrcom"\n')
    assert main(["check", str(spec)]) == 1
    err = capsys.readouterr().err
    assert "error[FCS002]" in err
    assert "byte 0xEF" in err
    assert f"{spec}:3:16" in err


# --- lark errors: one row per kind of mistake -------------------------------------------------
CASES = [
    # (id, text, rule, message fragment, offending text)
    ("missing-equals", "port 8443\n", "FCS001", "expected `=` after the key", "8443"),
    ("missing-value", "port =\n", "FCS001", "missing value after `=`", ""),
    ("value-is-punctuation", "port = ]\n", "FCS001", "expected a value, found `]`", "]"),
    ("unclosed-header", "[server\n", "FCS001", "table header is not closed", ""),
    ("space-in-header", "[certs.my cert]\n", "FCS001", "in the table header", "cert"),
    ("empty-header", "[]\n", "FCS001", "expected a key", "]"),
    ("dot-without-key", "tls. = 1\n", "FCS001", "expected a key", "="),
    ("key-missing", "= 1\n", "FCS001", "expected a key", "="),
    ("two-values", "port = 1 2\n", "FCS001", "expected the end of the line", "2"),
    ("header-then-text", "[server] x\n", "FCS001", "expected the end of the line", "x"),
    ("comma-after-value", "port = 1,\n", "FCS001", "expected the end of the line, found `,`", ","),
    ("array-missing-comma", 'a = ["x" "y"]\n', "FCS001", "after an array item", '"y"'),
    ("array-never-closed", "a = [\n1,\n", "FCS001", "this `[` is never closed", "["),
    ("inline-missing-comma", "t = {a = 1 b = 2}\n", "FCS001", "in an inline table", "b"),
    ("inline-across-lines", "t = {a = 1,\nb = 2}\n", "FCS001", "closed on the line", ""),
    ("inline-open-at-eol", "t = {\n}\n", "FCS001", "closed on the line", ""),
    ("inline-trailing-comma", "t = {a = 1,}\n", "FCS001", "cannot end with a comma", "}"),
    ("unquoted-text", "protocol = https\n", "FCS001", "text values need quotes", "https"),
    ("capital-true", "enabled = True\n", "FCS001", "booleans are written in lower case", "True"),
    ("leading-zero", "port = 08443\n", "FCS001", "not a valid integer", "08443"),
    ("double-underscore", "port = 8__443\n", "FCS001", "not a valid integer", "8__443"),
    ("hex-integer", "port = 0x20FB\n", "FCS004", "hexadecimal, octal and binary", "0x20FB"),
    ("float", "version = 13.1\n", "FCS004", "floating-point numbers", "13.1"),
    ("float-exponent", "x = 1e5\n", "FCS004", "floating-point numbers", "1e5"),
    ("float-trailing-dot", "x = 1.\n", "FCS004", "floating-point numbers", "1."),
    ("float-leading-dot", "x = .5\n", "FCS004", "floating-point numbers", ".5"),
    ("float-inf", "x = -inf\n", "FCS004", "floating-point numbers", "-inf"),
    ("float-in-array", "x = [1, 2.5]\n", "FCS004", "floating-point numbers", "2.5"),
    ("date", "x = 2024-01-31\n", "FCS004", "dates and times", "2024-01-31"),
    ("datetime", "x = 2024-01-31T10:00:00Z\n", "FCS004", "dates and times", "2024-01-31T10:00:00Z"),
    ("time", "x = 10:30:00\n", "FCS004", "dates and times", "10:30:00"),
    ("array-of-tables", "[[listeners]]\n", "FCS004", "arrays of tables", "[["),
    ("multi-line-basic", 'd = """\ntext\n"""\n', "FCS004", "multi-line strings", '"""'),
    ("multi-line-basic-one-line", 'd = """text"""\n', "FCS004", "multi-line strings", '"""'),
    ("multi-line-literal", "d = '''\ntext\n'''\n", "FCS004", "multi-line strings", "'''"),
    ("multi-line-literal-one-line", "d = '''text'''\n", "FCS004", "multi-line strings", "'''"),
    ("unterminated-basic", 'file = "a.pem\n', "FCS001", "not closed", '"a.pem'),
    ("unterminated-literal", "file = 'a.pem\n", "FCS001", "not closed", "'a.pem"),
    ("invalid-escape", 'file = "C:\\faircom\\ca.pem"\n', "FCS001", "`\\c` is not a valid", "\\c"),
    ("unexpected-character", "port = @\n", "FCS001", "unexpected character `@`", "@"),
]


@pytest.mark.parametrize(
    ("text", "rule", "fragment", "offending"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_syntax_error_is_located_at_the_offending_token(
    text: str, rule: str, fragment: str, offending: str
) -> None:
    diagnostic = _syntax_error(text)
    assert diagnostic.rule == rule
    assert fragment in diagnostic.message
    assert text_at(diagnostic.span) == offending


def test_syntax_errors_always_carry_a_hint_or_a_label() -> None:
    for _id, text, *_ in CASES:
        diagnostic = _syntax_error(text)
        assert diagnostic.hint or diagnostic.label, _id


def test_missing_value_points_just_after_the_equals_sign() -> None:
    assert where(_syntax_error("fcsec = 1\nport =   \n").span) == (2, 10)


def test_unclosed_array_at_the_end_points_at_its_opening_bracket() -> None:
    diagnostic = _syntax_error('fcsec = 1\nsuites = [\n  "A",\n  "B"\n')
    assert where(diagnostic.span) == (2, 10)


def test_missing_comma_in_a_multi_line_array_notes_where_the_array_starts() -> None:
    diagnostic = _syntax_error('suites = [\n  "A"\n  "B",\n]\n')
    assert where(diagnostic.span) == (3, 3)
    assert [where(related.span) for related in diagnostic.related] == [(1, 10)]


def test_top_level_error_does_not_offer_closing_brackets() -> None:
    diagnostic = _syntax_error("port = 1 @\n")
    assert "`]`" not in diagnostic.label
    assert "`}`" not in diagnostic.label


def test_windows_path_hint_suggests_single_quotes() -> None:
    diagnostic = _syntax_error('file = "C:\\faircom\\ca.pem"\n')
    assert diagnostic.hint is not None
    assert "single quotes" in diagnostic.hint


def test_syntax_error_after_crlf_lines_has_the_right_line() -> None:
    assert where(_syntax_error("fcsec = 1\r\n\r\nport 8443\r\n").span) == (3, 6)


@pytest.mark.parametrize(
    "body", ["x" * 60, "a\\n" * 30, "x" * 30 + "\\q"], ids=["plain", "escapes", "bad"]
)
def test_a_long_unclosed_string_is_reported_not_backtracked_over(body: str) -> None:
    # A string pattern with a nested repetition, ("(plain+|escape)*"), tries every way to split a
    # run of plain characters before it gives up on an unclosed string: 2**60 ways here, so this
    # test would never end. The grammar's "plain* (escape plain*)*" has one way to match.
    diagnostic = _syntax_error(f'file = "{body}\n')
    assert diagnostic.rule == "FCS001"
    assert diagnostic.span is not None
