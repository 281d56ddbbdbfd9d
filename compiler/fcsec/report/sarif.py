"""``fcsec check --format sarif``: SARIF 2.1.0 for code scanning (GitHub ``upload-sarif``).

One run; ``tool.driver.rules`` describes every rule that has a result (id, short and full
description, help with the fix, default level); each result has its rule, level, message, one
location (a percent-encoded URI relative to the repository root, which GitHub code scanning maps
to the checked-out files: ``--sarif-root``, else the folder holding ``.git`` above the working
folder, else the working folder; 1-based region, end column just after the span, columns counted
in Unicode code points), ``partialFingerprints`` that survive line shifts (a hash of rule, file
and the logical place, see ``fcsec.report.model.fingerprint``), and, for an allowed finding, an
``inSource`` suppression with the reason as justification. Each rule carries ``tags`` (always
``security``, and its area) and ``properties.security-severity`` (GitHub's scale: 8.0 for an
error, 5.0 for a warning, 2.0 for a note). Given the address of docs/rules.md (``fcsec check
--rules-url``), each rule also links to its entry there (``helpUri``: the address, ``#`` and the
rule's anchor, ``rule_anchor``); without one no rule has a link, and ``help`` alone explains it.
No timestamps, no absolute paths.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import urlsplit

from fcsec import __version__
from fcsec.diagnostics import Severity
from fcsec.lint.findings import Finding
from fcsec.report.model import (
    CheckReport,
    artifact_uri,
    fingerprint,
    region,
    repository_root,
)
from fcsec.rules import RULES, Rule
from fcsec.safetext import escape_json

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
FINGERPRINT = "fcsecFinding/v1"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: GitHub code scanning's scale (critical 9.0+, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9).
_SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.INFO: "2.0"}
#: What each hundred of rule ids is about (docs/rules.md has the same sections).
_AREA = {
    "FCS0": "spec",
    "FCS1": "spec",
    "FCS2": "ctsrvr.cfg",
    "FCS3": "services.json",
    "FCS4": "certificates",
    "FCS5": "ciphers",
    "FCS6": "configuration",
    "FCS7": "probe",
    "FCS8": "import",
    "FCS9": "files",
}


#: What a rules URL may hold after its host: RFC 3986 path and query characters, ``%XX``.
_URL_REST = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
#: And in its authority (user, host, port), an IPv6 literal's brackets too.
_URL_AUTHORITY = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\[\]]|%[0-9A-Fa-f]{2})+")


def rule_anchor(rule_id: str) -> str:
    """The anchor of a rule's entry in docs/rules.md (``<a id="...">``, written by
    scripts/gen_rules_doc.py): the id in lower case."""
    return rule_id.lower()


def rules_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be the address of docs/rules.md that ``helpUri`` links start with, or
    None when it can: it must be an absolute http(s) URL, without a fragment (fcsec adds
    ``#anchor``) and with only the characters a URI holds (spaces and non-ASCII
    percent-encoded)."""
    not_absolute = "is not an absolute http(s) URL"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return not_absolute
    after_scheme = url[len(parts.scheme) :]  # urlsplit drops blanks that a URL cannot hold
    if parts.scheme not in ("http", "https") or not host or not after_scheme.startswith("://"):
        return not_absolute
    if "#" in url:
        return "has a fragment (#...); give the address of docs/rules.md alone, fcsec adds #RULE"
    rest = after_scheme[3 + len(parts.netloc) :]
    if not (_URL_AUTHORITY.fullmatch(parts.netloc) and _URL_REST.fullmatch(rest)):
        return "holds characters a URL cannot (percent-encode spaces and non-ASCII letters)"
    return None


def _rule(rule_id: str, severity: Severity, rules_url: str | None) -> dict[str, Any]:
    known = RULES.get(rule_id)
    rule = known or Rule(id=rule_id, severity=severity, title=rule_id)
    full = rule.rationale or rule.title
    help_text = full + (f"\n\nFix: {rule.fix}" if rule.fix else "")
    help_markdown = f"**{rule.id}: {rule.title}**\n\n{full}" + (
        f"\n\n**Fix:** {rule.fix}" if rule.fix else ""
    )
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {
            "tags": ["security", _AREA.get(rule.id[:4], "fcsec")],
            "security-severity": _SECURITY_SEVERITY[rule.severity],
        },
    }
    if rules_url is not None and known is not None:  # docs/rules.md has only catalogued rules
        descriptor["helpUri"] = f"{rules_url}#{rule_anchor(rule.id)}"
    return descriptor


def _root(report: CheckReport) -> str:
    if report.sarif_root is not None:
        return os.path.abspath(report.sarif_root)
    return repository_root(os.getcwd()) or os.getcwd()


def _location(item: Finding, report: CheckReport, root: str) -> dict[str, Any]:
    span = item.diagnostic.span
    name = span.source.name if span is not None else report.spec
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(name, root)}}
    span = item.diagnostic.span
    if span is not None:
        place = region(span)
        physical["region"] = {
            "startLine": place.line,
            "startColumn": place.column,
            "endLine": place.end_line,
            "endColumn": place.end_column,
        }
    return {"physicalLocation": physical}


def _result(item: Finding, report: CheckReport, index: int, root: str) -> dict[str, Any]:
    diagnostic = item.diagnostic
    result: dict[str, Any] = {
        "ruleId": diagnostic.rule,
        "ruleIndex": index,
        "level": _LEVEL[diagnostic.severity],
        "message": {"text": diagnostic.message},
        "locations": [_location(item, report, root)],
        "partialFingerprints": {FINGERPRINT: fingerprint(item, report)},
    }
    if diagnostic.related:
        result["relatedLocations"] = [
            {
                "id": number,
                "message": {"text": related.message},
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(related.span.source.name, root)},
                    "region": {
                        "startLine": related.span.line,
                        "startColumn": related.span.column,
                    },
                },
            }
            for number, related in enumerate(diagnostic.related)
        ]
    allowance = item.allowance
    if allowance is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": allowance.reason}]
    properties: dict[str, Any] = {}
    if diagnostic.hint:
        properties["hint"] = diagnostic.hint
    if item.notes:
        properties["notes"] = list(item.notes)
    if properties:
        result["properties"] = properties
    return result


def document(report: CheckReport, *, rules_url: str | None = None) -> dict[str, Any]:
    """The SARIF log of ``report``; ``rules_url``: the address of docs/rules.md for each rule's
    ``helpUri`` (None: no links). ``ValueError`` when ``rules_url_problem`` refuses it."""
    if rules_url is not None:
        problem = rules_url_problem(rules_url)
        if problem is not None:
            raise ValueError(f"rules_url {rules_url!r} {problem}")
    ids = sorted({item.rule: item.severity for item in report.findings}.items())
    index = {rule_id: position for position, (rule_id, _) in enumerate(ids)}
    root = _root(report)
    driver: dict[str, Any] = {"name": "fcsec", "version": __version__}
    if rules_url is not None:  # fcsec has no published home: its rules' page is what is known
        driver["informationUri"] = rules_url
    driver["rules"] = [_rule(rule_id, severity, rules_url) for rule_id, severity in ids]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(item, report, index[item.rule], root) for item in report.findings
        ],
        "properties": {
            "environments": list(report.environments),
            "filesChecked": report.files_checked,
            "policy": report.policy,
        },
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def render(report: CheckReport, *, rules_url: str | None = None) -> str:
    # Readable non-ASCII text, but no raw control or bidi character (``escape_json``).
    rendered = json.dumps(document(report, rules_url=rules_url), indent=2, ensure_ascii=False)
    return escape_json(rendered) + "\n"
