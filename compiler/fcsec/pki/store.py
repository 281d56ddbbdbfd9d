"""Write the files of a development PKI into a folder, never overwriting anything.

The one place ``fcsec certs`` touches the file system. Before writing, every target name is
checked; if any exists (a file, a folder, even a dangling link) nothing at all is written. Each
file is then created with O_EXCL, so a file that appears in the meantime is not overwritten
either; a failure removes what this run wrote. Private keys get mode 0600, certificates 0644
(less what the umask removes).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.pki.layout import Content, PlannedFile
from fcsec.rule_ids import PKI_CANNOT_WRITE, PKI_EXISTS

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _display(folder: str, name: str) -> str:
    return os.path.join(folder, name)


def existing(folder: Path, names: Sequence[str]) -> tuple[str, ...]:
    """The names among ``names`` that already exist in ``folder`` (as anything at all)."""
    return tuple(name for name in names if os.path.lexists(folder / name))


def refuse_existing(folder: Path, display: str, names: Sequence[str]) -> None:
    """Raise FCS701 naming every file of ``names`` that already exists in ``folder``."""
    found = existing(folder, names)
    if not found:
        return
    shown = [_display(display, name) for name in found]
    raise DiagnosticError(
        [
            diagnostic(
                PKI_EXISTS,
                f"{shown[0]} already exists; fcsec certs never overwrites a file"
                if len(shown) == 1
                else f"{len(shown)} files of the PKI already exist: {', '.join(shown)}; "
                "fcsec certs never overwrites a file",
                None,
                path=shown[0],
                hint="move the old files away or pick another folder; nothing was written",
            )
        ]
    )


def _cannot_write(display: str, reason: OSError, hint: str) -> DiagnosticError:
    text = reason.strerror or type(reason).__name__
    return DiagnosticError(
        [
            diagnostic(
                PKI_CANNOT_WRITE, f"cannot write {display}: {text}", None, path=display, hint=hint
            )
        ]
    )


def _write_one(path: Path, data: bytes, content: Content) -> None:
    """Create ``path`` (it must not exist) with ``data``; on failure remove what was created."""
    fd = os.open(path, _FLAGS, content.mode)
    try:
        try:
            if content is Content.PRIVATE_KEY:
                os.fchmod(fd, content.mode)  # exactly 0600, whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        _remove([path])
        raise


def write_new(folder: Path, display: str, files: Sequence[tuple[PlannedFile, bytes]]) -> None:
    """Create ``folder`` if needed and write every file; all or nothing.

    Raises FCS701 if a file exists, FCS702 if the folder or a file cannot be written; in both
    cases no file of this run is left behind.
    """
    if folder.exists() and not folder.is_dir():
        raise _cannot_write(
            display, NotADirectoryError(20, "not a folder"), "give a folder for the PKI files"
        )
    refuse_existing(folder, display, [planned.name for planned, _ in files])
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(display, exc, "check the path and its permissions") from None
    written: list[Path] = []
    for planned, data in files:
        path = folder / planned.name
        try:
            _write_one(path, data, planned.content)
        except FileExistsError:
            _undo(written, folder if created else None)
            refuse_existing(folder, display, [planned.name])
            raise
        except OSError as exc:
            _undo(written, folder if created else None)
            raise _cannot_write(
                _display(display, planned.name),
                exc,
                "check the folder's permissions and free space; nothing was left behind",
            ) from None
        written.append(path)


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _undo(written: Sequence[Path], created_folder: Path | None) -> None:
    _remove(written)
    if created_folder is not None:
        with contextlib.suppress(OSError):
            created_folder.rmdir()
