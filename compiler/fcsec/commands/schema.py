"""``fcsec schema [-o FILE]``: the JSON Schema of the spec language, for editors.

Prints the schema shipped in the package (``schemas/fcsec.schema.json``, generated from
``fcsec.spec.schema`` by ``fcsec.spec.json_schema``), byte for byte; with ``-o FILE`` writes it
there (only when the bytes change). How taplo, tombi and VS Code use it: docs/editors.md.
"""

from __future__ import annotations

import argparse

from fcsec.commands.common import EXIT_OK, Context, write_output

NAME = "schema"
HELP = "print the JSON Schema of the spec language (for taplo, tombi, VS Code)"
#: Shown by `fcsec schema --help`.
EXAMPLES = (
    "fcsec schema -o fcsec.schema.json   # beside the specs; docs/editors.md",
    "fcsec schema > fcsec.schema.json",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of stdout (`-`: stdout)"
    )


def shipped() -> str:
    """The text of the schema file shipped in the package."""
    from fcsec.packagedata import read_text
    from fcsec.spec.json_schema import RESOURCE

    return read_text("fcsec", RESOURCE)


def run(args: argparse.Namespace, context: Context) -> int:
    write_output(args.output, shipped())
    return EXIT_OK
