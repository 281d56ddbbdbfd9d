"""Findings on a small spec, for the renderers' tests (no linting involved)."""

from __future__ import annotations

import attrs

from fcsec.ir.nodes import Allowance
from fcsec.lint import Finding
from fcsec.lint.findings import finding
from fcsec.report import CheckReport
from fcsec.source import SourceFile, Span

NAME = "specs/security.fcsec"
TEXT = """\
fcsec = 1
[database]
tls_only = false
ciphers = ["NULL-SHA256"]
[lint]
allow = [{ rule = "FCS601", reason = "legacy clients, until 2027" }]
"""
SOURCE = SourceFile(NAME, TEXT)


def span_of(needle: str, source: SourceFile = SOURCE) -> Span:
    start = source.text.index(needle)
    return source.span(start, start + len(needle))


def make(
    rule: str,
    needle: str | None,
    message: str,
    *,
    key: str | None = None,
    hint: str | None = None,
    label: str = "",
    notes: tuple[str, ...] = (),
    source: SourceFile = SOURCE,
) -> Finding:
    span = span_of(needle, source) if needle is not None else None
    return finding(
        rule, message, span, key=key or f"{rule}:{needle}", hint=hint, label=label, notes=notes
    )


def allow(item: Finding, reason: str = "legacy clients, until 2027") -> Finding:
    return attrs.evolve(
        item,
        allowance=Allowance(rule=item.rule, reason=reason, span=span_of('{ rule = "FCS601"')),
    )


PLAIN = make(
    "FCS601",
    "false",
    "`tls_only = false` lets clients connect without TLS",
    key="database.tls_only",
    hint="set `tls_only = true`",
    label="plain connections allowed",
)
NULL = make(
    "FCS504",
    '"NULL-SHA256"',
    "cipher suite `NULL-SHA256` does not encrypt (NULL cipher)",
    key="database.ciphers:TLS_RSA_WITH_NULL_SHA256",
    hint="remove the suite",
)


def report(*findings: Finding, strict: bool = False, files_checked: bool = True) -> CheckReport:
    return CheckReport(
        spec=NAME,
        findings=findings,
        files_checked=files_checked,
        strict=strict,
        configures="0 listeners, database TLS",
    )
