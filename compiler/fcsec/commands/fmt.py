"""``fcsec fmt``: rewrite specs in the canonical layout (``fcsec.spec.format``).

Plain ``fmt`` rewrites each spec that is not in the layout, atomically and only when its bytes
change. ``--check`` writes nothing and exits 3 when a spec would change, naming it; ``--diff``
prints a unified diff and writes nothing (with ``--check`` too, it also exits 3). A spec with a
syntax or TOML error is reported (exit 1) and left as it is. File names are printed through
``fcsec.safetext.escape``.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from fcsec.commands.common import (
    EXIT_INPUT,
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
from fcsec.diagnostics import DiagnosticError
from fcsec.safetext import escape

NAME = "fmt"
HELP = "rewrite specs in the canonical layout"
#: Shown by `fcsec fmt --help`.
EXAMPLES = (
    "fcsec fmt security.fcsec",
    "fcsec fmt --check specs/*.fcsec   # in CI: exit 3 if a spec is not formatted",
    "fcsec fmt - < security.fcsec      # a filter: the formatted spec on stdout",
)
#: The exit codes this command adds to 0, 1, 2 and 70.
EXIT_CODES = {3: "with --check: a spec would be reformatted"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "specs",
        metavar="SPEC",
        nargs="+",
        help="the spec file(s); `-` reads standard input and, without --check or --diff, writes "
        "the formatted spec to standard output",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 3 if a spec is not in the canonical layout",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print what would change as a unified diff; write nothing",
    )


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.fileio import write_if_changed
    from fcsec.spec.format import format_spec

    if args.specs.count("-") > 1:
        raise Usage("fcsec fmt: error: `-` (standard input) can be given once")
    painted = use_color(args, sys.stdout)
    # With --diff, stdout carries the diff alone (it can be piped to `git apply`).
    status = sys.stderr if args.diff else sys.stdout
    failed = False
    stale: list[str] = []
    for path in args.specs:
        try:
            source = read_spec(path)
            formatted = format_spec(source)
        except DiagnosticError as failure:
            print_diagnostics(failure.diagnostics, context.color)
            sys.stderr.write(f"{escape(path)}: not formatted (fix the errors above first)\n")
            failed = True
            continue
        if path == "-" and not (args.check or args.diff):  # a filter: the spec, formatted
            write_stdout(formatted)
            continue
        if formatted == source.text:
            print(f"{escape(source.name)}: already formatted", file=status)
            continue
        if args.diff:
            write_stdout(unified_diff(escape(source.name), source.text, formatted, color=painted))
        if args.check:
            print(f"{escape(source.name)}: would be reformatted", file=status)
            stale.append(path)
        elif not args.diff:
            write_if_changed(Path(path), formatted, path)
            print(f"{escape(path)}: reformatted")
    if failed:
        return EXIT_INPUT
    if stale:
        command = escape(shlex.join(["fcsec", "fmt", *stale]))
        print(f"run `{command}` to fix the layout", file=status)
        return EXIT_STALE
    return EXIT_OK
