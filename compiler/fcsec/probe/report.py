"""Render a probe: the text report and the JSON document (``format_version`` 2).

Both list the same facts in the same fixed order; nothing here runs a handshake or judges.
Every string that reaches the output goes through ``fcsec.safetext.escape``: certificate
subjects and names come from the server, file names and policy names from the spec.
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
from fcsec.probe.compare import ProbeFinding
from fcsec.probe.expect import Expectation
from fcsec.probe.scan import ScanResult, Status
from fcsec.probe.verdict import Aspect, Group, State, group, headline
from fcsec.safetext import escape

#: 2: ``headline``, ``comparison.aspects``, the verdict ``partial``, and error documents.
FORMAT_VERSION = 2


@attrs.frozen(kw_only=True)
class Comparison:
    """The spec side of a probe: which spec, what it allows, and how each part came out."""

    spec: str
    expectation: Expectation
    aspects: tuple[Aspect, ...] = ()


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


def _finding_json(finding: ProbeFinding) -> dict[str, Any]:
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
        "aspects": [_aspect_json(aspect) for aspect in comparison.aspects],
    }


def _escaped(value: Any) -> Any:
    """``value`` with every string in it passed through ``escape`` (what a server sends is
    untrusted, and a JSON viewer or a log shows C1 controls and bidi overrides raw)."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def _aspect_json(aspect: Aspect) -> dict[str, Any]:
    return {"name": aspect.name, "state": aspect.state.value, "reason": aspect.reason or None}


def verdict(comparison: Comparison | None, findings: Sequence[ProbeFinding]) -> str:
    """``differences``, ``partial`` (no difference, but not everything was compared) or ``ok``."""
    if any(finding.difference for finding in findings):
        return "differences"
    if comparison is not None and any(
        aspect.state is State.NOT_COMPARED for aspect in comparison.aspects
    ):
        return "partial"
    return "ok"


def to_json(
    scan: ScanResult, comparison: Comparison | None, findings: Sequence[ProbeFinding]
) -> str:
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
        "headline": headline(None if comparison is None else comparison.aspects, findings),
        "verdict": verdict(comparison, findings),
    }
    return json.dumps(_escaped(document), indent=2, ensure_ascii=False) + "\n"


def error_json(target: str, diagnostics: Sequence[Diagnostic]) -> str:
    """The one JSON document of a probe that could not run (no connection, no TLS, bad input)."""
    document = {
        "format_version": FORMAT_VERSION,
        "target": target,
        "errors": [
            {
                "rule": diagnostic.rule,
                "severity": diagnostic.severity.value,
                "message": diagnostic.message,
                "hint": diagnostic.hint,
                "path": diagnostic.path,
            }
            for diagnostic in diagnostics
        ],
        "verdict": "error",
    }
    return json.dumps(_escaped(document), indent=2, ensure_ascii=False) + "\n"


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


def _group_lines(title: str, groups: Sequence[Group]) -> list[str]:
    if not groups:
        return []
    lines = [title]
    for block in groups:
        lines.append(f"  {block.rule} {block.message}")
        lines += [f"    {item}" for item in block.items]
    return lines


def _aspect_lines(comparison: Comparison) -> list[str]:
    expect = comparison.expectation
    lines = [f"compared with {comparison.spec} ({expect.scope}, {expect.policy}):"]
    for aspect in comparison.aspects:
        state = aspect.state.value + (f" ({aspect.reason})" if aspect.reason else "")
        lines.append(f"  {aspect.name:<19} {state}")
    return lines


def to_text(
    scan: ScanResult, comparison: Comparison | None, findings: Sequence[ProbeFinding]
) -> str:
    """The report; every line is escaped, since most of it is what the server sent."""
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
    if scan.verification is None:
        lines.append("chain: not verified (no --ca given)")
    elif scan.verification.ok:
        lines.append(f"chain: verified against --ca ({scan.verification.detail})")
    else:
        lines.append(f"chain: not verified against --ca: {scan.verification.detail}")
    lines.append(f"client certificate: {scan.client_cert.value}")
    if comparison is not None:
        lines += _aspect_lines(comparison)
    blocks = group(findings)
    lines += _group_lines("differences:", [block for block in blocks if block.difference])
    lines += _group_lines("notes:", [block for block in blocks if not block.difference])
    lines.append(headline(None if comparison is None else comparison.aspects, findings))
    return "\n".join(escape(line) for line in lines) + "\n"


#: Items of a group named in its diagnostic; the text report on stdout lists them all.
_ITEMS_IN_DIAGNOSTIC = 4


def _group_message(block: Group) -> str:
    if not block.items:
        return block.message
    shown = ", ".join(block.items[:_ITEMS_IN_DIAGNOSTIC])
    more = len(block.items) - _ITEMS_IN_DIAGNOSTIC
    return f"{block.message}: {shown}" + (
        f" and {more} more (listed on stdout)" if more > 0 else ""
    )


def diagnostics(findings: Sequence[ProbeFinding], target: str) -> list[Diagnostic]:
    """One diagnostic per kind of finding: differences as errors, notes as infos (stderr)."""
    return [
        Diagnostic(
            rule=block.rule,
            severity=Severity.ERROR if block.difference else Severity.INFO,
            message=escape(_group_message(block)),
            span=block.span,
            hint=None if block.hint is None else escape(block.hint),
            path=None if block.span is not None else escape(target),
        )
        for block in group(findings)
    ]
