"""One line at a time: new setting lines, lines commented out and back, line endings kept.

The SSL block editor (``fcsec.cfg.edit``) and its parts build every line they change here. A line
commented out gets ``;`` in the first column before its own bytes, as the vendor does, and is
parsed back to be certain it reads as a comment; uncommenting gives back the setting it held.
"""

from __future__ import annotations

from typing import TypeVar

from fcsec.cfg.cst import COMMENT_MARKER, Blank, Block, BodyLine, Comment, Entry, Item, Line
from fcsec.cfg.parse import parse_line
from fcsec.cfg.render import render_content
from fcsec.record import replace

_Line = TypeVar("_Line", bound=Line)


def new_line(keyword: str, value: str, indent: str, eol: str) -> Entry:
    return Entry(indent=indent, keyword=keyword, sep=" ", value=value, eol=eol)


def comment_out(line: Entry) -> Comment:
    """``;`` in the first column before the line's own bytes: certain to read as a comment."""
    commented = parse_line(COMMENT_MARKER + render_content(line), line.eol)
    assert isinstance(commented, Comment)
    return commented


def uncomment(line: Comment) -> Entry:
    restored = parse_line(
        line.indent + line.keyword + line.sep + line.value + line.trailing, line.eol
    )
    assert isinstance(restored, Entry)
    return restored


def with_eol(item: Item, eol: str) -> Item:
    """The item with a line ending on its last line (a file may lack a final newline)."""
    if isinstance(item, Block):
        if item.close is not None and not item.close.eol:
            return replace(item, close=replace(item.close, eol=eol))
        return item
    return item if item.eol else replace(item, eol=eol)


def keep_line_breaks(items: list[Item]) -> tuple[Item, ...]:
    """The items, with no lone CR followed by an empty line that ends in LF.

    Those two would read back as one line ending in CRLF. The parser never yields such a pair,
    so one can only arise where the edit added or deleted a line; the empty line then ends in CR.
    """
    fixed: list[Item] = []
    previous = ""
    for item in items:
        if isinstance(item, Block):
            body: list[BodyLine] = []
            previous = item.header.eol
            for line in item.body:
                body.append(_after(previous, line))
                previous = line.eol
            if any(new is not old for new, old in zip(body, item.body, strict=True)):
                item = replace(item, body=tuple(body))
            previous = item.close.eol if item.close is not None else previous
            fixed.append(item)
        else:
            fixed.append(_after(previous, item))
            previous = item.eol
    return tuple(fixed)


def _after(previous_eol: str, line: _Line) -> _Line:
    merges = previous_eol == "\r" and line.eol == "\n"
    if merges and isinstance(line, Blank) and not line.whitespace:
        return replace(line, eol="\r", span=None)
    return line
