"""Rendering a probe: the JSON document and the text report, on a hand-built scan."""

from __future__ import annotations

import json

from fcsec.ciphers.registry import Suite, TlsVersion, lookup
from fcsec.probe.compare import Finding
from fcsec.probe.report import diagnostics, to_json, to_text
from fcsec.probe.scan import ClientCertMode, ScanResult, Status, SuiteResult, VersionResult
from fcsec.probe.target import parse_target


def suite(name: str) -> Suite:
    found = lookup(name)
    assert found is not None
    return found


ACCEPTED = suite("ECDHE-RSA-AES128-GCM-SHA256")
REFUSED = suite("AES256-SHA")
SCAN = ScanResult(
    target=parse_target("127.0.0.1:8443"),
    tool="OpenSSL 3",
    versions=(VersionResult(version=TlsVersion.TLSv1_2, status=Status.ACCEPTED),),
    suites=(
        SuiteResult(suite=ACCEPTED, version=TlsVersion.TLSv1_2, status=Status.ACCEPTED),
        SuiteResult(suite=REFUSED, version=TlsVersion.TLSv1_2, status=Status.REFUSED),
    ),
    client_cert=ClientCertMode.REQUIRED,
)
DIFFERENCE = Finding(rule="FCS721", difference=True, message="accepted", suite=ACCEPTED)
NOTE = Finding(rule="FCS727", difference=False, message="not compared")


def test_json_has_a_format_version_and_lists_only_accepted_suites_by_both_names() -> None:
    document = json.loads(to_json(SCAN, None, []))
    assert document["format_version"] == 1
    assert document["accepted_suites"] == [
        {
            "iana": "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "openssl": "ECDHE-RSA-AES128-GCM-SHA256",
            "code": "0xC0,0x2F",
            "version": "TLSv1.2",
        }
    ]


def test_json_puts_the_verdict_in_the_document() -> None:
    document = json.loads(to_json(SCAN, None, [DIFFERENCE, NOTE]))
    assert (document["verdict"], len(document["differences"]), len(document["notes"])) == (
        "differences",
        1,
        1,
    )


def test_text_report_counts_the_differences() -> None:
    assert to_text(SCAN, None, [DIFFERENCE, NOTE]).splitlines()[-1] == (
        "1 difference (listed on stderr)"
    )


def test_differences_become_errors_and_notes_infos() -> None:
    rendered = diagnostics([DIFFERENCE, NOTE], "127.0.0.1:8443")
    assert [(d.rule, d.severity.value, d.path) for d in rendered] == [
        ("FCS721", "error", "127.0.0.1:8443"),
        ("FCS727", "info", "127.0.0.1:8443"),
    ]
