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

import attrs

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
from fcsec.source import dominant_line_ending


@attrs.frozen(kw_only=True)
class Setting:
    """One ``KEYWORD value`` line as the reader sees it; ``keyword`` keeps the file's spelling."""

    keyword: str
    value: str
    line: Entry

    @property
    def key(self) -> str:
        """The keyword's case-insensitive identity."""
        return key_of(self.keyword)


def _values(settings: tuple[Setting, ...], keyword: str) -> tuple[str, ...]:
    key = key_of(keyword)
    return tuple(setting.value for setting in settings if setting.key == key)


def _setting(entry: Entry) -> Setting:
    return Setting(keyword=entry.keyword, value=entry.value, line=entry)


@attrs.frozen(kw_only=True)
class BlockView:
    """One ``SUBSYSTEM`` block: its class and name, whether it is enabled, and its settings.

    ``settings`` are the uncommented ``KEYWORD value`` lines of the body. They take effect only
    when ``enabled`` is true: in a disabled block they are as inactive as comments.
    """

    block: Block
    block_class: str
    name: str
    enabled: bool
    settings: tuple[Setting, ...]

    def is_named(self, block_class: str, name: str) -> bool:
        """Whether this is the ``SUBSYSTEM block_class name`` block (case-insensitive)."""
        return key_of(self.block_class) == key_of(block_class) and key_of(self.name) == key_of(name)

    def values(self, keyword: str) -> tuple[str, ...]:
        """The values of every line of ``keyword`` in the body, in file order."""
        return _values(self.settings, keyword)


def _block_view(block: Block) -> BlockView:
    words = split_words(block.header.words)
    return BlockView(
        block=block,
        block_class=words[0] if words else "",
        name=" ".join(words[1:]),
        enabled=not block.header.marker,
        settings=tuple(_setting(line) for line in block.body if isinstance(line, Entry)),
    )


@attrs.frozen(kw_only=True)
class ConfigView:
    """The active top-level settings and every block of a document."""

    settings: tuple[Setting, ...]
    blocks: tuple[BlockView, ...]

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
        return tuple(block for block in self.blocks if block.is_named(block_class, name))


def view(document: Document) -> ConfigView:
    """Read a document the way the server does."""
    settings: list[Setting] = []
    blocks: list[BlockView] = []
    for item in document.items:
        if isinstance(item, Entry):
            settings.append(_setting(item))
        elif isinstance(item, Block):
            blocks.append(_block_view(item))
    return ConfigView(settings=tuple(settings), blocks=tuple(blocks))


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
