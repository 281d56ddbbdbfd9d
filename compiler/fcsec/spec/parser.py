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
the first such text (``_lark``). The shipped tables are used only when they were generated from
this very grammar text (they hold a copy of it); otherwise lark parses every text. Nothing is
ever written at run time (installs may be read-only).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic
from fcsec.packagedata import read_text
from fcsec.rule_ids import SPEC_SYNTAX
from fcsec.source import SourceFile, Span
from fcsec.spec import syntax as ast
from fcsec.spec.lalr import Driver, Reject
from fcsec.spec.strings import BadEscape, decode_basic_string

if TYPE_CHECKING:
    from lark import Lark, Token, Tree


class _Token(Protocol):
    """A terminal as a callback gets it: lark's ``Token`` or ``fcsec.spec.lalr.Token``, both
    ``str`` subclasses holding the matched text."""

    @property
    def start_pos(self) -> int | None: ...

    @property
    def end_pos(self) -> int | None: ...


_NODES = (
    ast.Key,
    ast.StringValue,
    ast.IntValue,
    ast.BoolValue,
    ast.ArrayValue,
    ast.InlineTableValue,
)


_Leaf = TypeVar("_Leaf", ast.KeyPart, ast.Value)


class _Builder:
    """The callbacks of the grammar's rules, by rule name or alias (the driver calls them as it
    reduces; lark's tree is built through them by ``_build``).

    One builder per parse: it holds the source the spans point into and the problems found on
    the way, so parses never share state."""

    def __init__(self, source: SourceFile) -> None:
        self._source = source
        self.problems: list[Diagnostic] = []

    def _span(self, first: _Token | ast.Key | ast.Value, last: _Token | ast.Value) -> Span:
        start = first.span.start if isinstance(first, _NODES) else first.start_pos
        end = last.span.end if isinstance(last, _NODES) else last.end_pos
        assert start is not None and end is not None
        return Span(self._source, start, end)

    @staticmethod
    def _offsets(token: _Token) -> tuple[int, int]:
        start, end = token.start_pos, token.end_pos
        assert start is not None and end is not None
        return start, end

    # --- the nodes, from offsets (the rule callbacks below and fcsec.spec.parser._Lines) -------
    def header(self, start: int, key: ast.Key, end: int) -> ast.TableHeader:
        return ast.TableHeader(key, Span(self._source, start, end))

    def pair(self, key: ast.Key, value: ast.Value) -> ast.KeyVal:
        return ast.KeyVal(key, value, Span(self._source, key.span.start, value.span.end))

    def dotted(self, parts: tuple[ast.KeyPart, ...]) -> ast.Key:
        # A one-part key spans what its part spans: the (immutable) span is shared.
        if len(parts) == 1:
            return ast.Key(parts, parts[0].span)
        return ast.Key(parts, Span(self._source, parts[0].span.start, parts[-1].span.end))

    def part(self, kind: str, raw: str, start: int, end: int) -> ast.KeyPart:
        """A key part from its terminal (BARE_KEY, BASIC_STRING or LITERAL_STRING) as written."""
        if kind == "BASIC_STRING":
            text = self._decode(raw, start)
        elif kind == "LITERAL_STRING":
            text = raw[1:-1]
        else:
            text = raw
        return ast.KeyPart(text, Span(self._source, start, end))

    def scalar(self, kind: str, raw: str, start: int, end: int) -> ast.Value:
        """A value from its terminal as written."""
        span = Span(self._source, start, end)
        if kind == "BASIC_STRING":
            return ast.StringValue(self._decode(raw, start), span)
        if kind == "LITERAL_STRING":
            return ast.StringValue(raw[1:-1], span)
        if kind == "INTEGER":
            return ast.IntValue(int(raw.replace("_", "")), span)
        return ast.BoolValue(kind == "TRUE", span)

    def _decode(self, raw: str, start: int) -> str:
        try:
            return decode_basic_string(raw)
        except BadEscape as bad:
            at = start + bad.offset
            self.problems.append(
                diagnostic(
                    SPEC_SYNTAX,
                    f"`{bad.escape}` is not a Unicode scalar value",
                    Span(source=self._source, start=at, end=at + len(bad.escape)),
                    label="invalid escape",
                    hint="use a code point outside the surrogate range D800-DFFF, at most 10FFFF",
                )
            )
            return ""

    # --- the rule callbacks (by rule name or alias) --------------------------------------------
    def start(self, children: list[ast.Statement]) -> ast.Document:
        return ast.Document(statements=tuple(children))

    def table(self, children: list[Any]) -> ast.TableHeader:
        opening, key, closing = children
        return self.header(self._offsets(opening)[0], key, self._offsets(closing)[1])

    def keyval(self, children: list[Any]) -> ast.KeyVal:
        key, _equal, value = children
        return self.pair(key, value)

    def key(self, children: list[Any]) -> ast.Key:
        return self.dotted(tuple(child for child in children if isinstance(child, ast.KeyPart)))

    def _leaf(self, kind: str, token: _Token, build: Callable[..., _Leaf]) -> _Leaf:
        return build(kind, str(token), *self._offsets(token))

    def bare_key(self, children: list[Any]) -> ast.KeyPart:
        return self._leaf("BARE_KEY", children[0], self.part)

    def quoted_key(self, children: list[Any]) -> ast.KeyPart:
        return self._leaf("BASIC_STRING", children[0], self.part)

    def literal_key(self, children: list[Any]) -> ast.KeyPart:
        return self._leaf("LITERAL_STRING", children[0], self.part)

    def basic_string(self, children: list[Any]) -> ast.Value:
        return self._leaf("BASIC_STRING", children[0], self.scalar)

    def literal_string(self, children: list[Any]) -> ast.Value:
        return self._leaf("LITERAL_STRING", children[0], self.scalar)

    def integer(self, children: list[Any]) -> ast.Value:
        return self._leaf("INTEGER", children[0], self.scalar)

    def true(self, children: list[Any]) -> ast.Value:
        return self._leaf("TRUE", children[0], self.scalar)

    def false(self, children: list[Any]) -> ast.Value:
        return self._leaf("FALSE", children[0], self.scalar)

    def array(self, children: list[Any]) -> ast.ArrayValue:
        items = tuple(child for child in children if not isinstance(child, str))
        depth = 1 + max((ast.value_depth(item) for item in items), default=0)
        return ast.ArrayValue(items=items, depth=depth, span=self._span(children[0], children[-1]))

    def inline_table(self, children: list[Any]) -> ast.InlineTableValue:
        entries = tuple(child for child in children if isinstance(child, ast.KeyVal))
        # A dotted key nests tables too: {a.b.c = 1} is three tables deep.
        depth = 1 + max(
            (len(entry.key.parts) - 1 + ast.value_depth(entry.value) for entry in entries),
            default=0,
        )
        return ast.InlineTableValue(
            entries=entries, depth=depth, span=self._span(children[0], children[-1])
        )


GRAMMAR_PACKAGE = "fcsec.grammar"
GRAMMAR_FILE = "fcsec_spec.lark"
#: The options lark's parser is built with (the driver's tables are read off such a parser).
OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


def grammar_text() -> str:
    """The grammar file as shipped in the package."""
    return read_text(GRAMMAR_PACKAGE, GRAMMAR_FILE)


def grammar_sha256() -> str:
    """The SHA-256 of the grammar file's bytes (recorded in the tables for people and tests;
    at run time the tables' copy of the text is compared, which needs no hashlib)."""
    import hashlib

    return hashlib.sha256(grammar_text().encode("utf-8")).hexdigest()


def build_from_grammar() -> Lark:
    """lark's parser built from the grammar text with lark's public API (slow: lark computes the
    LALR tables). It has no transformer: a parse returns lark's tree."""
    from lark import Lark

    return Lark.open_from_package(GRAMMAR_PACKAGE, GRAMMAR_FILE, **OPTIONS)


@functools.cache
def _lark() -> Lark:
    """lark's parser, built on the first text the driver rejects and shared by every later parse
    of the process, in any thread (an editor checks a broken spec again on every keystroke).

    Sharing is sound because the parser has no transformer. lark keeps the state of a parse in
    objects made for that call: ``Lark.parse`` gives the lexer a new ``LexerThread`` with its own
    ``LexerState``, and the LALR parser a new ``ParserState`` with its own value and state stacks.
    The parser itself holds its tables, its lexers and its rules' callbacks, which without a
    transformer make trees and keep nothing (a transformer would become those callbacks, and the
    builder holds its parse's source and problems: it builds from lark's tree instead, in
    ``_build``). A parse writes one thing into the shared parser: lark makes a lexer's scanner on
    its first use, so two threads may both make it, and the two are alike. Two threads may also
    both build this parser on the first error; each parses with its own, one of them is kept.
    """
    return build_from_grammar()


def _parse_with_lark(source: SourceFile, text: str) -> ast.Document:
    """The syntax tree of ``text`` as lark parses it, or DiagnosticError with the diagnostic of
    lark's exception (after any problems the builder found in what lark had parsed by then)."""
    from lark import Tree
    from lark.exceptions import LarkError

    from fcsec.spec.syntax_errors import diagnostic_from_lark

    builder = _Builder(source)
    try:
        tree = _lark().parse(text)
    except LarkError as exc:
        # The builder's problems come first, from the rules lark reduced before it stopped (as
        # when the builder ran inside lark's parse): those are the trees on lark's value stack.
        stack = getattr(getattr(exc, "state", None), "value_stack", None) or ()
        for item in stack:
            if isinstance(item, Tree):
                _build(item, builder)
        raise DiagnosticError([*builder.problems, diagnostic_from_lark(exc, source)]) from None
    document = _build(tree, builder)
    if builder.problems:
        raise DiagnosticError(builder.problems)
    assert isinstance(document, ast.Document)
    return document


def _build(tree: Tree[Token], builder: _Builder) -> object:
    """lark's tree built again through ``builder``, whose callbacks are called as lark calls an
    inline transformer's: bottom-up and in text order, each with its children already built, by
    the tree's name (the rule's alias or name); a tree the builder has no callback for stays a
    tree. Without recursion: arrays may nest deeper than Python's recursion limit."""
    from lark import Tree

    built: list[object] = []
    todo: list[tuple[object, bool]] = [(tree, False)]
    while todo:
        node, children_built = todo.pop()
        if not isinstance(node, Tree):
            built.append(node)
        elif children_built:
            first = len(built) - len(node.children)
            children = built[first:]
            del built[first:]
            callback = getattr(builder, node.data, None)
            built.append(Tree(node.data, children) if callback is None else callback(children))
        else:
            todo.append((node, True))
            todo.extend((child, False) for child in reversed(node.children))
    (result,) = built
    return result


@functools.cache
def _driver() -> tuple[Driver, _Lines] | None:
    """The driver of the shipped tables, or None when they were made from another grammar.
    Both hold only what the tables say: every parse brings its own ``_Builder``."""
    from fcsec.spec import parser_tables as tables

    if grammar_text() != tables.GRAMMAR_TEXT:
        return None
    return Driver(tables.DRIVER, _Builder), _Lines(tables.DRIVER["patterns"])


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

    def statement(
        self, text: str, line: re.Match[str], builder: _Builder
    ) -> ast.Statement | None:
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
            source = builder._source
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
        builder: _Builder,
    ) -> ast.Key:
        """The key ending at ``end`` whose first two parts are the groups ``first``, ``second``
        (as ``_Builder.dotted`` makes it: a one-part key shares its part's span)."""
        source = builder._source
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


def _part(text: str, start: int, end: int, builder: _Builder) -> ast.KeyPart:
    kind = _KINDS.get(text[start])
    if kind is None:  # a bare key: its text as written
        return ast.KeyPart(text[start:end], _new_span(Span, (builder._source, start, end)))
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
        result = _parse_with_lark(source, text)
    return result


def _drive(source: SourceFile, text: str) -> ast.Document | None:
    """The tree from the line recogniser and the table driver; None when the driver rejects a
    part of the text (lark then parses all of it and explains)."""
    driver = _driver()
    if driver is None:
        return None
    tables, lines = driver
    return _drive_lines(text, tables, lines, _Builder(source))


def _drive_lines(
    text: str, tables: Driver, lines: _Lines, builder: _Builder
) -> ast.Document | None:
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
