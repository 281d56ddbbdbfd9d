"""``fcsec check``: validate a spec and every one of its environments."""

from __future__ import annotations

import argparse

from fcsec.commands.common import EXIT_INPUT, EXIT_OK, Context, print_diagnostics, read_spec
from fcsec.diagnostics import Diagnostic, DiagnosticError

NAME = "check"
HELP = "validate a spec (and each of its environments)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file")
    parser.add_argument("--env", metavar="NAME", help="check only the overlay [env.NAME]")
    parser.add_argument(
        "--skip-files",
        action="store_true",
        help="do not look at certificate files (for CI machines that do not hold them)",
    )


def run(args: argparse.Namespace, context: Context) -> int:
    color = context.color
    from fcsec.api import environments, load_spec

    source = read_spec(args.spec)
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

    print_diagnostics(sorted(diagnostics.values(), key=sort_key), color)
    if failed:
        return EXIT_INPUT
    envs = [name for name in names if name]
    print(
        f"{args.spec}: ok"
        + (f" ({summary})" if summary else "")
        + (f"; environments checked: {', '.join(envs)}" if envs else "")
    )
    return EXIT_OK


