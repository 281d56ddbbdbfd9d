"""``fcsec lsp``: the language server for spec files, over stdin and stdout (``fcsec.lsp``).

It needs pygls and lsprotocol (``pip install 'fcsec[lsp]'``); they are imported only here, when
the command runs, so no other command and no ``import fcsec`` pays for them. Without them the
command exits 1 and says what to install. Editor set-ups: docs/lsp.md.
"""

from __future__ import annotations

import argparse
import gc
import sys

from fcsec.commands.common import EXIT_INPUT, EXIT_OK, Context

NAME = "lsp"
HELP = "run the language server for *.fcsec files over stdio (needs fcsec[lsp])"
INSTALL_HINT = "pip install 'fcsec[lsp]'"
#: Shown by `fcsec lsp --help`.
EXAMPLES = (
    "fcsec lsp            # what an editor runs: LSP over stdin and stdout (docs/lsp.md)",
    "fcsec lsp --stdio    # the same, for clients that always pass --stdio",
)
#: The exit codes this command adds to 0, 1, 2 and 70.
EXIT_CODES = {
    0: "the client ended the session (or closed stdin)",
    1: "pygls or lsprotocol is not installed: pip install 'fcsec[lsp]'",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # Editors' generic LSP clients often pass --stdio; stdio is the only transport.
    parser.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (default)")


def run(args: argparse.Namespace, context: Context) -> int:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError as missing:
        sys.stderr.write(
            f"fcsec lsp: the language server needs pygls and lsprotocol ({missing.name} is not "
            f"installed): {INSTALL_HINT}\n"
        )
        return EXIT_INPUT
    from fcsec.lsp.server import serve

    # A server lives long and keeps documents: the cyclic collector is back on for it (the
    # command line turns it off for the short run of a command).
    gc.enable()
    serve()
    return EXIT_OK
