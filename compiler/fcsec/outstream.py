"""Standard output and error that a closed pipe or a full device cannot turn into a failure.

``fcsec compile | head -1`` closes the pipe after one line; ``fcsec check > /dev/full`` (or a
full disk under ``PYTHONUNBUFFERED=1``) fails every write. Neither may change what fcsec did or
its exit code: commands print only after their work is safe, and ``guarded`` wraps the streams so
that a failed write is recorded and the rest of the output is dropped, instead of an exception
escaping from the middle of a command. After a failure the stream's file descriptor is pointed at
the null device, so the interpreter's last flush at exit cannot fail again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import IO, Any, TextIO, cast

__all__ = ["Failure", "guarded"]


class Failure:
    """The first write error of one stream, if any."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.error: OSError | None = None

    def record(self, exc: OSError, stream: IO[Any]) -> None:
        if self.error is None:
            self.error = exc
        with contextlib.suppress(OSError, ValueError, AttributeError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stream.fileno())
            os.close(null)

    @property
    def closed_pipe(self) -> bool:
        return self.error is not None and self.error.errno in (errno.EPIPE, errno.ECONNRESET)


class _Guard:
    """A text or binary stream whose write and flush never raise OSError."""

    def __init__(self, stream: IO[Any], failure: Failure) -> None:
        self._stream = stream
        self._failure = failure

    def write(self, data: Any) -> int:
        if self._failure.error is None:
            try:
                return int(self._stream.write(data))
            except OSError as exc:
                self._failure.record(exc, self._stream)
        return len(data)

    def flush(self) -> None:
        if self._failure.error is None:
            try:
                self._stream.flush()
            except OSError as exc:
                self._failure.record(exc, self._stream)

    @property
    def buffer(self) -> IO[bytes]:
        binary: IO[bytes] = getattr(self._stream, "buffer")  # noqa: B009 (IO has no buffer)
        return cast(IO[bytes], _Guard(binary, self._failure))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded() -> Iterator[tuple[Failure, Failure]]:
    """Guard ``sys.stdout`` and ``sys.stderr`` for the ``with`` block; flush both at its end.

    Yields the failures of stdout and stderr, to be read after the block.
    """
    out, err = Failure("stdout"), Failure("stderr")
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _Guard(saved[0], out))
    sys.stderr = cast(TextIO, _Guard(saved[1], err))
    try:
        yield out, err
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = saved
