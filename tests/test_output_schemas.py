"""docs/schemas: the published JSON Schemas of `fcsec check --format json` and `fcsec probe
--format json` hold for real output (and catch a field added without updating them)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.probe.test_report import CHAIN_SCAN, DIFFERENCE, NOTE, PARTIAL, SCAN
from tests.report.sample import hostile_report

from fcsec.cli import main
from fcsec.probe.report import to_json
from fcsec.report import json as check_json

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schemas"
EXAMPLES = ROOT / "specs" / "examples"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _valid(name: str, document: Any) -> None:
    errors = sorted(_validator(name).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    main(["check", "--format", "json", *argv])
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("example", sorted(path.name for path in EXAMPLES.glob("*.fcsec")))
def test_check_output_of_every_example_follows_the_schema(
    example: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _valid("check.schema.json", _check(capsys, str(EXAMPLES / example), "--skip-files"))


def test_check_output_of_broken_specs_audits_and_hostile_text_follows_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.fcsec"
    broken.write_text("fcsec = 1\n[server\n", encoding="utf-8")
    _valid("check.schema.json", _check(capsys, str(broken)))
    invalid = tmp_path / "invalid.fcsec"
    invalid.write_text("fcsec = 1\nbogus = 1\n[listeners.a]\nport = 1\n", encoding="utf-8")
    _valid("check.schema.json", _check(capsys, str(invalid)))
    config = tmp_path / "config"
    assert main(["compile", str(EXAMPLES / "production.fcsec"), "--config-dir", str(config)]) == 0
    capsys.readouterr()
    _valid("check.schema.json", _check(capsys, "--config-dir", str(config)))
    _valid("check.schema.json", json.loads(check_json.render(hostile_report())))


def test_probe_results_follow_the_schema() -> None:
    for document in (
        to_json(SCAN, None, []),
        to_json(SCAN, None, [DIFFERENCE, NOTE]),
        to_json(SCAN, PARTIAL, []),
        to_json(CHAIN_SCAN, PARTIAL, [DIFFERENCE]),
    ):
        _valid("probe.schema.json", json.loads(document))


@pytest.mark.external
def test_a_probe_that_cannot_connect_prints_an_error_document_of_the_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed (.ci/run installs it)")
    assert main(["probe", "127.0.0.1:1", "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["verdict"] == "error"
    _valid("probe.schema.json", document)


def test_a_probe_usage_error_prints_an_error_document_of_the_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["probe", "127.0.0.1:1", "--format", "json", "--listener", "x"]) == 2
    document = json.loads(capsys.readouterr().out)
    assert document["errors"][0]["rule"] == "usage"
    _valid("probe.schema.json", document)


def test_the_schemas_catch_a_field_they_do_not_know() -> None:
    document = json.loads(to_json(SCAN, None, []))
    document["surprise"] = 1
    assert list(_validator("probe.schema.json").iter_errors(document))
