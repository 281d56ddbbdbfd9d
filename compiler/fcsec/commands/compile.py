"""``fcsec compile``: write the managed parts of services.json and ctsrvr.cfg.

The work is done by ``fcsec.apply.compile_folder`` (the Ansible module ``fcsec.faircom.compile``
calls it too); this module reads the arguments and prints. The two files are one transaction
(``fcsec.fileio.Transaction``): both are planned, both new files are written and flushed beside
their targets, and only then are the targets replaced; a failure restores what was already
replaced. Runs on one config folder are serialised by a lock (``fcsec.folderlock``); leftovers
of a killed run are removed under it. Everything the command prints comes after the files are
safe: warnings, one line per file, what changes for clients.

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
from typing import TYPE_CHECKING

from fcsec.commands.common import (
    EXIT_OK,
    EXIT_STALE,
    STDIN_NAME,
    Context,
    Usage,
    print_diagnostics,
    read_spec,
    unified_diff,
    use_color,
    write_stdout,
)
from fcsec.folderlock import DEFAULT_TIMEOUT as LOCK_TIMEOUT
from fcsec.safetext import escape

if TYPE_CHECKING:
    from fcsec.api import Output
    from fcsec.apply import Compiled
    from fcsec.ir.nodes import Spec

NAME = "compile"
HELP = "write the managed parts of services.json and ctsrvr.cfg"
#: Shown by `fcsec compile --help`.
EXAMPLES = (
    "fcsec compile security.fcsec --config-dir /opt/faircom/config",
    "fcsec compile security.fcsec --env prod --diff --check   # in CI: the diff, exit 3 if stale",
)
#: The exit codes this command adds to 0, 1, 2 and 70.
EXIT_CODES = {3: "with --check: a file would change (nothing was written)"}


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


def _config_dir(spec: Spec, args: argparse.Namespace) -> str:
    if args.config_dir is not None:
        return str(args.config_dir)
    from fcsec.apply import default_config_dir

    found = default_config_dir(spec, args.spec)
    if found is None:
        raise Usage("fcsec compile: error: give --config-dir DIR, or set [server] root in the spec")
    return found


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.apply import compile_folder, load_all

    if not args.lock_timeout >= 0:
        raise Usage("fcsec compile: error: --lock-timeout must be 0 or more seconds")
    spec_source = read_spec(args.spec)
    loaded = load_all(spec_source, args.env)
    config_dir = _config_dir(loaded.spec, args)
    writing = not (args.diff or args.check)
    result = compile_folder(
        loaded,
        spec_source,
        config_dir,
        write=writing,
        holder=_command(args.spec, config_dir, args.env),
        lock_timeout=args.lock_timeout,
    )
    # The files are safe from here on; only now is anything printed.
    print_diagnostics([*loaded.warnings, *result.findings], context.color)
    if writing:
        _summarise(result)
        return EXIT_OK
    if args.diff:
        _print_diff(result.outputs, args, config_dir)
    return _report_stale(result.outputs, args, config_dir) if args.check else EXIT_OK


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
    spec = STDIN_NAME if args.spec == "-" else args.spec
    stream.write(
        f"{escape(config_dir)}: up to date with {escape(spec)} "
        f"(compared: {covered or 'nothing, the spec manages no file'}; the parts of the files "
        "that the spec does not manage were not compared)\n"
    )
    return EXIT_OK


_NOT_MANAGED = {"services.json": "no listeners and no [mqtt]", "ctsrvr.cfg": "no [database]"}


def _summarise(result: Compiled) -> None:
    by_name = {output.name: output for output in result.outputs}
    for name, reason in _NOT_MANAGED.items():
        display = escape(result.path(name))
        planned = by_name.get(name)
        if planned is None:
            print(f"{display}: not managed by this spec ({reason}), left alone")
        elif not result.written.get(name):
            print(f"{display}: unchanged")
        else:
            verb = "created" if planned.before is None else "updated"
            print(f"{display}: {verb} ({escape(', '.join(planned.managed))})")
        for note in planned.notes if planned is not None else ():
            print(f"{display}: {escape(note)}")
    for note in result.client_notes():
        print(f"note: {note}")
    if result.changed:
        print("FairCom reads these files only at start-up: restart the server to apply them.")
