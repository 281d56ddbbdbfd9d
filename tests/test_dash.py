"""`-` is standard input for every command that reads a spec, and standard output for every
`-o` that writes one (a file named `-` is never created)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from fcsec.cli import main
from fcsec.fileio import SPEC_LIMIT

EXAMPLES = Path(__file__).resolve().parent.parent / "specs" / "examples"
DATABASE = 'fcsec = 1\n[certs.s]\nfile = "s.pem"\n[database]\ncert = "s"\n'


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def _feed(monkeypatch: pytest.MonkeyPatch, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    monkeypatch.setattr(sys, "stdin", _Stdin(data))


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_check_reads_standard_input_and_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _feed(monkeypatch, "fcsec = 1\nbogus = 1\n")
    assert main(["check", "-", "--skip-files"]) == 1
    assert " --> <stdin>:2:1" in capsys.readouterr().err


def test_compile_reads_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _feed(monkeypatch, DATABASE)
    assert main(["compile", "-", "--config-dir", "conf"]) == 0
    assert "SERVER_CERTIFICATE_FILE s.pem" in (tmp_path / "conf" / "ctsrvr.cfg").read_text()
    _feed(monkeypatch, DATABASE)
    capsys.readouterr()
    assert main(["compile", "-", "--config-dir", "conf", "--check"]) == 0
    assert "up to date with <stdin>" in capsys.readouterr().out


def test_fmt_of_standard_input_is_a_filter(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _feed(monkeypatch, "fcsec=1\n[server]\nroot='x'\n")
    assert main(["fmt", "-"]) == 0
    assert capsys.readouterr().out == "fcsec = 1\n\n[server]\nroot = 'x'\n"
    _feed(monkeypatch, "fcsec=1\n")
    assert main(["fmt", "--check", "-"]) == 3
    assert "<stdin>: would be reformatted" in capsys.readouterr().out
    assert main(["fmt", "-", "-"]) == 2


def test_import_and_export_write_to_standard_output_for_dash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "ctsrvr.cfg").write_text("SERVER_NAME FAIRCOMS\n", encoding="utf-8")
    assert main(["import", "--config-dir", "conf", "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# Written by `fcsec import`")
    spec = str(EXAMPLES / "production.fcsec")
    assert main(["export", "sslyze", spec, "--listener", "https8443", "-o", "-"]) == 0
    assert capsys.readouterr().out.lstrip().startswith("{")
    assert not (tmp_path / "-").exists()


def test_standard_input_over_the_spec_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _feed(monkeypatch, b"#" * (SPEC_LIMIT + 1))
    assert main(["check", "-", "--skip-files"]) == 1
    assert "FCS905" in capsys.readouterr().err
