"""Concrete syntax tree of a ctsrvr.cfg: every byte of the file lives in exactly one piece.

A ctsrvr.cfg is line-oriented (faircom-formats.md §2.2-2.3), so the tree is a sequence of line
nodes, with ``SUBSYSTEM CLASS NAME {`` ... ``}`` lines grouped into a ``Block``. Each line node
keeps its raw pieces (indentation, ``;`` marker, keyword, separator, value, trailing
whitespace, line ending) exactly as written, so printing a tree is concatenation
(``fcsec.cfg.render``) and ``render(parse(text)) == text`` holds for every string.

Invariants of a tree built by ``fcsec.cfg.parse`` (and expected of trees built by hand):

* ``eol`` is ``"\\n"``, ``"\\r\\n"``, ``"\\r"``, or ``""`` for a last line without a line ending;
* whitespace pieces (``indent``, ``sep``, ``gap``, ``trailing``, ``Blank.whitespace``) hold only
  spaces and tabs; ``keyword`` holds none; ``value`` and ``words`` neither start nor end with one;
* no piece holds ``"\\r"`` or ``"\\n"``.

This module only describes shapes. It never decides what a line means (active or not, which
block is the SSL one: that is ``fcsec.cfg.model``), never reads files and never formats.
Spans (``eq=False``) point back into the parsed text, so a parsed tree equals one built by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final, TypeAlias

from fcsec.diagnostics import Diagnostic
from fcsec.record import Record
from fcsec.source import Span

#: The line endings a line may carry; ``""`` marks a last line without one.
EOLS: tuple[str, ...] = ("\n", "\r\n", "\r")
#: The characters that separate the pieces of a line (faircom-formats.md §2.2).
WHITESPACE = " \t"
COMMENT_MARKER = ";"
SUBSYSTEM = "SUBSYSTEM"


def key_of(word: str) -> str:
    """The case-insensitive identity of a keyword or keyword value.

    FairCom keywords are ASCII and compared without regard to case. Only ASCII words are folded:
    ``str.upper`` maps some non-ASCII letters onto ASCII ones (U+017F LATIN SMALL LETTER LONG S
    becomes ``S``), and such a word must not pass for ``SUBSYSTEM`` or ``SSL_CIPHERS``.
    """
    return word.upper() if word.isascii() else word


def split_words(text: str) -> tuple[str, ...]:
    """The words of a piece of a line, split at runs of spaces and tabs."""
    return tuple(word for word in text.replace("\t", " ").split(" ") if word)


class Blank(Record):
    """A line holding nothing but spaces and tabs (possibly none)."""

    __slots__ = ("eol", "span", "whitespace")
    _compared = ("whitespace", "eol")

    def __init__(self, *, whitespace: str = "", eol: str = "\n", span: Span | None = None) -> None:
        self.whitespace: Final = whitespace
        self.eol: Final = eol
        self.span: Final = span

    def respanned(self, span: Span | None) -> Blank:
        """The same line at another place (``fcsec.cfg.parse.Sparse.of_edit``)."""
        return Blank(whitespace=self.whitespace, eol=self.eol, span=span)


class Comment(Record):
    """A line whose first non-blank character is ``;``.

    The text after the marker is split like a setting, so ``;SSL_CIPHERS AES256-SHA256`` has
    ``keyword="SSL_CIPHERS"``; when a blank follows the marker (``; Page Size``) the keyword is
    empty and the words are in ``sep`` and ``value``. Whether a comment is a commented-out
    setting is for the reader to decide.
    """

    __slots__ = ("eol", "indent", "keyword", "marker", "sep", "span", "trailing", "value")
    _compared = ("indent", "marker", "keyword", "sep", "value", "trailing", "eol")

    def __init__(
        self,
        *,
        indent: str = "",
        marker: str = COMMENT_MARKER,
        keyword: str = "",
        sep: str = "",
        value: str = "",
        trailing: str = "",
        eol: str = "\n",
        span: Span | None = None,
    ) -> None:
        self.indent: Final = indent
        self.marker: Final = marker
        self.keyword: Final = keyword
        self.sep: Final = sep
        self.value: Final = value
        self.trailing: Final = trailing
        self.eol: Final = eol
        self.span: Final = span

    def respanned(self, span: Span | None) -> Comment:
        """The same line at another place (``fcsec.cfg.parse.Sparse.of_edit``)."""
        return Comment(
            indent=self.indent,
            marker=self.marker,
            keyword=self.keyword,
            sep=self.sep,
            value=self.value,
            trailing=self.trailing,
            eol=self.eol,
            span=span,
        )


class Entry(Record):
    """A ``KEYWORD value`` line; the value is the rest of the line and may hold spaces and ``;``."""

    __slots__ = ("eol", "indent", "keyword", "sep", "span", "trailing", "value")
    _compared = ("indent", "keyword", "sep", "value", "trailing", "eol")

    def __init__(
        self,
        *,
        indent: str = "",
        keyword: str,
        sep: str = "",
        value: str = "",
        trailing: str = "",
        eol: str = "\n",
        span: Span | None = None,
    ) -> None:
        self.indent: Final = indent
        self.keyword: Final = keyword
        self.sep: Final = sep
        self.value: Final = value
        self.trailing: Final = trailing
        self.eol: Final = eol
        self.span: Final = span

    def respanned(self, span: Span | None) -> Entry:
        """The same line at another place (``fcsec.cfg.parse.Sparse.of_edit``)."""
        return Entry(
            indent=self.indent,
            keyword=self.keyword,
            sep=self.sep,
            value=self.value,
            trailing=self.trailing,
            eol=self.eol,
            span=span,
        )


class BlockOpen(Record):
    """A ``SUBSYSTEM CLASS NAME {`` header; with ``marker=";"`` the header of a disabled block.

    ``words`` is the raw text between ``SUBSYSTEM`` and the brace (``COMM_PROTOCOL SSL``), ``gap``
    the blanks before the brace.
    """

    __slots__ = (
        "brace",
        "eol",
        "gap",
        "indent",
        "keyword",
        "marker",
        "sep",
        "span",
        "trailing",
        "words",
    )
    _compared = ("indent", "marker", "keyword", "sep", "words", "gap", "brace", "trailing", "eol")

    def __init__(
        self,
        *,
        indent: str = "",
        marker: str = "",
        keyword: str = SUBSYSTEM,
        sep: str = " ",
        words: str = "",
        gap: str = " ",
        brace: str = "{",
        trailing: str = "",
        eol: str = "\n",
        span: Span | None = None,
    ) -> None:
        self.indent: Final = indent
        self.marker: Final = marker
        self.keyword: Final = keyword
        self.sep: Final = sep
        self.words: Final = words
        self.gap: Final = gap
        self.brace: Final = brace
        self.trailing: Final = trailing
        self.eol: Final = eol
        self.span: Final = span

    def respanned(self, span: Span | None) -> BlockOpen:
        """The same line at another place (``fcsec.cfg.parse.Sparse.of_edit``)."""
        return BlockOpen(
            indent=self.indent,
            marker=self.marker,
            keyword=self.keyword,
            sep=self.sep,
            words=self.words,
            gap=self.gap,
            brace=self.brace,
            trailing=self.trailing,
            eol=self.eol,
            span=span,
        )


class BlockClose(Record):
    """A line holding only ``}`` (and blanks around it)."""

    __slots__ = ("brace", "eol", "indent", "span", "trailing")
    _compared = ("indent", "brace", "trailing", "eol")

    def __init__(
        self,
        *,
        indent: str = "",
        brace: str = "}",
        trailing: str = "",
        eol: str = "\n",
        span: Span | None = None,
    ) -> None:
        self.indent: Final = indent
        self.brace: Final = brace
        self.trailing: Final = trailing
        self.eol: Final = eol
        self.span: Final = span

    def respanned(self, span: Span | None) -> BlockClose:
        """The same line at another place (``fcsec.cfg.parse.Sparse.of_edit``)."""
        return BlockClose(
            indent=self.indent, brace=self.brace, trailing=self.trailing, eol=self.eol, span=span
        )


Line: TypeAlias = Blank | Comment | Entry | BlockOpen | BlockClose
#: What a block's body holds; a ``BlockOpen`` there is a nested header (an FCS203 problem).
BodyLine: TypeAlias = Blank | Comment | Entry | BlockOpen


class Block(Record):
    """A header, the lines up to the first bare ``}``, and that ``}``.

    ``close`` is ``None`` only for a block that runs to the end of the file (an FCS202 problem).
    """

    __slots__ = ("body", "close", "header")
    _compared = ("header", "body", "close")

    def __init__(
        self,
        *,
        header: BlockOpen,
        body: tuple[BodyLine, ...] = (),
        close: BlockClose | None = None,
    ) -> None:
        self.header: Final = header
        self.body: Final = body
        self.close: Final = close

    def lines(self) -> Iterator[Line]:
        """The block's lines in file order: header, body, close."""
        yield self.header
        yield from self.body
        if self.close is not None:
            yield self.close


#: What a document holds at the top level; a ``BlockClose`` there is stray (an FCS201 problem).
Item: TypeAlias = Blank | Comment | Entry | BlockClose | Block


class Document(Record):
    """A whole ctsrvr.cfg: an optional byte-order mark and the top-level items.

    ``diagnostics`` records the structural problems the parser found (FCS201-FCS203); they do not
    take part in equality, like spans.
    """

    __slots__ = ("bom", "diagnostics", "items")
    _compared = ("bom", "items")

    def __init__(
        self,
        *,
        bom: str = "",
        items: tuple[Item, ...] = (),
        diagnostics: tuple[Diagnostic, ...] = (),
    ) -> None:
        self.bom: Final = bom
        self.items: Final = items
        self.diagnostics: Final = diagnostics

    def lines(self) -> Iterator[Line]:
        """Every line in file order, blocks flattened."""
        for item in self.items:
            if isinstance(item, Block):
                yield from item.lines()
            else:
                yield item
