"""Value semantics for plain classes with ``__slots__``: equality, hashing and ``repr``.

attrs generates and compiles the methods of every class it makes, in every process: about a
quarter of a millisecond per class, and a ``fcsec compile`` loads dozens of classes. The IR
(``fcsec.ir.nodes``) stays attrs; syntax nodes, plans and internal records on the start-up path
are plain classes that subclass ``Record``: their ``__init__`` is written out (typed, and a
plain ``__init__`` also makes an object in half the time of attrs' frozen one), their fields are
``Final`` (mypy rejects an assignment; nothing assigns to them), and ``Record`` gives them what
attrs gave: equal when of the same class with equal ``_compared`` fields (spans are left out,
as ``eq=False`` did), a hash of those, and ``Class(field=value, ...)`` as ``repr``; ``replace``
is their ``attrs.evolve``.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar


class Record:
    """A base for value classes: subclasses set ``__slots__`` and ``_compared``."""

    __slots__ = ()
    #: The fields that make up equality, hash and ``repr``, in their order.
    _compared: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, *self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._compared)
        return f"{self.__class__.__name__}({fields})"


_R = TypeVar("_R", bound=Record)


def replace(record: _R, **changes: object) -> _R:
    """A copy of ``record`` with some fields changed (``attrs.evolve`` for these classes): for a
    class whose ``__init__`` takes each of its ``__slots__`` by that name."""
    kind: Any = type(record)
    fields = {name: getattr(record, name) for name in kind.__slots__}
    copy: _R = kind(**{**fields, **changes})
    return copy
