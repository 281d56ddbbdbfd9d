"""Go to definition, find references and rename, for certificate and cipher-policy names.

A name is declared by ``[certs.NAME]`` / ``[ciphers.NAME]`` (or a dotted key such as
``certs.NAME.file = ...``, also inside ``[env.X]``) and used as the string value of
``tls.cert``, ``tls.client_ca``, ``tls.client_cert`` and ``database.cert`` (certificates) or
``tls.ciphers`` and ``database.ciphers`` (policies). Everything is read from fcsec's syntax AST.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs
from lsprotocol import types

from fcsec.lsp import cursor
from fcsec.lsp.diagnostics import lsp_range
from fcsec.lsp.documents import Snapshot
from fcsec.spec import syntax as ast

#: The keys whose string value uses a name of each section.
USES = {"certs": frozenset({"cert", "client_ca", "client_cert"}), "ciphers": frozenset({"ciphers"})}
_BARE = re.compile(r"[A-Za-z0-9_-]+")


@attrs.frozen
class Symbol:
    section: str
    name: str


@attrs.frozen
class Occurrence:
    """Where a name is written: ``start``/``end`` cover the name alone (not its quotes)."""

    start: int
    end: int
    definition: bool
    place: cursor.Place


def _uses(path: cursor.Path, section: str) -> bool:
    """Whether a string at ``path`` (base spec terms) names an entry of ``section``."""
    if not path or path[-1] not in USES[section]:
        return False
    return (len(path) == 4 and path[0] == "listeners" and path[2] == "tls") or path == (
        "database",
        path[-1],
    )


def _inside_quotes(value: ast.StringValue) -> tuple[int, int]:
    return value.span.start + 1, value.span.end - 1


def symbol_of(place: cursor.Place) -> Symbol | None:
    """The certificate or policy name a place declares or uses, if any."""
    path = cursor.language_path(place.path)
    if isinstance(place, cursor.KeyAt):
        if len(path) == 2 and path[0] in cursor.NAMED:
            return Symbol(path[0], path[1])
        return None
    if isinstance(place.value, ast.StringValue) and not place.in_array:
        for section in cursor.NAMED:
            if _uses(path, section):
                return Symbol(section, place.value.value)
    return None


def occurrences(document: ast.Document, symbol: Symbol) -> Iterator[Occurrence]:
    """Every place that declares or uses ``symbol``, in text order."""
    for place in cursor.places(document):
        if symbol_of(place) != symbol:
            continue
        if isinstance(place, cursor.KeyAt):
            part = place.part
            quoted = part.span.end - part.span.start != len(part.text)
            start, end = part.span.start, part.span.end
            if quoted:
                start, end = start + 1, end - 1
            yield Occurrence(start, end, True, place)
        elif isinstance(place.value, ast.StringValue):
            start, end = _inside_quotes(place.value)
            yield Occurrence(start, end, False, place)


def _symbol_at(snapshot: Snapshot, line: int, character: int) -> Symbol | None:
    document = snapshot.syntax
    if document is None:
        return None
    place = cursor.place_at(document, snapshot.index.offset(line, character))
    return None if place is None else symbol_of(place)


def _location(snapshot: Snapshot, found: Occurrence) -> types.Location:
    return types.Location(uri=snapshot.uri, range=lsp_range(snapshot.index, found.start, found.end))


def definition(snapshot: Snapshot, line: int, character: int) -> list[types.Location]:
    """Where the name under the cursor is declared (its ``[certs.NAME]`` header first)."""
    symbol = _symbol_at(snapshot, line, character)
    if symbol is None or snapshot.syntax is None:
        return []
    found = [item for item in occurrences(snapshot.syntax, symbol) if item.definition]
    found.sort(key=lambda item: not (isinstance(item.place, cursor.KeyAt) and item.place.header))
    return [_location(snapshot, item) for item in found]


def references(
    snapshot: Snapshot, line: int, character: int, *, declarations: bool
) -> list[types.Location]:
    """Every use of the name under the cursor (and its declarations when asked)."""
    symbol = _symbol_at(snapshot, line, character)
    if symbol is None or snapshot.syntax is None:
        return []
    return [
        _location(snapshot, item)
        for item in occurrences(snapshot.syntax, symbol)
        if declarations or not item.definition
    ]


def prepare_rename(snapshot: Snapshot, line: int, character: int) -> types.Range | None:
    """The name under the cursor, when it is a certificate or policy name that can be renamed."""
    symbol = _symbol_at(snapshot, line, character)
    document = snapshot.syntax
    if symbol is None or document is None:
        return None
    offset = snapshot.index.offset(line, character)
    for item in occurrences(document, symbol):
        if item.start - 1 <= offset <= item.end + 1:
            return lsp_range(snapshot.index, item.start, item.end)
    return None


class RenameError(ValueError):
    """The new name cannot be written (the message says why)."""


def rename(snapshot: Snapshot, line: int, character: int, new_name: str) -> types.WorkspaceEdit:
    """Rename the certificate or policy under the cursor everywhere in the spec."""
    symbol = _symbol_at(snapshot, line, character)
    document = snapshot.syntax
    if symbol is None or document is None:
        raise RenameError("only certificate and cipher-policy names can be renamed")
    if not _BARE.fullmatch(new_name):
        raise RenameError(f"`{new_name}` is not a plain name: use letters, digits, `-` and `_`")
    edits = [
        types.TextEdit(range=lsp_range(snapshot.index, item.start, item.end), new_text=new_name)
        for item in occurrences(document, symbol)
    ]
    return types.WorkspaceEdit(changes={snapshot.uri: edits})
