"""The syntax AST of a spec: statements, keys and values exactly as written, each with its Span.

This is syntax only: nothing here knows what a listener or a certificate is, and no TOML
uniqueness rule has been checked yet (that is ``fcsec.spec.document``).

The parser makes one node per key part, key, value and statement, tens of thousands for a big
spec, and calls the constructors positionally (in field order): with attrs' frozen classes a
call by keyword costs more than the object itself.
"""

from __future__ import annotations

import attrs

from fcsec.source import Span


@attrs.frozen
class KeyPart:
    text: str
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class Key:
    parts: tuple[KeyPart, ...]
    span: Span = attrs.field(eq=False, repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(part.text for part in self.parts)

    def dotted(self) -> str:
        return ".".join(self.names)


@attrs.frozen
class StringValue:
    value: str
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class IntValue:
    value: int
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class BoolValue:
    value: bool
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class ArrayValue:
    items: tuple[Value, ...]
    depth: int
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class InlineTableValue:
    entries: tuple[KeyVal, ...]
    depth: int
    span: Span = attrs.field(eq=False, repr=False)


Value = StringValue | IntValue | BoolValue | ArrayValue | InlineTableValue


@attrs.frozen
class KeyVal:
    key: Key
    value: Value
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class TableHeader:
    key: Key
    span: Span = attrs.field(eq=False, repr=False)


Statement = KeyVal | TableHeader


@attrs.frozen
class Document:
    statements: tuple[Statement, ...]


def value_depth(value: Value) -> int:
    if isinstance(value, (ArrayValue, InlineTableValue)):
        return value.depth
    return 0
