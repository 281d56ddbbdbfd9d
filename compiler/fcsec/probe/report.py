"""Render a probe: the text report and the JSON document (``format_version`` 1).

Both list the same facts in the same fixed order; nothing here runs a handshake or judges.
docs/probe.md describes every JSON field.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import attrs

from fcsec.ciphers.registry import Suite
from fcsec.diagnostics import Diagnostic, Severity
from fcsec.probe.chain import CertInfo
from fcsec.probe.compare import Finding
from fcsec.probe.expect import Expectation
from fcsec.probe.scan import ScanResult, Status

FORMAT_VERSION = 1


@attrs.frozen(kw_only=True)
class Comparison:
    """The spec side of a probe: which spec, what it allows."""

    spec: str
    expectation: Expectation


def _suite_json(suite: Suite) -> dict[str, Any]:
    return {
        "iana": suite.iana,
        "openssl": suite.openssl,
        "code": suite.code_point,
    }


def _cert_json(cert: CertInfo) -> dict[str, Any]:
    return {
        "subject": cert.subject,
        "issuer": cert.issuer,
        "dns_names": list(cert.dns_names),
        "ip_addresses": list(cert.ip_addresses),
        "not_after": cert.not_after,
        "key": {"type": cert.key_type, "detail": cert.key_detail},
        "sha256": cert.sha256,
    }


def _finding_json(finding: Finding) -> dict[str, Any]:
    item: dict[str, Any] = {"rule": finding.rule, "message": finding.message}
    if finding.hint:
        item["hint"] = finding.hint
    if finding.suite is not None:
        item["suite"] = _suite_json(finding.suite)
    if finding.version is not None:
        item["version"] = finding.version.value
    return item


def _comparison_json(comparison: Comparison) -> dict[str, Any]:
    expect = comparison.expectation
    return {
        "spec": comparison.spec,
        "scope": expect.scope,
        "policy": expect.policy,
        "allowed_versions": None
        if expect.versions is None
        else [version.value for version in sorted(expect.versions)],
        "allowed_suites": None
        if expect.suites is None
        else [_suite_json(suite) for suite in expect.suites],
        "client_certificate_required": expect.client_cert_required,
        "certificate": None
        if expect.cert is None
        else {"name": expect.cert.name, "file": expect.cert.file, "sha256": expect.cert.sha256},
    }


def to_json(scan: ScanResult, comparison: Comparison | None, findings: Sequence[Finding]) -> str:
    differences = [finding for finding in findings if finding.difference]
    document = {
        "format_version": FORMAT_VERSION,
        "target": str(scan.target),
        "tool": scan.tool,
        "versions": {result.version.value: result.status.value for result in scan.versions},
        "suites_tried": sum(1 for result in scan.suites if result.status is not Status.UNTESTED),
        "accepted_suites": [
            {**_suite_json(result.suite), "version": result.version.value}
            for result in scan.suites
            if result.status is Status.ACCEPTED
        ],
        "certificate_chain": [_cert_json(cert) for cert in scan.chain],
        "verification": None
        if scan.verification is None
        else {"ok": scan.verification.ok, "detail": scan.verification.detail},
        "client_certificate": scan.client_cert.value,
        "comparison": None if comparison is None else _comparison_json(comparison),
        "differences": [_finding_json(finding) for finding in differences],
        "notes": [_finding_json(finding) for finding in findings if not finding.difference],
        "verdict": "differences" if differences else "ok",
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cert_lines(index: int, cert: CertInfo) -> list[str]:
    names = [f"DNS:{name}" for name in cert.dns_names] + [
        f"IP:{address}" for address in cert.ip_addresses
    ]
    return [
        f"  {index} subject  {cert.subject}",
        f"    names    {', '.join(names) or '(none)'}",
        f"    issuer   {cert.issuer}",
        f"    expires  {cert.not_after}",
        f"    key      {cert.key_type} {cert.key_detail}".rstrip(),
        f"    sha256   {cert.sha256}",
    ]


def to_text(scan: ScanResult, comparison: Comparison | None, findings: Sequence[Finding]) -> str:
    lines = [f"{scan.target}: probed with {scan.tool}", "versions:"]
    lines += [f"  {result.version.value:<8} {result.status.value}" for result in scan.versions]
    accepted = [result for result in scan.suites if result.status is Status.ACCEPTED]
    tried = sum(1 for result in scan.suites if result.status is not Status.UNTESTED)
    lines.append(f"accepted suites ({len(accepted)}, {tried} tried):")
    for result in accepted:
        suite = result.suite
        openssl = "" if suite.openssl in (None, suite.iana) else f"  {suite.openssl}"
        lines.append(f"  {result.version.value:<8} {suite.code_point}  {suite.iana}{openssl}")
    lines.append("certificate chain:" if scan.chain else "certificate chain: (none received)")
    for index, cert in enumerate(scan.chain):
        lines += _cert_lines(index, cert)
    if scan.verification is not None:
        verdict = "yes" if scan.verification.ok else f"no ({scan.verification.detail})"
        lines.append(f"chain verifies against --ca: {verdict}")
    lines.append(f"client certificate: {scan.client_cert.value}")
    differences = sum(1 for finding in findings if finding.difference)
    if comparison is not None:
        expect = comparison.expectation
        lines.append(f"compared with {comparison.spec} ({expect.scope}, {expect.policy}):")
    if differences:
        lines.append(
            f"{differences} difference{'s' if differences != 1 else ''} (listed on stderr)"
        )
    elif comparison is not None:
        lines.append("matches the spec")
    return "\n".join(lines) + "\n"


def diagnostics(findings: Sequence[Finding], target: str) -> list[Diagnostic]:
    """Differences as errors and notes as infos, for the text output on stderr."""
    return [
        Diagnostic(
            rule=finding.rule,
            severity=Severity.ERROR if finding.difference else Severity.INFO,
            message=finding.message,
            span=finding.span,
            hint=finding.hint,
            path=None if finding.span is not None else target,
        )
        for finding in findings
    ]
