"""The syntax AST of a spec: statements, keys and values exactly as written, each with its Span.

This is syntax only: nothing here knows what a listener or a certificate is, and no TOML
uniqueness rule has been checked yet (that is ``fcsec.spec.document``).

The parser makes one node per key part, key, value and statement, tens of thousands for a big
spec, and calls the constructors positionally (in field order). The nodes are plain classes
with ``__slots__`` (``fcsec.record``), not attrs classes: at start-up attrs would compile their
methods in every process, and its frozen ``__init__`` takes twice as long as a plain one.
Equality, hashing and ``repr`` are what attrs gave them: by class and fields, the span left
out.
"""

from __future__ import annotations

from typing import Final

from fcsec.record import Record
from fcsec.source import Span


class KeyPart(Record):
    __slots__ = ("span", "text")
    _compared = ("text",)

    def __init__(self, text: str, span: Span) -> None:
        self.text: Final = text
        self.span: Final = span


class Key(Record):
    __slots__ = ("parts", "span")
    _compared = ("parts",)

    def __init__(self, parts: tuple[KeyPart, ...], span: Span) -> None:
        self.parts: Final = parts
        self.span: Final = span

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(part.text for part in self.parts)

    def dotted(self) -> str:
        return ".".join(self.names)


class StringValue(Record):
    __slots__ = ("span", "value")
    _compared = ("value",)

    def __init__(self, value: str, span: Span) -> None:
        self.value: Final = value
        self.span: Final = span


class IntValue(Record):
    __slots__ = ("span", "value")
    _compared = ("value",)

    def __init__(self, value: int, span: Span) -> None:
        self.value: Final = value
        self.span: Final = span


class BoolValue(Record):
    __slots__ = ("span", "value")
    _compared = ("value",)

    def __init__(self, value: bool, span: Span) -> None:
        self.value: Final = value
        self.span: Final = span


class ArrayValue(Record):
    __slots__ = ("depth", "items", "span")
    _compared = ("items", "depth")

    def __init__(self, items: tuple[Value, ...], depth: int, span: Span) -> None:
        self.items: Final = items
        self.depth: Final = depth
        self.span: Final = span


class InlineTableValue(Record):
    __slots__ = ("depth", "entries", "span")
    _compared = ("entries", "depth")

    def __init__(self, entries: tuple[KeyVal, ...], depth: int, span: Span) -> None:
        self.entries: Final = entries
        self.depth: Final = depth
        self.span: Final = span


ScalarValue = StringValue | IntValue | BoolValue
Value = ScalarValue | ArrayValue | InlineTableValue


class KeyVal(Record):
    __slots__ = ("key", "span", "value")
    _compared = ("key", "value")

    def __init__(self, key: Key, value: Value, span: Span) -> None:
        self.key: Final = key
        self.value: Final = value
        self.span: Final = span


class TableHeader(Record):
    __slots__ = ("key", "span")
    _compared = ("key",)

    def __init__(self, key: Key, span: Span) -> None:
        self.key: Final = key
        self.span: Final = span


Statement = KeyVal | TableHeader


class Document(Record):
    __slots__ = ("statements",)
    _compared = ("statements",)

    def __init__(self, statements: tuple[Statement, ...]) -> None:
        self.statements: Final = statements


def value_depth(value: Value) -> int:
    if isinstance(value, (ArrayValue, InlineTableValue)):
        return value.depth
    return 0
