"""Lint a spec written in a test: write it to a folder, lower it, run the linter."""

from __future__ import annotations

import datetime
from pathlib import Path

from tests.lint.pki import NOW

from fcsec.api import load_spec
from fcsec.lint import Finding, LintOptions, lint_spec
from fcsec.lint.files import Files
from fcsec.lint.openssl import Expander
from fcsec.source import SourceFile

SPEC = "security.fcsec"


def spec_source(folder: Path, text: str) -> SourceFile:
    path = folder / SPEC
    path.write_text(text, encoding="utf-8")
    return SourceFile(str(path), text)


def lint(
    folder: Path,
    text: str,
    *,
    env: str | None = None,
    check_files: bool = True,
    policy: str | None = None,
    now: datetime.datetime = NOW,
    expand: Expander | None = None,
) -> list[Finding]:
    source = spec_source(folder, text)
    loaded = load_spec(source, env)
    options = LintOptions(
        spec_path=source.name,
        check_files=check_files,
        policy=policy,
        now=now if check_files else None,
        files=Files() if check_files else None,
        expand=expand,
    )
    return lint_spec(loaded.spec, source, options)


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [item for item in findings if item.rule == rule]


def rules(findings: list[Finding]) -> set[str]:
    return {item.rule for item in findings}


def spanned(item: Finding) -> str:
    """The spec text the finding points at."""
    span = item.diagnostic.span
    assert span is not None
    return span.source.text[span.start : span.end]
