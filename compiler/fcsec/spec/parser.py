"""Build the lark parser once per process and turn spec text into the syntax AST.

The transformer runs inside the LALR parser (no tree is built, no recursion over nesting depth),
so every node takes its span from the tokens it holds. Syntax errors become diagnostics in
exactly one place: ``fcsec.spec.syntax_errors``. This module never checks TOML or fcsec rules.

Building the LALR tables from ``grammar/fcsec_spec.lark`` takes lark about half a second, more
than everything else a run does. So the tables ship as data (``fcsec.spec.parser_tables``,
written by ``scripts/build_parser_tables.py`` at development time) and are restored in
milliseconds; they are used only when they were generated from this very grammar text by this
very lark version, otherwise the parser is built from the grammar as before. Nothing is ever
written at run time (installs may be read-only).
"""

from __future__ import annotations

import functools
import hashlib
import pkgutil
from typing import Any

import lark as lark_module
from lark import Lark, Token, Transformer
from lark.exceptions import LarkError

from fcsec.diagnostics import Diagnostic, DiagnosticError, error
from fcsec.source import SourceFile, Span
from fcsec.spec import syntax as ast
from fcsec.spec.strings import BadEscape, decode_basic_string


class _Builder(Transformer[Token, Any]):
    def __init__(self) -> None:
        super().__init__()
        self._source = SourceFile("<none>", "")
        self.problems: list[Diagnostic] = []

    def point_at(self, source: SourceFile) -> None:
        self._source = source
        self.problems = []

    def _span(self, first: Token | ast.Key | ast.Value, last: Token | ast.Value) -> Span:
        start = first.start_pos if isinstance(first, Token) else first.span.start
        end = last.end_pos if isinstance(last, Token) else last.span.end
        assert start is not None and end is not None
        return Span(source=self._source, start=start, end=end)

    def _token_span(self, token: Token) -> Span:
        return self._span(token, token)

    def start(self, children: list[ast.Statement]) -> ast.Document:
        return ast.Document(statements=tuple(children))

    def table(self, children: list[Any]) -> ast.TableHeader:
        return ast.TableHeader(key=children[1], span=self._span(children[0], children[2]))

    def keyval(self, children: list[Any]) -> ast.KeyVal:
        key, _equal, value = children
        return ast.KeyVal(key=key, value=value, span=self._span(key, value))

    def key(self, children: list[Any]) -> ast.Key:
        parts = tuple(child for child in children if isinstance(child, ast.KeyPart))
        return ast.Key(
            parts=parts,
            span=Span(source=self._source, start=parts[0].span.start, end=parts[-1].span.end),
        )

    def bare_key(self, children: list[Token]) -> ast.KeyPart:
        return ast.KeyPart(text=str(children[0]), span=self._token_span(children[0]))

    def _decode(self, token: Token) -> str:
        try:
            return decode_basic_string(str(token))
        except BadEscape as bad:
            assert token.start_pos is not None
            start = token.start_pos + bad.offset
            self.problems.append(
                error(
                    "FCS001",
                    f"`{bad.escape}` is not a Unicode scalar value",
                    Span(source=self._source, start=start, end=start + len(bad.escape)),
                    label="invalid escape",
                    hint="use a code point outside the surrogate range D800-DFFF, at most 10FFFF",
                )
            )
            return ""

    def quoted_key(self, children: list[Token]) -> ast.KeyPart:
        return ast.KeyPart(text=self._decode(children[0]), span=self._token_span(children[0]))

    def literal_key(self, children: list[Token]) -> ast.KeyPart:
        return ast.KeyPart(text=str(children[0])[1:-1], span=self._token_span(children[0]))

    def basic_string(self, children: list[Token]) -> ast.StringValue:
        token = children[0]
        return ast.StringValue(value=self._decode(token), span=self._token_span(token))

    def literal_string(self, children: list[Token]) -> ast.StringValue:
        token = children[0]
        return ast.StringValue(value=str(token)[1:-1], span=self._token_span(token))

    def integer(self, children: list[Token]) -> ast.IntValue:
        token = children[0]
        return ast.IntValue(value=int(str(token).replace("_", "")), span=self._token_span(token))

    def true(self, children: list[Token]) -> ast.BoolValue:
        return ast.BoolValue(value=True, span=self._token_span(children[0]))

    def false(self, children: list[Token]) -> ast.BoolValue:
        return ast.BoolValue(value=False, span=self._token_span(children[0]))

    def array(self, children: list[Any]) -> ast.ArrayValue:
        items = tuple(child for child in children if not isinstance(child, Token))
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
#: The options the parser is built with (the tables record them too).
OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


def grammar_sha256() -> str:
    """The SHA-256 of the grammar file's bytes, as shipped in the package."""
    data = pkgutil.get_data(GRAMMAR_PACKAGE, GRAMMAR_FILE)
    assert data is not None
    return hashlib.sha256(data).hexdigest()


def _from_tables(builder: _Builder) -> Lark | None:
    """The parser restored from the shipped tables, or None when they do not fit."""
    try:
        from fcsec.spec import parser_tables as tables
    except ImportError:  # pragma: no cover - the module ships with the package
        return None
    fits = (tables.LARK_VERSION, tables.GRAMMAR_SHA256)
    if fits != (lark_module.__version__, grammar_sha256()):
        return None
    # Lark's own deserialisation (what its cache and ``Lark.load`` use); the version check above
    # guards this private entry point.
    restored: Lark = Lark._load_from_dict(  # type: ignore[no-untyped-call]
        tables.DATA, tables.MEMO, transformer=builder
    )
    return restored


def build_from_grammar(transformer: Transformer[Token, Any] | None = None) -> Lark:
    """The parser built from the grammar text (slow: lark computes the LALR tables)."""
    return Lark.open_from_package(GRAMMAR_PACKAGE, GRAMMAR_FILE, transformer=transformer, **OPTIONS)


@functools.cache
def _parser() -> tuple[Lark, _Builder]:
    # One parser per process; the inline transformer is pointed at each source in turn, so a
    # parse is not re-entrant (fcsec parses one spec at a time).
    builder = _Builder()
    lark = _from_tables(builder) or build_from_grammar(builder)
    return lark, builder


_last_parsed: list[tuple[SourceFile, ast.Document]] = []


def parse_document(source: SourceFile) -> ast.Document:
    """Parse spec text into the syntax AST; raise DiagnosticError on a syntax error.

    The tree of the last source parsed is kept (sources and trees are immutable): ``fcsec check``
    reads one spec for each of its environments and again to locate findings.
    """
    for done, document in _last_parsed:
        if done is source:
            return document
    from fcsec.spec.syntax_errors import check_text, diagnostic_from_lark

    problems = check_text(source)
    if problems:
        raise DiagnosticError(problems)
    text = source.text if source.text.endswith("\n") else source.text + "\n"
    lark, builder = _parser()
    builder.point_at(source)
    try:
        result = lark.parse(text)
    except LarkError as exc:
        raise DiagnosticError([*builder.problems, diagnostic_from_lark(exc, source)]) from None
    if builder.problems:
        raise DiagnosticError(builder.problems)
    assert isinstance(result, ast.Document)
    _last_parsed[:] = [(source, result)]
    return result
