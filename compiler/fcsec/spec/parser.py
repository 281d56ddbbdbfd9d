"""Turn spec text into the syntax AST; explain a text that does not parse with lark's help.

The driver calls the rule callbacks as it reduces (no tree first, no recursion over nesting
depth), so every node takes its span from the tokens it holds. Syntax errors become diagnostics
in exactly one place: ``fcsec.spec.syntax_errors``. This module never checks TOML or fcsec rules.

Importing lark alone costs more than the rest of a ``fcsec compile``, and building the LALR
tables from ``grammar/fcsec_spec.lark`` adds tens of milliseconds (over a hundred when the
optional ``interegular`` is installed: lark then checks every pair of terminals). So the tables
ship as data (``fcsec.spec.parser_tables``, written by ``scripts/build_parser_tables.py`` at
development time) and a spec is parsed by ``fcsec.spec.lalr``, a small driver of those tables,
without importing lark. Only a text the driver rejects goes to lark, whose exception says what
is wrong: lark's parser is built from the grammar with lark's public API, once per process, on
the first such text (``fcsec.spec.lark_parse``). The shipped tables are used only when they were
generated from this very grammar text (they hold a copy of it); otherwise lark parses every
text. Nothing is ever written at run time (installs may be read-only).
"""

from __future__ import annotations

import functools
import re

from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile, Span
from fcsec.spec import syntax as ast
from fcsec.spec.builder import Builder
from fcsec.spec.lalr import Driver, Reject
from fcsec.spec.lark_parse import grammar_text, parse_with_lark

__all__ = ["parse_document"]


@functools.cache
def _driver() -> tuple[Driver, _Lines] | None:
    """The driver of the shipped tables, or None when they were made from another grammar.
    Both hold only what the tables say: every parse brings its own ``Builder``."""
    from fcsec.spec import parser_tables as tables

    if grammar_text() != tables.GRAMMAR_TEXT:
        return None
    return Driver(tables.DRIVER, Builder), _Lines(tables.DRIVER["patterns"])


# The terminals of a value on a line _Lines recognises whole.
_VALUES = ("BASIC_STRING", "INTEGER", "LITERAL_STRING", "FALSE", "TRUE")

# A key part's terminal, told by its first character.
_KINDS = {'"': "BASIC_STRING", "'": "LITERAL_STRING"}


class _Lines:
    """The common top-level lines, recognised whole: ``key = scalar``, ``[key]``, blank, comment.

    A spec of 2,000 listeners is ten thousand such lines; running each through the LALR driver
    token by token costs most of a ``fcsec check``. One regular expression, assembled from the
    grammar's own terminals, matches such a line; the rule callbacks are then called with the
    same tokens, in the same order, as the driver would call them. The terminals of one line
    cannot run into each other (each ends where the next one's first character is impossible to
    it, and INTEGER's look-ahead forbids the rest), so the match is the contextual lexer's
    tokenisation. Every other line (arrays, inline tables, anything wrong) goes to the driver.
    """

    def __init__(self, terminals: dict[str, str]) -> None:
        t = terminals
        part = f"(?:{t['BASIC_STRING']}|{t['LITERAL_STRING']}|{t['BARE_KEY']})"
        ws = f"(?:{t['WS']})?"

        def key(name: str) -> str:
            # The first two parts are groups of their own: most keys have one or two parts.
            dot = f"{ws}{t['DOT']}{ws}"
            return f"(?P<{name}>(?P<{name}1>{part})(?:{dot}(?P<{name}2>{part}))?(?:{dot}{part})*)"

        values = "|".join(f"(?P<{name}>{t[name]})" for name in _VALUES)
        self.line = re.compile(
            f"{ws}(?:(?P<LSQB>{t['LSQB']}){ws}{key('header')}{ws}(?P<RSQB>{t['RSQB']})"
            f"|{key('key')}{ws}(?P<EQUAL>{t['EQUAL']}){ws}(?:{values}))?"
            f"{ws}(?:{t['COMMENT']})?{t['_NL']}"
        )
        self.parts = re.compile(
            "|".join(f"(?P<{n}>{t[n]})" for n in ("BASIC_STRING", "LITERAL_STRING", "BARE_KEY"))
        )
        groups = self.line.groupindex
        self._key = groups["key"], groups["key1"], groups["key2"]
        self._header = groups["header"], groups["header1"], groups["header2"]
        self._lsqb, self._rsqb = groups["LSQB"], groups["RSQB"]
        self._values = {name: groups[name] for name in _VALUES}

    def statement(self, text: str, line: re.Match[str], builder: Builder) -> ast.Statement | None:
        """The statement of a matched line (None for a blank or comment line).

        This runs once per line of a spec, so it builds the nodes of the common cases itself
        (bare key parts, strings without escapes, plain integers) with the builder's results:
        a Python call per node saved is a tenth of a big spec's parse.
        """
        # ``regs`` holds every group's (start, end) in one tuple: one attribute read instead of
        # a dozen method calls per line.
        regs = line.regs
        whole, first, second = self._key
        start, end = regs[whole]
        if start >= 0:
            kind = line.lastgroup
            assert kind is not None
            value_start, value_end = regs[self._values[kind]]
            key = self._dotted(text, regs, first, second, end, builder)
            raw = text[value_start:value_end]
            source = builder.source
            if kind == "BASIC_STRING" and "\\" not in raw:
                value: ast.Value = ast.StringValue(
                    raw[1:-1], _new_span(Span, (source, value_start, value_end))
                )
            else:
                value = builder.scalar(kind, raw, value_start, value_end)
            return ast.KeyVal(key, value, _new_span(Span, (source, start, value_end)))
        whole, first, second = self._header
        start, end = regs[whole]
        if start >= 0:
            key = self._dotted(text, regs, first, second, end, builder)
            return builder.header(regs[self._lsqb][0], key, regs[self._rsqb][1])
        return None

    def _dotted(
        self,
        text: str,
        regs: tuple[tuple[int, int], ...],
        first: int,
        second: int,
        end: int,
        builder: Builder,
    ) -> ast.Key:
        """The key ending at ``end`` whose first two parts are the groups ``first``, ``second``
        (as ``Builder.dotted`` makes it: a one-part key shares its part's span)."""
        source = builder.source
        first_start, first_end = regs[first]
        if first_end == end:
            if text[first_start] in _KINDS:
                part = _part(text, first_start, end, builder)
                return ast.Key((part,), part.span)
            span = _new_span(Span, (source, first_start, end))  # a bare key: text as written
            return ast.Key((ast.KeyPart(text[first_start:end], span),), span)
        second_start, second_end = regs[second]
        if second_end == end:
            parts: tuple[ast.KeyPart, ...] = (
                _part(text, first_start, first_end, builder),
                _part(text, second_start, end, builder),
            )
        else:  # three parts or more
            parts = tuple(
                builder.part(match.lastgroup or "", match.group(), match.start(), match.end())
                for match in self.parts.finditer(text, first_start, end)
            )
        return ast.Key(parts, _new_span(Span, (source, first_start, end)))


#: Makes a ``Span`` without the Python frame of the named tuple's ``__new__`` (the line
#: recogniser makes three per line).
_new_span = tuple.__new__


def _part(text: str, start: int, end: int, builder: Builder) -> ast.KeyPart:
    kind = _KINDS.get(text[start])
    if kind is None:  # a bare key: its text as written
        return ast.KeyPart(text[start:end], _new_span(Span, (builder.source, start, end)))
    return builder.part(kind, text[start:end], start, end)


def parse_document(source: SourceFile) -> ast.Document:
    """Parse spec text into the syntax AST; raise DiagnosticError on a syntax error.

    Re-entrant: each call has its own builder, and nothing of a parse outlives the call (the
    driver's tables and lark's parser are shared and hold no state of a parse). Callers that need
    the tree twice keep it (``fcsec.api.parse_spec``).
    """
    from fcsec.spec.syntax_errors import check_text

    problems = check_text(source)
    if problems:
        raise DiagnosticError(problems)
    text = source.text if source.text.endswith("\n") else source.text + "\n"
    result = _drive(source, text)
    if result is None:
        result = parse_with_lark(source, text)
    return result


def _drive(source: SourceFile, text: str) -> ast.Document | None:
    """The tree from the line recogniser and the table driver; None when the driver rejects a
    part of the text (lark then parses all of it and explains)."""
    driver = _driver()
    if driver is None:
        return None
    tables, lines = driver
    return _drive_lines(text, tables, lines, Builder(source))


def _drive_lines(text: str, tables: Driver, lines: _Lines, builder: Builder) -> ast.Document | None:
    statements: list[ast.Statement] = []
    pending = -1  # where the lines start that the driver has still to parse
    position, length = 0, len(text)
    match_line = lines.line.match
    try:
        while position < length:
            line = match_line(text, position)
            if line is None or (pending >= 0 and line.lastgroup is None):
                # Not a simple line, or a blank or comment line among the driver's lines (they
                # may be inside a multi-line array): the driver parses the whole stretch.
                if pending < 0:
                    pending = position
                position = text.index("\n", position) + 1
                continue
            if pending >= 0:
                statements.extend(tables.parse(text, builder, pending, position).statements)
                pending = -1
            statement = lines.statement(text, line, builder)
            if statement is not None:
                statements.append(statement)
            position = line.end()
        if pending >= 0:
            statements.extend(tables.parse(text, builder, pending, length).statements)
    except Reject:
        return None
    if builder.problems:
        raise DiagnosticError(builder.problems)
    return builder.start(statements)
