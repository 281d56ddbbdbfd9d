"""The JSON report: format_version, one object per finding with fixed keys, the summary."""

from __future__ import annotations

import json
import os

from tests.report.sample import ACTING, EVIL, NULL, PLAIN, allow, hostile_report, make, report

from fcsec import __version__
from fcsec.report import json as json_report
from fcsec.report.model import CheckReport


def test_the_document_has_the_promised_top_level_keys() -> None:
    document = json_report.document(report(PLAIN))
    assert list(document) == [
        "format_version",
        "tool",
        "spec",
        "environments",
        "files_checked",
        "policy",
        "strict",
        "diagnostics",
        "summary",
    ]
    assert document["format_version"] == 1
    assert document["tool"] == {"name": "fcsec", "version": __version__}


def test_a_finding_has_every_field_with_its_position() -> None:
    (diagnostic,) = json_report.document(report(NULL))["diagnostics"]
    assert diagnostic == {
        "rule": "FCS504",
        "severity": "error",
        "title": "a suite without encryption (NULL)",
        "message": "cipher suite `NULL-SHA256` does not encrypt (NULL cipher)",
        "file": "specs/security.fcsec",
        "line": 4,
        "column": 12,
        "end_line": 4,
        "end_column": 25,
        "label": None,
        "hint": "remove the suite",
        "notes": [],
        "related": [],
        "allowed": False,
        "reason": None,
        "fingerprint": diagnostic["fingerprint"],
    }
    assert len(diagnostic["fingerprint"]) == 32


def test_an_allowed_finding_carries_its_reason() -> None:
    (diagnostic,) = json_report.document(report(allow(PLAIN)))["diagnostics"]
    assert (diagnostic["allowed"], diagnostic["reason"]) == (True, "legacy clients, until 2027")


def test_a_finding_without_a_place_has_null_positions() -> None:
    (diagnostic,) = json_report.document(report(make("FCS901", None, "cannot read")))["diagnostics"]
    positions = [diagnostic[key] for key in ("line", "column", "end_line", "end_column")]
    assert (diagnostic["file"], positions) == ("specs/security.fcsec", [None] * 4)


def test_the_summary_counts_what_counts() -> None:
    summary = json_report.document(report(allow(PLAIN), NULL))["summary"]
    assert summary == {"errors": 1, "warnings": 0, "infos": 0, "allowed": 1, "failed": True}


def test_an_absolute_spec_path_is_written_relative() -> None:
    absolute = CheckReport(spec=os.path.abspath("specs/x.fcsec"), findings=())
    assert json_report.document(absolute)["spec"] == "specs/x.fcsec"


def test_the_output_is_json_and_ends_with_a_newline() -> None:
    rendered = json_report.render(report(PLAIN, NULL))
    assert rendered.endswith("}\n")
    assert json.loads(rendered)["summary"]["errors"] == 1


def test_hostile_text_is_escaped_by_json_and_survives_the_round_trip() -> None:
    rendered = json_report.render(hostile_report())
    assert ACTING.search(rendered.replace("\n", "")) is None
    assert "\\u001b]0;pwned\\u0007" in rendered
    assert "\\u009b2J\\u202e\\r\\n" in rendered
    document = json.loads(rendered)
    first = document["diagnostics"][0]
    assert first["message"] == f"listener `{EVIL}` is enabled beside its TLS twin"
    assert first["file"] == "specs/e\x1b[2J\x07.fcsec"
    assert document["diagnostics"][1]["reason"] == EVIL
