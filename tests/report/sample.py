"""Findings on a small spec, for the renderers' tests (no linting involved)."""

from __future__ import annotations

import re

from fcsec.ir.nodes import Allowance
from fcsec.lint import Finding
from fcsec.lint.findings import finding
from fcsec.record import replace
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
    return replace(
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


#: What must never reach a terminal or a CI log raw: C0 and C1 controls (line feed apart), DEL,
#: bidi and zero-width formatting characters, lone surrogates. Written out here, independently
#: of fcsec.safetext.
ACTING = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)

#: Sets the window title, clears the screen (also by a C1 CSI), reverses the text that follows,
#: and tries to start a second GitHub workflow command on a line of its own.
EVIL = "\x1b]0;pwned\x07\x1b[2J\x9b2J\u202e\r\n::error title=injected::pwned"
HOSTILE_NAME = "specs/e\x1b[2J\x07.fcsec"
HOSTILE_SOURCE = SourceFile(HOSTILE_NAME, '[listeners."web\\u001b[2J"]\nname = "a\x1b]0;t\x07b"\n')
HOSTILE = make(
    "FCS602",
    '"a\x1b]0;t\x07b"',
    f"listener `{EVIL}` is enabled beside its TLS twin",
    hint=f"set `enabled = false` in [listeners.{EVIL}]",
    label=f"plain listener {EVIL}",
    notes=(f"listeners.{EVIL} uses it",),
    source=HOSTILE_SOURCE,
)


def hostile_report() -> CheckReport:
    """Every field a renderer prints holds EVIL: file names, message, label, hint, note, reason."""
    return CheckReport(
        spec=HOSTILE_NAME,
        findings=(HOSTILE, allow(HOSTILE, reason=EVIL)),
        environments=(EVIL,),
        configures=f"1 listener {EVIL}",
    )
