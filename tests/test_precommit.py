"""The hooks of .pre-commit-hooks.yaml, run by pre-commit in a temporary git repository.

Each hook of the file becomes a ``repo: local`` hook with the same entry, files pattern and
filename passing, run with ``language: system`` by this interpreter (``python -m fcsec``), so the
test needs neither the network nor an installed copy of the checkout. Every hook is seen to pass
on a repository in order and to fail on one that is not. Without git or pre-commit the tests
skip, except in CI (the CI variable is set), where they fail.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fcsec.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / ".pre-commit-hooks.yaml"

SPEC = """\
fcsec = 1

[certs.server]
file = "serverCert.pem"
key = "serverKey.pem"

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"

[database]
cert = "server"
"""

ARGS = {
    "fcsec-check": ["security.fcsec", "--skip-files"],
    "fcsec-fmt": [],
    "fcsec-compile-check": ["security.fcsec", "--config-dir", "config"],
    "fcsec-project": ["--skip-files"],
}
PROJECT = '[targets.server]\nspec = "security.fcsec"\nconfig_dir = "config"\n'



def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed (pip install pre-commit; apt-get install git)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI must run the pre-commit tests")
        pytest.skip(message)
    return found


def _local_hooks() -> list[dict[str, Any]]:
    import yaml  # pre-commit's own dependency

    hooks: list[dict[str, Any]] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    local = []
    for hook in hooks:
        entry = shlex.split(hook["entry"])
        assert entry[0] == "fcsec"
        local.append(
            {
                **{key: value for key, value in hook.items() if key != "description"},
                "language": "system",
                "entry": shlex.join([sys.executable, "-m", "fcsec", *entry[1:]]),
                "args": ARGS[hook["id"]],
            }
        )
    return local


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git = _tool("git")
    _tool("pre-commit")
    import yaml

    work = tmp_path / "repo"
    work.mkdir()
    subprocess.run([git, "init", "-q", str(work)], check=True)
    (work / "security.fcsec").write_text(SPEC, encoding="utf-8")
    (work / "fcsec.toml").write_text(PROJECT, encoding="utf-8")
    assert (
        main(["compile", str(work / "security.fcsec"), "--config-dir", str(work / "config")]) == 0
    )
    config = {"repos": [{"repo": "local", "hooks": _local_hooks()}]}
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return work


def _pre_commit(work: Path) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=work, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(work.parent / "pre-commit-home")}
    env.pop("NO_COLOR", None)
    return subprocess.run(
        ["pre-commit", "run", "--all-files", "--color", "never"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _status(output: str, name: str) -> str:
    """``Passed``, ``Failed`` or ``Skipped`` as pre-commit reports the hook called ``name``."""
    for line in output.splitlines():
        found = re.fullmatch(rf"{re.escape(name)}\.+(?:\(.*\))?(Passed|Failed|Skipped)", line)
        if found:
            return found.group(1)
    raise AssertionError(f"{name} not in the output:\n{output}")


def _edit(work: Path, name: str, change: Callable[[str], str]) -> None:
    path = work / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_the_hooks_file_offers_check_fmt_compile_check_and_project() -> None:
    _tool("pre-commit")
    assert [hook["id"] for hook in _local_hooks()] == list(ARGS)


def test_the_hooks_file_is_a_valid_pre_commit_manifest() -> None:
    result = subprocess.run(
        [_tool("pre-commit"), "validate-manifest", str(HOOKS)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_hook_passes_on_a_repository_in_order(repo: Path) -> None:
    result = _pre_commit(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("fcsec check", "fcsec fmt", "fcsec compile --check", "fcsec project --check"):
        assert _status(result.stdout, name) == "Passed"


def test_the_check_hook_fails_on_an_invalid_spec(repo: Path) -> None:
    _edit(repo, "security.fcsec", lambda text: text.replace("port = 8443", "prot = 8443"))
    result = _pre_commit(repo)
    assert result.returncode == 1
    assert _status(result.stdout, "fcsec check") == "Failed"
    assert "FCS011" in result.stdout


def test_the_fmt_hook_rewrites_a_spec_out_of_layout_and_fails(repo: Path) -> None:
    _edit(repo, "security.fcsec", lambda text: text.replace("port = 8443", "port=8443"))
    result = _pre_commit(repo)
    assert result.returncode == 1
    assert _status(result.stdout, "fcsec fmt") == "Failed"
    assert (repo / "security.fcsec").read_text(encoding="utf-8") == SPEC


def test_the_compile_check_hook_fails_on_a_hand_edited_config(repo: Path) -> None:
    _edit(repo, "config/ctsrvr.cfg", lambda text: text.replace("YES", "NO"))
    result = _pre_commit(repo)
    assert result.returncode == 1
    assert _status(result.stdout, "fcsec compile --check") == "Failed"
    assert "ctsrvr.cfg: is out of date" in result.stdout
    assert _status(result.stdout, "fcsec project --check") == "Failed"
    assert "fcsec project: 1 target; stale: server" in result.stdout
