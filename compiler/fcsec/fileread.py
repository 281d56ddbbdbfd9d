"""Safe reads of config and spec files: the reading half of ``fcsec.fileio``.

Files are read only when they are regular files (never a FIFO or a device, which could block or
never end) and up to a size limit (``Refused``: FCS904, FCS905); a config file in UTF-16 or
UTF-32, or with NUL bytes, is refused (FCS906) before anything is written. Text is UTF-8 decoded
with ``surrogateescape``, so bytes that are not UTF-8 (a Latin-1 comment in an old ctsrvr.cfg)
come back unchanged when ``encode_config`` encodes the text again, and a UTF-8 byte order mark
stays in the text as ``\\ufeff``. A file that cannot be read is FCS901.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import TYPE_CHECKING, BinaryIO

from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.rule_ids import CANNOT_READ, CONFIG_NOT_UTF8, FILE_TOO_LARGE, NOT_A_REGULAR_FILE
from fcsec.source import SourceFile

if TYPE_CHECKING:  # pathlib (with urllib.parse and ipaddress) is not on check's start-up path
    from pathlib import Path

__all__ = [
    "CONFIG_LIMIT",
    "SPEC_LIMIT",
    "Refused",
    "describe_os_error",
    "encode_config",
    "read_config",
    "read_regular",
    "read_status",
    "read_stream",
    "refusal_error",
]

_ENCODING = "utf-8"
_ERRORS = "surrogateescape"

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


def read_status(path: Path | str, limit: int) -> tuple[bytes, os.stat_result] | None:
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
    found = read_status(path, limit)
    return None if found is None else found[0]


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream`` (standard input given as ``-``); ``Refused`` when
    there are more. Reads ``limit + 1`` bytes at the most, so ``/dev/zero`` cannot fill memory."""
    data = stream.read(limit + 1)
    _check_size(len(data), limit)
    return data


def refusal_error(display: str, refused: Refused) -> DiagnosticError:
    """The diagnostic (FCS904, FCS905) of a refused file, naming it as ``display``."""
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


def read_config(path: Path | str, display: str) -> str | None:
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
        raise refusal_error(display, refused) from None
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
