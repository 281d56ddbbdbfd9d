"""What every command shares: exit codes, reading the spec, printing diagnostics.

Command modules (``fcsec.commands.<name>``) import only this and argparse at import time, so
building the parser stays cheap; each imports the pipeline inside its ``run``.
"""

from __future__ import annotations

import argparse
import errno
import os
import re
import sys
from collections.abc import Sequence
from typing import Final, TextIO

from fcsec.colors import color_wanted
from fcsec.diagnostics import Diagnostic, DiagnosticError, Severity, diagnostic, render_all
from fcsec.record import Record
from fcsec.rule_ids import CANNOT_READ, SPEC_NOT_UTF8
from fcsec.safetext import escape
from fcsec.source import SourceFile

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_STALE = 3
EXIT_INTERNAL = 70


class Usage(Exception):
    """A usage error found after parsing (exit 2); the message is printed as is."""


class Context(Record):
    """Settings of the whole run that every command sees."""

    __slots__ = ("color", "debug")
    _compared = ("color", "debug")

    def __init__(self, *, color: bool, debug: bool = False) -> None:
        self.color: Final = color
        self.debug: Final = debug


#: How a spec read from standard input (``-``) is named in diagnostics.
STDIN_NAME = "<stdin>"


def read_spec(path: str) -> SourceFile:
    """The spec at ``path`` as text (``-``: standard input, named ``<stdin>``); a diagnostic
    (exit 1) when it cannot be read.

    Only a regular file of at most ``fcsec.fileio.SPEC_LIMIT`` bytes is read: a FIFO, a device
    (``/dev/zero``) or a folder is refused before a byte is read (FCS904), a larger file with
    FCS905. Standard input is read up to the same limit.
    """
    from fcsec.fileread import SPEC_LIMIT, Refused, read_regular, read_stream

    def cannot(rule: str, reason: str, hint: str) -> DiagnosticError:
        return DiagnosticError(
            [diagnostic(rule, f"cannot read {path}: {reason}", None, path=path, hint=hint)]
        )

    try:
        if path == "-":
            found: bytes | None = read_stream(sys.stdin.buffer, SPEC_LIMIT)
            path = STDIN_NAME
        else:
            found = read_regular(path, SPEC_LIMIT)
    except Refused as refused:
        raise cannot(refused.rule, f"the spec {refused.reason}", "check the spec's path") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise cannot(CANNOT_READ, reason, "check the spec's path") from None
    if found is None:
        raise cannot(CANNOT_READ, os.strerror(errno.ENOENT), "check the spec's path")
    data = found
    try:
        return SourceFile(path, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        source = SourceFile(path, text)
        offset = len(data[: exc.start].decode("utf-8", errors="replace"))
        raise DiagnosticError(
            [
                diagnostic(
                    SPEC_NOT_UTF8,
                    f"the spec is not valid UTF-8 (byte 0x{data[exc.start]:02X})",
                    source.span(offset, offset + 1),
                    label="not UTF-8",
                    hint="save the spec as UTF-8",
                )
            ]
        ) from None


def print_diagnostics(diagnostics: Sequence[Diagnostic], color: bool) -> None:
    if not diagnostics:
        return
    sys.stderr.write(render_all(diagnostics, color=color) + "\n")
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    if parts:
        sys.stderr.write(f"\n{' and '.join(parts)}\n")


def write_stdout(text: str) -> None:
    from fcsec.fileio import encode_config

    sys.stdout.flush()
    sys.stdout.buffer.write(encode_config(text))
    sys.stdout.buffer.flush()


def write_output(path: str | None, text: str) -> None:
    """``text`` to the file given with ``-o`` (only when its bytes change, atomically), saying
    so; to stdout when there is none or it is ``-``."""
    if path in (None, "-"):
        write_stdout(text)
        return
    from fcsec.fileio import write_if_changed

    written = write_if_changed(path, text, path)
    print(f"{escape(path)}: {'written' if written else 'unchanged'}")


def use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream``: ``--color``, else only on a terminal.

    The context's colour is decided for stderr (diagnostics); a diff goes to stdout, which may
    be a pipe or a file while stderr is a terminal.
    """
    return color_wanted(str(getattr(args, "color", "auto")), stream)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_PAINT = {"+": "32", "-": "31", "@": "36"}


def unified_diff(name: str, before: str | None, after: str, *, color: bool) -> str:
    """A unified diff labelled ``a/NAME`` and ``b/NAME`` (``/dev/null`` for a new file).

    Lines end where the config parsers end them (LF, CRLF or a lone CR); a last line without a
    line ending is marked as git marks it. Colour (ANSI) only when asked for.
    """
    import difflib  # here: only --diff needs it

    old = _LINE.findall(before or "")
    new = _LINE.findall(after)
    out: list[str] = []
    for line in difflib.unified_diff(
        old, new, fromfile="/dev/null" if before is None else f"a/{name}", tofile=f"b/{name}"
    ):
        body = line.rstrip("\r\n")
        ended = body != line
        code = _PAINT.get(body[:1]) if not body.startswith(("+++", "---")) else "1"
        if color and code is not None:
            body = f"\x1b[{code}m{body}\x1b[0m"
        out.append(body + line[len(line.rstrip("\r\n")) :] if ended else body + "\n")
        if not ended:
            out.append("\\ No newline at end of file\n")
    return "".join(out)
