"""What a place in a spec is: a key, a value, a name, by its path in the language.

Everything is read from fcsec's own syntax AST (``fcsec.spec.parser``): every key part and every
scalar value with its full dotted path (the table header's names, then the key's). A path inside
``[env.NAME]`` is also given without that prefix (``language_path``), since an overlay writes
the keys of the base spec. ``schema_key`` finds a path's entry in ``fcsec.spec.schema``.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from fcsec.spec import syntax as ast
from fcsec.spec.schema import LANGUAGE, Key, Kind

Path = tuple[str, ...]
ScalarValue = ast.StringValue | ast.IntValue | ast.BoolValue

#: The named sections whose names other keys use: certificates and cipher policies.
NAMED = ("certs", "ciphers")


@attrs.frozen
class KeyAt:
    """One part of a written key: ``path`` ends with its name."""

    path: Path
    part: ast.KeyPart
    header: bool

    @property
    def start(self) -> int:
        return self.part.span.start

    @property
    def end(self) -> int:
        return self.part.span.end


@attrs.frozen
class ValueAt:
    """One scalar value (or one element of an array) and the path of its key."""

    path: Path
    value: ScalarValue
    in_array: bool

    @property
    def start(self) -> int:
        return self.value.span.start

    @property
    def end(self) -> int:
        return self.value.span.end


Place = KeyAt | ValueAt


def _value(path: Path, value: ast.Value, in_array: bool) -> Iterator[Place]:
    if isinstance(value, ast.ArrayValue):
        for element in value.items:
            yield from _value(path, element, True)
    elif isinstance(value, ast.InlineTableValue):
        for entry in value.entries:
            yield from _keyval(path, entry)
    else:
        yield ValueAt(path, value, in_array)


def _keyval(prefix: Path, keyval: ast.KeyVal) -> Iterator[Place]:
    names = keyval.key.names
    for index, part in enumerate(keyval.key.parts):
        yield KeyAt(prefix + names[: index + 1], part, False)
    yield from _value(prefix + names, keyval.value, False)


def places(document: ast.Document) -> Iterator[Place]:
    """Every key part and scalar value of the document, in text order."""
    header: Path = ()
    for statement in document.statements:
        if isinstance(statement, ast.TableHeader):
            header = statement.key.names
            for index, part in enumerate(statement.key.parts):
                yield KeyAt(header[: index + 1], part, True)
        else:
            yield from _keyval(header, statement)


def place_at(document: ast.Document, offset: int) -> Place | None:
    """The key part or value under ``offset`` (a cursor just after a word is still on it)."""
    found: Place | None = None
    for place in places(document):
        if place.start > offset:
            break
        if place.start <= offset <= place.end and (
            found is None or place.end - place.start <= found.end - found.start
        ):
            found = place
    return found


def language_path(path: Path) -> Path:
    """``path`` as the base spec names it: an ``[env.NAME]`` prefix taken off."""
    if path[:1] == ("env",):
        return path[2:]
    return path


@attrs.frozen(kw_only=True)
class Found:
    """The schema entry of a path; ``name``: the path ends with the name of a named table."""

    key: Key
    name: bool = False


def schema_key(path: Path) -> Found | None:
    """The language's entry for ``path`` (as the base spec writes it), or None if unknown."""
    key = LANGUAGE
    index = 0
    while index < len(path):
        child = key.child(path[index])
        if child is None:
            return None
        if child.kind is Kind.NAMED_TABLES and child.name != "env":
            if index + 1 == len(path):
                return Found(key=child)
            if index + 2 == len(path):
                return Found(key=child, name=True)
            index += 1
        key = child
        index += 1
    return None if key is LANGUAGE else Found(key=key)


def declared(document: ast.Document, section: str) -> dict[str, list[KeyAt]]:
    """The names declared in ``[section.NAME]`` (``certs`` or ``ciphers``), with every key part
    that writes the name (a header, a dotted key, an overlay's key)."""
    found: dict[str, list[KeyAt]] = {}
    for place in places(document):
        if isinstance(place, KeyAt):
            path = language_path(place.path)
            if len(path) == 2 and path[0] == section:
                found.setdefault(path[1], []).append(place)
    return found
