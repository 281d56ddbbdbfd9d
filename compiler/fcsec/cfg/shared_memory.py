"""Top-level ``COMM_PROTOCOL FSHAREMM`` as an ``SslBlockPlan`` wants it: commented out or restored.

``shared_memory`` false comments the line out (value kept, ``;`` in the first column); true
restores a commented one or adds one, never leaving shared memory as the only protocol. The SSL
block editor (``fcsec.cfg.edit``) puts the lines it adds before the SSL block.
"""

from __future__ import annotations

from typing import Final, TypeGuard

from fcsec.cfg.cst import Comment, Entry, Item, key_of, split_words
from fcsec.cfg.lines import comment_out, new_line, uncomment, with_eol
from fcsec.record import Record

_COMM_PROTOCOL = "COMM_PROTOCOL"
_FSHAREMM = "FSHAREMM"
_F_TCPIP = "F_TCPIP"


def _is_shared_memory(item: Item) -> TypeGuard[Entry]:
    return (
        isinstance(item, Entry)
        and key_of(item.keyword) == _COMM_PROTOCOL
        and key_of(item.value) == _FSHAREMM
    )


def _is_commented_shared_memory(item: Item) -> TypeGuard[Comment]:
    if not isinstance(item, Comment):
        return False
    words = split_words(f"{item.keyword} {item.value}")
    return tuple(key_of(word) for word in words) == (_COMM_PROTOCOL, _FSHAREMM)


def _is_protocol(item: Item) -> TypeGuard[Entry]:
    return isinstance(item, Entry) and key_of(item.keyword) == _COMM_PROTOCOL


def _protocol_like(line: Entry, value: str, eol: str) -> Entry:
    """A ``COMM_PROTOCOL value`` line styled like ``line`` (indent, spelling, alignment)."""
    return Entry(
        indent=line.indent, keyword=line.keyword, sep=line.sep or " ", value=value, eol=eol
    )


class SharedMemory(Record):
    """The top-level items after the shared-memory edit, and lines to put before the SSL block."""

    __slots__ = ("changed", "items", "managed", "prelude")
    _compared = ("items", "prelude", "managed", "changed")

    def __init__(
        self,
        *,
        items: list[Item],
        prelude: tuple[Entry, ...] = (),
        managed: bool = False,
        changed: bool = False,
    ) -> None:
        self.items: Final = items
        self.prelude: Final = prelude
        self.managed: Final = managed
        self.changed: Final = changed


def edit_shared_memory(items: list[Item], want: bool | None, eol: str) -> SharedMemory:
    """Top-level ``COMM_PROTOCOL FSHAREMM`` as the plan wants it.

    Shared memory is never encrypted, so ``SSL_CONNECTIONS_ONLY`` alone leaves local clients in
    clear text.
    """
    if want is None:
        return SharedMemory(items=items)
    present = any(_is_shared_memory(item) or _is_commented_shared_memory(item) for item in items)
    if not want:
        edited = [comment_out(item) if _is_shared_memory(item) else item for item in items]
        changed = any(new is not old for new, old in zip(edited, items, strict=True))
        return SharedMemory(items=edited, managed=present, changed=changed)
    if any(_is_shared_memory(item) for item in items):
        return SharedMemory(items=items, managed=True)
    # Any COMM_PROTOCOL line turns off the implicit F_TCPIP default (faircom-formats.md §2.5), so
    # shared memory must never become the only protocol: that would shut TCP, and TLS with it.
    has_protocol = any(_is_protocol(item) for item in items)
    for index, item in enumerate(items):
        if _is_commented_shared_memory(item):
            restored = uncomment(item)
            tcp = () if has_protocol else (_protocol_like(restored, _F_TCPIP, restored.eol or eol),)
            items[index : index + 1] = [*tcp, restored]
            return SharedMemory(items=items, managed=True, changed=True)
    if has_protocol:
        last = max(index for index, item in enumerate(items) if _is_protocol(item))
        anchor = items[last]
        assert isinstance(anchor, Entry)
        items[last : last + 1] = [with_eol(anchor, eol), _protocol_like(anchor, _FSHAREMM, eol)]
        return SharedMemory(items=items, managed=True, changed=True)
    prelude = (
        new_line(_COMM_PROTOCOL, _F_TCPIP, "", eol),
        new_line(_COMM_PROTOCOL, _FSHAREMM, "", eol),
    )
    return SharedMemory(items=items, prelude=prelude, managed=True, changed=True)
