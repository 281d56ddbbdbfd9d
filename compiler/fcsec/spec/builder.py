"""The rule callbacks that turn a parse into the syntax AST, each node with its span.

The table driver (``fcsec.spec.lalr``) calls them as it reduces, the line recogniser of
``fcsec.spec.parser`` calls the node makers directly, and lark's tree (only for a text the driver
rejects) is built again through them by ``fcsec.spec.lark_parse``: one builder, three callers,
the same nodes. One builder per parse: it holds the source the spans point into and the problems
found on the way, so parses never share state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from fcsec.diagnostics import Diagnostic, diagnostic
from fcsec.rule_ids import SPEC_SYNTAX
from fcsec.source import SourceFile, Span
from fcsec.spec import syntax as ast
from fcsec.spec.strings import BadEscape, decode_basic_string

__all__ = ["Builder", "TokenLike"]


class TokenLike(Protocol):
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


class Builder:
    """The callbacks of the grammar's rules, by rule name or alias (the driver calls them as it
    reduces; lark's tree is built through them by ``fcsec.spec.lark_parse``).

    One builder per parse: it holds the source the spans point into and the problems found on
    the way, so parses never share state."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []

    def _span(self, first: TokenLike | ast.Key | ast.Value, last: TokenLike | ast.Value) -> Span:
        start = first.span.start if isinstance(first, _NODES) else first.start_pos
        end = last.span.end if isinstance(last, _NODES) else last.end_pos
        assert start is not None and end is not None
        return Span(self.source, start, end)

    @staticmethod
    def _offsets(token: TokenLike) -> tuple[int, int]:
        start, end = token.start_pos, token.end_pos
        assert start is not None and end is not None
        return start, end

    # --- the nodes, from offsets (the rule callbacks below; fcsec.spec.parser's line recogniser)
    def header(self, start: int, key: ast.Key, end: int) -> ast.TableHeader:
        return ast.TableHeader(key, Span(self.source, start, end))

    def pair(self, key: ast.Key, value: ast.Value) -> ast.KeyVal:
        return ast.KeyVal(key, value, Span(self.source, key.span.start, value.span.end))

    def dotted(self, parts: tuple[ast.KeyPart, ...]) -> ast.Key:
        # A one-part key spans what its part spans: the (immutable) span is shared.
        if len(parts) == 1:
            return ast.Key(parts, parts[0].span)
        return ast.Key(parts, Span(self.source, parts[0].span.start, parts[-1].span.end))

    def part(self, kind: str, raw: str, start: int, end: int) -> ast.KeyPart:
        """A key part from its terminal (BARE_KEY, BASIC_STRING or LITERAL_STRING) as written."""
        if kind == "BASIC_STRING":
            text = self._decode(raw, start)
        elif kind == "LITERAL_STRING":
            text = raw[1:-1]
        else:
            text = raw
        return ast.KeyPart(text, Span(self.source, start, end))

    def scalar(self, kind: str, raw: str, start: int, end: int) -> ast.ScalarValue:
        """A value from its terminal as written."""
        span = Span(self.source, start, end)
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
                    Span(source=self.source, start=at, end=at + len(bad.escape)),
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

    def _leaf(self, kind: str, token: TokenLike, build: Callable[..., _Leaf]) -> _Leaf:
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
