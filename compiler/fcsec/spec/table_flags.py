"""What TOML's table rules remember about each key path while ``fcsec.spec.document`` assembles
a spec: declared explicitly (by a ``[header]``, or as the container of dotted keys) and frozen
(an inline table or an array, closed for good), for one path or for everything under it.
"""

from __future__ import annotations

import enum

__all__ = ["Flag", "FlagNode", "Flags", "InlineFlags"]


class Flag(enum.IntEnum):  # int-valued: hashed in C, many times per key
    EXPLICIT = 1  # declared by a [header], or a container of dotted keys
    FROZEN = 2  # an inline table or an array: closed for good


class FlagNode:
    """One key path's flags: for the path itself, and for everything under it (``recursive``)."""

    __slots__ = ("children", "flags", "recursive")

    def __init__(self) -> None:
        self.flags: set[Flag] = set()
        self.recursive: set[Flag] = set()
        self.children: dict[str, FlagNode] = {}


class Flags:
    """The flags of a whole document, as a tree of key paths; ``pending`` flags (the containers
    of one statement's dotted keys) take effect when the statement ends."""

    def __init__(self) -> None:
        self._root = FlagNode()
        self._pending: list[tuple[tuple[str, ...], Flag]] = []

    def has(self, key: tuple[str, ...], flag: Flag) -> bool:
        if not key:
            return False
        node = self._root
        for part in key[:-1]:
            child = node.children.get(part)
            if child is None:
                return False
            if flag in child.recursive:
                return True
            node = child
        stem = node.children.get(key[-1])
        return stem is not None and (flag in stem.flags or flag in stem.recursive)

    def set(self, key: tuple[str, ...], flag: Flag, *, recursive: bool) -> None:
        node = self._root
        for part in key:
            child = node.children.get(part)
            if child is None:  # not setdefault: that would build a node for every part
                child = node.children[part] = FlagNode()
            node = child
        (node.recursive if recursive else node.flags).add(flag)

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

    def has(self, key: tuple[str, ...], flag: Flag) -> bool:
        return flag is Flag.FROZEN and self._inner.has(key, flag)

    def set(self, key: tuple[str, ...], flag: Flag, *, recursive: bool) -> None:
        self._inner.set(key, flag, recursive=recursive)

    def add_pending(self, key: tuple[str, ...], flag: Flag) -> None:
        return None
