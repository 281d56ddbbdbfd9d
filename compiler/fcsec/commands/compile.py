"""``fcsec compile``: write the managed parts of services.json and ctsrvr.cfg.

With ``--diff`` it prints a unified diff of what would change (labelled ``a/NAME`` and
``b/NAME``, coloured only when stdout is a terminal or ``--color always`` asks for it); with
``--check`` it names each stale file, prints the command that updates them and exits 3; both write
nothing. A run that changes a file ends with one line reminding that FairCom reads these files
only at start-up. Only here (through ``fcsec.fileio``) are config files read and written.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from fcsec.commands.common import (
    EXIT_OK,
    EXIT_STALE,
    Context,
    Usage,
    print_diagnostics,
    read_spec,
    unified_diff,
    use_color,
    write_stdout,
)
from fcsec.source import SourceFile

if TYPE_CHECKING:
    from fcsec.api import Output

NAME = "compile"
HELP = "write the managed parts of services.json and ctsrvr.cfg"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file")
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        help="folder holding services.json and ctsrvr.cfg (default: <server.root>/config)",
    )
    parser.add_argument("--env", metavar="NAME", help="apply the overlay [env.NAME]")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print what would change; write nothing")
    mode.add_argument(
        "--check", action="store_true", help="write nothing; exit 3 if a file would change"
    )


def _command(spec: str, config_dir: str, env: str | None) -> str:
    """The compile command that brings the files up to date, quoted for a POSIX shell."""
    words = ["fcsec", "compile", spec, "--config-dir", config_dir]
    if env:
        words += ["--env", env]
    return shlex.join(words)


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.api import load_spec, render_outputs
    from fcsec.fileio import ensure_config_dir

    loaded = load_spec(read_spec(args.spec), args.env)
    print_diagnostics(loaded.warnings, context.color)
    spec = loaded.spec
    if args.config_dir is None:
        if spec.server.root is None:
            raise Usage(
                "fcsec compile: error: give --config-dir DIR, or set [server] root in the spec"
            )
        config_dir = os.path.join(spec.server.root, "config")
    else:
        config_dir = args.config_dir
    folder = Path(config_dir)
    if folder.exists():
        ensure_config_dir(folder, config_dir, create=False)
    outputs = render_outputs(spec, _ConfigFolder(folder, config_dir))
    if args.diff:
        return _print_diff(outputs, args)
    if args.check:
        return _report_stale(outputs, args, config_dir)
    return _write(outputs, folder, config_dir)


class _ConfigFolder(Mapping[str, SourceFile | None]):
    """The config files by name, each read when ``render_outputs`` first asks for it: a file the
    spec does not manage is never read. None: there is no such file."""

    def __init__(self, folder: Path, display_dir: str) -> None:
        self._folder = folder
        self._display_dir = display_dir
        self._read: dict[str, SourceFile | None] = {}

    def __getitem__(self, name: str) -> SourceFile | None:
        if name not in self._read:
            from fcsec.fileio import read_config

            display = os.path.join(self._display_dir, name)
            text = read_config(self._folder / name, display)
            self._read[name] = None if text is None else SourceFile(display, text)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        from fcsec.api import CTSRVR_CFG, SERVICES_JSON

        return iter((SERVICES_JSON, CTSRVR_CFG))

    def __len__(self) -> int:
        return 2


def _print_diff(outputs: tuple[Output, ...], args: argparse.Namespace) -> int:
    painted = use_color(args, sys.stdout)
    for output in outputs:
        if output.changed:
            write_stdout(unified_diff(output.name, output.before, output.after, color=painted))
    return EXIT_OK


def _report_stale(outputs: tuple[Output, ...], args: argparse.Namespace, config_dir: str) -> int:
    stale = [output for output in outputs if output.changed]
    for output in stale:
        state = "is missing" if output.before is None else "is out of date"
        print(
            f"{os.path.join(config_dir, output.name)}: {state} "
            f"(the spec manages {', '.join(output.managed)})"
        )
    if stale:
        command = _command(args.spec, config_dir, args.env)
        print(
            f"run `{command}` to update ({len(stale)} file{'s' if len(stale) != 1 else ''}; "
            "`--diff` shows the change first), then review and commit the result"
        )
        return EXIT_STALE
    print(f"{config_dir}: up to date with {args.spec}")
    return EXIT_OK


def _write(outputs: tuple[Output, ...], folder: Path, config_dir: str) -> int:
    from fcsec.api import CTSRVR_CFG, SERVICES_JSON
    from fcsec.fileio import ensure_config_dir, write_if_changed

    ensure_config_dir(folder, config_dir, create=True)
    by_name = {output.name: output for output in outputs}
    wrote = False
    for name in (SERVICES_JSON, CTSRVR_CFG):
        display = os.path.join(config_dir, name)
        planned = by_name.get(name)
        if planned is None:
            reason = "no listeners and no [mqtt]" if name == SERVICES_JSON else "no [database]"
            print(f"{display}: not managed by this spec ({reason}), left alone")
            continue
        written = write_if_changed(folder / name, planned.after, display)
        wrote = wrote or written
        if not written:
            print(f"{display}: unchanged")
        else:
            verb = "created" if planned.before is None else "updated"
            print(f"{display}: {verb} ({', '.join(planned.managed)})")
    if wrote:
        print("FairCom reads these files only at start-up: restart the server to apply them.")
    return EXIT_OK
