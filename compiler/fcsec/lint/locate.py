"""Find the spec text behind a setting of the IR, after the environment overlay is applied.

The IR keeps one span per node; a finding about ``database.tls_only`` should point at the
``tls_only = false`` that caused it, also when an ``[env.NAME]`` overlay wrote it. The locator
rebuilds the same merged table tree that ``load_spec`` lowered and answers spans by key path.
It must never judge a setting; it only says where it is written.
"""

from __future__ import annotations

from collections.abc import Callable

from fcsec.source import SourceFile, Span
from fcsec.spec import syntax as ast
from fcsec.spec.document import Item, Table, assemble
from fcsec.spec.overlay import merge, without
from fcsec.spec.parser import parse_document


def _overlay(root: Table, env: str) -> Table | None:
    section = root.get("env")
    if section is None or not isinstance(section.value, Table):
        return None
    chosen = section.value.get(env)
    if chosen is None or not isinstance(chosen.value, Table):
        return None
    return chosen.value


class Locator:
    """Spans of settings by dotted path (``("listeners", "http8080", "enabled")``)."""

    def __init__(self, source: SourceFile, env: str | None, tree: Table | None = None) -> None:
        """``tree``: the spec's table tree when the caller has it (``fcsec.api.Loaded.tree``),
        else ``source`` is parsed."""
        self.source = source
        root = tree if tree is not None else assemble(parse_document(source))
        merged = without(root, "env")
        overlay = None if env is None else _overlay(root, env)
        self.root = merged if overlay is None else merge(merged, overlay)

    def item(self, *path: str) -> Item | None:
        """The item written at ``path``, or None when the spec does not write it."""
        found = self.root.get(path[0]) if path else None
        for name in path[1:]:
            if found is None or not isinstance(found.value, Table):
                return None
            found = found.value.get(name)
        return found

    def has(self, *path: str) -> bool:
        return self.item(*path) is not None

    def keys(self, *path: str) -> tuple[str, ...]:
        """The keys written in the table at ``path`` (empty when it is no table)."""
        found = self.item(*path)
        if found is None or not isinstance(found.value, Table):
            return ()
        return found.value.names()

    def value(self, *path: str) -> ast.StringValue | ast.IntValue | ast.BoolValue | None:
        """The scalar written at ``path``."""
        found = self.item(*path)
        if found is None or isinstance(found.value, (Table, ast.ArrayValue)):
            return None
        return found.value

    def span(self, *path: str) -> Span | None:
        """Where the setting at ``path`` is written; else its nearest written parent."""
        for depth in range(len(path), 0, -1):
            found = self.item(*path[:depth])
            if found is not None:
                return _span_of(found)
        return None

    def element(self, path: tuple[str, ...], matches: Callable[[str], bool]) -> Span | None:
        """The span of the first string element of the array at ``path`` that ``matches``."""
        found = self.item(*path)
        if found is None or not isinstance(found.value, ast.ArrayValue):
            return None
        for element in found.value.items:
            if isinstance(element, ast.StringValue) and matches(element.value):
                return element.span
        return None


def _span_of(item: Item) -> Span:
    value = item.value
    if isinstance(value, Table):
        return value.span or item.key_span
    return value.span


def substring_span(value: ast.StringValue, start: int, end: int) -> Span:
    """The span of ``value.value[start:end]`` inside its quotes when the string was written
    without escapes; else the span of the whole string."""
    span = value.span
    text = span.source.text[span.start : span.end]
    if len(text) >= 2 and text[1:-1] == value.value:
        return span.source.span(span.start + 1 + start, span.start + 1 + end)
    return span
