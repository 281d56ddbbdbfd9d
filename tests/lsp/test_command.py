"""``fcsec lsp`` as a command: a clear message without pygls, and no pygls anywhere else."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fcsec.cli import main


def test_without_pygls_the_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # import pygls now raises ImportError
    assert main(["lsp"]) == 1
    err = capsys.readouterr().err
    assert "pip install 'fcsec[lsp]'" in err
    assert "pygls" in err


def test_other_commands_and_the_package_do_not_import_pygls() -> None:
    code = (
        "import sys, fcsec\n"
        "from fcsec.cli import main\n"
        "main(['--version'])\n"
        "main(['explain', 'FCS601'])\n"
        "main(['lsp', '--help'])\n"
        "assert not {'pygls', 'lsprotocol'} & set(sys.modules), sorted(sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
