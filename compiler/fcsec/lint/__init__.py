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

from fcsec.lint.engine import LintOptions, apply_allowances, lint_spec, stale_allowances
from fcsec.lint.findings import Finding

__all__ = ["Finding", "LintOptions", "apply_allowances", "lint_spec", "stale_allowances"]
