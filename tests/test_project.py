"""`fcsec project`: every target of fcsec.toml checked and compiled, stale ones named, a broken
one failing the run without hiding the others."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fcsec.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "specs" / "examples"
PROJECT = """\
[targets.db-eu]
spec = "specs/security.fcsec"
env = "dev"
config_dir = "servers/db-eu/config"

[targets.edge]
spec = "specs/edge.fcsec"
config_dir = "servers/edge/config"
"""


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "specs").mkdir()
    shutil.copyfile(EXAMPLES / "production.fcsec", tmp_path / "specs" / "security.fcsec")
    shutil.copyfile(EXAMPLES / "quickstart.fcsec", tmp_path / "specs" / "edge.fcsec")
    (tmp_path / "fcsec.toml").write_text(PROJECT, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path / "docs")  # run from a sub-folder: fcsec.toml is found above
    return tmp_path


def _project(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["project", "--skip-files", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_target_is_compiled_then_up_to_date(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _project(capsys)
    assert code == 0
    for name in ("db-eu", "edge"):
        assert (repository / "servers" / name / "config" / "services.json").is_file()
    assert "== db-eu: ../specs/security.fcsec --env dev -> ../servers/db-eu/config" in out
    assert out.endswith("fcsec project: 2 targets: checked and compiled\n")
    code, out, _ = _project(capsys, "--check")
    assert code == 0
    assert out.endswith("fcsec project: 2 targets: checked and up to date\n")


def test_check_names_each_stale_target_and_exits_3(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _project(capsys)[0] == 0
    spec = repository / "specs" / "edge.fcsec"
    spec.write_text(spec.read_text().replace("port = 8443", "port = 9443"), encoding="utf-8")
    before = (repository / "servers" / "edge" / "config" / "services.json").read_bytes()
    code, out, _ = _project(capsys, "--check")
    assert code == 3
    assert "fcsec project: 2 targets; stale: edge\n" in out
    assert (repository / "servers" / "edge" / "config" / "services.json").read_bytes() == before


def test_a_broken_target_fails_the_run_and_the_others_still_run(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repository / "specs" / "security.fcsec").write_text("fcsec = 1\nbogus = 1\n")
    code, out, err = _project(capsys)
    assert code == 1
    assert "error[FCS011]" in err
    assert "servers/edge/config/services.json: created" in out
    assert not (repository / "servers" / "db-eu" / "config" / "services.json").exists()
    assert "fcsec project: 2 targets; with errors: db-eu" in out


def test_naming_a_target_runs_only_it(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _project(capsys, "edge")
    assert code == 0
    assert "== db-eu" not in out
    assert not (repository / "servers" / "db-eu").exists()
    assert main(["project", "nope"]) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[targets.a]\nspec = 'a.fcsec'\n", "[targets.a] of ../fcsec.toml needs `config_dir`"),
        ("[targets.a]\nspec = 'a.fcsec'\nconfig_dir = 'c'\nenv = 1\n", "`env` must be a name"),
        ("[targets.a]\nspce = 'a.fcsec'\n", "has an unknown key `spce`"),
        ("[targets\n", "is not valid TOML"),
        ("x = 1\n", "declares no [targets.NAME]"),
    ],
)
def test_a_project_file_fcsec_cannot_use_is_fcs908(
    repository: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    (repository / "fcsec.toml").write_text(text, encoding="utf-8")
    code, _, err = _project(capsys)
    assert code == 1
    assert "error[FCS908]" in err and expected in err


def test_without_a_project_file_it_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["project"]) == 2
    assert "no fcsec.toml in this folder or above" in capsys.readouterr().err
