"""``fcsec check``'s linter: certificate files, cipher suites and configuration choices.

Each job is one module: ``certs`` (certificate files, read with ``fcsec.x509``; parts in
``cert_files`` and ``cert_server``), ``cipher_rules`` (parts in ``cipher_suites``,
``cipher_sites``, ``cipher_openssl``, ``cipher_policy``), ``config_rules``; ``engine`` runs them
over one lowered spec and applies the spec's ``[lint] allow`` entries. ``effective`` lints
services.json and ctsrvr.cfg as they will be after compile (``configview`` reads them,
``config_file_rules`` judges them), unmanaged parts included. The
linter never prints and never exits: it returns ``Finding`` values, and ``fcsec.report`` renders
them. The only ways it reaches outside the spec are the ``files.Files`` reader, the
``openssl.Expander`` and the config file texts that the command hands in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fcsec.lint.allowances import apply_allowances, stale_allowances
    from fcsec.lint.engine import LintOptions, lint_spec
    from fcsec.lint.findings import Finding

__all__ = ["Finding", "LintOptions", "apply_allowances", "lint_spec", "stale_allowances"]

# The names above load their module on first use: ``fcsec compile`` imports the config-file
# rules (``fcsec.lint.effective``), which are modules of this package, and importing the package
# must not load the spec linter (``engine`` and every rule module) for them.
_HOME = {
    "Finding": "fcsec.lint.findings",
    "LintOptions": "fcsec.lint.engine",
    "apply_allowances": "fcsec.lint.allowances",
    "lint_spec": "fcsec.lint.engine",
    "stale_allowances": "fcsec.lint.allowances",
}


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
