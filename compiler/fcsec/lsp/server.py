"""The pygls wiring: documents in, diagnostics out, and one handler per request.

Checks run in a worker thread (the front end is re-entrant, docs/api.md), so hover and
completion answer while a big spec is being checked. A change is checked after a pause of
``DEBOUNCE`` seconds without another change; a check whose document changed meanwhile is not
published. Opening a document checks it at once (``fcsec check --skip-files``); saving it
checks the certificate files as well. Only specs are served: documents whose language id is
``fcsec`` or whose name ends in ``.fcsec`` (an editor set up to send TOML files sends others).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import threading
from typing import Protocol

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from fcsec import __version__
from fcsec.lsp import actions, completion, hover, navigation
from fcsec.lsp.diagnostics import diagnose
from fcsec.lsp.documents import Documents, Snapshot, uri_to_path
from fcsec.lsp.positions import UTF8, UTF16, UTF32, Change

#: Seconds without a change before a changed document is checked again.
DEBOUNCE = 0.25
LANGUAGE_ID = "fcsec"

_log = logging.getLogger("fcsec.lsp")


class _Positioned(Protocol):
    """A request about one place of a document (hover, completion, definition, ...)."""

    @property
    def text_document(self) -> types.TextDocumentIdentifier: ...

    @property
    def position(self) -> types.Position: ...


class FcsecServer(LanguageServer):
    """The language server and its open documents."""

    def __init__(self) -> None:
        super().__init__(
            "fcsec", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.documents = Documents()
        self._checks: dict[str, asyncio.Task[None]] = {}
        #: Seconds of the last check of each document (read by the benchmark and the log).
        self.last_check_seconds: dict[str, float] = {}

    # --- diagnostics ----------------------------------------------------------------------
    def encoding(self) -> str:
        """The position encoding agreed at initialize (UTF-16 unless the client chose another)."""
        chosen = str(self.workspace.position_encoding or UTF16)
        return chosen if chosen in (UTF8, UTF16, UTF32) else UTF16

    def schedule(self, snapshot: Snapshot, *, delay: float, check_files: bool = False) -> None:
        """Check ``snapshot`` after ``delay`` seconds, replacing a check not yet started."""
        pending = self._checks.pop(snapshot.uri, None)
        if pending is not None:
            pending.cancel()
        task = asyncio.get_running_loop().create_task(
            self._check(snapshot, delay=delay, check_files=check_files)
        )
        self._checks[snapshot.uri] = task

    async def _check(self, snapshot: Snapshot, *, delay: float, check_files: bool) -> None:
        if delay:
            await asyncio.sleep(delay)
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            found = await asyncio.to_thread(check_snapshot, snapshot, check_files=check_files)
        except Exception:  # a bug in fcsec: say so in the client's log, keep serving
            _log.exception("fcsec: internal error while checking %s", snapshot.uri)
            self.window_log_message(
                types.LogMessageParams(
                    type=types.MessageType.Error,
                    message=f"fcsec: internal error while checking {snapshot.uri} (a bug in "
                    "fcsec; please report it with the spec)",
                )
            )
            return
        self.last_check_seconds[snapshot.uri] = loop.time() - started
        if self.documents.get(snapshot.uri) is not snapshot:
            return  # edited meanwhile: the next check publishes
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=snapshot.uri, version=snapshot.version, diagnostics=found
            )
        )

    def at(self, params: _Positioned) -> tuple[Snapshot, int, int] | None:
        """The open document and the (line, character) a request is about."""
        snapshot = self.documents.get(params.text_document.uri)
        if snapshot is None:
            return None
        return snapshot, params.position.line, params.position.character

    def forget(self, uri: str) -> None:
        pending = self._checks.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.documents.close(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )


_collector = threading.Lock()
_checking = 0


def check_snapshot(snapshot: Snapshot, *, check_files: bool) -> list[types.Diagnostic]:
    """``diagnose`` with the cyclic garbage collector paused, as the command line runs a check.

    A check makes hundreds of thousands of objects without cycles (reference counting frees
    them); the collector would walk them again and again, almost doubling the time of checking a
    2,000-listener spec. It runs again as soon as no check is running."""
    global _checking
    with _collector:
        _checking += 1
        gc.disable()
    try:
        return diagnose(snapshot, check_files=check_files)
    finally:
        with _collector:
            _checking -= 1
            if not _checking:
                gc.enable()


def _change(event: types.TextDocumentContentChangeEvent) -> Change:
    if isinstance(event, types.TextDocumentContentChangePartial):
        start, end = event.range.start, event.range.end
        return Change(
            text=event.text, start=(start.line, start.character), end=(end.line, end.character)
        )
    return Change(text=event.text)


def _is_spec(document: types.TextDocumentItem) -> bool:
    """A spec: the client calls its language ``fcsec``, or its name ends in ``.fcsec``."""
    return document.language_id == LANGUAGE_ID or uri_to_path(document.uri).endswith(".fcsec")


def _on_disk(snapshot: Snapshot) -> bool:
    return snapshot.uri.startswith("file:") and os.path.isfile(snapshot.path)


def build() -> FcsecServer:
    """A server with every feature registered."""
    server = FcsecServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.documents.encoding = server.encoding()
        document = params.text_document
        if not _is_spec(document):
            return  # a client that sends every TOML file: only specs are fcsec's
        snapshot = server.documents.open(document.uri, document.version, document.text)
        server.schedule(snapshot, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(params: types.DidChangeTextDocumentParams) -> None:
        document = params.text_document
        changes = [_change(event) for event in params.content_changes]
        snapshot = server.documents.change(document.uri, document.version, changes)
        if snapshot is not None:
            server.schedule(snapshot, delay=DEBOUNCE)

    @server.feature(
        types.TEXT_DOCUMENT_DID_SAVE, types.TextDocumentSaveRegistrationOptions(include_text=True)
    )
    async def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        snapshot = server.documents.get(uri)
        if snapshot is not None and params.text is not None and params.text != snapshot.text:
            snapshot = server.documents.open(uri, snapshot.version, params.text)
        if snapshot is not None:
            server.schedule(snapshot, delay=0, check_files=_on_disk(snapshot))

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(params: types.HoverParams) -> types.Hover | None:
        found = server.at(params)
        formats = get_capability(
            server.client_capabilities, "text_document.hover.content_format", []
        )
        markdown = types.MarkupKind.Markdown in formats
        return None if found is None else hover.hover(*found, markdown=markdown)

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=[".", '"', "'", "[", "=", " ", ","]),
    )
    def on_completion(params: types.CompletionParams) -> types.CompletionList | None:
        found = server.at(params)
        return None if found is None else completion.complete(*found)

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def on_definition(params: types.DefinitionParams) -> list[types.Location] | None:
        found = server.at(params)
        return None if found is None else navigation.definition(*found) or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def on_references(params: types.ReferenceParams) -> list[types.Location] | None:
        found = server.at(params)
        declarations = params.context.include_declaration
        return None if found is None else navigation.references(*found, declarations=declarations)

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def on_prepare_rename(params: types.PrepareRenameParams) -> types.Range | None:
        found = server.at(params)
        return None if found is None else navigation.prepare_rename(*found)

    @server.feature(types.TEXT_DOCUMENT_RENAME, types.RenameOptions(prepare_provider=True))
    def on_rename(params: types.RenameParams) -> types.WorkspaceEdit | None:
        found = server.at(params)
        if found is None:
            return None
        try:
            return navigation.rename(*found, params.new_name)
        except navigation.RenameError as refused:
            raise JsonRpcInvalidParams(str(refused)) from None

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def on_formatting(params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
        snapshot = server.documents.get(params.text_document.uri)
        if snapshot is None:
            return None
        return actions.format_document(snapshot)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def on_code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        snapshot = server.documents.get(params.text_document.uri)
        if snapshot is None:
            return None
        return actions.code_actions(snapshot, params.context.diagnostics) or None

    return server


def serve() -> None:
    """Serve one client over stdin and stdout until it says exit.

    The protocol gets its own copies of file descriptors 0 and 1, and descriptor 1 then points
    at stderr: a stray print cannot corrupt the message stream, and pygls closing its streams at
    exit leaves the process's own ``sys.stdout`` usable."""
    import os

    protocol_in = os.fdopen(os.dup(0), "rb")
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    server = build()
    gc.freeze()  # what start-up imported lives as long as the process: out of every collection
    server.start_io(protocol_in, protocol_out)
