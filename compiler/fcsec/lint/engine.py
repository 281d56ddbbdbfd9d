"""Run the lint rules over one lowered spec (``lint_spec``).

The spec's ``[lint] allow`` entries are applied by ``fcsec.lint.allowances`` (re-exported here):
the config-file rules of ``fcsec compile`` apply them too, without loading the spec's rules.
"""

from __future__ import annotations

from fcsec.ir import nodes as ir
from fcsec.lint import cipher_rules, config_rules
from fcsec.lint.allowances import allowance_key, apply_allowances, stale_allowances
from fcsec.lint.context import LintContext, LintOptions
from fcsec.lint.findings import Finding, ordered
from fcsec.lint.locate import Locator
from fcsec.source import SourceFile
from fcsec.spec.document import Table

__all__ = [
    "LintOptions",
    "allowance_key",
    "apply_allowances",
    "lint_spec",
    "ordered",
    "stale_allowances",
]


def lint_spec(
    spec: ir.Spec, source: SourceFile, options: LintOptions, *, tree: Table | None = None
) -> list[Finding]:
    """Every finding of one lowered spec (base or one environment), deduplicated and sorted.

    ``tree``: the spec's table tree (``fcsec.api.Loaded.tree``), so that it is not parsed again.
    """
    context = LintContext(
        spec=spec, source=source, locate=Locator(source, spec.env, tree), options=options
    )
    found = [*config_rules.check(context), *cipher_rules.check(context)]
    if options.check_files:
        from fcsec.lint import certs  # cryptography is loaded only here

        found.extend(certs.check(context))
    return ordered(found)
