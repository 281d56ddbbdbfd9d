"""``fcsec import``: write a spec from the existing config files, to adopt fcsec.

Reads ``DIR/services.json`` and ``DIR/ctsrvr.cfg`` (either may be missing) and prints the spec
on stdout, or writes it to ``-o SPEC`` (never over an existing file without ``--force``, never
over a config file). The spec is checked before it is shown: ``fcsec compile SPEC --config-dir
DIR --check`` passes right afterwards. What the spec leaves out is named in a warning on stderr.
The config files are only read. Names from them and paths are printed through
``fcsec.safetext.escape``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from fcsec.commands.common import EXIT_OK, Context, print_diagnostics, write_stdout
from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.rule_ids import IMPORT_WOULD_OVERWRITE
from fcsec.safetext import escape

NAME = "import"
HELP = "write a spec from the existing services.json and ctsrvr.cfg (adoption)"
#: Shown by `fcsec import --help`.
EXAMPLES = (
    "fcsec import --config-dir /opt/faircom/config -o security.fcsec",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        required=True,
        help="folder holding services.json and ctsrvr.cfg (<faircom>/config)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="SPEC",
        help="write the spec to this file (default, or `-`: print it on stdout)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace the file given with -o if it exists"
    )


def _refuse(message: str, path: str, hint: str) -> DiagnosticError:
    return DiagnosticError(
        [diagnostic(IMPORT_WOULD_OVERWRITE, message, None, path=path, hint=hint)]
    )


def _check_output(output: str, folder: Path, force: bool) -> None:
    target = Path(output)
    for name in ("services.json", "ctsrvr.cfg"):
        config = folder / name
        if target.exists() and config.exists() and os.path.samefile(target, config):
            raise _refuse(
                f"{output} is the config file {name}; fcsec import only reads config files",
                output,
                "write the spec elsewhere, e.g. -o security.fcsec",
            )
    if target.exists() and not force:
        raise _refuse(
            f"{output} already exists; fcsec import does not replace it",
            output,
            "add --force to replace it, or give another -o",
        )


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.api import CTSRVR_CFG, SERVICES_JSON
    from fcsec.fileio import ensure_config_dir, read_config, write_if_changed
    from fcsec.importer import import_configs
    from fcsec.source import SourceFile

    if args.output == "-":  # standard output, as without -o
        args.output = None
    config_dir = args.config_dir
    folder = Path(config_dir)
    ensure_config_dir(folder, config_dir, create=False)
    if args.output is not None:
        _check_output(args.output, folder, args.force)
    sources: dict[str, SourceFile | None] = {}
    for name in (SERVICES_JSON, CTSRVR_CFG):
        display = os.path.join(config_dir, name)
        text = read_config(folder / name, display)
        sources[name] = None if text is None else SourceFile(display, text)
    imported = import_configs(
        sources[SERVICES_JSON], sources[CTSRVR_CFG], config_dir=config_dir, spec_path=args.output
    )
    print_diagnostics(imported.notes, context.color)

    parts = [f"listeners.{name}" for name in imported.listeners]
    parts += ["mqtt.authenticationMethods"] if imported.mqtt else []
    parts += ["the SSL block"] if imported.database else []
    managed = ", ".join(parts) if parts else "nothing (the spec manages no part of the files)"
    spec = args.output if args.output is not None else "SPEC"
    check = shlex.join(["fcsec", "compile", spec, "--config-dir", config_dir, "--check"])
    if args.output is None:
        write_stdout(imported.text)
    else:
        write_if_changed(Path(args.output), imported.text, args.output)
        print(f"{escape(args.output)}: written")
    sys.stderr.write(f"imported: {escape(managed)}\nchecked: `{escape(check)}` passes\n")
    return EXIT_OK
