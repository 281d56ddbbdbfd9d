"""``fcsec check --config-dir``: the spec plus the config files after compile, or an audit of the
files alone, in every output format, on copies of the real FairCom samples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from fcsec.cli import main

ROOT = Path(__file__).resolve().parents[2]
EDGE51_SPEC = ROOT / "tests" / "golden" / "samples" / "edge51.fcsec"


def _copy(samples: Path, name: str, tmp_path: Path) -> str:
    folder = tmp_path / name
    shutil.copytree(samples / name, folder)
    return str(folder)


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(capsys.readouterr().out)
    return loaded


def test_neither_spec_nor_config_dir_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 2
    assert "give a SPEC, --config-dir DIR" in capsys.readouterr().err


def test_a_missing_config_dir_fails_with_fcs903(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--config-dir", str(tmp_path / "absent")]) == 1
    assert "error[FCS903]" in capsys.readouterr().err


# --- audits of the real samples -----------------------------------------------------------------
def test_the_edge_51_audit_names_mqtt1883_at_its_services_json_line(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(samples, "faircom-edge-5.1", tmp_path)
    assert main(["check", "--config-dir", folder]) == 0  # warnings only
    captured = capsys.readouterr()
    err = captured.err
    assert "listener `mqtt1883` (mqtt, port 1883) is enabled" in err
    assert f"--> {folder}/services.json:25:3" in err
    assert f"--> {folder}/services.json:88:30" in err  # "none"
    assert "warning[FCS613]: the SSL block of ctsrvr.cfg is disabled" in err
    assert f"--> {folder}/ctsrvr.cfg:72:1" in err
    assert "an audit without a spec reads only services.json and ctsrvr.cfg" in err
    assert "--skip-files" not in err
    assert captured.out == (
        f"{folder}: ok (checked: services.json (6 listeners, mqtt.authenticationMethods), "
        "ctsrvr.cfg (SSL block disabled, 2 COMM_PROTOCOL lines))\n"
    )


def test_the_edge_51_audit_fails_with_strict(samples: Path, tmp_path: Path) -> None:
    folder = _copy(samples, "faircom-edge-5.1", tmp_path)
    assert main(["check", "--config-dir", folder, "--strict"]) == 1


def test_the_edge_51_audit_as_json(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(samples, "faircom-edge-5.1", tmp_path)
    main(["check", "--config-dir", folder, "--format", "json"])
    document = _json(capsys)
    places = {
        (item["rule"], Path(item["file"]).name, item["line"]) for item in document["diagnostics"]
    }
    assert ("FCS610", "services.json", 25) in places
    assert ("FCS611", "services.json", 88) in places
    assert ("FCS609", "services.json", 15) in places
    assert ("FCS613", "ctsrvr.cfg", 72) in places
    assert document["summary"]["failed"] is False


def test_the_edge_51_audit_as_sarif_has_config_file_regions(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(samples, "faircom-edge-5.1", tmp_path)
    main(["check", "--config-dir", folder, "--format", "sarif"])
    run = _json(capsys)["runs"][0]
    locations = {
        (
            result["ruleId"],
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[
                -1
            ],
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for result in run["results"]
    }
    assert ("FCS610", "services.json", 25) in locations
    assert ("FCS613", "ctsrvr.cfg", 72) in locations
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} >= {"FCS611", "FCS613"}


def test_the_edge_51_audit_as_github_annotations(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(samples, "faircom-edge-5.1", tmp_path)
    main(["check", "--config-dir", folder, "--format", "github"])
    lines = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("::warning file=")
        and "services.json,line=25,col=3," in line
        and "title=FCS610::" in line
        for line in lines
    )


def test_the_edge_423_audit_says_ctsrvr_cfg_was_not_found(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(samples, "faircom-edge-4.2.3", tmp_path)
    assert main(["check", "--config-dir", folder]) == 0
    out = capsys.readouterr().out
    assert "not checked: ctsrvr.cfg (not found)" in out


def test_the_embedded_audit_reports_no_database_tls(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(samples, "embedded-minimal", tmp_path)
    assert main(["check", "--config-dir", folder]) == 0
    captured = capsys.readouterr()
    assert "warning[FCS613]: ctsrvr.cfg has no SUBSYSTEM COMM_PROTOCOL SSL block" in captured.err
    assert "not checked: services.json (not found)" in captured.out


# --- the spec with the files ---------------------------------------------------------------------
def test_the_edge_51_spec_with_its_files_is_no_longer_plainly_ok(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(samples, "faircom-edge-5.1", tmp_path)
    spec = str(EDGE51_SPEC)
    assert main(["check", spec, "--skip-files", "--config-dir", folder]) == 0
    captured = capsys.readouterr()
    err = captured.err
    assert "warning[FCS602]: listener `mqtt1883` (mqtt, port 1883) is enabled beside" in err
    assert "listener `mqttws9001`" in err
    assert f"--> {folder}/services.json:25:3" in err
    assert "warning[FCS612]: COMM_PROTOCOL FSHAREMM is active" in err
    assert f"--> {folder}/ctsrvr.cfg:66:1" in err
    assert "FCS604" not in err  # the guess is replaced by what the file says
    assert captured.out == (
        f"{spec}: ok (2 listeners, database TLS; checked: spec, services.json (6 listeners, "
        "mqtt.authenticationMethods), ctsrvr.cfg (SSL block enabled, 2 COMM_PROTOCOL lines); "
        "not checked: certificate files of the spec (--skip-files))\n"
    )


@pytest.mark.parametrize("output", ["json", "sarif", "github"])
def test_every_format_carries_the_config_file_locations(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    folder = _copy(samples, "faircom-edge-5.1", tmp_path)
    main(["check", str(EDGE51_SPEC), "--skip-files", "--config-dir", folder, "--format", output])
    out = capsys.readouterr().out
    if output != "github":
        json.loads(out)
    assert "services.json" in out
    assert "ctsrvr.cfg" in out


def test_a_config_file_that_is_not_json_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "services.json").write_text('{ "listeners": [ ], }\n', encoding="utf-8")
    spec = tmp_path / "s.fcsec"
    spec.write_text(
        'fcsec = 1\n[certs.s]\nfile = "s.pem"\n[listeners.https8443]\nprotocol = "https"\n'
        'port = 8443\ntls.cert = "s"\n',
        encoding="utf-8",
    )
    assert main(["check", str(spec), "--skip-files", "--config-dir", str(folder)]) == 1
    assert "error[FCS301]" in capsys.readouterr().err


def test_a_disabled_database_is_not_called_database_tls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "s.fcsec"
    spec.write_text(
        'fcsec = 1\n[certs.s]\nfile = "s.pem"\n[listeners.https8443]\nprotocol = "https"\n'
        'port = 8443\ntls.cert = "s"\n[database]\nenabled = false\n',
        encoding="utf-8",
    )
    assert main(["check", str(spec), "--skip-files"]) == 0
    captured = capsys.readouterr()
    assert "(1 listener, database TLS disabled)" in captured.out
    assert "warning[FCS613]: [database] is disabled" in captured.err


def test_an_empty_config_folder_is_nothing_to_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--config-dir", str(tmp_path)]) == 1
    assert "holds neither services.json nor ctsrvr.cfg: nothing to audit" in capsys.readouterr().err


@pytest.mark.parametrize("flag", [["--env", "prod"], ["--policy", "tlsref-intermediate"]])
def test_spec_options_without_a_spec_are_usage_errors(tmp_path: Path, flag: list[str]) -> None:
    assert main(["check", "--config-dir", str(tmp_path), *flag]) == 2


def test_a_config_dir_that_compile_would_create_is_checked_as_new_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "not-yet"
    assert main(["check", str(EDGE51_SPEC), "--skip-files", "--config-dir", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "services.json (new: 2 listeners)" in out
    assert "ctsrvr.cfg (new: SSL block enabled, 0 COMM_PROTOCOL lines)" in out
    assert not folder.exists()


def test_the_spec_rule_that_judges_tls_listeners_by_the_spec_alone_gives_way_to_the_file(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(samples, "faircom-edge-5.1", tmp_path)
    spec = tmp_path / "s.fcsec"
    spec.write_text(
        'fcsec = 1\n[certs.s]\nfile = "s.pem"\n[listeners.https8443]\nprotocol = "https"\n'
        'port = 8443\nenabled = false\ntls.cert = "s"\n',
        encoding="utf-8",
    )
    assert main(["check", str(spec), "--skip-files"]) == 0
    assert "FCS609" not in capsys.readouterr().err  # no plain listener in the spec
    assert main(["check", str(spec), "--skip-files", "--config-dir", folder]) == 0
    err = capsys.readouterr().err
    assert err.count("warning[FCS609]") == 1
    assert "`http8080`, `mqtt1883`, `mqttws9001` are on" in err
