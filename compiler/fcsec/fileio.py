"""Reading and writing config files on disk: the only module of fcsec that touches them.

Everything else in fcsec works on text. This module turns a ctsrvr.cfg or services.json into
text and back without losing a byte, and puts the new text in place safely:

* Text is UTF-8 decoded with ``surrogateescape``, so bytes that are not UTF-8 (a Latin-1 comment
  in an old ctsrvr.cfg) come back unchanged when the text is encoded again, and a UTF-8 byte
  order mark stays in the text as ``\\ufeff``.
* A write goes to a temporary file in the same folder as the target, is flushed to disk, and then
  renamed over the target in one step. The target keeps its permission bits (and, where the
  operating system allows, its owner and group); a symbolic link is written through, so the
  link stays and the file it points to is replaced.

It must never leave a partly written config file or a stray temporary file behind, whatever goes
wrong (a full disk, a read-only file system, an exception in the middle of a write), and it must
never rewrite a file whose bytes would not change: an identical file is not touched at all, so its
modification time stays as it was. Every failure reaches the caller as a ``DiagnosticError`` with
rule FCS901 (read), FCS902 (write) or FCS903 (config folder), naming the file and the reason the
operating system gave; the original file is then as it was.

Replacing by rename gives the target a new inode: hard links to the old file keep the old
contents, and extended attributes or ACLs on the old file are not copied.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from fcsec.diagnostics import Diagnostic, DiagnosticError, error

__all__ = ["encode_config", "ensure_config_dir", "read_config", "write_if_changed"]

_ENCODING = "utf-8"
_ERRORS = "surrogateescape"
_TEMP_SUFFIX = ".fcsec-tmp"

# Opening without blocking keeps a FIFO at the config path from hanging the read; it changes
# nothing for a regular file. The flags that a platform lacks are simply left out.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

_READ_HINT = "check that the path names a regular file and that you may read it"
_WRITE_HINTS = {
    errno.EACCES: "check the folder's permissions: fcsec writes a temporary file beside the "
    "target and renames it over the target, so it needs write access to the folder",
    errno.ENOSPC: "free some space on the disk, then run the command again",
    errno.EDQUOT: "your disk quota is used up; free some space, then run the command again",
    errno.EROFS: "the file system is mounted read-only; remount it read-write or write the "
    "config somewhere else",
    errno.ENOENT: "the folder does not exist; create it first",
}
_WRITE_HINTS[errno.EPERM] = _WRITE_HINTS[errno.EACCES]
_DEFAULT_WRITE_HINT = "check the folder's permissions and free space, then run the command again"


def _reason(exc: OSError) -> str:
    """The operating system's reason, e.g. ``Permission denied [EACCES]``, without file names."""
    text = exc.strerror or str(exc) or type(exc).__name__
    name = errno.errorcode.get(exc.errno) if exc.errno is not None else None
    return f"{text} [{name}]" if name else text


def _read_error(display: str, exc: OSError) -> DiagnosticError:
    diagnostic = error(
        "FCS901", f"cannot read {display}: {_reason(exc)}", None, path=display, hint=_READ_HINT
    )
    return DiagnosticError([diagnostic])


def _write_error(display: str, exc: OSError, step: str) -> DiagnosticError:
    hint = _WRITE_HINTS.get(exc.errno or 0, _DEFAULT_WRITE_HINT)
    diagnostic = error(
        "FCS902",
        f"cannot write {display}: {_reason(exc)} (while {step})",
        None,
        path=display,
        hint=hint,
    )
    return DiagnosticError([diagnostic])


def _folder_error(display: str, message: str, hint: str) -> DiagnosticError:
    diagnostic: Diagnostic = error("FCS903", message, None, path=display, hint=hint)
    return DiagnosticError([diagnostic])


def _not_regular(mode: int) -> OSError:
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    return OSError("not a regular file")


def _read_regular(path: Path) -> tuple[bytes, os.stat_result] | None:
    """Return the bytes and status of a regular file, or None when nothing is at ``path``.

    Raises OSError when the path cannot be opened or names something other than a regular file.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    with open(fd, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(status.st_mode)
        return stream.read(), status


def read_config(path: Path, display: str) -> str | None:
    """Return the text of the config file at ``path``, or None when there is no such file.

    The bytes are decoded as UTF-8 with ``surrogateescape``: ``encode_config`` gives back exactly
    the bytes read. ``display`` is the path as the user wrote it, used in diagnostics. A file that
    exists but cannot be read (permissions, a folder, a FIFO, a broken path) raises
    ``DiagnosticError`` with FCS901.
    """
    try:
        found = _read_regular(path)
    except OSError as exc:
        raise _read_error(display, exc) from exc
    if found is None:
        return None
    return found[0].decode(_ENCODING, _ERRORS)


def encode_config(text: str) -> bytes:
    """Encode config text back to bytes: the exact inverse of the decoding in ``read_config``."""
    return text.encode(_ENCODING, _ERRORS)


def _process_umask() -> int:
    """The process umask, read without changing it where the platform allows."""
    with (
        contextlib.suppress(OSError, ValueError, IndexError),
        open("/proc/self/status", encoding="ascii", errors="replace") as status,
    ):
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    # No /proc: os.umask can only be read by setting it, so set it back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_target(path: Path) -> Path:
    """The file to replace: the file a symbolic link points to, else ``path`` itself."""
    try:
        is_link = path.is_symlink()
    except OSError:
        return path  # the write itself will report what is wrong with the path
    return Path(os.path.realpath(path)) if is_link else path


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _keep_owner(fd: int, uid: int, gid: int) -> None:
    """Give the temporary file the old file's owner and group, as far as we are allowed to.

    Only root may give a file away; other users can at most set a group they belong to. A file
    we cannot give back its owner is still written: it then belongs to the user running fcsec.
    """
    if sys.platform == "win32":
        return
    current = os.fstat(fd)
    if (current.st_uid, current.st_gid) == (uid, gid):
        return
    try:
        os.fchown(fd, uid, gid)
    except OSError:
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, gid)


def _set_mode(fd: int, name: str, mode: int) -> None:
    if sys.platform == "win32":
        os.chmod(name, mode)
    else:
        os.fchmod(fd, mode)


def _fsync_folder(folder: Path) -> None:
    """Flush the folder entry of the rename to disk; best effort (impossible on some systems)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _replace(
    target: Path, data: bytes, mode: int, owner: tuple[int, int] | None, display: str
) -> None:
    """Write ``data`` to a temporary file beside ``target`` and rename it over ``target``."""
    folder = target.parent
    try:
        fd, temp_name = tempfile.mkstemp(
            dir=os.fspath(folder), prefix=f".{target.name}.", suffix=_TEMP_SUFFIX
        )
    except OSError as exc:
        raise _write_error(display, exc, "creating a temporary file in its folder") from exc
    step = "writing the new contents"
    try:
        try:
            _write_all(fd, data)
            step = "setting the owner and permissions"
            if owner is not None:
                _keep_owner(fd, *owner)
            _set_mode(fd, temp_name, mode)  # after the owner: a chown may clear setuid/setgid
            step = "flushing the new contents to disk"
            os.fsync(fd)
        finally:
            os.close(fd)
        step = "replacing the file"
        os.replace(temp_name, target)
    except BaseException as exc:
        # Whatever happened, including an interrupt, the temporary file goes and the target is
        # untouched: os.replace is the only step that changes it, and it either happens or not.
        _remove_quietly(temp_name)
        if isinstance(exc, OSError):
            raise _write_error(display, exc, step) from exc
        raise
    _fsync_folder(folder)


def write_if_changed(path: Path, text: str, display: str) -> bool:
    """Write ``text`` to ``path`` atomically unless the file already holds exactly those bytes.

    Returns True when the file was written, False when it was left untouched because its bytes
    were already identical. ``display`` is the path as the user wrote it, used in diagnostics.
    Any failure raises ``DiagnosticError`` with FCS902; the file is then as it was and no
    temporary file is left behind.
    """
    data = encode_config(text)
    target = _write_target(path)
    status: os.stat_result | None
    try:
        found = _read_regular(target)
    except PermissionError:
        # Writable but not readable (e.g. mode 0o200): we cannot compare, so we write; the
        # status still gives us the permission bits and owner to keep.
        try:
            status = os.stat(target)
        except OSError as exc:
            raise _write_error(display, exc, "reading the current file") from exc
    except OSError as exc:
        raise _write_error(display, exc, "reading the current file") from exc
    else:
        if found is not None and found[0] == data:
            return False
        status = found[1] if found is not None else None
    if status is None:
        mode = 0o666 & ~_process_umask()  # what a plain open(path, "w") would create
        owner = None
    else:
        mode = stat.S_IMODE(status.st_mode)
        owner = (status.st_uid, status.st_gid)
    _replace(target, data, mode, owner, display)
    return True


def ensure_config_dir(path: Path, display: str, *, create: bool) -> None:
    """Make sure the config folder ``path`` exists and is a folder; create it when asked to.

    Raises ``DiagnosticError`` with FCS903 when ``path`` is something other than a folder, when
    it is missing and ``create`` is False, or when it cannot be created or inspected.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise _folder_error(
            display,
            f"cannot use the config folder {display}: {_reason(exc)}",
            "check that every part of the path is a folder you may enter",
        ) from exc
    if status is not None:
        if not stat.S_ISDIR(status.st_mode):
            raise _folder_error(
                display,
                f"the config folder {display} is not a folder",
                "give the folder that holds ctsrvr.cfg and services.json, not a file in it",
            )
        return
    if path.is_symlink():
        raise _folder_error(
            display,
            f"the config folder {display} is a symbolic link to something that does not exist",
            "fix or remove the link, then run the command again",
        )
    if not create:
        raise _folder_error(
            display,
            f"the config folder {display} does not exist",
            "check the path, or create the folder and run the command again",
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _folder_error(
            display,
            f"cannot create the config folder {display}: {_reason(exc)}",
            "check the path and the permissions of the folder above it",
        ) from exc
