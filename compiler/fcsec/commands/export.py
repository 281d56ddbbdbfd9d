"""``fcsec export sslyze``: a listener's policy as a profile for ``sslyze --custom_tls_config``.

The profile goes to stdout, or with ``-o FILE`` to a file (written only when its bytes change).
"""

from __future__ import annotations

import argparse

from fcsec.commands.common import EXIT_OK, Context, print_diagnostics, read_spec, write_output

NAME = "export"
HELP = "export a listener's policy for other tools (sslyze)"
#: Shown by `fcsec export --help`.
EXAMPLES = (
    "fcsec export sslyze security.fcsec --listener https8443 -o https8443.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    formats = parser.add_subparsers(dest="export_format", metavar="FORMAT", required=True)
    sslyze = formats.add_parser(
        "sslyze", help="a Mozilla-format profile for sslyze --custom_tls_config"
    )
    sslyze.add_argument("spec", metavar="SPEC", help="the spec file")
    sslyze.add_argument("--listener", metavar="NAME", required=True, help="the listener to export")
    sslyze.add_argument("--env", metavar="NAME", help="apply the overlay [env.NAME]")
    sslyze.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (`-`: stdout)"
    )


def run(args: argparse.Namespace, context: Context) -> int:

    from fcsec.api import load_spec
    from fcsec.export.sslyze import profile, render

    loaded = load_spec(read_spec(args.spec), args.env)
    print_diagnostics(loaded.warnings, context.color)
    text = render(profile(loaded.spec, args.listener))
    write_output(args.output, text)
    return EXIT_OK
