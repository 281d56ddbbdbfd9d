"""Reading one ctsrvr.cfg text: the ``SUBSYSTEM COMM_PROTOCOL SSL`` block and the top-level
``COMM_PROTOCOL`` lines.

Lenient where the editor is strict: a block that fcsec could not manage is still read as the
server reads it, and the problems that keep a block from being read come back beside it.
"""

from __future__ import annotations

from fcsec.cfg.cst import Block, Entry, key_of
from fcsec.cfg.edit import SslParses, ssl_document
from fcsec.cfg.model import BlockView
from fcsec.diagnostics import Diagnostic
from fcsec.lint.configview_parts import DatabasePart, SettingPart
from fcsec.source import SourceFile, Span

__all__ = ["SSL_CLASS", "SSL_NAME", "read_database"]

SSL_CLASS = "COMM_PROTOCOL"
SSL_NAME = "SSL"


def _setting(entry: Entry) -> SettingPart:
    span = entry.span
    start = None
    if span is not None:
        start = span.start + len(entry.indent) + len(entry.keyword) + len(entry.sep)
    return SettingPart(keyword=entry.keyword, value=entry.value, span=span, value_start=start)


def _ssl_block(found: tuple[BlockView, ...]) -> BlockView | None:
    return next((block for block in found if block.enabled), found[0] if found else None)


def read_database(
    source: SourceFile, parses: SslParses | None = None
) -> tuple[DatabasePart, tuple[Diagnostic, ...]]:
    """The SSL block and the COMM_PROTOCOL lines of one ctsrvr.cfg text (never raises;
    ``parses``: the run's parses, ``fcsec.cfg.edit.SslParses``)."""
    parses = SslParses() if parses is None else parses
    document = ssl_document(source, parses)
    config = parses.view(source)
    block = _ssl_block(config.find_blocks(SSL_CLASS, SSL_NAME))
    protocols = tuple(
        _setting(part.line) for part in config.settings if part.key == key_of(SSL_CLASS)
    )
    if block is None:
        return (
            DatabasePart(block_found=False, enabled=False, managed=False, protocols=protocols),
            document.diagnostics,
        )
    entries = tuple(line for line in block.block.body if isinstance(line, Entry))
    settings = tuple(_setting(entry) for entry in entries)
    return (
        DatabasePart(
            block_found=True,
            enabled=block.enabled,
            managed=False,
            header_span=_header_span(block.block),
            settings=settings if block.enabled else (),
            stray=() if block.enabled else settings,
            protocols=protocols,
        ),
        document.diagnostics,
    )


def _header_span(block: Block) -> Span | None:
    return block.header.span
