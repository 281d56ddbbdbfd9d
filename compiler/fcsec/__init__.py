"""fcsec: compile one declarative TLS spec into FairCom's services.json and ctsrvr.cfg.

The public API, for tools that embed fcsec instead of running the command line::

    from fcsec import SourceFile, load_spec, render_outputs

    loaded = load_spec(SourceFile("security.fcsec", text), env=None)
    outputs = render_outputs(loaded.spec, {"services.json": None, "ctsrvr.cfg": None})

Names are imported on first use, so ``import fcsec`` (and ``fcsec --version``) stays cheap; type
checkers see the real definitions (the ``TYPE_CHECKING`` imports below). docs/api.md has more.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fcsec.api import Loaded, Output, environments, load_spec, parse_spec, render_outputs
    from fcsec.cli import main
    from fcsec.diagnostics import Diagnostic, DiagnosticError, Severity
    from fcsec.source import SourceFile, Span

__version__ = "0.1.0"

_EXPORTS = {
    "parse_spec": "fcsec.api",
    "environments": "fcsec.api",
    "load_spec": "fcsec.api",
    "render_outputs": "fcsec.api",
    "Loaded": "fcsec.api",
    "Output": "fcsec.api",
    "SourceFile": "fcsec.source",
    "Span": "fcsec.source",
    "Diagnostic": "fcsec.diagnostics",
    "DiagnosticError": "fcsec.diagnostics",
    "Severity": "fcsec.diagnostics",
    "main": "fcsec.cli",
}

__all__ = [
    "Diagnostic",
    "DiagnosticError",
    "Loaded",
    "Output",
    "Severity",
    "SourceFile",
    "Span",
    "__version__",
    "environments",
    "load_spec",
    "main",
    "parse_spec",
    "render_outputs",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'fcsec' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
