"""The composite GitHub Action (action.yml): its shell steps run here as a runner would run them,
on a small repository; the `uses:` steps (setup-python, upload-sarif) and the pip install are
left out, since they need GitHub's runner and fcsec is installed already."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fcsec.cli import main
from fcsec.report.sarif import rule_anchor

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "specs" / "examples"
_EXPRESSION = re.compile(r"\$\{\{\s*(inputs|github)\.([a-z_-]+)\s*\}\}")
#: The `github` context of a workflow that runs the action from its own repository
#: (`uses: ./`): no action repository, no action ref.
LOCAL = {"action_repository": "", "action_ref": ""}
RULES_URL = "https://github.com/acme/fcsec/blob/v1.2.0/docs/rules.md"


def _action() -> dict[str, Any]:
    import yaml  # pre-commit's own dependency, a test dependency

    loaded: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    return loaded


def _condition(text: str | None, inputs: dict[str, str]) -> bool:
    if text is None:
        return True
    found = re.fullmatch(r"inputs\.([a-z-]+) == '([^']*)'", text.strip())
    assert found, f"the test understands only `inputs.NAME == 'value'`, not {text!r}"
    return inputs[found.group(1)] == found.group(2)


def _run_action(
    work: Path,
    given: dict[str, str],
    github: dict[str, str] | None = None,
    job_env: dict[str, str] | None = None,
) -> list[tuple[str, int, str]]:
    """Each shell step's name, exit code and output, until one fails (as a runner stops).

    ``github``: the `github` context the action's expressions read (default: ``LOCAL``);
    ``job_env``: what the workflow's `env:` puts in every step's environment."""
    action = _action()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs.update(given)
    contexts = {"inputs": inputs, "github": github if github is not None else LOCAL}
    shim = work.parent / "bin"
    shim.mkdir(exist_ok=True)
    (shim / "fcsec").write_text(f'#!/bin/sh\nexec {sys.executable} -m fcsec "$@"\n')
    (shim / "fcsec").chmod(stat.S_IRWXU)
    results = []
    for step in action["runs"]["steps"]:
        if "run" not in step or step.get("name") == "Install fcsec":
            continue
        if not _condition(step.get("if"), inputs):
            continue
        env = {
            key: _EXPRESSION.sub(
                lambda match: contexts[match.group(1)][match.group(2)], str(value)
            )
            for key, value in step.get("env", {}).items()
        }
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=work,
            env={"PATH": f"{shim}:/usr/bin:/bin", **(job_env or {}), **env},
            capture_output=True,
            text=True,
        )
        results.append((step["name"], done.returncode, done.stdout + done.stderr))
        if done.returncode != 0:
            break
    return results


@pytest.fixture
def work(tmp_path: Path) -> Path:
    repository = tmp_path / "repo"
    repository.mkdir()
    shutil.copyfile(EXAMPLES / "quickstart.fcsec", repository / "security.fcsec")
    assert main(["compile", str(repository / "security.fcsec"), "--config-dir",
                 str(repository / "config")]) == 0
    return repository


def test_no_input_is_pasted_into_a_script() -> None:
    """Inputs reach the scripts through env only: `${{ inputs.x }}` inside `run:` would let an
    input's text run as shell code."""
    for step in _action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_every_input_is_described() -> None:
    for name, spec in _action()["inputs"].items():
        assert spec.get("description"), name


@pytest.mark.external
def test_an_up_to_date_repository_passes(work: Path) -> None:
    results = _run_action(work, {"spec": "security.fcsec", "config-dir": "config"})
    assert [(name, code) for name, code, _ in results] == [
        ("fcsec check", 0),
        ("fcsec compile --check", 0),
    ]
    assert "up to date with security.fcsec" in results[-1][2]


@pytest.mark.external
def test_a_stale_config_fails_the_compile_step_with_the_diff(work: Path) -> None:
    cfg = work / "config" / "ctsrvr.cfg"
    cfg.write_text(cfg.read_text().replace("YES", "NO"), encoding="utf-8")
    results = _run_action(work, {"spec": "security.fcsec", "config-dir": "config"})
    name, code, output = results[-1]
    assert (name, code) == ("fcsec compile --check", 3)
    assert "-SSL_CONNECTIONS_ONLY NO" in output and "+SSL_CONNECTIONS_ONLY YES" in output


@pytest.mark.external
def test_sarif_writes_the_report_for_code_scanning(work: Path) -> None:
    results = _run_action(work, {"spec": "security.fcsec", "config-dir": "config", "sarif": "true"})
    assert results[0][:2] == ("fcsec check (SARIF for code scanning)", 0)
    sarif = json.loads((work / "fcsec.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"


@pytest.mark.external
def test_project_mode_checks_every_target(work: Path) -> None:
    (work / "fcsec.toml").write_text(
        '[targets.one]\nspec = "security.fcsec"\nconfig_dir = "config"\n', encoding="utf-8"
    )
    results = _run_action(work, {"project": "true"})
    assert results[-1][:2] == ("fcsec compile --check", 0)
    assert "fcsec project: 1 target: checked and up to date" in results[-1][2]


@pytest.mark.external
def test_a_missing_spec_input_is_an_annotation(work: Path) -> None:
    results = _run_action(work, {})
    assert results[0][:2] == ("fcsec check", 1)
    assert "::error::fcsec action: give the input spec" in results[0][2]


# --- SARIF rules link to docs/rules.md of the action's own repository at the pinned ref --------


def _sarif_rules(work: Path) -> list[dict[str, Any]]:
    document = json.loads((work / "fcsec.sarif").read_text(encoding="utf-8"))
    rules: list[dict[str, Any]] = document["runs"][0]["tool"]["driver"]["rules"]
    assert rules, "the example spec should have a finding, so that a rule is described"
    return rules


@pytest.mark.external
def test_sarif_rules_link_to_the_docs_of_the_pinned_action(work: Path) -> None:
    github = {"action_repository": "acme/fcsec", "action_ref": "v1.2.0"}
    results = _run_action(work, {"spec": "security.fcsec", "sarif": "true"}, github=github)
    assert results[0][:2] == ("fcsec check (SARIF for code scanning)", 0), results[0][2]
    for rule in _sarif_rules(work):
        assert rule["helpUri"] == f"{RULES_URL}#{rule_anchor(rule['id'])}"
        assert rule["help"]["text"] and rule["help"]["markdown"]


@pytest.mark.external
def test_sarif_from_the_actions_own_repository_has_no_rule_links(work: Path) -> None:
    """`uses: ./` leaves github.action_repository empty: no address to link to."""
    results = _run_action(work, {"spec": "security.fcsec", "sarif": "true"}, github=LOCAL)
    assert results[0][:2] == ("fcsec check (SARIF for code scanning)", 0), results[0][2]
    for rule in _sarif_rules(work):
        assert "helpUri" not in rule
        assert rule["help"]["text"] and rule["help"]["markdown"]


@pytest.mark.parametrize("github", [LOCAL, {"action_repository": "acme/fcsec", "action_ref": "v1"}])
@pytest.mark.external
def test_a_rules_url_the_workflow_sets_is_kept(work: Path, github: dict[str, str]) -> None:
    own = "https://docs.example.org/fcsec/rules.md"
    _run_action(
        work,
        {"spec": "security.fcsec", "sarif": "true"},
        github=github,
        job_env={"FCSEC_RULES_URL": own},
    )
    for rule in _sarif_rules(work):
        assert rule["helpUri"] == f"{own}#{rule_anchor(rule['id'])}"


@pytest.mark.external
def test_a_failing_sarif_run_fails_its_step(work: Path) -> None:
    """Findings (exit 1) go to code scanning; a usage error (exit 2) fails, uploading nothing."""
    results = _run_action(
        work,
        {"spec": "security.fcsec", "sarif": "true"},
        job_env={"FCSEC_RULES_URL": "not a url"},
    )
    name, code, output = results[-1]
    assert (name, code) == ("fcsec check (SARIF for code scanning)", 2)
    assert "::error::fcsec check --format sarif failed (exit 2)" in output
