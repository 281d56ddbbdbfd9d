"""Turn lark's exceptions, and the byte-level problems lark never sees, into diagnostics.

This is the only place that knows lark's exception types. Every message says what is wrong at
the offending token and, where the cause is a TOML feature fcsec leaves out on purpose (floats,
dates, arrays of tables, multi-line strings), says so and how to write it instead.
"""

from __future__ import annotations

import re

from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from fcsec.diagnostics import Diagnostic, error
from fcsec.source import SourceFile, Span

SYNTAX = "FCS001"
BAD_CHARACTER = "FCS003"
UNSUPPORTED = "FCS004"

_NAMES = {
    "EQUAL": "`=`",
    "RSQB": "`]`",
    "LSQB": "`[`",
    "COMMA": "`,`",
    "RBRACE": "`}`",
    "LBRACE": "`{`",
    "DOT": "`.`",
    "_NL": "the end of the line",
    "BARE_KEY": "a key",
    "BASIC_STRING": "a string",
    "LITERAL_STRING": "a string",
    "INTEGER": "an integer",
    "TRUE": "`true`",
    "FALSE": "`false`",
    "$END": "the end of the file",
}
_VALUE_TERMINALS = {"BASIC_STRING", "LITERAL_STRING", "INTEGER", "TRUE", "FALSE", "LSQB", "LBRACE"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FLOAT = re.compile(r"[+-]?(\d[\d_]*\.\d|\d[\d_]*[eE][+-]?\d|inf\b|nan\b)")


def check_text(source: SourceFile) -> list[Diagnostic]:
    """Problems found before parsing: a byte order mark, NUL and other control characters."""
    problems: list[Diagnostic] = []
    text = source.text
    if text.startswith("\ufeff"):
        problems.append(
            error(
                BAD_CHARACTER,
                "the spec starts with a byte order mark (U+FEFF)",
                source.span(0, 1),
                label="byte order mark",
                hint="save the file as UTF-8 without BOM",
            )
        )
    for match in re.finditer(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        char = match.group()
        name = "NUL byte" if char == "\x00" else f"control character U+{ord(char):04X}"
        problems.append(
            error(
                BAD_CHARACTER,
                f"a {name} is not allowed in a spec",
                source.span(match.start(), match.end()),
                label=name,
                hint="remove it; a spec is plain UTF-8 text",
            )
        )
        if len(problems) >= 10:
            break
    for match in re.finditer(r"\r(?!\n)", text):
        problems.append(
            error(
                BAD_CHARACTER,
                "a carriage return must be followed by a line feed",
                source.span(match.start(), match.end()),
                label="lone CR",
                hint="save the file with LF or CRLF line endings",
            )
        )
        break
    return problems


def _describe(expected: set[str]) -> str:
    names = sorted({_NAMES.get(name, name) for name in expected})
    if len(names) <= 1:
        return names[0] if names else "something else"
    return ", ".join(names[:-1]) + " or " + names[-1]


def _line_rest(source: SourceFile, offset: int) -> str:
    line, _ = source.line_col(offset)
    start = source.line_starts[line - 1]
    return source.line_text(line)[offset - start :]


def _unexpected_character(exc: UnexpectedCharacters, source: SourceFile) -> Diagnostic:
    offset = min(exc.pos_in_stream, len(source.text))
    rest = _line_rest(source, offset)
    span = source.span(offset, offset + 1)
    if rest.startswith(('"""', "'''")):
        return error(
            UNSUPPORTED,
            "multi-line strings are not part of the fcsec spec language",
            source.span(offset, offset + 3),
            label="multi-line string",
            hint="write the value on one line",
        )
    if rest.startswith('"'):
        closing = re.match(r'"(?:[^"\\]|\\.)*"', rest)
        if closing is None:
            return error(
                SYNTAX,
                "this string is not closed before the end of the line",
                source.span(offset, offset + len(rest)),
                label="unterminated string",
                hint='add the closing `"`',
            )
        bad = re.search(r'\\(?![btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})', closing.group())
        if bad is not None:
            start = offset + bad.start()
            return error(
                SYNTAX,
                "invalid escape sequence in a string",
                source.span(start, start + 2),
                label="invalid escape",
                hint="for Windows paths use a literal string in single quotes: 'C:\\faircom\\ca.pem'",
            )
    if rest.startswith("'"):
        return error(
            SYNTAX,
            "this literal string is not closed before the end of the line",
            source.span(offset, offset + len(rest)),
            label="unterminated string",
            hint="add the closing `'`",
        )
    if _DATE.match(rest):
        return _unsupported_value(source, offset, "dates and times")
    if _FLOAT.match(rest):
        return _unsupported_value(source, offset, "floating-point numbers")
    shown = rest[:1] if rest else "end of line"
    return error(
        SYNTAX,
        f"unexpected character `{shown}`",
        span,
        label=f"expected {_describe(set(exc.allowed or ()))}" if exc.allowed else "",
    )


def _unsupported_value(source: SourceFile, offset: int, what: str) -> Diagnostic:
    token = re.match(r"[^\s,\]}#]+", _line_rest(source, offset))
    end = offset + (len(token.group()) if token else 1)
    return error(
        UNSUPPORTED,
        f"{what} are not part of the fcsec spec language",
        source.span(offset, end),
        label="unsupported value",
        hint='write it as a string ("...") or an integer',
    )


def _unexpected_token(exc: UnexpectedToken, source: SourceFile) -> Diagnostic:
    token = exc.token
    expected = set(exc.expected or ())
    start = token.start_pos if token.start_pos is not None else len(source.text)
    start = min(start, len(source.text))
    end = token.end_pos if token.end_pos is not None else start
    end = min(max(end, start), len(source.text))
    span = Span(source=source, start=start, end=end)
    kind = token.type
    if kind == "$END":
        return error(
            SYNTAX,
            f"the spec ends too early: expected {_describe(expected)}",
            source.span(max(0, len(source.text.rstrip()) - 1), len(source.text.rstrip())),
            label="unfinished here",
            hint="close every `[` and `{` you opened",
        )
    if kind == "BASIC_STRING" and source.text[max(0, start - 2) : start + 1] == '"""':
        return error(
            UNSUPPORTED,
            "multi-line strings are not part of the fcsec spec language",
            source.span(start - 2, start + 1),
            label="multi-line string",
            hint="write the value on one line",
        )
    if kind == "BARE_KEY" and expected & _VALUE_TERMINALS:
        rest = _line_rest(source, start)
        if _DATE.match(rest):
            return _unsupported_value(source, start, "dates and times")
        if _FLOAT.match(rest):
            return _unsupported_value(source, start, "floating-point numbers")
        return error(
            SYNTAX,
            f"`{token.value}` is not a value: text values need quotes",
            span,
            label="expected a value",
            hint=f'write "{token.value}" (in double quotes)',
        )
    if kind == "LSQB" and "BARE_KEY" in expected and "EQUAL" not in expected:
        return error(
            UNSUPPORTED,
            "arrays of tables (`[[...]]`) are not part of the fcsec spec language",
            span,
            label="array of tables",
            hint="name each item: [listeners.https8443] instead of [[listeners]]",
        )
    if kind == "DOT" and expected <= {"_NL", "COMMA", "RSQB", "RBRACE"}:
        return _unsupported_value(source, _previous_token_start(source, start), "floating-point numbers")
    if "EQUAL" in expected:
        return error(
            SYNTAX,
            f"expected `=` after the key, found {_NAMES.get(kind, repr(token.value))}",
            span,
            label="expected `=`",
            hint='write `key = value`, e.g. `port = 8443`',
        )
    if kind == "_NL" and expected & _VALUE_TERMINALS and "RBRACE" not in expected:
        return error(
            SYNTAX,
            "missing value after `=`",
            Span(source=source, start=start, end=start),
            label="expected a value",
            hint='give a string in quotes, an integer, true/false, [ ... ] or { ... }',
        )
    if kind == "_NL" and expected & {"COMMA", "RBRACE", "BARE_KEY"}:
        return error(
            SYNTAX,
            "an inline table `{ ... }` must be closed on the line where it starts",
            Span(source=source, start=start, end=start),
            label="expected `}`",
            hint="close it with `}` on this line, or use a [table] section",
        )
    if expected == {"_NL"}:
        return error(
            SYNTAX,
            f"expected the end of the line, found {_NAMES.get(kind, repr(token.value))}",
            span,
            label="expected a new line",
            hint="put each key on its own line",
        )
    if kind in _VALUE_TERMINALS - {"LSQB", "LBRACE"} and "BARE_KEY" in expected:
        return error(
            SYNTAX,
            f"found {_NAMES.get(kind, repr(token.value))} where a key was expected",
            span,
            label="expected a key",
        )
    return error(
        SYNTAX,
        f"found {_NAMES.get(kind, repr(str(token.value)))} where {_describe(expected)} was expected",
        span,
        label="unexpected here",
    )


def _previous_token_start(source: SourceFile, offset: int) -> int:
    index = offset
    while index > 0 and not source.text[index - 1].isspace() and source.text[index - 1] not in "=[,{":
        index -= 1
    return index


def diagnostic_from_lark(exc: LarkError, source: SourceFile) -> Diagnostic:
    """The one translation from a lark exception to a located diagnostic."""
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, source)
    if isinstance(exc, UnexpectedToken):
        return _unexpected_token(exc, source)
    if isinstance(exc, UnexpectedEOF):
        end = len(source.text)
        return error(SYNTAX, "the spec ends too early", source.span(end, end), label="here")
    return error(SYNTAX, f"cannot parse the spec: {exc}", source.span(0, 0))
