"""The SARIF 2.1.0 report: structure (checked against a schema of the parts fcsec emits),
rules, results, stable fingerprints, suppressions for allowed findings."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.lint.helpers import lint
from tests.report.sample import ACTING, EVIL, NULL, PLAIN, allow, hostile_report, make, report

from fcsec.lint import Finding
from fcsec.report import sarif
from fcsec.report.model import CheckReport
from fcsec.source import SourceFile

_TEXT = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
_REGION = {
    "type": "object",
    "required": ["startLine", "startColumn"],
    "properties": {
        name: {"type": "integer", "minimum": 1}
        for name in ("startLine", "startColumn", "endLine", "endColumn")
    },
}
_PHYSICAL = {
    "type": "object",
    "required": ["artifactLocation"],
    "properties": {
        "artifactLocation": {
            "type": "object",
            "required": ["uri"],
            "properties": {"uri": {"type": "string", "pattern": "^[^/\\\\][^\\\\:]*$"}},
        },
        "region": _REGION,
    },
}
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
#: The parts of SARIF 2.1.0 that fcsec emits, as the OASIS schema constrains them.
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["$schema", "version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "version", "rules"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "informationUri": {"type": "string", "pattern": "^https://"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": [
                                                "id",
                                                "shortDescription",
                                                "fullDescription",
                                                "help",
                                                "defaultConfiguration",
                                            ],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": _TEXT,
                                                "fullDescription": _TEXT,
                                                "help": _TEXT,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "required": ["level"],
                                                    "properties": {"level": _LEVEL},
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "level", "message", "locations"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": 0},
                                "level": _LEVEL,
                                "message": _TEXT,
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {"physicalLocation": _PHYSICAL},
                                    },
                                },
                                "relatedLocations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "id": {"type": "integer", "minimum": -1},
                                            "message": _TEXT,
                                            "physicalLocation": _PHYSICAL,
                                        },
                                    },
                                },
                                "partialFingerprints": {
                                    "type": "object",
                                    "minProperties": 1,
                                    "additionalProperties": {"type": "string"},
                                },
                                "suppressions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["kind"],
                                        "properties": {
                                            "kind": {"enum": ["inSource", "external"]},
                                            "justification": {"type": "string"},
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def _validate(document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


def test_the_schema_rejects_a_result_without_a_location() -> None:
    document = sarif.document(report(NULL))
    del document["runs"][0]["results"][0]["locations"]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(document)


def test_a_report_with_every_kind_of_finding_is_valid() -> None:
    info = make("FCS604", "tls_only", "shared memory")
    spanless = make("FCS901", None, "cannot read")
    _validate(sarif.document(report(allow(PLAIN), NULL, info, spanless)))


def test_an_empty_report_is_valid_with_no_rules_and_no_results() -> None:
    document = sarif.document(report())
    _validate(document)
    run = document["runs"][0]
    assert (run["tool"]["driver"]["rules"], run["results"]) == ([], [])


def test_the_header_names_the_schema_and_version() -> None:
    document = sarif.document(report(NULL))
    assert (document["$schema"], document["version"]) == (sarif.SCHEMA, "2.1.0")


def test_a_rule_descriptor_has_descriptions_help_and_level() -> None:
    (rule,) = sarif.document(report(PLAIN))["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "FCS601"
    assert rule["shortDescription"] == {"text": "plain SQL, ISAM and CTDB connections are allowed"}
    assert rule["fullDescription"]["text"].startswith("With `tls_only = false`")
    assert "\n\nFix: Set `tls_only = true`" in rule["help"]["text"]
    assert rule["defaultConfiguration"] == {"level": "warning"}


def test_a_result_points_at_its_region_with_an_exclusive_end() -> None:
    (result,) = sarif.document(report(NULL))["runs"][0]["results"]
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "specs/security.fcsec"},
                "region": {"startLine": 4, "startColumn": 12, "endLine": 4, "endColumn": 25},
            }
        }
    ]
    assert (result["ruleId"], result["level"], result["ruleIndex"]) == ("FCS504", "error", 0)


def test_an_info_is_a_note() -> None:
    (result,) = sarif.document(report(make("FCS604", "tls_only", "x")))["runs"][0]["results"]
    assert result["level"] == "note"


def test_an_allowed_finding_is_suppressed_in_source_with_its_reason() -> None:
    (result,) = sarif.document(report(allow(PLAIN)))["runs"][0]["results"]
    assert result["suppressions"] == [
        {"kind": "inSource", "justification": "legacy clients, until 2027"}
    ]


def test_a_counting_finding_has_no_suppression() -> None:
    (result,) = sarif.document(report(NULL))["runs"][0]["results"]
    assert "suppressions" not in result


def _fingerprints(tmp_path: Path, text: str) -> dict[str, tuple[str, int]]:
    found: list[Finding] = lint(tmp_path, text, check_files=False)
    run = sarif.document(CheckReport(spec="security.fcsec", findings=tuple(found)))["runs"][0]
    return {
        result["ruleId"]: (
            result["partialFingerprints"][sarif.FINGERPRINT],
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for result in run["results"]
    }


SPEC = 'fcsec = 1\n[certs.s]\nfile = "s.pem"\n[database]\ncert = "s"\ntls_only = false\n'


def test_fingerprints_survive_lines_added_above(tmp_path: Path) -> None:
    before = _fingerprints(tmp_path, SPEC)
    after = _fingerprints(tmp_path, SPEC.replace("fcsec = 1\n", "fcsec = 1\n\n# moved\n\n"))
    assert before["FCS601"][0] == after["FCS601"][0]
    assert before["FCS601"][1] + 3 == after["FCS601"][1]


def test_fingerprints_differ_between_findings() -> None:
    run = sarif.document(report(PLAIN, NULL))["runs"][0]
    prints = {result["partialFingerprints"][sarif.FINGERPRINT] for result in run["results"]}
    assert len(prints) == 2


def test_an_absolute_spec_path_becomes_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    found = lint(tmp_path, SPEC, check_files=False)  # the spec's name is absolute
    rendered = sarif.render(
        CheckReport(spec=str(tmp_path / "security.fcsec"), findings=tuple(found))
    )
    assert str(tmp_path) not in rendered
    (result,) = json.loads(rendered)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "security.fcsec"


def test_hostile_text_is_escaped_by_json_and_the_log_stays_valid() -> None:
    rendered = sarif.render(hostile_report())
    assert ACTING.search(rendered.replace("\n", "")) is None
    document = json.loads(rendered)
    _validate(document)
    result = document["runs"][0]["results"][1]
    assert result["suppressions"][0]["justification"] == EVIL
    assert result["message"]["text"] == f"listener `{EVIL}` is enabled beside its TLS twin"


# --- artifact URIs that GitHub code scanning maps to the repository's files --------------------

# RFC 3986 relative-ref made of path characters only: unreserved, pct-encoded, sub-delims, ":@/".
_RELATIVE_URI = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})+$")


def _uris(rendered: str) -> list[str]:
    run = json.loads(rendered)["runs"][0]
    return [
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
        for location in result["locations"]
    ]


def _awkward_spec(repository: Path) -> Path:
    folder = repository / "my specs"
    folder.mkdir(parents=True)
    spec = folder / "a b%c#ü.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    return spec


def test_a_uri_is_percent_encoded_and_relative_to_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    spec = _awkward_spec(tmp_path)
    monkeypatch.chdir(spec.parent)  # the check runs from a sub-folder of the repository
    found = make("FCS601", "fcsec", "m", source=SourceFile(spec.name, SPEC))
    rendered = sarif.render(CheckReport(spec=spec.name, findings=(found,)))
    uris = _uris(rendered)
    assert uris and set(uris) == {"my%20specs/a%20b%25c%23%C3%BC.fcsec"}
    assert all(_RELATIVE_URI.match(uri) for uri in uris)


def test_sarif_root_chooses_what_uris_are_relative_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = _awkward_spec(tmp_path / "repo")
    monkeypatch.chdir(tmp_path)
    named = str(spec.relative_to(tmp_path))
    found = make("FCS601", "fcsec", "m", source=SourceFile(named, SPEC))
    rendered = sarif.render(
        CheckReport(spec=named, findings=(found,), sarif_root=str(tmp_path / "repo"))
    )
    assert set(_uris(rendered)) == {"my%20specs/a%20b%25c%23%C3%BC.fcsec"}


def test_every_rule_has_security_tags_and_a_security_severity() -> None:
    run = sarif.document(report(PLAIN, NULL))["runs"][0]
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["properties"]["tags"][0] == "security"
        assert 0.0 < float(rule["properties"]["security-severity"]) < 10.0
