"""The command line: argument parsing, reading and writing files, output and exit codes.

``main(argv) -> int`` is the whole interface. Only this module (through ``fcsec.fileio``)
touches the file system. Exit codes: 0 success, 1 the input has errors, 2 usage error,
3 ``--check`` found stale files, 70 internal error (a bug in fcsec).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from fcsec import __version__
from fcsec.diagnostics import Diagnostic, DiagnosticError, Severity, error, render_all
from fcsec.source import SourceFile

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_STALE = 3
EXIT_INTERNAL = 70

BAD_ENCODING = "FCS002"


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(f"{self.prog}: error: {message}")


def _parser() -> argparse.ArgumentParser:
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
        help="colour diagnostics and diffs (default: only on a terminal)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    compile_ = commands.add_parser(
        "compile", help="write the managed parts of services.json and ctsrvr.cfg"
    )
    compile_.add_argument("spec", metavar="SPEC", help="the spec file")
    compile_.add_argument(
        "--config-dir",
        metavar="DIR",
        help="folder holding services.json and ctsrvr.cfg (default: <server.root>/config)",
    )
    compile_.add_argument("--env", metavar="NAME", help="apply the overlay [env.NAME]")
    mode = compile_.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print what would change; write nothing")
    mode.add_argument(
        "--check", action="store_true", help="write nothing; exit 3 if a file would change"
    )
    check = commands.add_parser("check", help="validate a spec (and each of its environments)")
    check.add_argument("spec", metavar="SPEC", help="the spec file")
    check.add_argument("--env", metavar="NAME", help="check only the overlay [env.NAME]")
    check.add_argument(
        "--skip-files",
        action="store_true",
        help="do not look at certificate files (for CI machines that do not hold them)",
    )
    return parser


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice != "auto":
        return choice == "always"
    return stream.isatty() and "NO_COLOR" not in os.environ


def _read_spec(path: str) -> SourceFile:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DiagnosticError(
            [
                error(
                    "FCS901",
                    f"cannot read {path}: {reason}",
                    None,
                    path=path,
                    hint="check the spec's path",
                )
            ]
        ) from None
    try:
        return SourceFile(path, data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        source = SourceFile(path, text)
        offset = len(data[: exc.start].decode("utf-8", errors="replace"))
        raise DiagnosticError(
            [
                error(
                    BAD_ENCODING,
                    f"the spec is not valid UTF-8 (byte 0x{data[exc.start]:02X})",
                    source.span(offset, offset + 1),
                    label="not UTF-8",
                    hint="save the spec as UTF-8",
                )
            ]
        ) from None


def _print_diagnostics(diagnostics: Sequence[Diagnostic], color: bool) -> None:
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


def _diff(name: str, before: str | None, after: str, color: bool) -> str:
    old = (before or "").splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    lines = difflib.unified_diff(
        old, new, fromfile="/dev/null" if before is None else f"a/{name}", tofile=f"b/{name}"
    )
    out: list[str] = []
    for line in lines:
        if not line.endswith(("\n", "\r")):
            line += "\n\\ No newline at end of file\n"
        if color:
            if line.startswith("+") and not line.startswith("+++"):
                line = f"\x1b[32m{line.rstrip(chr(10))}\x1b[0m\n"
            elif line.startswith("-") and not line.startswith("---"):
                line = f"\x1b[31m{line.rstrip(chr(10))}\x1b[0m\n"
            elif line.startswith("@@"):
                line = f"\x1b[36m{line.rstrip(chr(10))}\x1b[0m\n"
        out.append(line)
    return "".join(out)


def _write_stdout(text: str) -> None:
    from fcsec.fileio import encode_config

    sys.stdout.flush()
    sys.stdout.buffer.write(encode_config(text))
    sys.stdout.buffer.flush()


def _compile(args: argparse.Namespace, color: bool) -> int:
    from fcsec.api import CTSRVR_CFG, SERVICES_JSON, load_spec, render_outputs
    from fcsec.fileio import ensure_config_dir, read_config, write_if_changed

    loaded = load_spec(_read_spec(args.spec), args.env)
    _print_diagnostics(loaded.warnings, color)
    spec = loaded.spec
    if args.config_dir is None:
        if spec.server.root is None:
            raise _Usage(
                "fcsec compile: error: give --config-dir DIR, or set [server] root in the spec"
            )
        config_dir = os.path.join(spec.server.root, "config")
    else:
        config_dir = args.config_dir
    folder = Path(config_dir)
    display = {name: os.path.join(config_dir, name) for name in (SERVICES_JSON, CTSRVR_CFG)}
    if folder.exists():
        ensure_config_dir(folder, config_dir, create=False)
    current: dict[str, SourceFile | None] = {}
    for name in (SERVICES_JSON, CTSRVR_CFG):
        text = read_config(folder / name, display[name])
        current[name] = None if text is None else SourceFile(display[name], text)
    outputs = render_outputs(spec, current)
    by_name = {output.name: output for output in outputs}

    if args.diff:
        for output in outputs:
            if output.changed:
                _write_stdout(_diff(output.name, output.before, output.after, color))
        return EXIT_OK
    if args.check:
        stale = [output for output in outputs if output.changed]
        for output in stale:
            state = "is missing" if output.before is None else "is out of date"
            print(f"{display[output.name]}: {state} (the spec manages {', '.join(output.managed)})")
        if stale:
            print(
                f"run `fcsec compile {args.spec} --config-dir {config_dir}"
                f"{' --env ' + args.env if args.env else ''}` to update, "
                "then review and commit the result"
            )
            return EXIT_STALE
        print(f"{config_dir}: up to date with {args.spec}")
        return EXIT_OK

    ensure_config_dir(folder, config_dir, create=True)
    wrote = False
    for name in (SERVICES_JSON, CTSRVR_CFG):
        planned = by_name.get(name)
        if planned is None:
            reason = "no listeners and no [mqtt]" if name == SERVICES_JSON else "no [database]"
            print(f"{display[name]}: not managed by this spec ({reason}), left alone")
            continue
        written = write_if_changed(folder / name, planned.after, display[name])
        wrote = wrote or written
        if not written:
            print(f"{display[name]}: unchanged")
        else:
            verb = "created" if planned.before is None else "updated"
            print(f"{display[name]}: {verb} ({', '.join(planned.managed)})")
    if wrote:
        print("FairCom reads these files only at start-up: restart the server to apply them.")
    return EXIT_OK


def _check(args: argparse.Namespace, color: bool) -> int:
    from fcsec.api import environments, load_spec

    source = _read_spec(args.spec)
    names = [args.env] if args.env else [None, *environments(source)]
    diagnostics: dict[tuple[str, object, str], Diagnostic] = {}
    failed = False
    summary = ""
    for name in names:
        try:
            loaded = load_spec(source, name)
        except DiagnosticError as failure:
            failed = True
            for diagnostic in failure.diagnostics:
                diagnostics.setdefault(
                    (diagnostic.rule, diagnostic.span, diagnostic.message), diagnostic
                )
            continue
        for diagnostic in loaded.warnings:
            diagnostics.setdefault(
                (diagnostic.rule, diagnostic.span, diagnostic.message), diagnostic
            )
        if not summary:
            spec = loaded.spec
            summary = (
                f"{len(spec.listeners)} listener{'s' if len(spec.listeners) != 1 else ''}"
                + (", database TLS" if spec.database else "")
                + (", mqtt" if spec.mqtt else "")
            )
    from fcsec.diagnostics import sort_key

    _print_diagnostics(sorted(diagnostics.values(), key=sort_key), color)
    if failed:
        return EXIT_INPUT
    envs = [name for name in names if name]
    print(
        f"{args.spec}: ok"
        + (f" ({summary})" if summary else "")
        + (f"; environments checked: {', '.join(envs)}" if envs else "")
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run fcsec with ``argv`` (default: sys.argv[1:]) and return the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _Usage as usage:
        parser.print_usage(sys.stderr)
        sys.stderr.write(f"{usage}\n")
        return EXIT_USAGE
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    color = _use_color(args.color, sys.stderr)
    try:
        if args.command == "compile":
            return _compile(args, color)
        return _check(args, color)
    except DiagnosticError as failure:
        _print_diagnostics(failure.diagnostics, color)
        return EXIT_INPUT
    except _Usage as usage:
        sys.stderr.write(f"{usage}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("fcsec: interrupted\n")
        return 130
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        sys.stderr.write(
            f"fcsec: internal error ({type(exc).__name__}: {exc}). This is a bug in fcsec; "
            "please report it with the spec that caused it"
            + ("" if args.debug else " (rerun with --debug for the traceback)")
            + ".\n"
        )
        return EXIT_INTERNAL
