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
from collections.abc import Iterator

from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile, Span
from fcsec.spec import syntax as ast
from fcsec.spec.builder import Builder
from fcsec.spec.lalr import Driver, Reject
from fcsec.spec.lark_parse import grammar_text, parse_with_lark

__all__ = ["parse_document"]


@functools.cache
def driver() -> tuple[Driver, Lines] | None:
    """The driver of the shipped tables, or None when they were made from another grammar.
    Both hold only what the tables say: every parse brings its own ``Builder``."""
    from fcsec.spec import parser_tables as tables

    if grammar_text() != tables.GRAMMAR_TEXT:
        return None
    return Driver(tables.DRIVER, Builder), Lines(tables.DRIVER["patterns"])


# The terminals of a value on a line Lines recognises whole.
_VALUES = ("BASIC_STRING", "INTEGER", "LITERAL_STRING", "FALSE", "TRUE")

# A key part's terminal, told by its first character.
_KINDS = {'"': "BASIC_STRING", "'": "LITERAL_STRING"}


class Lines:
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
            value = _scalar(kind, text[value_start:value_end], value_start, value_end, builder)
            key = self._dotted(text, regs, first, second, end, builder)
            return ast.KeyVal(key, value, _new_span(Span, (builder.source, start, value_end)))
        whole, first, second = self._header
        start, end = regs[whole]
        if start >= 0:
            key = self._dotted(text, regs, first, second, end, builder)
            return builder.header(regs[self._lsqb][0], key, regs[self._rsqb][1])
        return None

    def plain(self, text: str, line: re.Match[str], builder: Builder) -> Plain | None:
        """A matched ``name = scalar`` or ``name.stem = scalar`` line of bare key parts and a
        value without escapes, as (``name`` and its span, or None twice; the last part, its
        span; the value), for ``fcsec.spec.tree_parse``: its key's nodes are never made. None
        for any other line.

        The value and the spans are those ``statement`` makes; nothing this takes can add a
        problem to ``builder``.
        """
        regs = line.regs
        bare = _bare(text, regs, self._key)
        if bare is None:
            return None
        first_start, first_end, stem_start, end = bare
        source = builder.source
        if stem_start < 0:
            table, table_span, stem_start = None, None, first_start
        else:
            table = text[first_start:first_end]
            table_span = _new_span(Span, (source, first_start, first_end))
        kind = line.lastgroup
        assert kind is not None
        value_start, value_end = regs[self._values[kind]]
        raw = text[value_start:value_end]
        if kind == "BASIC_STRING" and "\\" in raw:
            return None
        value = _scalar(kind, raw, value_start, value_end, builder)
        return (
            table,
            table_span,
            text[stem_start:end],
            _new_span(Span, (source, stem_start, end)),
            value,
        )

    def plain_header(self, text: str, line: re.Match[str], builder: Builder) -> Header | None:
        """A matched ``[name]`` or ``[name.name]`` line of bare key parts as (the names, their
        spans, the header's span), for ``fcsec.spec.tree_parse``; None for any other line. The
        spans are those ``statement`` makes."""
        bare = _bare(text, line.regs, self._header)
        if bare is None:
            return None
        first_start, first_end, second_start, end = bare
        source = builder.source
        span = _new_span(Span, (source, line.start(self._lsqb), line.end(self._rsqb)))
        if second_start < 0:
            return (text[first_start:end],), (_new_span(Span, (source, first_start, end)),), span
        names = text[first_start:first_end], text[second_start:end]
        spans = (
            _new_span(Span, (source, first_start, first_end)),
            _new_span(Span, (source, second_start, end)),
        )
        return names, spans, span

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

#: A ``name = scalar`` line as ``Lines.plain`` reads it: (the first part of a two-part key and
#: its span, or None twice; the last key part, its span; the value).
Plain = tuple[str | None, Span | None, str, Span, ast.ScalarValue]
#: A ``[name]`` line as ``Lines.plain_header`` reads it: (the names, their spans, the header's).
Header = tuple[tuple[str, ...], tuple[Span, ...], Span]


def _bare(
    text: str, regs: tuple[tuple[int, int], ...], groups: tuple[int, int, int]
) -> tuple[int, int, int, int] | None:
    """The offsets of a key of one or two bare parts, matched in ``groups`` (the key's, its first
    part's, its second part's): (first start, first end, second start or -1, end); None for any
    other key, or none."""
    whole, first, second = groups
    start, end = regs[whole]
    if start < 0:
        return None
    first_start, first_end = regs[first]
    if text[first_start] in _KINDS:
        return None
    if first_end == end:
        return first_start, end, -1, end
    second_start, second_end = regs[second]
    if second_end != end or text[second_start] in _KINDS:
        return None
    return first_start, first_end, second_start, end


def _scalar(kind: str, raw: str, start: int, end: int, builder: Builder) -> ast.ScalarValue:
    if kind == "BASIC_STRING" and "\\" not in raw:  # as the builder makes it, a call sooner
        return ast.StringValue(raw[1:-1], _new_span(Span, (builder.source, start, end)))
    return builder.scalar(kind, raw, start, end)


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
    text = checked_text(source)
    result = _drive(source, text)
    if result is None:
        result = parse_with_lark(source, text)
    return result


def checked_text(source: SourceFile) -> str:
    """The text to parse (ended by a line break); raise DiagnosticError on the characters no
    spec may hold, which ``fcsec.spec.syntax_errors`` finds before any parse."""
    from fcsec.spec.syntax_errors import check_text

    problems = check_text(source)
    if problems:
        raise DiagnosticError(problems)
    return source.text if source.text.endswith("\n") else source.text + "\n"


def _drive(source: SourceFile, text: str) -> ast.Document | None:
    """The tree from the line recogniser and the table driver; None when the driver rejects a
    part of the text (lark then parses all of it and explains)."""
    shipped = driver()
    if shipped is None:
        return None
    tables, lines = shipped
    return _drive_lines(text, tables, lines, Builder(source))


def _drive_lines(text: str, tables: Driver, lines: Lines, builder: Builder) -> ast.Document | None:
    statements: list[ast.Statement] = []
    try:
        for found in stretches(text, tables, lines, builder):
            if isinstance(found, ast.Document):
                statements.extend(found.statements)
            else:
                statement = lines.statement(text, found, builder)
                assert statement is not None  # a line of a statement
                statements.append(statement)
    except Reject:
        return None
    if builder.problems:
        raise DiagnosticError(builder.problems)
    return builder.start(statements)


def stretches(
    text: str, tables: Driver, lines: Lines, builder: Builder
) -> Iterator[re.Match[str] | ast.Document]:
    """The statements of ``text`` in order: each line ``lines`` recognises whole as its match
    (blank and comment lines left out), every stretch of other lines parsed by the driver;
    ``Reject`` (raised) when the driver rejects one."""
    pending = -1  # where the lines start that the driver has still to parse
    position, length = 0, len(text)
    match_line = lines.line.match
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
            yield tables.parse(text, builder, pending, position)
            pending = -1
        position = line.end()
        if line.lastgroup is not None:
            yield line
    if pending >= 0:
        yield tables.parse(text, builder, pending, length)
