"""``fcsec compile``: write the managed parts of services.json and ctsrvr.cfg.

The two files are one transaction (``fcsec.fileio.Transaction``): both are planned, both new
files are written and flushed beside their targets, and only then are the targets replaced; a
failure restores what was already replaced. Runs on one config folder are serialised by a lock
(``fcsec.folderlock``); leftovers of a killed run are removed under it. Everything the command
prints comes after the files are safe: warnings, one line per file, what changes for clients.

With ``--diff`` it prints a unified diff of what would change (labelled with the files' paths
relative to the working directory, so ``git apply`` works from there); with ``--check`` it names
each stale file and exits 3; both together print the diff and exit 3 when a file would change.
Neither writes. Every ``[env.NAME]`` overlay is validated, whichever ``--env`` is compiled.
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
from fcsec.diagnostics import Diagnostic, DiagnosticError
from fcsec.safetext import escape
from fcsec.source import SourceFile

if TYPE_CHECKING:
    from fcsec.api import Loaded, Output
    from fcsec.ir.nodes import Spec

NAME = "compile"
HELP = "write the managed parts of services.json and ctsrvr.cfg"
LOCK_TIMEOUT = 30.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file")
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        help="folder holding services.json and ctsrvr.cfg (default: <server.root>/config, "
        "a relative root being relative to the spec's folder)",
    )
    parser.add_argument("--env", metavar="NAME", help="apply the overlay [env.NAME]")
    parser.add_argument(
        "--diff", action="store_true", help="print what would change; write nothing"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 3 if a file would change (with --diff: print the diff too)",
    )
    parser.add_argument(
        "--lock-timeout",
        metavar="SECONDS",
        type=float,
        default=LOCK_TIMEOUT,
        help="how long to wait for another fcsec run on the same config folder "
        f"(default {LOCK_TIMEOUT:g})",
    )


def _command(spec: str, config_dir: str, env: str | None) -> str:
    """The compile command that brings the files up to date, quoted for a POSIX shell."""
    words = ["fcsec", "compile", spec, "--config-dir", config_dir]
    if env:
        words += ["--env", env]
    return shlex.join(words)


def _load(source: SourceFile, env: str | None) -> Loaded:
    """The spec with ``env`` applied; raise with the errors of every environment.

    An overlay that is not compiled now is compiled later by someone else: a broken one fails
    here too, as ``fcsec check`` fails it.
    """
    from fcsec.api import environments, load_spec, parse_spec

    tree = parse_spec(source)
    problems: list[Diagnostic] = []
    chosen = None
    for name in dict.fromkeys([env, *environments(source, tree=tree)]):
        try:
            loaded = load_spec(source, name, tree=tree)
        except DiagnosticError as failure:
            problems.extend(failure.diagnostics)
            continue
        if name == env:
            chosen = loaded
    if problems or chosen is None:
        raise DiagnosticError({(p.rule, p.span, p.message): p for p in problems}.values())
    return chosen


def _config_dir(spec: Spec, args: argparse.Namespace) -> str:
    if args.config_dir is not None:
        return str(args.config_dir)
    if spec.server.root is None:
        raise Usage("fcsec compile: error: give --config-dir DIR, or set [server] root in the spec")
    from fcsec.roots import server_root

    return os.path.normpath(os.path.join(server_root(spec.server.root, args.spec), "config"))


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.api import CTSRVR_CFG, SERVICES_JSON, render_outputs
    from fcsec.fileio import ensure_config_dir
    from fcsec.folderlock import folder_lock

    if not args.lock_timeout >= 0:
        raise Usage("fcsec compile: error: --lock-timeout must be 0 or more seconds")
    spec_source = read_spec(args.spec)
    loaded = _load(spec_source, args.env)
    spec, warnings = loaded.spec, loaded.warnings
    config_dir = _config_dir(spec, args)
    folder = Path(config_dir)
    writing = not (args.diff or args.check)
    if writing or folder.exists():
        ensure_config_dir(folder, config_dir, create=writing)
    lock = folder_lock(
        folder,
        config_dir,
        exclusive=writing,
        timeout=args.lock_timeout,
        command=_command(args.spec, config_dir, args.env),
    )
    written: dict[str, bool] = {}
    findings: list[Diagnostic] = []
    with lock:
        files = _ConfigFolder(folder, config_dir)
        outputs = render_outputs(spec, files)
        if writing:
            findings = _config_findings(loaded, spec_source, files, outputs)
            written = _commit(outputs, folder, config_dir, (SERVICES_JSON, CTSRVR_CFG))
    # The files are safe from here on; only now is anything printed.
    print_diagnostics([*warnings, *findings], context.color)
    if writing:
        _summarise(outputs, written, config_dir)
        return EXIT_OK
    if args.diff:
        _print_diff(outputs, args, config_dir)
    return _report_stale(outputs, args, config_dir) if args.check else EXIT_OK


def _config_findings(
    loaded: Loaded, spec_source: SourceFile, files: _ConfigFolder, outputs: tuple[Output, ...]
) -> list[Diagnostic]:
    """What the config-file rules find in the files as written (the managed parts and the rest
    of each file compile touches), computed before the commit so that it cannot fail after it."""
    from fcsec.lint.effective import config_diagnostics

    touched = {output.name: files[output.name] for output in outputs}
    return config_diagnostics(
        loaded.spec, spec_source, touched, outputs, written=True, tree=loaded.tree
    )


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


def _label(config_dir: str, name: str) -> str:
    """The file's path relative to the working directory, with ``/`` (for ``git apply``)."""
    return os.path.relpath(os.path.join(config_dir, name)).replace(os.sep, "/")


def _print_diff(outputs: tuple[Output, ...], args: argparse.Namespace, config_dir: str) -> None:
    painted = use_color(args, sys.stdout)
    for output in outputs:
        if output.changed:
            label = escape(_label(config_dir, output.name))
            write_stdout(unified_diff(label, output.before, output.after, color=painted))
    for output in outputs:  # on stderr, so that the diff stays a patch
        for note in output.notes:
            sys.stderr.write(f"{escape(os.path.join(config_dir, output.name))}: {escape(note)}\n")


def _report_stale(outputs: tuple[Output, ...], args: argparse.Namespace, config_dir: str) -> int:
    """Name each stale file (on stderr when stdout carries the diff); exit 3 if any."""
    stale = [output for output in outputs if output.changed]
    stream = sys.stderr if args.diff else sys.stdout
    for output in stale:
        state = "is missing" if output.before is None else "is out of date"
        stream.write(
            f"{escape(os.path.join(config_dir, output.name))}: {state} "
            f"(the spec manages {escape(', '.join(output.managed))})\n"
        )
    if stale:
        command = escape(_command(args.spec, config_dir, args.env))
        count = f"{len(stale)} file{'s' if len(stale) != 1 else ''}"
        stream.write(
            f"run `{command}` to update ({count}; `--diff` shows the change first), "
            "then review and commit the result\n"
        )
        return EXIT_STALE
    covered = escape("; ".join(f"{o.name}: {', '.join(o.managed)}" for o in outputs))
    stream.write(
        f"{escape(config_dir)}: up to date with {escape(args.spec)} "
        f"(compared: {covered or 'nothing, the spec manages no file'}; the parts of the files "
        "that the spec does not manage were not compared)\n"
    )
    return EXIT_OK


def _commit(
    outputs: tuple[Output, ...], folder: Path, config_dir: str, names: tuple[str, ...]
) -> dict[str, bool]:
    """Write every changed output in one transaction; which files were written, by name."""
    from fcsec.fileio import Transaction, remove_leftovers
    from fcsec.signals import terminating_cleanly

    remove_leftovers(folder, names)
    written: dict[str, bool] = {}
    with terminating_cleanly(), Transaction() as transaction:
        for output in outputs:
            display = os.path.join(config_dir, output.name)
            written[output.name] = transaction.stage(folder / output.name, output.after, display)
        transaction.commit()
    return written


_NOT_MANAGED = {"services.json": "no listeners and no [mqtt]", "ctsrvr.cfg": "no [database]"}


def _summarise(outputs: tuple[Output, ...], written: dict[str, bool], config_dir: str) -> None:
    from fcsec.consequences import client_notes

    by_name = {output.name: output for output in outputs}
    for name, reason in _NOT_MANAGED.items():
        display = escape(os.path.join(config_dir, name))
        planned = by_name.get(name)
        if planned is None:
            print(f"{display}: not managed by this spec ({reason}), left alone")
        elif not written.get(name):
            print(f"{display}: unchanged")
        else:
            verb = "created" if planned.before is None else "updated"
            print(f"{display}: {verb} ({escape(', '.join(planned.managed))})")
        for note in planned.notes if planned is not None else ():
            print(f"{display}: {escape(note)}")
    changes = [(o.name, o.before, o.after) for o in outputs if written.get(o.name)]
    for note in client_notes(changes):
        print(f"note: {note}")
    if any(written.values()):
        print("FairCom reads these files only at start-up: restart the server to apply them.")
