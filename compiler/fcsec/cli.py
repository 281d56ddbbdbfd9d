"""The command line entry point: build the parser from the command modules, dispatch, and map
every outcome to an exit code.

``main(argv) -> int`` is the whole interface. Exit codes: 0 success, 1 the input has errors,
2 usage error, 3 ``--check`` found stale files, 70 internal error (a bug in fcsec). No
traceback reaches the user unless ``--debug`` asks for it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import cast

from fcsec import __version__
from fcsec.colors import color_wanted
from fcsec.commands import COMMANDS
from fcsec.commands.common import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_USAGE,
    Context,
    Usage,
    print_diagnostics,
)
from fcsec.diagnostics import DiagnosticError
from fcsec.safetext import escape
from fcsec.signals import Terminated


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise Usage(f"{self.prog}: error: {message}")

    def _get_formatter(self) -> argparse.HelpFormatter:
        # argparse makes a formatter for every add_argument (to check the metavar), and the
        # formatter's default width imports shutil (with zlib, bz2 and lzma): 3 ms of every run.
        formatter = cast("type[argparse.HelpFormatter]", self.formatter_class)
        return formatter(prog=self.prog, width=_terminal_columns() - 2)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``, without importing shutil: $COLUMNS when it is a
    positive number, else the width of the terminal on stdout, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns or 80


def _modules(only: str | None = None) -> dict[str, ModuleType]:
    """The command modules by command name (``NAME``: the module ``import_`` is ``import``);
    with ``only``, just that command's module."""
    names = [name for name in COMMANDS if only is None or command_name(name) == only]
    modules = [importlib.import_module(f"fcsec.commands.{name}") for name in names]
    return {module.NAME: module for module in modules}


def command_name(module: str) -> str:
    """The command a module of ``COMMANDS`` is (``import_`` is ``import``)."""
    return module.removesuffix("_")


#: Options of the top-level parser that take a value (as a separate argument).
_VALUED = frozenset({"--color"})


def _chosen(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, when it is certain before parsing; else None.

    A run needs only the chosen command's module and arguments: importing every command module
    and building every sub-parser costs more than some commands' whole work. Anything unusual
    (``--help``, ``--version``, an unknown option or command) gets the whole parser, so that
    help and errors are exactly as before.
    """
    commands = {command_name(module) for module in COMMANDS}
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in commands:
            return word
        if word in _VALUED:
            index += 2
        elif word == "--debug" or word.startswith("--color="):
            index += 1
        else:
            return None
    return None


def build_parser() -> argparse.ArgumentParser:
    """The whole command line parser, every command's arguments included."""
    return _parser(_modules())


def _parser(modules: dict[str, ModuleType]) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fcsec",
        description="Compile one TLS spec into FairCom's services.json and ctsrvr.cfg.",
    )
    parser.add_argument("--version", action="version", version=f"fcsec {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour diagnostics and diffs (default: FORCE_COLOR on, NO_COLOR off, else only on a "
        "terminal)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module in modules.items():
        module.add_arguments(
            commands.add_parser(
                name,
                help=module.HELP,
                description=module.HELP[:1].upper() + module.HELP[1:] + ".",
                epilog=_epilog(module),
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
        )
    return parser


#: The exit codes of every command; a command module adds its own in ``EXIT_CODES``.
EXIT_CODES = {
    0: "success",
    1: "the input has errors (each is printed with its rule, place and fix)",
    2: "usage error",
    70: "internal error: a bug in fcsec (--debug shows the traceback)",
}


def _epilog(module: ModuleType) -> str:
    """Examples and exit codes, for a command's ``--help``."""
    lines = ["examples:", *(f"  {example}" for example in getattr(module, "EXAMPLES", ()))]
    codes = {**EXIT_CODES, **getattr(module, "EXIT_CODES", {})}
    lines += ["", "exit codes:", *(f"  {code:<3} {codes[code]}" for code in sorted(codes))]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run fcsec with ``argv`` (default: sys.argv[1:]) and return the exit code.

    A closed or full stdout/stderr never changes the exit code (``fcsec.outstream``): the
    command's own result stands, and a full device is named on stderr when stderr still works.
    """
    from fcsec.outstream import guarded

    with guarded() as (out, err):
        code = _run(argv)
    if out.error is not None and not out.closed_pipe and err.error is None:
        from fcsec.fileio import describe_os_error

        with contextlib.suppress(OSError):
            sys.stderr.write(
                f"fcsec: the output could not be written to stdout: "
                f"{describe_os_error(out.error)} (exit code {code} is the command's result)\n"
            )
    return code


def _run(argv: Sequence[str] | None) -> int:
    modules = _modules(_chosen(sys.argv[1:] if argv is None else argv))
    parser = _parser(modules)
    try:
        args = parser.parse_args(argv)
    except Usage as usage:
        parser.print_usage(sys.stderr)
        sys.stderr.write(f"{escape(str(usage))}\n")
        return EXIT_USAGE
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    context = Context(color=color_wanted(args.color, sys.stderr), debug=args.debug)
    # One command is one short run whose objects (a spec's syntax tree, a config file's lines)
    # form no cycles: reference counting frees them, and the cyclic collector would only walk
    # them again and again (7% of checking a 2,000-listener spec). It is back on afterwards if
    # it was on (``fcsec.launch``, the process entry, turns it off before any import).
    collecting = gc.isenabled()
    gc.disable()
    try:
        result: int = modules[args.command].run(args, context)
        return result
    except DiagnosticError as failure:
        print_diagnostics(failure.diagnostics, context.color)
        return EXIT_INPUT
    except Usage as usage:
        sys.stderr.write(f"{escape(str(usage))}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("fcsec: interrupted\n")
        return 130
    except Terminated as signal_:
        sys.stderr.write(f"fcsec: stopped by signal {signal_.number}; no file was changed\n")
        return 128 + signal_.number
    except Exception as exc:
        if args.debug:
            import traceback

            traceback.print_exc()
        sys.stderr.write(
            f"fcsec: internal error ({type(exc).__name__}: {escape(str(exc))}). This is a bug "
            "in fcsec; please report it with the spec that caused it"
            + ("" if args.debug else " (rerun with --debug for the traceback)")
            + ".\n"
        )
        return EXIT_INTERNAL
    finally:
        if collecting:
            gc.enable()
