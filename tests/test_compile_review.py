"""What ``fcsec compile`` shows a reviewer: diffs coloured only on a terminal, ``--check`` naming
each stale file and the command that updates it, and the start-up reminder after a change."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from fcsec.cli import main

SPEC = """\
fcsec = 1
[certs.server]
file = "serverCert.pem"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
[database]
cert = "server"
[env.dev]
database.tls_only = false
"""
REMINDER = "FairCom reads these files only at start-up: restart the server to apply them.\n"


@pytest.fixture
def spec(tmp_path: Path) -> str:
    path = tmp_path / "my spec.fcsec"
    path.write_text(SPEC, encoding="utf-8")
    return str(path)


def _terminal(monkeypatch: pytest.MonkeyPatch, stream: str) -> None:
    monkeypatch.setattr(getattr(sys, stream), "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_diff_is_coloured_when_stdout_is_a_terminal(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _terminal(monkeypatch, "stdout")
    assert main(["compile", spec, "--config-dir", str(tmp_path / "c"), "--diff"]) == 0
    assert "\x1b[32m+" in capsys.readouterr().out


def test_diff_is_plain_when_stdout_is_a_pipe_even_if_stderr_is_a_terminal(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _terminal(monkeypatch, "stderr")
    assert main(["compile", spec, "--config-dir", str(tmp_path / "c"), "--diff"]) == 0
    assert "\x1b[" not in capsys.readouterr().out


def test_no_color_turns_colour_off_on_a_terminal(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _terminal(monkeypatch, "stdout")
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["compile", spec, "--config-dir", str(tmp_path / "c"), "--diff"]) == 0
    assert "\x1b[" not in capsys.readouterr().out


def test_diff_of_a_new_file_is_labelled_dev_null_and_b(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["compile", spec, "--config-dir", "c", "--diff"]) == 0
    out = capsys.readouterr().out
    assert "--- /dev/null\n+++ b/c/services.json\n" in out
    assert "--- /dev/null\n+++ b/c/ctsrvr.cfg\n" in out


def test_diff_labels_are_relative_to_the_working_directory_for_git_apply(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    monkeypatch.chdir(tmp_path)
    for env in ("prod", "dev"):
        (tmp_path / env).mkdir()
        (tmp_path / env / "ctsrvr.cfg").write_text("SERVER_NAME FAIRCOMS\n")
    subprocess.run(["git", "init", "-q"], check=True)
    assert main(["compile", spec, "--config-dir", "prod", "--diff"]) == 0
    patch = capsys.readouterr().out
    assert "--- a/prod/ctsrvr.cfg\n+++ b/prod/ctsrvr.cfg\n" in patch
    (tmp_path / "change.patch").write_text(patch)
    subprocess.run(["git", "apply", "change.patch"], check=True)
    assert main(["compile", spec, "--config-dir", "prod", "--check"]) == 0
    assert (tmp_path / "dev" / "ctsrvr.cfg").read_text() == "SERVER_NAME FAIRCOMS\n"


def test_check_names_every_stale_file(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "c"
    assert main(["compile", spec, "--config-dir", str(folder), "--check"]) == 3
    out = capsys.readouterr().out
    assert f"{os.path.join(str(folder), 'services.json')}: is missing" in out
    assert f"{os.path.join(str(folder), 'ctsrvr.cfg')}: is missing" in out


def test_check_prints_the_command_that_fixes_it_quoted_for_a_shell(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "c"
    assert main(["compile", spec, "--config-dir", str(folder), "--env", "dev", "--check"]) == 3
    out = capsys.readouterr().out
    assert f"run `fcsec compile '{spec}' --config-dir {folder} --env dev` to update" in out


def test_a_compile_that_changes_a_file_ends_with_the_start_up_reminder(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compile", spec, "--config-dir", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert out.endswith(REMINDER)
    assert out.count("start-up") == 1


def test_a_compile_that_changes_nothing_has_no_reminder(
    spec: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compile", spec, "--config-dir", str(tmp_path / "c")]) == 0
    capsys.readouterr()
    assert main(["compile", spec, "--config-dir", str(tmp_path / "c")]) == 0
    assert "start-up" not in capsys.readouterr().out
