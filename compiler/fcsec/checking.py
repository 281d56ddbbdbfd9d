"""``fcsec check`` as a function: validate a spec and every one of its environments, then lint.

``check`` is what the command finds, unprinted (``fcsec.apply.check_spec`` and
``fcsec.commands.check``, which renders it); ``check_text`` checks a text in memory (the
language server). Lint covers the certificate files (unless ``skip_files``), the cipher lists
(held to ``policy`` when given) and the configuration choices; ``[lint] allow`` entries accept
findings on purpose. With ``config_dir`` it also lints services.json and ctsrvr.cfg as they will
be after compile, unmanaged parts included (``fcsec.lint.effective``), read through
``fcsec.fileio``; without a spec it audits those files as they are. A finding that is not in
every environment says where it is; the report's ``configures`` line names what was checked and
what was not.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Final

from fcsec.commands.common import STDIN_NAME, read_spec
from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic
from fcsec.record import Record, replace
from fcsec.rule_ids import CONFIG_DIR_UNUSABLE

if TYPE_CHECKING:
    import datetime

    from fcsec.api import Loaded
    from fcsec.ir.nodes import Allowance, Spec
    from fcsec.lint import Finding, LintOptions
    from fcsec.lint.effective import ConfigLint
    from fcsec.lint.files import Files
    from fcsec.report import CheckReport
    from fcsec.source import SourceFile

    Current = Mapping[str, SourceFile | None]

__all__ = ["UsageError", "check", "check_text"]


class UsageError(ValueError):
    """Options that do not go together, or an unknown policy; the message is the command's."""


class _Request(Record):
    """The options of one check, as ``fcsec check`` takes them."""

    __slots__ = ("config_dir", "env", "policy", "sarif_root", "skip_files", "spec", "strict")
    _compared = ("spec", "env", "config_dir", "skip_files", "policy", "strict", "sarif_root")

    def __init__(
        self,
        *,
        spec: str | None,
        env: str | None = None,
        config_dir: str | None = None,
        skip_files: bool = False,
        policy: str | None = None,
        strict: bool = False,
        sarif_root: str | None = None,
    ) -> None:
        self.spec: Final = spec
        self.env: Final = env
        self.config_dir: Final = config_dir
        self.skip_files: Final = skip_files
        self.policy: Final = policy
        self.strict: Final = strict
        self.sarif_root: Final = sarif_root


def _now() -> datetime.datetime:
    """The moment certificates are judged at (a seam for tests)."""
    import datetime

    return datetime.datetime.now(datetime.UTC)


def _policy(name: str | None) -> str | None:
    if name is None:
        return None
    from fcsec.ciphers.policies import PolicyKind, policy, policy_names

    found = policy(name)
    if found is None or found.kind is not PolicyKind.SUITES:
        choices = [
            candidate
            for candidate in policy_names()
            if (p := policy(candidate)) is not None and p.kind is PolicyKind.SUITES
        ]
        raise UsageError(
            f"fcsec check: error: --policy {name!r} is not a built-in list of suites "
            f"(choose from: {', '.join(choices)})"
        )
    return found.name


def _wrap(diagnostics: Iterable[Diagnostic]) -> list[Finding]:
    from fcsec.lint import Finding

    return [
        Finding(diagnostic=diagnostic, key=f"{diagnostic.path or ''}:{diagnostic.message}")
        for diagnostic in diagnostics
    ]


def _label(env: str | None) -> str:
    return "the base spec" if env is None else f"[env.{env}]"


def _only_in(
    item: Finding, where: dict[tuple[str, object, str], list[str]], checked: int
) -> Finding:
    """Say which configurations a finding belongs to when it is not in all of them."""
    found_in = list(dict.fromkeys(where.get(item.identity(), ())))
    if checked < 2 or not found_in or len(found_in) == checked:
        return item
    return replace(item, notes=(*item.notes, f"only in {' and '.join(found_in)}"))


def _configures(spec: Spec) -> str:
    count = len(spec.listeners)
    database = spec.database
    if database is None:
        database_part = ""
    else:
        database_part = ", database TLS" if database.enabled else ", database TLS disabled"
    return f"{count} listener{'s' if count != 1 else ''}{database_part}" + (
        ", mqtt" if spec.mqtt else ""
    )


def _covered(checked: Iterable[str], not_checked: Iterable[str]) -> str:
    """``checked: ...; not checked: ...`` for the ok line."""
    done, left = list(checked), list(not_checked)
    return "; ".join(
        part
        for part in (
            f"checked: {', '.join(done)}" if done else "",
            f"not checked: {', '.join(left)}" if left else "",
        )
        if part
    )


def _options(request: _Request) -> LintOptions:
    from fcsec.lint import LintOptions
    from fcsec.lint.openssl import local_openssl

    check_files = not request.skip_files
    return LintOptions(
        spec_path=request.spec or os.path.join(request.config_dir or ".", "security.fcsec"),
        check_files=check_files,
        policy=_policy(request.policy),
        now=_now() if check_files else None,
        files=_files() if check_files else None,
        expand=local_openssl(),
    )


def _files() -> Files:
    """The reader of certificate files (not imported when they are not checked)."""
    from fcsec.lint.files import Files

    return Files()


def _read_config_dir(config_dir: str, *, audit: bool) -> tuple[Current, list[Diagnostic]]:
    """The current services.json and ctsrvr.cfg of ``config_dir`` (None: absent), and the
    problems that kept a file from being read. A folder that does not exist yet is fine beside
    a spec (compile creates it, as ``compile --check`` assumes) and an error for an audit."""
    from pathlib import Path

    from fcsec.api import CTSRVR_CFG, SERVICES_JSON
    from fcsec.fileio import ensure_config_dir, read_config
    from fcsec.source import SourceFile

    folder = Path(config_dir)
    current: dict[str, SourceFile | None] = {SERVICES_JSON: None, CTSRVR_CFG: None}
    if not audit and not os.path.lexists(folder):
        return current, []
    try:
        ensure_config_dir(folder, config_dir, create=False)
    except DiagnosticError as failure:
        return current, list(failure.diagnostics)
    problems: list[Diagnostic] = []
    for name in (SERVICES_JSON, CTSRVR_CFG):
        display = os.path.join(config_dir, name)
        try:
            text = read_config(folder / name, display)
        except DiagnosticError as failure:
            problems.extend(failure.diagnostics)
            text = None
        current[name] = None if text is None else SourceFile(display, text)
    return current, problems


def _with_files(
    found: list[Finding], loaded: Loaded, source: SourceFile, current: Current
) -> tuple[list[Finding], ConfigLint | None]:
    """The spec's findings plus those of the config files after compile (guesses of the spec
    rules that the files answer are dropped)."""
    from fcsec.lint.effective import SUPERSEDED, lint_config

    try:
        result = lint_config(loaded.spec, source, current, complete=False, tree=loaded.tree)
    except DiagnosticError as failure:  # a file that compile could not edit
        return [*found, *_wrap(failure.diagnostics)], None
    kept = [item for item in found if item.rule not in SUPERSEDED]
    return [*kept, *result.findings], result


def _check(
    source: SourceFile,
    request: _Request,
    options: LintOptions,
    current: Current | None,
) -> CheckReport:
    from fcsec.api import environments, load_spec, parse_spec
    from fcsec.lint import apply_allowances, lint_spec, stale_allowances
    from fcsec.lint.engine import allowance_key, ordered
    from fcsec.report import CheckReport

    tree = parse_spec(source)  # once, for every environment and the lint's locator
    names: list[str | None] = (
        [request.env] if request.env else [None, *environments(source, tree=tree)]
    )
    findings: list[Finding] = []
    where: dict[tuple[str, object, str], list[str]] = {}
    allowances: dict[tuple[str, int], Allowance] = {}
    used: set[tuple[str, int]] = set()
    loaded_all = True
    configures = ""
    coverage: ConfigLint | None = None
    for name in names:
        try:
            loaded = load_spec(source, name, tree=tree)
        except DiagnosticError as failure:
            loaded_all = False
            findings.extend(_wrap(failure.diagnostics))
            continue
        spec = loaded.spec
        found = [*_wrap(loaded.warnings), *lint_spec(spec, source, options, tree=tree)]
        if current is not None:
            found, result = _with_files(found, loaded, source, current)
            coverage = coverage or result
        applied, matched = apply_allowances(found, spec.allow)
        findings.extend(applied)
        for item in applied:
            where.setdefault(item.identity(), []).append(_label(name))
        used |= matched
        for allowance in spec.allow:
            allowances.setdefault(allowance_key(allowance), allowance)
        configures = configures or _configures(spec)
    if loaded_all:
        findings = [_only_in(item, where, len(names)) for item in findings]
        findings.extend(stale_allowances(allowances, used, options))
    if configures and current is not None:
        checked = ("spec", *(coverage.checked if coverage else ()))
        not_checked = (*(coverage.not_checked if coverage else ("the config files",)),)
        if not options.check_files:
            not_checked = ("certificate files of the spec (--skip-files)", *not_checked)
        if options.policy and coverage is not None and coverage.unmanaged_suites:
            not_checked = (*not_checked, "--policy on cipher lists the spec does not manage")
        configures = f"{configures}; {_covered(checked, not_checked)}"
    return CheckReport(
        spec=source.name,
        findings=tuple(ordered(findings)),
        environments=tuple(name for name in names if name),
        files_checked=options.check_files,
        policy=options.policy,
        strict=request.strict,
        configures=configures if loaded_all else "",
        sarif_root=request.sarif_root,
    )


def _audit(
    request: _Request, config_dir: str, current: Current, problems: list[Diagnostic]
) -> CheckReport:
    """The config folder as it is, without a spec: the same rules, every part unmanaged."""
    from fcsec.lint.effective import lint_config
    from fcsec.lint.engine import ordered
    from fcsec.report import CheckReport

    if not problems and all(source is None for source in current.values()):
        problems = [
            diagnostic(
                CONFIG_DIR_UNUSABLE,
                f"{config_dir} holds neither services.json nor ctsrvr.cfg: nothing to audit",
                None,
                path=config_dir,
                hint="give the folder that holds them: --config-dir <faircom>/config",
            )
        ]
    result = lint_config(None, None, current)
    return CheckReport(
        spec=config_dir,
        findings=tuple(ordered([*_wrap(problems), *result.findings])),
        files_checked=False,
        policy=None,
        strict=request.strict,
        configures=_covered(result.checked, result.not_checked),
        sarif_root=request.sarif_root,
    )


def _usage(request: _Request) -> None:
    if request.spec is None and request.config_dir is None:
        raise UsageError(
            "fcsec check: error: give a SPEC, --config-dir DIR (audit the files as they are), "
            "or both"
        )
    if request.spec is None and (request.env or request.policy):
        flag = "--env" if request.env else "--policy"
        raise UsageError(f"fcsec check: error: {flag} needs a SPEC (an audit has no spec to apply)")


def _spec_report(
    request: _Request, spec: str, current: Current | None, problems: list[Diagnostic]
) -> CheckReport:
    """The spec's report, with the config files after compile when --config-dir is given; a
    config file that cannot be read is reported and fails the check."""
    from fcsec.report import CheckReport

    options = _options(request)
    try:
        source = read_spec(spec)
        report = _check(source, request, options, None if problems else current)
    except DiagnosticError as failure:  # the spec cannot be read or parsed at all
        report = CheckReport(
            spec=STDIN_NAME if spec == "-" else spec,
            findings=tuple(_wrap(failure.diagnostics)),
            files_checked=options.check_files,
            policy=options.policy,
            strict=request.strict,
        )
    if problems:
        report = replace(report, findings=(*_wrap(problems), *report.findings), configures="")
    return report


def check_text(source: SourceFile, *, check_files: bool) -> CheckReport:
    """``fcsec check SPEC`` (``--skip-files`` unless ``check_files``) of a text in memory, such
    as an editor's buffer (``fcsec lsp``): the same options and findings; a spec that does not
    parse reports its syntax error."""
    from fcsec.report import CheckReport

    request = _Request(spec=source.name, skip_files=not check_files)
    options = _options(request)
    try:
        return _check(source, request, options, None)
    except DiagnosticError as failure:  # the spec cannot be parsed at all
        return CheckReport(
            spec=source.name,
            findings=tuple(_wrap(failure.diagnostics)),
            files_checked=options.check_files,
            policy=options.policy,
            strict=request.strict,
        )


def check(
    spec: str | None,
    *,
    env: str | None = None,
    config_dir: str | None = None,
    skip_files: bool = False,
    policy: str | None = None,
    strict: bool = False,
    sarif_root: str | None = None,
) -> CheckReport:
    """What ``fcsec check`` finds with these options, unprinted; also ``fcsec.apply.check_spec``.

    ``spec`` None with ``config_dir``: audit the files as they are; an option not given is None.
    ``sarif_root`` is for ``fcsec.report.sarif``; ``fcsec.report.summarize`` says whether the
    report fails.
    Raises ``UsageError`` (a ``ValueError``) for a usage error: no spec and no folder, an
    unknown policy.
    """
    request = _Request(
        spec=spec,
        env=env,
        config_dir=config_dir,
        skip_files=skip_files,
        policy=policy,
        strict=strict,
        sarif_root=sarif_root,
    )
    _usage(request)
    current: Current | None = None
    problems: list[Diagnostic] = []
    if config_dir is not None:
        current, problems = _read_config_dir(config_dir, audit=spec is None)
    if spec is None:
        assert config_dir is not None and current is not None
        return _audit(request, config_dir, current, problems)
    return _spec_report(request, spec, current, problems)
