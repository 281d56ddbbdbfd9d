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

Several files are written as one transaction (``Transaction``): every new file is written and
flushed beside its target first, the current files are kept under backup names (hard links), and
only then are the targets replaced, one rename each. If anything fails before or during those
renames, the files already replaced get their old contents back, so the files are all old or all
new. A process killed between two renames leaves temporary and backup files named
``.NAME.XXXXXXXX.fcsec-tmp`` and ``.fcsec-bak``; ``remove_leftovers`` deletes exactly those on the
next run. Power loss between two renames can still leave one file new and one old: renames of two
files are not atomic together on any POSIX file system.

Files are read only when they are regular files (never a FIFO or a device, which could block or
never end) and up to a size limit; a config file in UTF-16 or UTF-32, or with NUL bytes, is
refused (FCS904-FCS906) before anything is written.

Replacing by rename gives the target a new inode: hard links to the old file keep the old
contents, and extended attributes or ACLs on the old file are not copied.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.rule_ids import (
    CANNOT_READ,
    CANNOT_WRITE,
    CONFIG_DIR_UNUSABLE,
    CONFIG_NOT_UTF8,
    FILE_TOO_LARGE,
    NOT_A_REGULAR_FILE,
)
from fcsec.source import SourceFile

__all__ = [
    "CONFIG_LIMIT",
    "SPEC_LIMIT",
    "Refused",
    "Transaction",
    "encode_config",
    "ensure_config_dir",
    "read_config",
    "read_regular",
    "remove_leftovers",
    "write_if_changed",
]

_ENCODING = "utf-8"
_ERRORS = "surrogateescape"
_TEMP_SUFFIX = ".fcsec-tmp"
_BACKUP_SUFFIX = ".fcsec-bak"
# What tempfile.mkstemp puts between our prefix and suffix: eight of [a-z0-9_].
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.fcsec-(?:tmp|bak)")

SPEC_LIMIT = 10 * 1024 * 1024
CONFIG_LIMIT = 64 * 1024 * 1024

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


def describe_os_error(exc: OSError) -> str:
    """The operating system's reason, e.g. ``Permission denied [EACCES]``, without file names."""
    return _reason(exc)


def _reason(exc: OSError) -> str:
    """The operating system's reason, e.g. ``Permission denied [EACCES]``, without file names."""
    text = exc.strerror or str(exc) or type(exc).__name__
    name = errno.errorcode.get(exc.errno) if exc.errno is not None else None
    return f"{text} [{name}]" if name else text


def _read_error(display: str, exc: OSError) -> DiagnosticError:
    problem = diagnostic(
        CANNOT_READ, f"cannot read {display}: {_reason(exc)}", None, path=display, hint=_READ_HINT
    )
    return DiagnosticError([problem])


def _write_error(display: str, exc: OSError, step: str) -> DiagnosticError:
    hint = _WRITE_HINTS.get(exc.errno or 0, _DEFAULT_WRITE_HINT)
    problem = diagnostic(
        CANNOT_WRITE,
        f"cannot write {display}: {_reason(exc)} (while {step})",
        None,
        path=display,
        hint=hint,
    )
    return DiagnosticError([problem])


def _folder_error(display: str, message: str, hint: str) -> DiagnosticError:
    problem = diagnostic(CONFIG_DIR_UNUSABLE, message, None, path=display, hint=hint)
    return DiagnosticError([problem])


class Refused(Exception):
    """A file that fcsec will not read: not a regular file (FCS904) or too large (FCS905)."""

    def __init__(self, rule: str, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason
        self.hint = hint


_KINDS = (
    (stat.S_ISDIR, "a folder (directory)"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MiB" if count >= 1024 * 1024 else f"{count} bytes"


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise Refused(
            NOT_A_REGULAR_FILE,
            f"is {_kind(mode)}, not a regular file; fcsec does not read it",
            "give the path of a regular file",
        )


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise Refused(
            FILE_TOO_LARGE,
            f"is larger than {_size(limit)}, the limit for this kind of file",
            "check the path: this is not the file fcsec expects",
        )


def _read_status(path: Path | str, limit: int) -> tuple[bytes, os.stat_result] | None:
    """The bytes and status of the regular file at ``path``; None when nothing is there.

    Refuses (``Refused``) anything but a regular file before reading a byte of it, and a file
    larger than ``limit``. The status is taken before opening and again from the open file, so
    a FIFO swapped in between is still refused. Raises OSError when the path cannot be opened.
    """
    try:
        _check_regular(os.stat(path).st_mode)
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None
    with open(fd, "rb") as stream:
        status = os.fstat(stream.fileno())
        _check_regular(status.st_mode)
        _check_size(status.st_size, limit)
        data = stream.read(limit + 1)
    _check_size(len(data), limit)  # a file that grew while we read it
    return data, status


def read_regular(path: Path | str, limit: int) -> bytes | None:
    """The bytes of the regular file at ``path`` (at most ``limit``), None when it is absent.

    Raises ``Refused`` for a FIFO, device, socket or folder (nothing is read from it) and for a
    file over ``limit``; OSError when it cannot be opened or read.
    """
    found = _read_status(path, limit)
    return None if found is None else found[0]


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream`` (standard input given as ``-``); ``Refused`` when
    there are more. Reads ``limit + 1`` bytes at the most, so ``/dev/zero`` cannot fill memory."""
    data = stream.read(limit + 1)
    _check_size(len(data), limit)
    return data


def _refusal(display: str, refused: Refused) -> DiagnosticError:
    return DiagnosticError(
        [
            diagnostic(
                refused.rule, f"{display} {refused.reason}", None, path=display, hint=refused.hint
            )
        ]
    )


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _not_utf8(display: str, data: bytes) -> DiagnosticError | None:
    """FCS906 for a config file in UTF-16/32 or with NUL bytes, located at the first one."""
    encoding = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if encoding is not None:
        offset, what = 0, f"starts with a {encoding} byte order mark"
    else:
        nul = data.find(b"\x00")
        if nul < 0:
            return None
        offset, what = nul, "holds a NUL byte (UTF-16 or UTF-32 text, or a binary file)"
    source = SourceFile(display, data[:offset].decode(_ENCODING, "replace") + " ")
    end = len(source.text) - 1
    problem = diagnostic(
        CONFIG_NOT_UTF8,
        f"{display} {what}; fcsec edits config files as UTF-8 only and left it unchanged",
        source.span(end, end + 1),
        label="not UTF-8 text",
        hint="convert the file to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8 FILE`), then run "
        "fcsec again",
    )
    return DiagnosticError([problem])


def read_config(path: Path, display: str) -> str | None:
    """Return the text of the config file at ``path``, or None when there is no such file.

    The bytes are decoded as UTF-8 with ``surrogateescape``: ``encode_config`` gives back exactly
    the bytes read. ``display`` is the path as the user wrote it, used in diagnostics. A file that
    exists but cannot be read raises ``DiagnosticError``: FCS901 (permissions, a broken path),
    FCS904 (a folder, FIFO or device: never read), FCS905 (over ``CONFIG_LIMIT``) or FCS906
    (UTF-16/32 or NUL bytes: an edit would corrupt it).
    """
    try:
        data = read_regular(path, CONFIG_LIMIT)
    except Refused as refused:
        raise _refusal(display, refused) from None
    except OSError as exc:
        raise _read_error(display, exc) from exc
    if data is None:
        return None
    problem = _not_utf8(display, data)
    if problem is not None:
        raise problem
    return data.decode(_ENCODING, _ERRORS)


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


def _remove_quietly(name: str | Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


class _Staged:
    """One file of a transaction: its new contents in a temporary file, its old one kept."""

    def __init__(self, target: Path, display: str, temp: str, backup: str | None) -> None:
        self.target = target
        self.display = display
        self.temp = temp
        #: a hard link to (or copy of) the current file; None when there was no file
        self.backup = backup
        self.replaced = False


def _current(target: Path, display: str) -> tuple[bytes | None, os.stat_result | None]:
    """The current bytes (None: unreadable or absent) and status (None: absent) of ``target``."""
    try:
        found = _read_status(target, CONFIG_LIMIT)
    except PermissionError:
        # Writable but not readable (e.g. mode 0o200): we cannot compare, so we write; the
        # status still gives us the permission bits and owner to keep.
        try:
            return None, os.stat(target)
        except OSError as exc:
            raise _write_error(display, exc, "reading the current file") from exc
    except Refused as refused:
        raise _refusal(display, refused) from None
    except OSError as exc:
        raise _write_error(display, exc, "reading the current file") from exc
    return (None, None) if found is None else found


def _temp_file(target: Path, suffix: str, display: str, step: str) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(
            dir=os.fspath(target.parent), prefix=f".{target.name}.", suffix=suffix
        )
    except OSError as exc:
        raise _write_error(display, exc, step) from exc


def _fill(fd: int, name: str, data: bytes, mode: int, owner: tuple[int, int] | None) -> str:
    """Write, chown, chmod and fsync the open temporary file; return the step that failed."""
    step = "writing the new contents"
    try:
        _write_all(fd, data)
        step = "setting the owner and permissions"
        if owner is not None:
            _keep_owner(fd, *owner)
        _set_mode(fd, name, mode)  # after the owner: a chown may clear setuid/setgid
        step = "flushing the new contents to disk"
        os.fsync(fd)
    finally:
        os.close(fd)
    return step


def _backup(target: Path, old: bytes | None, display: str) -> str:
    """Keep the current file under a backup name: a hard link, or a copy where links fail."""
    fd, name = _temp_file(target, _BACKUP_SUFFIX, display, "keeping a backup of the current file")
    os.close(fd)
    try:
        os.unlink(name)
        os.link(target, name)
        return name
    except OSError as link_error:
        if old is None:  # unreadable and not linkable: we could not restore it
            _remove_quietly(name)
            raise _write_error(
                display, link_error, "keeping a backup of the current file"
            ) from None
    status = os.stat(target)
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        _fill(fd, name, old, stat.S_IMODE(status.st_mode), (status.st_uid, status.st_gid))
    except BaseException as exc:
        _remove_quietly(name)
        if isinstance(exc, OSError):
            raise _write_error(display, exc, "keeping a backup of the current file") from exc
        raise
    return name


class Transaction:
    """New contents for several files, put in place all together or not at all.

    ``stage`` writes each new file beside its target (flushed to disk) and keeps the current
    file under a backup name; nothing visible changes yet. ``commit`` renames every staged file
    over its target; if a rename fails (or the process is interrupted), the targets already
    replaced get their backups back, so every file is as it was, and the error is raised.
    ``abort`` drops what was staged. Use it as a context manager: leaving the ``with`` block
    without a commit aborts.
    """

    def __init__(self) -> None:
        self._staged: list[_Staged] = []

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.abort()

    def stage(self, path: Path, text: str, display: str) -> bool:
        """Prepare ``path`` to hold ``text``; False (nothing staged) when it already does.

        Raises ``DiagnosticError`` (FCS902, FCS904, FCS905) naming ``display`` when the new
        file cannot be prepared; what was staged before stays staged.
        """
        data = encode_config(text)
        target = _write_target(path)
        old, status = _current(target, display)
        if status is not None and old == data:
            return False
        if status is None:
            mode = 0o666 & ~_process_umask()  # what a plain open(path, "w") would create
            owner = None
        else:
            mode = stat.S_IMODE(status.st_mode)
            owner = (status.st_uid, status.st_gid)
        fd, temp = _temp_file(
            target, _TEMP_SUFFIX, display, "creating a temporary file in its folder"
        )
        step = "writing the new contents"
        try:
            step = _fill(fd, temp, data, mode, owner)
            backup = None if status is None else _backup(target, old, display)
        except BaseException as exc:
            _remove_quietly(temp)
            if isinstance(exc, OSError):
                raise _write_error(display, exc, step) from exc
            raise
        self._staged.append(_Staged(target, display, temp, backup))
        return True

    def commit(self) -> None:
        """Replace every staged target; on any failure restore those already replaced."""
        current: _Staged | None = None
        try:
            for current in self._staged:
                os.replace(current.temp, current.target)
                current.replaced = True
        except BaseException as exc:
            restored = self._roll_back()
            self.abort()
            if isinstance(exc, OSError) and current is not None:
                note = f"; {restored} restored to its old contents" if restored else ""
                raise _write_error(current.display, exc, "replacing the file" + note) from exc
            raise
        for staged in self._staged:
            if staged.backup is not None:
                _remove_quietly(staged.backup)
        for folder in dict.fromkeys(staged.target.parent for staged in self._staged):
            _fsync_folder(folder)
        self._staged = []

    def _roll_back(self) -> str:
        """Put the backups of replaced targets back; the names of the files restored."""
        restored = []
        for staged in reversed(self._staged):
            if not staged.replaced:
                continue
            with contextlib.suppress(OSError):
                if staged.backup is None:
                    os.unlink(staged.target)
                else:
                    os.replace(staged.backup, staged.target)
                staged.replaced = False
                restored.append(staged.display)
        return " and ".join(reversed(restored))

    def abort(self) -> None:
        """Drop what is staged: temporary files and backups of files not replaced.

        A backup whose target could not be restored is kept: it holds the only old copy.
        """
        for staged in self._staged:
            if staged.replaced:
                continue
            _remove_quietly(staged.temp)
            if staged.backup is not None:
                _remove_quietly(staged.backup)
        self._staged = []


def write_if_changed(path: Path, text: str, display: str) -> bool:
    """Write ``text`` to ``path`` atomically unless the file already holds exactly those bytes.

    Returns True when the file was written, False when it was left untouched because its bytes
    were already identical. ``display`` is the path as the user wrote it, used in diagnostics.
    Any failure raises ``DiagnosticError`` with FCS902; the file is then as it was and no
    temporary file is left behind.
    """
    with Transaction() as transaction:
        if not transaction.stage(path, text, display):
            return False
        transaction.commit()
    return True


def remove_leftovers(folder: Path, names: Iterable[str]) -> tuple[str, ...]:
    """Delete the temporary and backup files that an interrupted fcsec run left for ``names``.

    Only fcsec's own pattern (``.NAME.XXXXXXXX.fcsec-tmp`` / ``.fcsec-bak`` for NAME in
    ``names``) is touched; the folders of symbolic-link targets are searched too. Returns the
    names removed. Call it only while holding the folder's lock.
    """
    wanted = set(names)
    folders = {folder}
    for name in wanted:
        folders.add(_write_target(folder / name).parent)
    removed = []
    for where in sorted(folders):
        try:
            entries = list(os.scandir(where))
        except OSError:
            continue
        targets = {_write_target(folder / name).name for name in wanted}
        for entry in entries:
            match = _LEFTOVER.fullmatch(entry.name)
            if match is None or match["name"] not in targets:
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return tuple(sorted(removed))


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
