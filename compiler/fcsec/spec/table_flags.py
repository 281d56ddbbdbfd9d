"""What TOML's table rules remember about each key path while ``fcsec.spec.document`` assembles
a spec: declared explicitly (by a ``[header]``, or as the container of dotted keys) and frozen
(an inline table or an array, closed for good), for one path or for everything under it.
"""

from __future__ import annotations

import enum

__all__ = ["Flag", "FlagNode", "Flags", "InlineFlags"]


class Flag(enum.IntEnum):  # bits of FlagNode.flags and .recursive (IntFlag would & in Python)
    EXPLICIT = 1  # declared by a [header], or a container of dotted keys
    FROZEN = 2  # an inline table or an array: closed for good


class FlagNode:
    """One key path's flags, as bits of ``Flag``: for the path itself, and for everything under
    it (``recursive``). Ints and a children dict made on first use: a spec of 2,000 listeners
    makes 4,000 of these, and two sets and a dict each took a third of the assembler's memory."""

    __slots__ = ("children", "flags", "recursive")

    def __init__(self) -> None:
        self.flags = 0
        self.recursive = 0
        self.children: dict[str, FlagNode] | None = None


class Flags:
    """The flags of a whole document, as a tree of key paths; ``pending`` flags (the containers
    of one statement's dotted keys) take effect when the statement ends."""

    def __init__(self) -> None:
        self._root = FlagNode()
        self._pending: list[tuple[tuple[str, ...], Flag]] = []

    def has(self, key: tuple[str, ...], flag: int) -> bool:
        """Whether ``key`` has any of the bits of ``flag`` (a ``Flag`` or several or'ed)."""
        if not key:
            return False
        node = self._root
        for part in key:
            children = node.children
            if children is None:
                return False
            child = children.get(part)
            if child is None:
                return False
            if child.recursive & flag:
                return True
            node = child
        return bool(node.flags & flag)

    def set(self, key: tuple[str, ...], flag: Flag, *, recursive: bool) -> None:
        node = self._root
        for part in key:
            children = node.children
            if children is None:
                children = node.children = {}
            child = children.get(part)
            if child is None:  # not setdefault: that would build a node for every part
                child = children[part] = FlagNode()
            node = child
        if recursive:
            node.recursive |= flag
        else:
            node.flags |= flag

    def add_pending(self, key: tuple[str, ...], flag: Flag) -> None:
        self._pending.append((key, flag))

    def finalize_pending(self) -> None:
        for key, flag in self._pending:
            self.set(key, flag, recursive=False)
        self._pending.clear()


class InlineFlags(Flags):
    """Inline tables: dotted keys may share a parent (``{a.b = 1, a.c = 2}``) but never redefine."""

    def __init__(self, inner: Flags) -> None:
        self._inner = inner

    def has(self, key: tuple[str, ...], flag: int) -> bool:
        return flag == Flag.FROZEN and self._inner.has(key, flag)

    def set(self, key: tuple[str, ...], flag: Flag, *, recursive: bool) -> None:
        self._inner.set(key, flag, recursive=recursive)

    def add_pending(self, key: tuple[str, ...], flag: Flag) -> None:
        return None
