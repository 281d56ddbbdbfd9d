"""SIGTERM and SIGHUP as an exception, while files are being replaced.

A plain ``kill`` (SIGTERM) or a closed terminal (SIGHUP) ends Python at once by default, between
any two instructions. ``terminating_cleanly`` turns them into ``Terminated`` for the duration of
a ``with`` block, so a transaction's cleanup and rollback run before the process ends (``kill
-9`` cannot be caught; its leftovers are handled by the next run).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

__all__ = ["Terminated", "terminating_cleanly"]


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM or SIGHUP)."""

    def __init__(self, number: int) -> None:
        super().__init__(f"signal {number}")
        self.number = number


def _raise(number: int, frame: FrameType | None) -> None:
    raise Terminated(number)


@contextlib.contextmanager
def terminating_cleanly() -> Iterator[None]:
    """Raise ``Terminated`` on SIGTERM or SIGHUP inside the block (main thread only)."""
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {}
    try:
        for number in wanted:
            previous[number] = signal.signal(number, _raise)
    except ValueError:  # not the main thread: signals stay as they are
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            with contextlib.suppress(ValueError):
                signal.signal(number, handler)
