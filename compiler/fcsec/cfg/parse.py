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
from collections.abc import Callable
from typing import Final

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
from fcsec.cfg.render import render_content, render_line
from fcsec.diagnostics import Diagnostic, Related, diagnostic
from fcsec.rule_ids import CFG_NESTED_BLOCK, CFG_STRAY_CLOSE, CFG_UNCLOSED_BLOCK
from fcsec.rules import RULES
from fcsec.source import SourceFile, Span

BOM = "\ufeff"
DEFAULT_NAME = "ctsrvr.cfg"

# Content up to the line ending, then the ending; CRLF is tried before a lone CR.
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|)")
# The pieces of one line in one match: indent, `;`, keyword, then a blank run and a value that
# ends in a non-blank (together, or neither), trailing blanks, the line ending. Every quantifier
# stops at a line break, so a match never leaves its line; the value gives back only the
# trailing blanks, so the match is linear in the line.
_BLANK, _SOLID = f"[{WHITESPACE}]", f"[^{WHITESPACE}\r\n]"
_PIECES = re.compile(
    f"({_BLANK}*)({re.escape(COMMENT_MARKER)}?)({_SOLID}*)"
    f"(?:({_BLANK}+)([^\r\n]*{_SOLID}))?({_BLANK}*)(\r\n|\r|\n|)"
)
_new_span = tuple.__new__


def parse_line(content: str, eol: str = "", *, span: Span | None = None) -> Line:
    """Cut the content of one line (without its line ending) into the pieces of a line node.

    ``render_line(parse_line(c, e)) == c + e`` for every ``c`` without line breaks.
    """
    match = _PIECES.match(content)
    assert match is not None and match.end() == len(content)  # content holds no line break
    return _line(match, eol, span)


def _line(pieces: re.Match[str], eol: str, span: Span | None) -> Line:
    """The line node of a ``_PIECES`` match (its own line ending aside: ``eol``)."""
    indent, marker, keyword, sep, value, trailing, _ = pieces.groups()
    if sep is None:  # nothing after the keyword but blanks
        if not (keyword or marker):
            return Blank(whitespace=indent, eol=eol, span=span)
        if keyword == "}" and not marker:
            return BlockClose(indent=indent, trailing=trailing, eol=eol, span=span)
        sep = value = ""
    elif value[-1] == "{" and key_of(keyword) == SUBSYSTEM:
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


def _line_at(source: SourceFile, start: int) -> tuple[Line, int]:
    """The line of ``source`` that starts at ``start``, with its span, and where the next starts."""
    pieces = _PIECES.match(source.text, start)
    assert pieces is not None  # the pattern matches the empty string
    # tuple.__new__: a Span without the Python frame of the named tuple's __new__.
    span = _new_span(Span, (source, start, pieces.end(6)))
    return _line(pieces, pieces.group(7), span), pieces.end()


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
    return _group(bom, _scan(source, len(bom)))


def _scan(source: SourceFile, start: int) -> list[Line]:
    text = source.text
    length = len(text)
    position = start
    lines: list[Line] = []
    while position < length:
        line, position = _line_at(source, position)
        lines.append(line)
    return lines


def _problem(rule: str, span: Span | None, related: tuple[Related, ...] = ()) -> Diagnostic:
    return diagnostic(rule, RULES[rule].title, span, hint=RULES[rule].fix, related=related)


def _group(bom: str, lines: list[Line]) -> Document:
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
                    diagnostics.append(_problem(CFG_STRAY_CLOSE, line.span))
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
                diagnostics.append(_problem(CFG_NESTED_BLOCK, line.span, opened))
            body.append(line)
    if header is not None:
        items.append(Block(header=header, body=tuple(body), close=None))
        diagnostics.append(_problem(CFG_UNCLOSED_BLOCK, header.span))
    return Document(bom=bom, items=tuple(items), diagnostics=tuple(diagnostics))


# --- sparse parsing: big files, few lines that matter -------------------------------------------


class Sparse:
    """A document of the lines that matter, every run of other lines standing in one placeholder.

    ``document`` has the diagnostics ``parse`` gives the whole text; ``render(edited)`` prints a
    document derived from it, writing each placeholder back as the text it stands for.
    """

    __slots__ = ("document", "gaps", "placeholders")

    def __init__(
        self,
        document: Document,
        placeholders: tuple[Comment, ...],
        gaps: dict[int, str],
    ) -> None:
        self.document: Final = document
        # Placeholder lines by identity, with the text each stands for; the list keeps them alive.
        self.placeholders: Final = placeholders
        self.gaps: Final = gaps

    def render(self, document: Document) -> str:
        gaps = self.gaps
        parts = [document.bom]
        for line in document.lines():
            gap = gaps.get(id(line))
            parts.append(render_line(line) if gap is None else gap)
        return "".join(parts)

    def of_edit(self, document: Document, source: SourceFile) -> Sparse:
        """The sparse document of ``source``, whose text is ``render(document)``: ``document``'s
        lines with their spans in that text, and its block structure and diagnostics found again
        (``_group``), without parsing the text.

        ``document`` is derived from this one by an edit (it holds the same placeholders). The new
        document parses what this one parsed and every line the edit wrote, so a reader that
        looks only at the lines ``parse_sparse`` parses sees what a parse of the new text gives
        it (tests/cfg/test_sparse.py holds the two to each other).
        """
        gaps = self.gaps
        new_span = _new_span
        offset = len(document.bom)
        lines: list[Line] = []
        for line in document.lines():
            gap = gaps.get(id(line))
            if gap is None:
                length = len(render_content(line))
                line = line.respanned(new_span(Span, (source, offset, offset + length)))
                offset += length + len(line.eol)
            else:
                offset += len(gap)
            lines.append(line)
        if offset != len(source.text):
            raise ValueError("the text is not the rendering of the document")
        return Sparse(_group(document.bom, lines), self.placeholders, gaps)


def parse_sparse(
    source: SourceFile, marks: tuple[str, ...], expand: Callable[[BlockOpen], bool]
) -> Sparse:
    """Parse only the lines an edit can look at; the text between them is kept as placeholders.

    Parsed are: every line holding one of ``marks`` (lower-case ASCII, found in any letter case;
    they must include ``{`` and ``}``, so that the block structure and its diagnostics are those of
    ``parse``), the line after each of them, the last line, and every line of a top-level block
    whose header ``expand`` accepts. A block that is not expanded is left alone by an edit (a
    real file has thousands of them): the line after its header or its ``}`` is parsed only when
    it holds a mark, and a block whose header holds no other mark and whose first marked line
    after the header is its own bare ``}`` (not the last line) is not parsed at all: it is
    closed and holds no ``{``, ``}`` or other mark, so it has no structural problem and no line
    an edit or a shape check reads (those read lines holding ``COMM_PROTOCOL``: a header such as
    ``SUBSYSTEM COMM_PROTOCOL SSL EXTRA {`` is not expanded but is refused, FCS211). Its lines
    join the text around them. Each run of other lines becomes one
    ``Comment`` placeholder whose line ending is that of the run's last line. An edit that only
    looks at parsed lines, and changes or adds lines only next to them, gives the same text
    through ``Sparse.render`` as ``render(parse(...))``. The cost is a few string searches (in
    C) plus the parsed lines: no Python step per line of the file.
    """
    text = source.text
    length = len(text)
    bom = BOM if text.startswith(BOM) else ""
    lines: list[Line] = []
    placeholders: list[Comment] = []
    gaps: dict[int, str] = {}

    def gap(start: int, end: int) -> None:
        run = text[start:end]
        eol = "\r\n" if run.endswith("\r\n") else run[-1]
        placeholder = Comment(value="\u2026", eol=eol)
        placeholders.append(placeholder)
        gaps[id(placeholder)] = run
        lines.append(placeholder)

    marked = _lines_holding(text, len(bom), marks)
    is_marked = set(marked)
    words = tuple(mark for mark in marks if mark not in "{}")
    next_mark = 0
    last = _last_line_start(text, len(bom))
    # ``position``: the line to look at next; ``kept``: where the text not yet in ``lines`` (as a
    # parsed line or a placeholder) starts.
    position = kept = len(bom)
    in_block = expanding = take_next = False
    while position < length:
        if not (expanding or take_next):
            while next_mark < len(marked) and marked[next_mark] < position:
                next_mark += 1
            start = marked[next_mark] if next_mark < len(marked) else last
            position = min(start, last)
        line, end = _line_at(source, position)
        # An edit may change a line it looks at, and that can change how the next line reads
        # (``fcsec.cfg.lines.keep_line_breaks``): the line after a marked one is parsed too.
        take_next = position in is_marked
        if isinstance(line, BlockOpen) and not in_block:
            expanding = expand(line)
            if take_next and not expanding:
                folded = text[position:end].lower()
                take_next = any(word in folded for word in words)
                closed = -1 if take_next else _closed_alone(text, marked, next_mark, end, last)
                if closed != -1:
                    position = closed  # the whole block joins the text around it
                    continue
            in_block = True
        elif isinstance(line, BlockClose) and in_block:
            take_next = take_next and expanding  # a `}` line holds no other mark
            in_block = expanding = False
        if kept < position:
            gap(kept, position)
        lines.append(line)
        position = kept = end
    return Sparse(document=_group(bom, lines), placeholders=tuple(placeholders), gaps=gaps)


def _closed_alone(text: str, marked: list[int], index: int, low: int, last: int) -> int:
    """Where the line ends that closes, on its own, a block whose header ends at ``low``: the
    first marked line from ``low`` on (``marked[index:]``) when it is a bare ``}`` and not the
    last line (an edit may append after the last line); -1 otherwise."""
    while index < len(marked) and marked[index] < low:
        index += 1
    if index == len(marked) or marked[index] >= last:
        return -1
    match = _LINE.match(text, marked[index])
    assert match is not None
    return match.end() if match.group(1).strip(WHITESPACE) == "}" else -1


def _lines_holding(text: str, low: int, marks: tuple[str, ...]) -> list[int]:
    """The starts of the lines (after ``low``) holding a mark in any letter case, in order."""
    folded = text.lower()
    hits: list[int] = []
    if len(folded) == len(text):  # no character grew when lower-cased: offsets agree
        find = folded.find
        for mark in marks:
            at = find(mark, low)
            while at != -1:
                hits.append(at)
                at = find(mark, at + 1)
        hits.sort()
    else:
        pattern = re.compile("|".join(re.escape(mark) for mark in marks), re.IGNORECASE)
        hits = [match.start() for match in pattern.finditer(text, low)]
    starts: list[int] = []
    next_line = low  # the start of the line after the last one taken
    if "\r" not in text:
        # Only LF endings (most files): a line is found with one search each way, in C.
        rfind, find = text.rfind, text.find
        for hit in hits:
            if hit >= next_line:
                starts.append(rfind("\n", low, hit) + 1 or low)
                next_line = find("\n", hit) + 1 or len(text)
        return starts
    for hit in hits:
        if hit < next_line:
            continue
        start = _line_start(text, next_line, hit)
        starts.append(start)
        match = _LINE.match(text, start)
        assert match is not None
        next_line = match.end()
    return starts


def _line_start(text: str, low: int, position: int) -> int:
    """The start of the line holding ``position``; ``low`` is the start of a line before it."""
    return max(text.rfind("\n", low, position), text.rfind("\r", low, position), low - 1) + 1


def _last_line_start(text: str, low: int) -> int:
    """Where the last line of ``text`` (after ``low``) starts; ``len(text)`` when it has none."""
    end = len(text)
    if text.endswith("\r\n"):
        end -= 2
    elif text.endswith(("\r", "\n")):
        end -= 1
    if end < low:
        return len(text)
    return _line_start(text, low, end)
