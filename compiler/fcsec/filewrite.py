"""The atomic write and the two-file ``Transaction``: the writing half of ``fcsec.fileio``.

A write goes to a temporary file in the same folder as the target, is flushed to disk, and then
renamed over the target in one step. The target keeps its permission bits (and, where the
operating system allows, its owner and group); a symbolic link is written through, so the link
stays and the file it points to is replaced. A file whose bytes would not change is not touched
at all, so its modification time stays as it was. Every failure is a ``DiagnosticError`` with
FCS902 naming the file and the reason the operating system gave; the original file is then as it
was, and no temporary file is left behind.

Several files are written as one transaction (``Transaction``): every new file is written and
flushed beside its target first, the current files are kept under backup names (hard links), and
only then are the targets replaced, one rename each. If anything fails before or during those
renames, the files already replaced get their old contents back, so the files are all old or all
new. The temporary and backup names (``.NAME.XXXXXXXX.fcsec-tmp`` and ``.fcsec-bak``) match
``LEFTOVER``, which ``fcsec.configdir.remove_leftovers`` deletes after a killed run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys

from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.fileread import (
    CONFIG_LIMIT,
    Refused,
    describe_os_error,
    encode_config,
    read_status,
    refusal_error,
)
from fcsec.rule_ids import CANNOT_WRITE

__all__ = [
    "LEFTOVER",
    "Transaction",
    "parent_folder",
    "plain_path",
    "write_if_changed",
    "write_target",
]

_TEMP_SUFFIX = ".fcsec-tmp"
_BACKUP_SUFFIX = ".fcsec-bak"
#: A temporary or backup file of this module: what ``_temp_file`` puts between our prefix and
#: suffix is eight of [a-z0-9_] (``_NAME_CHARACTERS``, as tempfile.mkstemp would).
LEFTOVER = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.fcsec-(?:tmp|bak)")
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
#: Names tried before ``_temp_file`` gives up (a name drawn is taken by chance once in 37**8).
_TEMP_TRIES = 100
_TEMP_FLAGS = (
    os.O_RDWR
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
)

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


def _write_error(display: str, exc: OSError, step: str) -> DiagnosticError:
    hint = _WRITE_HINTS.get(exc.errno or 0, _DEFAULT_WRITE_HINT)
    problem = diagnostic(
        CANNOT_WRITE,
        f"cannot write {display}: {describe_os_error(exc)} (while {step})",
        None,
        path=display,
        hint=hint,
    )
    return DiagnosticError([problem])


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


def plain_path(path: str | os.PathLike[str]) -> str:
    """``path`` as ``str(pathlib.Path(path))`` spells it, without importing pathlib (on POSIX):
    no empty or ``.`` parts, no trailing slash, ``.`` for the empty path."""
    text = os.fspath(path)
    if os.sep != "/" or os.altsep is not None:  # drives and two separators: pathlib knows them
        from pathlib import Path

        return str(Path(text))
    stripped = text.lstrip("/")
    slashes = len(text) - len(stripped)
    root = "//" if slashes == 2 else "/" if slashes else ""  # POSIX keeps exactly two
    parts = [part for part in stripped.split("/") if part and part != "."]
    return root + "/".join(parts) if root or parts else "."


def parent_folder(path: str) -> str:
    """The folder of a ``plain_path`` as ``pathlib.Path.parent`` names it: ``.`` for a bare
    name, the path itself for ``/`` and ``.``."""
    return os.path.dirname(path) or "."


def _name_of(path: str) -> str:
    """The last part of a ``plain_path`` (``pathlib.Path.name``): empty for ``.`` and ``/``."""
    return "" if path == "." else os.path.basename(path)


def write_target(path: str | os.PathLike[str]) -> str:
    """The file to replace: the file a symbolic link points to, else ``path`` itself (as
    ``plain_path`` spells it)."""
    path = plain_path(path)
    # False when lstat fails: the write itself will report what is wrong with the path.
    return os.path.realpath(path) if os.path.islink(path) else path


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


def _fsync_folder(folder: str) -> None:
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


class _Staged:
    """One file of a transaction: its new contents in a temporary file, its old one kept."""

    def __init__(self, target: str, display: str, temp: str, backup: str | None) -> None:
        self.target = target
        self.display = display
        self.temp = temp
        #: a hard link to (or copy of) the current file; None when there was no file
        self.backup = backup
        self.replaced = False


def _current(target: str, display: str) -> tuple[bytes | None, os.stat_result | None]:
    """The current bytes (None: unreadable or absent) and status (None: absent) of ``target``."""
    try:
        found = read_status(target, CONFIG_LIMIT)
    except PermissionError:
        # Writable but not readable (e.g. mode 0o200): we cannot compare, so we write; the
        # status still gives us the permission bits and owner to keep.
        try:
            return None, os.stat(target)
        except OSError as exc:
            raise _write_error(display, exc, "reading the current file") from exc
    except Refused as refused:
        raise refusal_error(display, refused) from None
    except OSError as exc:
        raise _write_error(display, exc, "reading the current file") from exc
    return (None, None) if found is None else found


def _random_name() -> str:
    """Eight characters of ``_NAME_CHARACTERS``, uniformly, from ``os.urandom`` (the random
    module is not imported on the start-up path)."""
    count = len(_NAME_CHARACTERS)
    usable = 256 - 256 % count  # a byte at or above this would favour the first characters
    name = ""
    while len(name) < 8:
        name += "".join(_NAME_CHARACTERS[byte % count] for byte in os.urandom(16) if byte < usable)
    return name[:8]


def _make_temp(folder: str, prefix: str, suffix: str) -> tuple[int, str]:
    """``tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)``: a new file, created
    exclusively with mode 0o600 (a symbolic link is not followed), open for reading and writing;
    its descriptor and absolute name. A name already taken is retried with another; after
    ``_TEMP_TRIES`` of them, ``FileExistsError`` is raised, as tempfile.mkstemp raises it.

    Our own, so that tempfile (with shutil, random, bz2 and lzma) is not on the start-up path.
    """
    folder = os.path.abspath(folder)
    for _ in range(_TEMP_TRIES):
        name = os.path.join(folder, f"{prefix}{_random_name()}{suffix}")
        try:
            return os.open(name, _TEMP_FLAGS, 0o600), name
        except FileExistsError:
            continue
        except PermissionError:
            # On Windows, a folder that has the name refuses it so (as tempfile knows).
            if os.name == "nt" and os.path.isdir(folder) and os.access(folder, os.W_OK):
                continue
            raise
    raise FileExistsError(errno.EEXIST, "No usable temporary file name found")


def _temp_file(target: str, suffix: str, display: str, step: str) -> tuple[int, str]:
    try:
        return _make_temp(parent_folder(target), f".{_name_of(target)}.", suffix)
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


def _backup(target: str, old: bytes | None, display: str) -> str:
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

    def stage(self, path: str | os.PathLike[str], text: str, display: str) -> bool:
        """Prepare ``path`` to hold ``text``; False (nothing staged) when it already does.

        Raises ``DiagnosticError`` (FCS902, FCS904, FCS905) naming ``display`` when the new
        file cannot be prepared; what was staged before stays staged.
        """
        data = encode_config(text)
        target = write_target(path)
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
        for folder in dict.fromkeys(parent_folder(staged.target) for staged in self._staged):
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


def write_if_changed(path: str | os.PathLike[str], text: str, display: str) -> bool:
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
