"""The table tree a spec is read into: tables of items in the order written, each with its span.

``fcsec.spec.document`` builds it under TOML's table rules (with ``TableBuilder``); the structure
check, the overlay, lowering and the lint read it. Nothing here checks a rule or knows fcsec's
keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, cast

from fcsec.record import Record
from fcsec.source import Span
from fcsec.spec import syntax as ast

__all__ = ["Item", "Scalar", "Table", "TableBuilder"]

Scalar = ast.StringValue | ast.IntValue | ast.BoolValue | ast.ArrayValue


class Item(Record):
    """One key of a table, where it was written, and its value (made positionally; a plain class
    like the syntax nodes, compared without its span)."""

    __slots__ = ("key_span", "name", "value")
    _compared = ("name", "value")

    def __init__(self, name: str, key_span: Span, value: Table | Scalar) -> None:
        self.name: Final = name
        self.key_span: Final = key_span
        self.value: Final = value


class Table(Record):
    """A TOML table in definition order, compared by its items.

    ``span`` is its header or inline text (None for a table made implicitly).
    """

    __slots__ = ("_index", "items", "span")
    _compared = ("items",)

    def __init__(
        self,
        *,
        items: tuple[Item, ...],
        span: Span | None = None,
        index: dict[str, Item] | None = None,
    ) -> None:
        self.items: Final = items
        self.span: Final = span
        # Name -> first item of that name: given by the assembler (which has it anyway), else
        # built on the first lookup, so that looking up every key of a table of N listeners is
        # O(N).
        self._index = index

    def get(self, name: str) -> Item | None:
        index = self._index
        if index is None:
            index = {}
            for item in self.items:
                index.setdefault(item.name, item)
            self._index = index
        return index.get(name)

    def names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.items)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)


class TableBuilder:
    """A table under construction: ``items`` maps names to the item of a value, or to the
    builder of a table (which knows where its key was written, ``key_span``).

    Values become their items at once, and ``freeze`` puts the tables' items in their place,
    so the dict becomes the finished table's index: a table costs one dict, not two, and a
    value no pair beside its item.
    """

    __slots__ = ("items", "key_span", "span")

    def __init__(self, span: Span | None = None, key_span: Span | None = None) -> None:
        self.span = span
        self.key_span = key_span
        self.items: dict[str, Item | TableBuilder] = {}

    def freeze(self) -> Table:
        """The finished table (once: its items are the builder's)."""
        items = self.items
        for name, entry in items.items():  # values replaced, none added: safe while iterating
            if isinstance(entry, TableBuilder):
                assert entry.key_span is not None  # only the root has none
                items[name] = Item(name, entry.key_span, entry.freeze())
        index = cast("dict[str, Item]", items)  # every entry an item now
        return Table(items=tuple(index.values()), span=self.span, index=index)
