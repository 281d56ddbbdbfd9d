"""What a parsed ctsrvr.cfg means to the server: a read-only view of a ``cst.Document``.

The FairCom rules live here and nowhere else (faircom-formats.md §2.2-2.3):

* keywords are matched without regard to case (``x509_PATH`` is ``X509_PATH``);
* a line whose first non-blank character is ``;`` is a comment, a ``;`` later in a line is data;
* a ``SUBSYSTEM CLASS NAME {`` header opens a block that ends at the first bare ``}``; a commented
  header (``;SUBSYSTEM ... {``) disables the whole block, even lines inside it that look active;
* a keyword may repeat (``COMM_PROTOCOL``, ``SQL_OPTION``): every line counts, in file order.

The view never changes the tree and never reads files. It is total: a document with structural
problems still has a view (a nested header is simply a line of its block).
"""

from __future__ import annotations

from typing import Final

from fcsec.cfg.cst import (
    COMMENT_MARKER,
    WHITESPACE,
    Block,
    Comment,
    Document,
    Entry,
    key_of,
    split_words,
)
from fcsec.cfg.parse import parse_line
from fcsec.cfg.render import render
from fcsec.record import Record
from fcsec.source import dominant_line_ending


class Setting(Record):
    """One ``KEYWORD value`` line as the reader sees it; ``keyword`` keeps the file's spelling."""

    __slots__ = ("keyword", "line", "value")
    _compared = ("keyword", "value", "line")

    def __init__(self, *, keyword: str, value: str, line: Entry) -> None:
        self.keyword: Final = keyword
        self.value: Final = value
        self.line: Final = line

    @property
    def key(self) -> str:
        """The keyword's case-insensitive identity."""
        return key_of(self.keyword)


def _values(settings: tuple[Setting, ...], keyword: str) -> tuple[str, ...]:
    key = key_of(keyword)
    return tuple(setting.value for setting in settings if setting.key == key)


def _setting(entry: Entry) -> Setting:
    return Setting(keyword=entry.keyword, value=entry.value, line=entry)


class BlockView(Record):
    """One ``SUBSYSTEM`` block: its class and name, whether it is enabled, and its settings.

    ``settings`` are the uncommented ``KEYWORD value`` lines of the body. They take effect only
    when ``enabled`` is true: in a disabled block they are as inactive as comments.
    """

    __slots__ = ("block", "block_class", "enabled", "name", "settings")
    _compared = ("block", "block_class", "name", "enabled", "settings")

    def __init__(
        self,
        *,
        block: Block,
        block_class: str,
        name: str,
        enabled: bool,
        settings: tuple[Setting, ...],
    ) -> None:
        self.block: Final = block
        self.block_class: Final = block_class
        self.name: Final = name
        self.enabled: Final = enabled
        self.settings: Final = settings

    def is_named(self, block_class: str, name: str) -> bool:
        """Whether this is the ``SUBSYSTEM block_class name`` block (case-insensitive)."""
        return _named(self.block_class, self.name, block_class, name)

    def values(self, keyword: str) -> tuple[str, ...]:
        """The values of every line of ``keyword`` in the body, in file order."""
        return _values(self.settings, keyword)


def _named(block_class: str, name: str, wanted_class: str, wanted_name: str) -> bool:
    return key_of(block_class) == key_of(wanted_class) and key_of(name) == key_of(wanted_name)


def _class_and_name(block: Block) -> tuple[str, str]:
    words = split_words(block.header.words)
    return (words[0] if words else ""), " ".join(words[1:])


def _block_view(block: Block) -> BlockView:
    block_class, name = _class_and_name(block)
    return BlockView(
        block=block,
        block_class=block_class,
        name=name,
        enabled=not block.header.marker,
        settings=tuple(_setting(line) for line in block.body if isinstance(line, Entry)),
    )


class ConfigView:
    """The active top-level settings and every block of a document.

    A real ctsrvr.cfg has thousands of blocks and the callers mostly want one of them, so the
    view of each block is made when first asked for: ``find_blocks`` makes only the views of the
    blocks it finds, ``blocks`` all of them (once per view); ``settings`` too is made on first
    use. Equal documents give equal views.
    """

    __slots__ = ("_blocks", "_items", "_settings")

    def __init__(self, document: Document) -> None:
        self._items = document.items
        self._settings: tuple[Setting, ...] | None = None
        self._blocks: tuple[BlockView, ...] | None = None

    @property
    def settings(self) -> tuple[Setting, ...]:
        """The active top-level ``KEYWORD value`` lines, in file order (made on first use: the
        editor asks a view only for blocks)."""
        if self._settings is None:
            self._settings = tuple(
                _setting(item) for item in self._items if isinstance(item, Entry)
            )
        return self._settings

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ConfigView):
            return NotImplemented
        return self.settings == other.settings and self.blocks == other.blocks

    def __hash__(self) -> int:
        return hash((self.settings, self.blocks))

    def __repr__(self) -> str:
        return f"ConfigView(settings={self.settings!r}, blocks={self.blocks!r})"

    @property
    def blocks(self) -> tuple[BlockView, ...]:
        """Every block of the document, in file order."""
        if self._blocks is None:
            self._blocks = tuple(
                _block_view(item) for item in self._items if isinstance(item, Block)
            )
        return self._blocks

    @property
    def active_blocks(self) -> tuple[BlockView, ...]:
        return tuple(block for block in self.blocks if block.enabled)

    @property
    def disabled_blocks(self) -> tuple[BlockView, ...]:
        return tuple(block for block in self.blocks if not block.enabled)

    def values(self, keyword: str) -> tuple[str, ...]:
        """The values of every active top-level line of ``keyword``, in file order."""
        return _values(self.settings, keyword)

    def find_blocks(self, block_class: str, name: str) -> tuple[BlockView, ...]:
        """Every block (enabled or not) named ``SUBSYSTEM block_class name``."""
        if self._blocks is not None:
            return tuple(block for block in self._blocks if block.is_named(block_class, name))
        # A header can only name ``block_class`` if it holds the word (``str.upper`` folds at
        # least what ``key_of`` folds): most headers are passed over without being split.
        probe = block_class.upper() if block_class.isascii() else ""
        return tuple(
            _block_view(item)
            for item in self._items
            if isinstance(item, Block)
            and probe in item.header.words.upper()
            and _named(*_class_and_name(item), block_class, name)
        )


def view(document: Document) -> ConfigView:
    """Read a document the way the server does."""
    return ConfigView(document)


def commented_setting(line: Comment) -> Entry | None:
    """The setting a comment holds, as the line would read without its ``;``; else None.

    ``;SSL_CIPHERS A`` holds ``SSL_CIPHERS A``; so do ``\t;SSL_CIPHERS A`` (indent kept) and
    ``;\tSSL_CIPHERS A`` (the way fcsec comments out an indented line: ``;`` in the first column,
    certain to read as a comment). ``; Page Size`` holds ``Page Size``: whether that is a setting
    is for the caller to decide by its keyword.
    """
    restored = parse_line(
        line.indent + line.keyword + line.sep + line.value + line.trailing, line.eol
    )
    return restored if isinstance(restored, Entry) else None


def trailing_note(value: str) -> str:
    """The end of a setting's value that FairCom's tools read as a remark: ``" ; legacy"``.

    A ``;`` after a blank (or first in the value) starts it, with the blanks before it; a ``;``
    glued to a word is data (``PLUGIN cthttpd;./web/libcthttpd.so``). ``""`` when there is none.
    The server's own reading of such a value is not documented, so fcsec only keeps the note
    when it replaces the value before it.
    """
    at = 0
    while (at := value.find(COMMENT_MARKER, at)) != -1:
        if at == 0 or value[at - 1] in WHITESPACE:
            return value[len(value[:at].rstrip(WHITESPACE)) :]
        at += 1
    return ""


def dominant_eol(document: Document) -> str:
    """``fcsec.source.dominant_line_ending`` of the document's text: the line ending most lines
    use (the first one seen wins a tie), ``"\\n"`` when none has one.

    New lines get this ending, so a CRLF file stays CRLF; a file with mixed endings stays mixed.
    """
    return dominant_line_ending(render(document))
