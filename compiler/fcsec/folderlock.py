"""The advisory lock that serialises fcsec runs on one config folder.

A run that writes takes an exclusive ``fcntl.flock`` on ``.fcsec.lock`` in the config folder
(created when absent, removed again when the run ends, so a folder in version control stays
clean) for the whole read-plan-write of both files; a run that only reads
(``--check``, ``--diff``) takes a shared lock when the lock file exists and never creates it, so
a read-only checkout stays untouched. A run that cannot get the lock within its timeout fails
with FCS907 naming the holder, which the holder wrote into the lock file. The kernel drops a
flock when its process dies, even by ``kill -9``: a held lock always means a live process (a
lock file left by a killed run is simply taken over). Since the file is removed on release, a run
that got the lock checks that the file it locked is still the one at the path, else it retries.

The lock is advisory: it orders fcsec runs, not an editor or FairCom itself. It exists only
where ``fcntl`` does (not on Windows, where runs are not serialised).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.rule_ids import CONFIG_DIR_UNUSABLE, FOLDER_LOCKED

__all__ = ["DEFAULT_TIMEOUT", "LOCK_NAME", "folder_lock"]

LOCK_NAME = ".fcsec.lock"
#: How long a run waits for another fcsec run on the same folder (``--lock-timeout``).
DEFAULT_TIMEOUT = 30.0
_POLL_SECONDS = 0.05


def _holder(fd: int) -> str:
    """What the holder wrote into the lock file, on one line."""
    with contextlib.suppress(OSError):
        data = os.pread(fd, 512, 0)
        text = data.decode("utf-8", "replace").strip()
        if text:
            from fcsec.safetext import escape

            return escape(" ".join(text.split()))
    return "a process that wrote no details"


def _busy(display: str, fd: int, timeout: float) -> DiagnosticError:
    return DiagnosticError(
        [
            diagnostic(
                FOLDER_LOCKED,
                f"the config folder {display} is locked by another fcsec run "
                f"({_holder(fd)}); waited {timeout:g} s",
                None,
                path=display,
                hint="wait for that run to finish and try again, or give --lock-timeout SECONDS",
            )
        ]
    )


def _open_error(display: str, exc: OSError) -> DiagnosticError:
    return DiagnosticError(
        [
            diagnostic(
                CONFIG_DIR_UNUSABLE,
                f"cannot lock the config folder {display}: {exc.strerror or exc}",
                None,
                path=display,
                hint="fcsec needs to create .fcsec.lock in the config folder; check its "
                "permissions",
            )
        ]
    )


def _acquire(fd: int, exclusive: bool, left: float, display: str, timeout: float) -> None:
    import fcntl

    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    deadline = time.monotonic() + left
    while True:
        try:
            fcntl.flock(fd, mode)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise _busy(display, fd, timeout) from None
            time.sleep(_POLL_SECONDS)


def _describe(command: str) -> bytes:
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    # os.uname's node name is socket.gethostname() on every platform with flock, without the
    # milliseconds of importing socket.
    line = f"pid {os.getpid()} on {os.uname().nodename}, {command}, since {started}\n"
    return line.encode("utf-8", "replace")


@contextlib.contextmanager
def folder_lock(
    folder: str | os.PathLike[str], display: str, *, exclusive: bool, timeout: float, command: str
) -> Iterator[None]:
    """Hold the folder's lock (exclusive to write, shared to read) for the ``with`` block.

    Raises ``DiagnosticError`` FCS907 when another run holds it for longer than ``timeout``
    seconds, FCS903 when an exclusive lock file cannot be created. A shared lock on a folder
    without a lock file (or one we may not open) is skipped: no fcsec run is writing there.
    """
    try:
        import fcntl  # noqa: F401  (only to know whether this platform has flock)
    except ImportError:
        yield
        return
    path = os.path.join(os.fspath(folder), LOCK_NAME)
    deadline = time.monotonic() + timeout
    while True:
        fd = _open(path, display, exclusive)
        if fd is None:
            yield
            return
        try:
            _acquire(fd, exclusive, max(0.0, deadline - time.monotonic()), display, timeout)
        except BaseException:
            os.close(fd)
            raise
        if _still_there(fd, path):
            break
        os.close(fd)  # the holder removed it as we waited: lock the new one
    try:
        if exclusive:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                os.pwrite(fd, _describe(command), 0)
        yield
    finally:
        if exclusive:
            with contextlib.suppress(OSError):
                os.unlink(path)  # while still locked: a waiter then sees a removed file
        os.close(fd)  # closing the only descriptor releases the flock


def _open(path: str, display: str, exclusive: bool) -> int | None:
    flags = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        if exclusive:
            return os.open(path, flags | os.O_RDWR | os.O_CREAT, 0o644)
        return os.open(path, flags | os.O_RDONLY)
    except OSError as exc:
        if exclusive:
            raise _open_error(display, exc) from exc
        return None


def _still_there(fd: int, path: str) -> bool:
    try:
        now = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)
