"""Parse ctsrvr.cfg text into the lossless tree of ``fcsec.cfg.cst``.

One pass over the text, one line at a time: a line is split at the first ``\\r\\n``, ``\\r`` or
``\\n`` and its content is cut into pieces with ``str`` methods and one anchored regex that cannot
backtrack, so the work is linear in the size of the file. A leading U+FEFF (a UTF-8 byte-order
mark decoded by the CLI) is kept apart from the first line; lone surrogates (undecodable bytes kept
by ``surrogateescape``) are ordinary characters.

Parsing is total: it never raises for any ``str``. The structural problems of a file (a stray
``}``, a block never closed, a block opened inside a block) become diagnostics FCS201-FCS203 on
the document, and the tree still holds every byte. The parser knows the shape of a line and of a
``SUBSYSTEM`` block; it never decides what a setting means and never changes a byte.
"""

from __future__ import annotations

import re

from fcsec.cfg.cst import (
    COMMENT_MARKER,
    SUBSYSTEM,
    WHITESPACE,
    Blank,
    Block,
    BlockClose,
    BlockOpen,
    BodyLine,
    Comment,
    Document,
    Entry,
    Item,
    Line,
    key_of,
)
from fcsec.diagnostics import Diagnostic, Related, error
from fcsec.rules import RULES
from fcsec.source import SourceFile, Span

BOM = "\ufeff"
DEFAULT_NAME = "ctsrvr.cfg"

# Content up to the line ending, then the ending; CRLF is tried before a lone CR.
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|)")
_KEYWORD = re.compile(r"[^ \t]*")


def parse_line(content: str, eol: str = "", *, span: Span | None = None) -> Line:
    """Cut the content of one line (without its line ending) into the pieces of a line node.

    ``render_line(parse_line(c, e)) == c + e`` for every ``c`` without line breaks.
    """
    stripped = content.lstrip(WHITESPACE)
    if not stripped:
        return Blank(whitespace=content, eol=eol, span=span)
    indent = content[: len(content) - len(stripped)]
    body = stripped.rstrip(WHITESPACE)
    trailing = stripped[len(body) :]
    if body == "}":
        return BlockClose(indent=indent, trailing=trailing, eol=eol, span=span)
    marker = COMMENT_MARKER if body.startswith(COMMENT_MARKER) else ""
    rest = body[len(marker) :]
    match = _KEYWORD.match(rest)
    keyword = match.group() if match is not None else ""
    after = rest[len(keyword) :]
    value = after.lstrip(WHITESPACE)
    sep = after[: len(after) - len(value)]
    if value.endswith("{") and key_of(keyword) == SUBSYSTEM:
        inner = value[:-1]
        words = inner.rstrip(WHITESPACE)
        return BlockOpen(
            indent=indent,
            marker=marker,
            keyword=keyword,
            sep=sep,
            words=words,
            gap=inner[len(words) :],
            trailing=trailing,
            eol=eol,
            span=span,
        )
    if marker:
        return Comment(
            indent=indent,
            marker=marker,
            keyword=keyword,
            sep=sep,
            value=value,
            trailing=trailing,
            eol=eol,
            span=span,
        )
    return Entry(
        indent=indent, keyword=keyword, sep=sep, value=value, trailing=trailing, eol=eol, span=span
    )


def parse(source: SourceFile | str) -> Document:
    """Parse a whole ctsrvr.cfg; never raises.

    Structural problems are in ``Document.diagnostics``, each with the span of its line:
    FCS201 for a ``}`` outside any block, FCS202 for a block that reaches the end of the file,
    FCS203 for a ``SUBSYSTEM`` header (active or commented) inside an open block. A nested header
    stays a line of the enclosing block; the first bare ``}`` closes that block.
    """
    if isinstance(source, str):
        source = SourceFile(name=DEFAULT_NAME, text=source)
    text = source.text
    bom = BOM if text.startswith(BOM) else ""
    return _group(source, bom, _scan(source, len(bom)))


def _scan(source: SourceFile, start: int) -> list[Line]:
    text = source.text
    length = len(text)
    position = start
    lines: list[Line] = []
    while position < length:
        match = _LINE.match(text, position)
        assert match is not None  # the pattern matches the empty string
        content, eol = match.group(1), match.group(2)
        span = Span(source=source, start=position, end=position + len(content))
        lines.append(parse_line(content, eol, span=span))
        position = match.end()
    return lines


def _problem(rule: str, span: Span | None, related: tuple[Related, ...] = ()) -> Diagnostic:
    return error(rule, RULES[rule].title, span, hint=RULES[rule].fix, related=related)


def _group(source: SourceFile, bom: str, lines: list[Line]) -> Document:
    items: list[Item] = []
    diagnostics: list[Diagnostic] = []
    header: BlockOpen | None = None
    body: list[BodyLine] = []
    for line in lines:
        if header is None:
            if isinstance(line, BlockOpen):
                header, body = line, []
            else:
                if isinstance(line, BlockClose):
                    diagnostics.append(_problem("FCS201", line.span))
                items.append(line)
        elif isinstance(line, BlockClose):
            items.append(Block(header=header, body=tuple(body), close=line))
            header = None
        else:
            if isinstance(line, BlockOpen):
                opened = (
                    (Related(span=header.span, message="the open block starts here"),)
                    if header.span is not None
                    else ()
                )
                diagnostics.append(_problem("FCS203", line.span, opened))
            body.append(line)
    if header is not None:
        items.append(Block(header=header, body=tuple(body), close=None))
        diagnostics.append(_problem("FCS202", header.span))
    return Document(bom=bom, items=tuple(items), diagnostics=tuple(diagnostics))
