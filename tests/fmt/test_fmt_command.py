"""``fcsec fmt``: rewrite, --check, --diff, errors, several files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fcsec.cli import main

MESSY = "fcsec=1\n[server]\nroot='/opt'\n"
TIDY = "fcsec = 1\n\n[server]\nroot = '/opt'\n"


def _spec(tmp_path: Path, text: str, name: str = "security.fcsec") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fmt_rewrites_the_spec_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, MESSY)
    assert main(["fmt", str(spec)]) == 0
    assert spec.read_text() == TIDY
    assert capsys.readouterr().out == f"{spec}: reformatted\n"


def test_fmt_keeps_the_permission_bits(tmp_path: Path) -> None:
    spec = _spec(tmp_path, MESSY)
    spec.chmod(0o640)
    assert main(["fmt", str(spec)]) == 0
    assert spec.stat().st_mode & 0o777 == 0o640


def test_fmt_leaves_a_formatted_spec_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, TIDY)
    os.utime(spec, (1_000_000, 1_000_000))
    assert main(["fmt", str(spec)]) == 0
    assert spec.stat().st_mtime == 1_000_000
    assert capsys.readouterr().out == f"{spec}: already formatted\n"


def test_check_exits_3_names_the_spec_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, MESSY)
    assert main(["fmt", str(spec), "--check"]) == 3
    out = capsys.readouterr().out
    assert f"{spec}: would be reformatted\n" in out
    assert f"run `fcsec fmt {spec}` to fix the layout" in out
    assert spec.read_text() == MESSY


def test_check_exits_0_on_a_formatted_spec(tmp_path: Path) -> None:
    assert main(["fmt", str(_spec(tmp_path, TIDY)), "--check"]) == 0


def test_diff_prints_a_labelled_diff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, MESSY)
    assert main(["fmt", str(spec), "--diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"--- a/{spec}\n+++ b/{spec}\n@@")
    assert "-root='/opt'\n" in out and "+root = '/opt'\n" in out
    assert "\x1b[" not in out
    assert spec.read_text() == MESSY


def test_diff_is_coloured_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--color", "always", "fmt", str(_spec(tmp_path, MESSY)), "--diff"]) == 0
    assert "\x1b[32m+root = '/opt'\x1b[0m\n" in capsys.readouterr().out


def test_diff_with_check_keeps_stdout_for_the_diff_and_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, MESSY)
    assert main(["fmt", str(spec), "--diff", "--check"]) == 3
    captured = capsys.readouterr()
    assert captured.out.startswith("--- a/")
    assert "would be reformatted" in captured.err


def test_a_spec_with_errors_is_reported_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, "fcsec = 1\n[server\n")
    assert main(["fmt", str(spec)]) == 1
    err = capsys.readouterr().err
    assert "error[FCS001]" in err and f"{spec}: not formatted" in err
    assert spec.read_text() == "fcsec = 1\n[server\n"


def test_a_missing_spec_is_an_input_error(tmp_path: Path) -> None:
    assert main(["fmt", str(tmp_path / "nope.fcsec")]) == 1


def test_several_specs_are_formatted_and_one_error_fails_the_run(tmp_path: Path) -> None:
    good = _spec(tmp_path, MESSY, "a.fcsec")
    bad = _spec(tmp_path, "fcsec = \n", "b.fcsec")
    assert main(["fmt", str(good), str(bad)]) == 1
    assert good.read_text() == TIDY
