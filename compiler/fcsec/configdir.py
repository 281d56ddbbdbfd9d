"""The config folder: checked or created before a run, cleared of a killed run's leftovers.

A process killed between the two renames of a ``fcsec.filewrite.Transaction`` leaves temporary
and backup files named ``.NAME.XXXXXXXX.fcsec-tmp`` and ``.fcsec-bak``; ``remove_leftovers``
deletes exactly those on the next run. ``ensure_config_dir`` fails with FCS903 when the folder
cannot be used.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable

from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.fileread import describe_os_error
from fcsec.filewrite import LEFTOVER, parent_folder, plain_path, write_target
from fcsec.rule_ids import CONFIG_DIR_UNUSABLE

__all__ = ["ensure_config_dir", "remove_leftovers"]


def _folder_error(display: str, message: str, hint: str) -> DiagnosticError:
    problem = diagnostic(CONFIG_DIR_UNUSABLE, message, None, path=display, hint=hint)
    return DiagnosticError([problem])


def remove_leftovers(folder: str | os.PathLike[str], names: Iterable[str]) -> tuple[str, ...]:
    """Delete the temporary and backup files that an interrupted fcsec run left for ``names``.

    Only fcsec's own pattern (``.NAME.XXXXXXXX.fcsec-tmp`` / ``.fcsec-bak`` for NAME in
    ``names``) is touched; the folders of symbolic-link targets are searched too. Returns the
    names removed. Call it only while holding the folder's lock.
    """
    where_given = plain_path(folder)
    resolved = {write_target(os.path.join(where_given, name)) for name in names}
    folders = {where_given, *(parent_folder(target) for target in resolved)}
    targets = {os.path.basename(target) for target in resolved}
    removed = []
    for where in sorted(folders):
        try:
            entries = list(os.scandir(where))
        except OSError:
            continue
        for entry in entries:
            match = LEFTOVER.fullmatch(entry.name)
            if match is None or match["name"] not in targets:
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return tuple(sorted(removed))


def ensure_config_dir(path: str | os.PathLike[str], display: str, *, create: bool) -> None:
    """Make sure the config folder ``path`` exists and is a folder; create it when asked to.

    Raises ``DiagnosticError`` with FCS903 when ``path`` is something other than a folder, when
    it is missing and ``create`` is False, or when it cannot be created or inspected.
    """
    path = plain_path(path)
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise _folder_error(
            display,
            f"cannot use the config folder {display}: {describe_os_error(exc)}",
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
    if os.path.islink(path):
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
        _make_folder(path, parents=True)
    except OSError as exc:
        raise _folder_error(
            display,
            f"cannot create the config folder {display}: {describe_os_error(exc)}",
            "check the path and the permissions of the folder above it",
        ) from exc


def _make_folder(path: str, *, parents: bool) -> None:
    """``pathlib.Path(path).mkdir(parents=parents, exist_ok=True)`` for a ``plain_path``: the
    missing folders above it are created first (with ``parents``), and the error raised is the
    one pathlib raises (``os.makedirs`` differs, e.g. below a dangling symbolic link)."""
    try:
        os.mkdir(path)
    except FileNotFoundError:
        parent = parent_folder(path)
        if not parents or parent == path:
            raise
        _make_folder(parent, parents=True)
        _make_folder(path, parents=False)
    except OSError:
        if not os.path.isdir(path):
            raise
