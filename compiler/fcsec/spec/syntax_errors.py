"""Turn lark's exceptions, and the byte-level problems lark never sees, into diagnostics.

This is the only place that knows lark's exception types. Every message says what is wrong at
the offending token and, where the cause is a TOML feature fcsec leaves out on purpose (floats,
dates, arrays of tables, multi-line strings), says so and how to write it instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fcsec.diagnostics import Diagnostic, Related, diagnostic
from fcsec.rule_ids import SPEC_BAD_CHARACTER, SPEC_SYNTAX, UNSUPPORTED_TOML
from fcsec.source import SourceFile, Span

if TYPE_CHECKING:
    # Imported where used: ``check_text`` runs on every spec, and a valid spec is parsed without
    # lark (fcsec.spec.lalr), so lark is imported only when there is an error to explain.
    from lark import Token
    from lark.exceptions import (
        LarkError,
        UnexpectedCharacters,
        UnexpectedInput,
        UnexpectedToken,
    )


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
# Patterns of the explanations, compiled by ``re`` when a spec first has such an error (its
# cache keeps them): a spec without one never pays for them.
_DATE = r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}"
_FLOAT = r"[+-]?(\d[\d_]*\.|\d[\d_]*[eE][+-]?\d|\.\d|inf\b|nan\b)"
_RADIX = r"(?i)[+-]?0[xob]"
_BAD_INTEGER = r"[+-]?\d[\d_]*$"
_BOOLEAN = r"(?i)(true|false)$"

# Where the parser stood: which bracket is open, if any. LALR merges the lookaheads of states
# with the same items, so lark's "expected" sets name tokens that cannot occur in this context
# (a `}` at the top level); the context tells which of them really could.
_STATEMENT, _HEADER, _ARRAY, _INLINE = "statement", "header", "array", "inline table"
_IMPOSSIBLE = {
    _STATEMENT: {"COMMA", "RSQB", "RBRACE"},
    _HEADER: {"COMMA", "RBRACE", "EQUAL", "_NL"},
    _ARRAY: {"RBRACE", "EQUAL"},
    _INLINE: {"RSQB", "_NL"},
}


def check_text(source: SourceFile) -> list[Diagnostic]:
    """Problems found before parsing: a byte order mark, NUL and other control characters."""
    problems: list[Diagnostic] = []
    text = source.text
    if text.startswith("\ufeff"):
        problems.append(
            diagnostic(
                SPEC_BAD_CHARACTER,
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
            diagnostic(
                SPEC_BAD_CHARACTER,
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
            diagnostic(
                SPEC_BAD_CHARACTER,
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


def _context(exc: UnexpectedInput) -> tuple[str, Token | None]:
    """The innermost open bracket on the parser's stack: its kind and its token."""
    from lark import Token

    stack = getattr(getattr(exc, "state", None), "value_stack", None) or []
    openers: list[tuple[str, Token]] = []
    previous: object = None
    for item in stack:
        if isinstance(item, Token):
            if item.type == "LSQB":
                after_equal = isinstance(previous, Token) and previous.type == "EQUAL"
                openers.append((_ARRAY if openers or after_equal else _HEADER, item))
            elif item.type == "LBRACE":
                openers.append((_INLINE, item))
            elif item.type in ("RSQB", "RBRACE") and openers:
                openers.pop()
        previous = item
    return openers[-1] if openers else (_STATEMENT, None)


def _possible(expected: set[str], context: str) -> set[str]:
    return expected - _IMPOSSIBLE[context]


def _multi_line(source: SourceFile, start: int) -> Diagnostic | None:
    """A `\"\"\"` or `'''` ending at ``start + 1`` (the lexer split it into strings)."""
    opening = source.text[max(0, start - 2) : start + 1]
    if start >= 2 and opening in ('"""', "'''"):
        return diagnostic(
            UNSUPPORTED_TOML,
            "multi-line strings are not part of the fcsec spec language",
            source.span(start - 2, start + 1),
            label="multi-line string",
            hint="write the value on one line",
        )
    return None


def _unexpected_character(exc: UnexpectedCharacters, source: SourceFile) -> Diagnostic:
    offset = min(exc.pos_in_stream or 0, len(source.text))
    rest = _line_rest(source, offset)
    span = source.span(offset, offset + 1)
    if rest.startswith(('"""', "'''")):
        return diagnostic(
            UNSUPPORTED_TOML,
            "multi-line strings are not part of the fcsec spec language",
            source.span(offset, offset + 3),
            label="multi-line string",
            hint="write the value on one line",
        )
    if rest.startswith(('"', "'")):
        multi_line = _multi_line(source, offset)
        if multi_line is not None:
            return multi_line
    if rest.startswith('"'):
        closing = re.match(r'"(?:[^"\\]|\\.)*"', rest)
        if closing is None:
            return diagnostic(
                SPEC_SYNTAX,
                "this string is not closed before the end of the line",
                source.span(offset, offset + len(rest)),
                label="unterminated string",
                hint='add the closing `"`',
            )
        bad = re.search(r'\\(?![btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})', closing.group())
        if bad is not None:
            start = offset + bad.start()
            escape = closing.group()[bad.start() : bad.start() + 2]
            return diagnostic(
                SPEC_SYNTAX,
                f"`{escape}` is not a valid escape sequence in a string",
                source.span(start, start + 2),
                label="invalid escape",
                hint="for Windows paths use a literal string in single quotes: "
                "'C:\\faircom\\ca.pem'",
            )
    if rest.startswith("'"):
        return diagnostic(
            SPEC_SYNTAX,
            "this literal string is not closed before the end of the line",
            source.span(offset, offset + len(rest)),
            label="unterminated string",
            hint="add the closing `'`",
        )
    if re.match(_DATE, rest):
        return _unsupported_value(source, offset, "dates and times")
    if re.match(_FLOAT, rest):
        return _unsupported_value(source, offset, "floating-point numbers")
    shown = rest[:1] if rest else "end of line"
    context, _opener = _context(exc)
    allowed = _possible(set(exc.allowed or ()), context)
    return diagnostic(
        SPEC_SYNTAX,
        f"unexpected character `{shown}`",
        span,
        label=f"expected {_describe(allowed)}" if allowed else "",
    )


def _unsupported_value(source: SourceFile, offset: int, what: str) -> Diagnostic:
    token = re.match(r"[^\s,\]}#]+", _line_rest(source, offset))
    end = offset + (len(token.group()) if token else 1)
    return diagnostic(
        UNSUPPORTED_TOML,
        f"{what} are not part of the fcsec spec language",
        source.span(offset, end),
        label="unsupported value",
        hint='write it as a string ("...") or an integer',
    )


def _bare_value(source: SourceFile, token: Token, span: Span) -> Diagnostic:
    """A bare word where a value belongs: say which TOML value it resembles."""
    start = span.start
    rest = _line_rest(source, start)
    text = str(token.value)
    if re.match(_DATE, rest):
        return _unsupported_value(source, start, "dates and times")
    if re.match(_FLOAT, rest):
        return _unsupported_value(source, start, "floating-point numbers")
    if re.match(_RADIX, text):
        return diagnostic(
            UNSUPPORTED_TOML,
            "hexadecimal, octal and binary integers are not part of the fcsec spec language",
            span,
            label="unsupported value",
            hint="write the number in decimal",
        )
    if re.match(_BAD_INTEGER, text):
        return diagnostic(
            SPEC_SYNTAX,
            f"`{text}` is not a valid integer",
            span,
            label="invalid integer",
            hint="write digits without leading zeros; an `_` must sit between two digits",
        )
    if re.match(_BOOLEAN, text):
        return diagnostic(
            SPEC_SYNTAX,
            f"`{text}` is not a value: booleans are written in lower case",
            span,
            label="expected a value",
            hint=f"write {text.lower()}",
        )
    return diagnostic(
        SPEC_SYNTAX,
        f"`{text}` is not a value: text values need quotes",
        span,
        label="expected a value",
        hint=f'write "{text}" (in double quotes)',
    )


def _found(token: Token) -> str:
    return _NAMES.get(token.type, repr(str(token.value)))


def _unexpected_token(exc: UnexpectedToken, source: SourceFile) -> Diagnostic:
    token = exc.token
    context, opener = _context(exc)
    expected = _possible(set(exc.expected or ()), context)
    start = token.start_pos if token.start_pos is not None else len(source.text)
    start = min(start, len(source.text))
    end = token.end_pos if token.end_pos is not None else start
    end = min(max(end, start), len(source.text))
    span = Span(source=source, start=start, end=end)
    kind = token.type
    if kind == "$END":
        if opener is not None and opener.start_pos is not None:
            closer = "]" if opener.type == "LSQB" else "}"
            return diagnostic(
                SPEC_SYNTAX,
                f"this `{opener.value}` is never closed",
                source.span(opener.start_pos, opener.start_pos + 1),
                label=f"expected `{closer}` after the last item",
                hint=f"close the {context} with `{closer}`",
            )
        return diagnostic(
            SPEC_SYNTAX,
            f"the spec ends too early: expected {_describe(expected)}",
            source.span(max(0, len(source.text.rstrip()) - 1), len(source.text.rstrip())),
            label="unfinished here",
            hint="close every `[` and `{` you opened",
        )
    if kind in ("BASIC_STRING", "LITERAL_STRING"):
        multi_line = _multi_line(source, start)
        if multi_line is not None:
            return multi_line
    if "LBRACE" in expected:  # a value belongs here
        if kind == "BARE_KEY":
            return _bare_value(source, token, span)
        if kind == "DOT" and re.match(_FLOAT, _line_rest(source, start)):
            return _unsupported_value(source, start, "floating-point numbers")
        if kind == "_NL":
            return diagnostic(
                SPEC_SYNTAX,
                "missing value after `=`",
                Span(source=source, start=start, end=start),
                label="expected a value",
                hint="give a string in quotes, an integer, true/false, [ ... ] or { ... }",
            )
        return diagnostic(
            SPEC_SYNTAX,
            f"expected a value, found {_found(token)}",
            span,
            label="expected a value",
            hint="give a string in quotes, an integer, true/false, [ ... ] or { ... }",
        )
    if context == _INLINE and kind == "_NL":
        return diagnostic(
            SPEC_SYNTAX,
            "an inline table `{ ... }` must be closed on the line where it starts",
            Span(source=source, start=start, end=start),
            label="expected `}`",
            hint="close it with `}` on this line, or use a [table] section",
        )
    if "BARE_KEY" in expected:  # a key belongs here
        if kind == "LSQB" and context == _HEADER:
            return diagnostic(
                UNSUPPORTED_TOML,
                "arrays of tables (`[[...]]`) are not part of the fcsec spec language",
                Span(source=source, start=max(0, start - 1), end=end),
                label="array of tables",
                hint="name each item: [listeners.https8443] instead of [[listeners]]",
            )
        if kind == "RBRACE" and context == _INLINE:
            return diagnostic(
                SPEC_SYNTAX,
                "an inline table `{ ... }` cannot end with a comma",
                span,
                label="expected a key",
                hint="remove the `,` before `}`",
            )
        return diagnostic(
            SPEC_SYNTAX,
            f"expected a key, found {_found(token)}",
            span,
            label="expected a key",
            hint="a key is a name of letters, digits, `_` and `-`, or a quoted string",
        )
    if context == _HEADER:
        if kind == "_NL":
            return diagnostic(
                SPEC_SYNTAX,
                "the table header is not closed",
                Span(source=source, start=start, end=start),
                label="expected `]`",
                hint="close it: [listeners.https8443]",
            )
        return diagnostic(
            SPEC_SYNTAX,
            f"expected `]` or `.` in the table header, found {_found(token)}",
            span,
            label="expected `]`",
            hint='a name with spaces or other characters needs quotes: [certs."my cert"]',
        )
    if "EQUAL" in expected:
        return diagnostic(
            SPEC_SYNTAX,
            f"expected `=` after the key, found {_found(token)}",
            span,
            label="expected `=`",
            hint='write `key = value`, e.g. `port = 8443`; quote a key with spaces: "my key" = 1',
        )
    if context == _ARRAY:
        return diagnostic(
            SPEC_SYNTAX,
            f"expected `,` or `]` after an array item, found {_found(token)}",
            span,
            label="expected `,` or `]`",
            hint="separate the items of an array with commas",
            related=_opened_at(source, opener),
        )
    if context == _INLINE:
        return diagnostic(
            SPEC_SYNTAX,
            f"expected `,` or `}}` after a value in an inline table, found {_found(token)}",
            span,
            label="expected `,` or `}`",
            hint="separate the keys of an inline table with commas",
        )
    if expected == {"_NL"}:
        return diagnostic(
            SPEC_SYNTAX,
            f"expected the end of the line, found {_found(token)}",
            span,
            label="expected a new line",
            hint="write one `key = value` or [table] per line; a comment starts with #",
        )
    return diagnostic(
        SPEC_SYNTAX,
        f"found {_found(token)} where {_describe(expected)} was expected",
        span,
        label="unexpected here",
    )


def _opened_at(source: SourceFile, opener: Token | None) -> tuple[Related, ...]:
    if opener is None or opener.start_pos is None:
        return ()
    span = source.span(opener.start_pos, opener.start_pos + 1)
    return (Related(span=span, message="the array starts here"),)


def diagnostic_from_lark(exc: LarkError, source: SourceFile) -> Diagnostic:
    """The one translation from a lark exception to a located diagnostic."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, source)
    if isinstance(exc, UnexpectedToken):
        return _unexpected_token(exc, source)
    if isinstance(exc, UnexpectedEOF):
        end = len(source.text)
        return diagnostic(
            SPEC_SYNTAX, "the spec ends too early", source.span(end, end), label="here"
        )
    return diagnostic(SPEC_SYNTAX, f"cannot parse the spec: {exc}", source.span(0, 0))
