"""The subcommands of ``fcsec``, one module each.

Each module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args, context) -> int``,
and imports nothing heavy at import time. Add a command by adding its module name here (the
command is called ``NAME``: the module ``import_`` is ``fcsec import``).
"""

from __future__ import annotations

COMMANDS: tuple[str, ...] = (
    "compile",
    "check",
    "certs",
    "probe",
    "export",
    "explain",
    "fmt",
    "import_",
    "rules",
    "completion",
    "project",
    "schema",
    "lsp",
)
