"""``fcsec import``: stdout or -o, never over a spec or a config file, then compile --check."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.importer.helpers import ctsrvr, https, listener, services

from fcsec.cli import main


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "services.json").write_text(
        services(https(), listener("http8080", "http", 8080, enabled=None)), encoding="utf-8"
    )
    (folder / "ctsrvr.cfg").write_text(ctsrvr("SERVER_CERTIFICATE_FILE server.pem"))
    return folder


def _bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_import_prints_the_spec_on_stdout_by_default(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--config-dir", str(config)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("# Written by `fcsec import`")
    assert "imported: listeners.https8443, the SSL block" in captured.err


def test_import_names_what_it_leaves_out_on_stderr(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--config-dir", str(config)]) == 0
    err = capsys.readouterr().err
    assert "warning[FCS801]: listener `http8080` has no `enabled` member" in err


def test_import_writes_the_spec_with_o_and_compile_check_passes(
    config: Path, tmp_path: Path
) -> None:
    spec = tmp_path / "security.fcsec"
    before = _bytes(config)
    assert main(["import", "--config-dir", str(config), "-o", str(spec)]) == 0
    assert main(["compile", str(spec), "--config-dir", str(config), "--check"]) == 0
    assert _bytes(config) == before


def test_import_never_writes_the_config_files(config: Path, tmp_path: Path) -> None:
    before = _bytes(config)
    assert main(["import", "--config-dir", str(config), "-o", str(tmp_path / "s.fcsec")]) == 0
    assert _bytes(config) == before


def test_an_existing_spec_is_not_replaced(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_text("mine\n")
    assert main(["import", "--config-dir", str(config), "-o", str(spec)]) == 1
    err = capsys.readouterr().err
    assert "error[FCS803]" in err and "add --force to replace it" in err
    assert spec.read_text() == "mine\n"


def test_force_replaces_an_existing_spec(config: Path, tmp_path: Path) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_text("mine\n")
    assert main(["import", "--config-dir", str(config), "-o", str(spec), "--force"]) == 0
    assert spec.read_text().startswith("# Written by `fcsec import`")


def test_a_config_file_is_never_the_output_even_with_force(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _bytes(config)
    target = str(config / "services.json")
    assert main(["import", "--config-dir", str(config), "-o", target, "--force"]) == 1
    assert "fcsec import only reads config files" in capsys.readouterr().err
    assert _bytes(config) == before


def test_an_empty_config_folder_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "--config-dir", str(tmp_path)]) == 1
    assert "error[FCS804]: there is neither a services.json nor a ctsrvr.cfg" in (
        capsys.readouterr().err
    )


def test_a_missing_config_folder_is_an_error(tmp_path: Path) -> None:
    assert main(["import", "--config-dir", str(tmp_path / "nope")]) == 1


def test_one_file_is_enough(tmp_path: Path) -> None:
    (tmp_path / "ctsrvr.cfg").write_text(ctsrvr("SERVER_CERTIFICATE_FILE s.pem"))
    spec = tmp_path / "s.fcsec"
    assert main(["import", "--config-dir", str(tmp_path), "-o", str(spec)]) == 0
    assert main(["compile", str(spec), "--config-dir", str(tmp_path), "--check"]) == 0


def test_config_dir_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import"]) == 2


def test_the_samples_import_and_compile_check_passes(samples: Path, tmp_path: Path) -> None:
    for folder in sorted(path for path in samples.iterdir() if path.is_dir()):
        if not any((folder / name).is_file() for name in ("services.json", "ctsrvr.cfg")):
            continue
        spec = tmp_path / f"{folder.name}.fcsec"
        assert main(["import", "--config-dir", str(folder), "-o", str(spec)]) == 0
        assert main(["compile", str(spec), "--config-dir", str(folder), "--check"]) == 0


def test_import_from_a_folder_named_config_writes_the_root(config: Path, tmp_path: Path) -> None:
    spec = tmp_path / "specs" / "security.fcsec"
    spec.parent.mkdir()
    assert main(["import", "--config-dir", str(config), "-o", str(spec)]) == 0
    assert f'root = "{tmp_path}"' in spec.read_text(encoding="utf-8")


def test_a_relative_root_is_relative_to_the_spec(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    assert main(["import", "--config-dir", "config", "-o", "specs/security.fcsec"]) == 0
    assert 'root = ".."' in (tmp_path / "specs" / "security.fcsec").read_text(encoding="utf-8")
    assert main(["compile", "specs/security.fcsec", "--check"]) == 0
