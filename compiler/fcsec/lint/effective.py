"""Lint the configuration as it will be after compile: the spec plus every unmanaged part.

``lint_config`` renders what ``fcsec compile`` would write (``fcsec.api.render_outputs``) over
the current files, reads the result as the server will (``fcsec.lint.configview``) and runs the
config-file rules (``fcsec.lint.config_file_rules``) on it. Without a spec it audits the files as
they are. ``fcsec check --config-dir`` calls it beside the spec rules; ``fcsec compile`` calls
``config_diagnostics`` to warn about the files it touches. It never reads the file system: the
caller hands in the current files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from fcsec.cfg.edit import SslParses
from fcsec.diagnostics import Diagnostic
from fcsec.lint import config_file_rules
from fcsec.lint.allowances import apply_allowances
from fcsec.lint.configview import CTSRVR_CFG, SERVICES_JSON, Effective, read_effective
from fcsec.lint.context import is_production
from fcsec.lint.findings import Finding, ordered
from fcsec.lint.locate import Locator
from fcsec.record import Record
from fcsec.rule_ids import NO_TLS_LISTENER, SHARED_MEMORY_BESIDE_TLS_ONLY
from fcsec.source import SourceFile
from fcsec.spec.document import Table

if TYPE_CHECKING:
    from fcsec.api import Output
    from fcsec.ir.nodes import Spec

#: Spec findings that guess what the files hold; with the files at hand they are dropped and the
#: config-file rules say what is there: FCS604 guesses that shared memory is on (FCS612 knows),
#: FCS609 judges the app server by the spec's listeners alone (the files may hold others).
SUPERSEDED = frozenset({SHARED_MEMORY_BESIDE_TLS_ONLY, NO_TLS_LISTENER})


class ConfigLint(Record):
    """The findings about the configuration after compile, and what they covered."""

    __slots__ = ("checked", "findings", "not_checked", "unmanaged_suites")
    _compared = ("findings", "checked", "not_checked", "unmanaged_suites")

    def __init__(
        self,
        *,
        findings: tuple[Finding, ...],
        checked: tuple[str, ...],
        not_checked: tuple[str, ...],
        unmanaged_suites: bool = False,
    ) -> None:
        self.findings: Final = findings
        #: ``services.json (6 listeners, mqtt.authenticationMethods)``, ...
        self.checked: Final = checked
        #: ``ctsrvr.cfg (not found)``, ``certificate files the config files name``, ...
        self.not_checked: Final = not_checked
        #: Whether a part the spec does not manage lists cipher suites (``--policy`` skips them).
        self.unmanaged_suites: Final = unmanaged_suites


def lint_config(
    spec: Spec | None,
    spec_source: SourceFile | None,
    current: Mapping[str, SourceFile | None],
    outputs: Sequence[Output] | None = None,
    *,
    complete: bool = True,
    written: bool = False,
    tree: Table | None = None,
    parses: SslParses | None = None,
) -> ConfigLint:
    """Lint services.json and ctsrvr.cfg as they will be after compiling ``spec`` over
    ``current`` (name -> file, None: absent); without a spec, as they are.

    ``outputs`` are ``render_outputs(spec, current)`` when the caller has them (else they are
    rendered here, which raises DiagnosticError when a file cannot be edited). With
    ``complete=False`` a finding whose parts are all managed by the spec is left to the spec
    rules (``fcsec check`` runs both); ``complete=True`` reports everything (``fcsec compile``).
    Managed parts are pointed at in ``spec_source``, every other part at its line in
    ``current``, or in the new text when ``written`` (the caller has just written the outputs).
    ``parses``: the run's parses of ctsrvr.cfg texts (``fcsec.cfg.edit.SslParses``; one is made
    here when not given, so that rendering and reading share it).
    """
    parses = SslParses() if parses is None else parses
    if spec is not None and outputs is None:
        from fcsec.api import render_outputs

        outputs = render_outputs(spec, current, parses=parses)
    locate = Locator(spec_source, spec.env, tree) if spec is not None and spec_source else None
    effective = read_effective(current, outputs or (), locate, written=written, parses=parses)
    production = is_production(spec.env if spec is not None else None)
    findings = [
        found.finding
        for found in config_file_rules.check(effective, production=production)
        if complete or not (found.managed and config_file_rules.spec_covered(found.finding.rule))
    ]
    findings.extend(
        Finding(diagnostic=problem, key=f"{problem.location()}:{problem.message}")
        for problem in effective.problems
    )
    checked, not_checked = coverage(effective, current, outputs or ())
    return ConfigLint(
        findings=tuple(ordered(findings)),
        checked=checked,
        not_checked=not_checked,
        unmanaged_suites=_unmanaged_suites(effective),
    )


def config_diagnostics(
    spec: Spec,
    spec_source: SourceFile,
    current: Mapping[str, SourceFile | None],
    outputs: Sequence[Output],
    *,
    written: bool = False,
    tree: Table | None = None,
    parses: SslParses | None = None,
) -> list[Diagnostic]:
    """What ``fcsec compile`` prints about the files it writes: every finding about the
    configuration after compile that the spec's ``[lint] allow`` does not accept.

    ``written``: the outputs are on disk now, so unmanaged parts point at their new lines.
    ``parses``: the run's parses of ctsrvr.cfg texts, as for ``lint_config``."""
    result = lint_config(
        spec,
        spec_source,
        current,
        outputs,
        complete=True,
        written=written,
        tree=tree,
        parses=parses,
    )
    applied, _ = apply_allowances(result.findings, spec.allow)
    return [item.diagnostic for item in applied if not item.allowed]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def coverage(
    effective: Effective,
    current: Mapping[str, SourceFile | None],
    outputs: Sequence[Output],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the lint of the files covered, and what it did not (for the summary line)."""
    written = {output.name: output for output in outputs}
    checked: list[str] = []
    missing: list[str] = []
    unread = {
        problem.span.source.name if problem.span is not None else problem.path
        for problem in effective.problems
    }
    if effective.listeners is not None:
        parts = [_plural(len(effective.listeners), "listener")]
        if effective.methods is not None:
            parts.append("mqtt.authenticationMethods")
        new = "new: " if SERVICES_JSON in written and current.get(SERVICES_JSON) is None else ""
        checked.append(f"{SERVICES_JSON} ({new}{', '.join(parts)})")
    elif (services := current.get(SERVICES_JSON)) is None:
        missing.append(f"{SERVICES_JSON} (not found)")
    elif services.name in unread:
        missing.append(f"{SERVICES_JSON} (not valid JSON)")
    database = effective.database
    if database is not None:
        state = (
            ("SSL block enabled" if database.enabled else "SSL block disabled")
            if database.block_found
            else "no SSL block"
        )
        protocols = _plural(len(database.protocols), "COMM_PROTOCOL line")
        new = "new: " if CTSRVR_CFG in written and current.get(CTSRVR_CFG) is None else ""
        checked.append(f"{CTSRVR_CFG} ({new}{state}, {protocols})")
    elif current.get(CTSRVR_CFG) is None:
        missing.append(f"{CTSRVR_CFG} (not found)")
    if _names_certificates(effective):
        missing.append(
            "certificate files named by unmanaged parts"
            if effective.with_spec
            else "the certificate files the config files name"
        )
    return tuple(checked), tuple(missing)


def _names_certificates(effective: Effective) -> bool:
    listeners = effective.listeners or ()
    if any(not part.managed and part.enabled and part.uses_tls and part.cert for part in listeners):
        return True
    database = effective.database
    return (
        database is not None
        and not database.managed
        and database.enabled
        and database.setting("SERVER_CERTIFICATE_FILE") is not None
    )


def _unmanaged_suites(effective: Effective) -> bool:
    listeners = effective.listeners or ()
    if any(not part.managed and part.suites for part in listeners):
        return True
    database = effective.database
    return (
        database is not None
        and not database.managed
        and database.setting("SSL_CIPHERS") is not None
    )
