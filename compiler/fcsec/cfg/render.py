"""Print a ctsrvr.cfg tree back to text: concatenation of its pieces, nothing else.

``render(parse(text)) == text`` for every string, and ``parse(render(doc)) == doc`` for every
tree that keeps the invariants listed in ``fcsec.cfg.cst``. This module never reformats, never
normalises line endings or case, and never adds or drops a character.
"""

from __future__ import annotations

from fcsec.cfg.cst import Blank, BlockClose, BlockOpen, Comment, Document, Entry, Line


def render_content(line: Line) -> str:
    """The text of one line without its line ending."""
    match line:
        case Blank():
            return line.whitespace
        case Comment():
            return line.indent + line.marker + line.keyword + line.sep + line.value + line.trailing
        case Entry():
            return line.indent + line.keyword + line.sep + line.value + line.trailing
        case BlockOpen():
            return (
                line.indent
                + line.marker
                + line.keyword
                + line.sep
                + line.words
                + line.gap
                + line.brace
                + line.trailing
            )
        case BlockClose():
            return line.indent + line.brace + line.trailing


def render_line(line: Line) -> str:
    """The text of one line with its line ending."""
    return render_content(line) + line.eol


def render(document: Document) -> str:
    """The text of a whole document, byte-order mark first."""
    parts = [document.bom]
    parts.extend(render_line(line) for line in document.lines())
    return "".join(parts)
