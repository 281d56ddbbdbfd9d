"""Allowances: an allowed finding is kept, marked and not counted; a stale one is a warning."""

from __future__ import annotations

from pathlib import Path

from tests.lint.helpers import lint, of, spec_source

from fcsec.api import load_spec
from fcsec.lint import Finding, LintOptions, apply_allowances, lint_spec, stale_allowances
from fcsec.lint.engine import allowance_key
from fcsec.record import replace

SPEC = """\
fcsec = 1
[certs.server]
file = "server.pem"
[database]
cert = "server"
tls_only = false
shared_memory = false
[lint]
allow = [{ rule = "FCS601", reason = "legacy SQL clients on the LAN" }]
"""


def _run(
    tmp_path: Path, text: str, *, check_files: bool = False
) -> tuple[list[Finding], list[Finding]]:
    """Lint (certificate rules are reported as run when ``check_files``, with no finding)."""
    source = spec_source(tmp_path, text)
    spec = load_spec(source).spec
    options = LintOptions(spec_path=source.name, check_files=check_files)
    findings = lint_spec(spec, source, replace(options, check_files=False))
    applied, used = apply_allowances(findings, spec.allow)
    allowances = {allowance_key(allowance): allowance for allowance in spec.allow}
    return applied, stale_allowances(allowances, used, options)


def test_an_allowed_finding_is_kept_with_its_reason(tmp_path: Path) -> None:
    applied, _ = _run(tmp_path, SPEC)
    (found,) = of(applied, "FCS601")
    assert found.allowance is not None
    assert found.allowance.reason == "legacy SQL clients on the LAN"


def test_a_finding_of_another_rule_is_not_allowed(tmp_path: Path) -> None:
    applied, _ = _run(tmp_path, SPEC.replace("shared_memory = false\n", 'debug_log = "x"\n'))
    assert [found.allowed for found in of(applied, "FCS605")] == [False]


def test_an_allowance_that_matches_is_not_stale(tmp_path: Path) -> None:
    _, stale = _run(tmp_path, SPEC)
    assert stale == []


def test_an_allowance_that_matches_nothing_is_a_stale_warning_at_the_entry(tmp_path: Path) -> None:
    _, stale = _run(tmp_path, SPEC.replace("tls_only = false", "tls_only = true"))
    (found,) = stale
    assert found.rule == "FCS690"
    assert found.diagnostic.severity.value == "warning"
    span = found.diagnostic.span
    assert span is not None
    assert span.source.text[span.start : span.end].startswith('{ rule = "FCS601"')


def test_a_certificate_allowance_is_not_stale_when_files_were_skipped(tmp_path: Path) -> None:
    text = SPEC.replace('"FCS601"', '"FCS406"')
    _, stale = _run(tmp_path, text)
    assert stale == []


def test_a_certificate_allowance_is_stale_when_files_were_checked_and_fine(
    tmp_path: Path,
) -> None:
    text = SPEC.replace('"FCS601"', '"FCS406"')
    _, stale = _run(tmp_path, text, check_files=True)
    assert [found.rule for found in stale] == ["FCS690"]


def test_a_compliance_allowance_is_not_stale_without_a_policy(tmp_path: Path) -> None:
    _, stale = _run(tmp_path, SPEC.replace('"FCS601"', '"FCS509"'))
    assert stale == []


def test_findings_are_deduplicated_and_ordered_by_position(tmp_path: Path) -> None:
    text = SPEC.replace("shared_memory = false\n", 'debug_log = "ssl.log"\n')
    found = lint(tmp_path, text, check_files=False)
    starts = [item.diagnostic.span.start for item in found if item.diagnostic.span]
    assert starts == sorted(starts)
    assert len({item.identity() for item in found}) == len(found)
