"""Rendering a probe: the JSON document and the text report, on a hand-built scan."""

from __future__ import annotations

import json

import attrs

from fcsec.ciphers.registry import Suite, TlsVersion, lookup
from fcsec.diagnostics import Diagnostic, Severity
from fcsec.probe.chain import CertInfo
from fcsec.probe.compare import ProbeFinding
from fcsec.probe.expect import Expectation
from fcsec.probe.report import Comparison, diagnostics, error_json, to_json, to_text
from fcsec.probe.scan import ClientCertMode, ScanResult, Status, SuiteResult, VersionResult
from fcsec.probe.target import parse_target
from fcsec.probe.verdict import Aspect, State


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
DIFFERENCE = ProbeFinding(rule="FCS721", difference=True, message="accepted", suite=ACCEPTED)
NOTE = ProbeFinding(rule="FCS727", difference=False, message="not compared")


def test_json_has_a_format_version_and_lists_only_accepted_suites_by_both_names() -> None:
    document = json.loads(to_json(SCAN, None, []))
    assert document["format_version"] == 2
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


def test_text_report_lists_differences_and_notes_in_blocks() -> None:
    lines = to_text(SCAN, None, [DIFFERENCE, NOTE]).splitlines()
    start = lines.index("differences:")
    assert lines[start:] == [
        "differences:",
        "  FCS721 accepted",
        "notes:",
        "  FCS727 not compared",
        "not compared with a spec (give --spec and --listener or --database)",
    ]


def suite_finding(name: str) -> ProbeFinding:
    return ProbeFinding(
        rule="FCS721",
        difference=True,
        message=f"listener x: the server accepts {name}",
        kind="listener x: the server accepts suites that strict does not allow",
        item=name,
        hint="run `fcsec compile`",
    )


MANY = [suite_finding(f"SUITE_{index}") for index in range(6)]


def test_repeated_findings_are_one_block_in_text() -> None:
    lines = to_text(SCAN, None, MANY).splitlines()
    start = lines.index("differences:")
    assert lines[start : start + 3] == [
        "differences:",
        "  FCS721 listener x: the server accepts suites that strict does not allow (6)",
        "    SUITE_0",
    ]
    assert lines[start + 7] == "    SUITE_5"


def test_repeated_findings_are_one_diagnostic() -> None:
    (diagnostic,) = diagnostics(MANY, "127.0.0.1:8443")
    assert diagnostic.message == (
        "listener x: the server accepts suites that strict does not allow (6): SUITE_0, "
        "SUITE_1, SUITE_2, SUITE_3 and 2 more (listed on stdout)"
    )


EXPECTATION = Expectation(
    scope="listener https8443",
    policy="strict",
    suites=(ACCEPTED,),
    versions=frozenset({TlsVersion.TLSv1_2}),
    client_cert_required=True,
    client_cert_setting="tls.client_ca",
)


def comparison(*states: tuple[str, State, str]) -> Comparison:
    return Comparison(
        spec="s.fcsec",
        expectation=EXPECTATION,
        aspects=tuple(Aspect(name=name, state=state, reason=why) for name, state, why in states),
    )


PARTIAL = comparison(
    ("versions", State.MATCH, ""),
    ("suites", State.MATCH, ""),
    ("client certificate", State.MATCH, ""),
    ("certificate", State.NOT_COMPARED, "file not found"),
)


def test_text_ends_with_what_was_compared_and_what_was_not() -> None:
    lines = to_text(SCAN, PARTIAL, []).splitlines()
    assert lines[-6:] == [
        "compared with s.fcsec (listener https8443, strict):",
        "  versions            match",
        "  suites              match",
        "  client certificate  match",
        "  certificate         not compared (file not found)",
        "matches on: versions, suites, client certificate; "
        "not compared: certificate (file not found)",
    ]


def test_json_verdict_is_partial_when_something_was_not_compared() -> None:
    document = json.loads(to_json(SCAN, PARTIAL, []))
    assert (document["verdict"], document["comparison"]["aspects"][-1]) == (
        "partial",
        {"name": "certificate", "state": "not compared", "reason": "file not found"},
    )
    assert document["headline"].startswith("matches on: versions")


def test_json_verdict_is_ok_when_everything_matched() -> None:
    full = comparison(("versions", State.MATCH, ""), ("certificate", State.MATCH, ""))
    document = json.loads(to_json(SCAN, full, []))
    assert (document["verdict"], document["headline"]) == ("ok", "matches the spec")


HOSTILE = "CN=x\x1b]0;title\x07\x1b[2J\u202e\x9b"
ESCAPED = "CN=x\\x1b]0;title\\x07\\x1b[2J\\u202e\\x9b"
CHAIN_SCAN = attrs.evolve(
    SCAN,
    chain=(
        CertInfo(
            subject=HOSTILE,
            issuer=HOSTILE,
            dns_names=(HOSTILE,),
            not_after="2030-01-01T00:00:00Z",
            key_type="EC",
            key_detail="secp256r1",
            sha256="AA",
        ),
    ),
)
HOSTILE_FINDING = ProbeFinding(rule="FCS725", difference=True, message=f"served {HOSTILE}")


def test_text_escapes_what_the_server_sent() -> None:
    text = to_text(CHAIN_SCAN, None, [HOSTILE_FINDING])
    assert f"  0 subject  {ESCAPED}" in text.splitlines()
    assert not any(char in text for char in "\x1b\x07\u202e\x9b")


def test_json_escapes_what_the_server_sent() -> None:
    text = to_json(CHAIN_SCAN, None, [HOSTILE_FINDING])
    document = json.loads(text)
    assert document["certificate_chain"][0]["subject"] == ESCAPED
    assert document["certificate_chain"][0]["dns_names"] == [ESCAPED]
    assert document["differences"][0]["message"] == f"served {ESCAPED}"
    assert not any(char in text for char in "\x1b\x07\u202e\x9b")


def test_diagnostics_escape_what_the_server_sent() -> None:
    (diagnostic,) = diagnostics([HOSTILE_FINDING], "127.0.0.1:8443")
    assert diagnostic.message == f"served {ESCAPED}"


def test_an_error_document_holds_the_diagnostics_escaped() -> None:
    failure = Diagnostic(
        rule="FCS713", severity=Severity.ERROR, message=f"no TLS: {HOSTILE}", hint="check"
    )
    document = json.loads(error_json("127.0.0.1:1", [failure]))
    assert document == {
        "format_version": 2,
        "target": "127.0.0.1:1",
        "errors": [
            {
                "rule": "FCS713",
                "severity": "error",
                "message": f"no TLS: {ESCAPED}",
                "hint": "check",
                "path": None,
            }
        ],
        "verdict": "error",
    }


def test_differences_become_errors_and_notes_infos() -> None:
    rendered = diagnostics([DIFFERENCE, NOTE], "127.0.0.1:8443")
    assert [(d.rule, d.severity.value, d.path) for d in rendered] == [
        ("FCS721", "error", "127.0.0.1:8443"),
        ("FCS727", "info", "127.0.0.1:8443"),
    ]
