"""``fcsec compile``: write the managed parts of services.json and ctsrvr.cfg.

With ``--diff`` it prints what would change, with ``--check`` it exits 3 when a file is stale;
both write nothing. Only here (through ``fcsec.fileio``) are config files read and written.
"""

from __future__ import annotations

import argparse
import difflib
import os
from pathlib import Path

from fcsec.commands.common import (
    EXIT_OK,
    EXIT_STALE,
    Context,
    Usage,
    print_diagnostics,
    read_spec,
    write_stdout,
)
from fcsec.source import SourceFile

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


def run(args: argparse.Namespace, context: Context) -> int:
    color = context.color
    from fcsec.api import CTSRVR_CFG, SERVICES_JSON, load_spec, render_outputs
    from fcsec.fileio import ensure_config_dir, read_config, write_if_changed

    loaded = load_spec(read_spec(args.spec), args.env)
    print_diagnostics(loaded.warnings, color)
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
                write_stdout(_diff(output.name, output.before, output.after, color))
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


