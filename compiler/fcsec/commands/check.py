"""``fcsec check``: validate a spec and every one of its environments, then lint them.

Lint covers the certificate files (unless ``--skip-files``), the cipher lists (held to
``--policy`` when given) and the configuration choices; ``[lint] allow`` entries accept findings
on purpose. Exit 0 when nothing counts against the spec, 1 on errors (and on warnings with
``--strict``), 2 on a usage error. The report goes out as text, JSON, SARIF or GitHub
annotations (``fcsec.report``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from fcsec.commands.common import EXIT_INPUT, EXIT_OK, Context, Usage, read_spec
from fcsec.diagnostics import Diagnostic, DiagnosticError

if TYPE_CHECKING:
    import datetime

    from fcsec.ir.nodes import Allowance, Spec
    from fcsec.lint import Finding, LintOptions
    from fcsec.report import CheckReport
    from fcsec.source import SourceFile

NAME = "check"
HELP = "validate and lint a spec (and each of its environments)"
FORMATS = ("text", "json", "sarif", "github")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file")
    parser.add_argument("--env", metavar="NAME", help="check only the overlay [env.NAME]")
    parser.add_argument(
        "--skip-files",
        action="store_true",
        help="do not look at certificate, key or key-store files (for CI machines that do not "
        "hold them)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 1) on warnings too, not only on errors"
    )
    parser.add_argument(
        "--policy",
        metavar="NAME",
        help="hold every cipher list to a built-in policy, e.g. nist-800-52r2",
    )


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
        raise Usage(
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
    import attrs

    found_in = list(dict.fromkeys(where.get(item.identity(), ())))
    if checked < 2 or not found_in or len(found_in) == checked:
        return item
    return attrs.evolve(item, notes=(*item.notes, f"only in {' and '.join(found_in)}"))


def _configures(spec: Spec) -> str:
    count = len(spec.listeners)
    return (
        f"{count} listener{'s' if count != 1 else ''}"
        + (", database TLS" if spec.database else "")
        + (", mqtt" if spec.mqtt else "")
    )


def _options(args: argparse.Namespace) -> LintOptions:
    from fcsec.lint import LintOptions
    from fcsec.lint.files import Files
    from fcsec.lint.openssl import local_openssl

    check_files = not args.skip_files
    return LintOptions(
        spec_path=args.spec,
        check_files=check_files,
        policy=_policy(args.policy),
        now=_now() if check_files else None,
        files=Files() if check_files else None,
        expand=local_openssl(),
    )


def _check(source: SourceFile, args: argparse.Namespace, options: LintOptions) -> CheckReport:
    from fcsec.api import environments, load_spec
    from fcsec.lint import apply_allowances, lint_spec, stale_allowances
    from fcsec.lint.engine import allowance_key, ordered
    from fcsec.report import CheckReport

    names: list[str | None] = [args.env] if args.env else [None, *environments(source)]
    findings: list[Finding] = []
    where: dict[tuple[str, object, str], list[str]] = {}
    allowances: dict[tuple[str, int], Allowance] = {}
    used: set[tuple[str, int]] = set()
    loaded_all = True
    configures = ""
    for name in names:
        try:
            loaded = load_spec(source, name)
        except DiagnosticError as failure:
            loaded_all = False
            findings.extend(_wrap(failure.diagnostics))
            continue
        spec = loaded.spec
        found = [*_wrap(loaded.warnings), *lint_spec(spec, source, options)]
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
    return CheckReport(
        spec=args.spec,
        findings=tuple(ordered(findings)),
        environments=tuple(name for name in names if name),
        files_checked=options.check_files,
        policy=options.policy,
        strict=args.strict,
        configures=configures if loaded_all else "",
    )


def _emit(report: CheckReport, output: str, color: bool) -> None:
    if output == "text":
        from fcsec.report import text

        rendered = text.render(report, color=color)
        sys.stderr.write(rendered.stderr)
        sys.stdout.write(rendered.stdout)
        return
    sys.stdout.write(_render(report, output))


def _render(report: CheckReport, output: str) -> str:
    """The report in a machine format; only that format's module is imported."""
    if output == "json":
        from fcsec.report import json

        return json.render(report)
    if output == "sarif":
        from fcsec.report import sarif

        return sarif.render(report)
    from fcsec.report import github

    return github.render(report)


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.report import CheckReport, summarize

    options = _options(args)
    try:
        source = read_spec(args.spec)
        report = _check(source, args, options)
    except DiagnosticError as failure:  # the spec cannot be read or parsed at all
        report = CheckReport(
            spec=args.spec,
            findings=tuple(_wrap(failure.diagnostics)),
            files_checked=options.check_files,
            policy=options.policy,
            strict=args.strict,
        )
    _emit(report, args.format, context.color)
    return EXIT_INPUT if summarize(report).failed else EXIT_OK
