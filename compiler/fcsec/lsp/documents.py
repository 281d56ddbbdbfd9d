"""The documents the client has open: their text, version and file path.

The server keeps its own copy of each text and applies ``didChange`` edits with
``fcsec.lsp.positions`` (pygls's copy splits lines at characters that LSP does not count as line
ends, such as U+2028 and form feed). A ``Snapshot`` is one version of a document, immutable, so a
check may run in a worker thread while the next edit arrives.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from urllib.parse import unquote, urlparse

import attrs

from fcsec.lsp.positions import UTF16, Change, LineIndex, apply_changes
from fcsec.source import SourceFile
from fcsec.spec import syntax as ast


def uri_to_path(uri: str) -> str:
    """The file system path of a ``file:`` URI; any other URI is returned as it is."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return uri
    path = unquote(parsed.path)
    if os.name == "nt" and len(path) > 2 and path[0] == "/" and path[2] == ":":
        path = path[1:]
    if parsed.netloc:
        path = f"//{parsed.netloc}{path}"
    return path


@attrs.frozen(kw_only=True, slots=False)  # not slotted: ``syntax`` is cached in a __dict__
class Snapshot:
    """One version of one open document.

    ``source`` (the text as the compiler reads it, under the document's path) and ``index`` are
    made with the snapshot, so that every thread sees the same ``SourceFile``: spans compare
    their source by identity."""

    uri: str
    version: int | None
    text: str
    encoding: str = UTF16
    source: SourceFile = attrs.field(init=False)
    index: LineIndex = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "source", SourceFile(self.path, self.text))
        object.__setattr__(self, "index", LineIndex(self.text, self.encoding))

    @property
    def path(self) -> str:
        return uri_to_path(self.uri)

    @functools.cached_property
    def syntax(self) -> ast.Document | None:
        """The syntax AST of the text, or None while it has a syntax error."""
        from fcsec.diagnostics import DiagnosticError
        from fcsec.spec.parser import parse_document

        try:
            return parse_document(self.source)
        except DiagnosticError:
            return None


class Documents:
    """The open documents by URI (used from the server's event loop only)."""

    def __init__(self) -> None:
        self._open: dict[str, Snapshot] = {}
        self.encoding = UTF16

    def open(self, uri: str, version: int | None, text: str) -> Snapshot:
        snapshot = Snapshot(uri=uri, version=version, text=text, encoding=self.encoding)
        self._open[uri] = snapshot
        return snapshot

    def change(self, uri: str, version: int | None, changes: Iterable[Change]) -> Snapshot | None:
        current = self._open.get(uri)
        if current is None:
            return None
        text = apply_changes(current.text, changes, self.encoding)
        return self.open(uri, version, text)

    def close(self, uri: str) -> None:
        self._open.pop(uri, None)

    def get(self, uri: str) -> Snapshot | None:
        return self._open.get(uri)
