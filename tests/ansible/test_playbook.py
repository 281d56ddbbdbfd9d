"""The Ansible collection fcsec.faircom, run for real: ``ansible-playbook`` against an inventory
of several hosts, each with ``ansible_connection=local``, its own config folder and its own
overlay (host variables), and the Python that runs these tests (which has fcsec installed) as
``ansible_python_interpreter``. The collection is found through ``ANSIBLE_COLLECTIONS_PATH``
pointing at this repository (the folder that holds ``ansible_collections/``).

The playbooks are the collection's own (``ansible_collections/fcsec/faircom/tests/playbooks``);
each run keeps every host's registered result as JSON for the assertions here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import fcsec

pytest.importorskip("ansible", reason="ansible-core is not installed (the `test` extra has it)")

pytestmark = [pytest.mark.slow, pytest.mark.external]

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOKS = ROOT / "ansible_collections" / "fcsec" / "faircom" / "tests" / "playbooks"
EXAMPLE = ROOT / "specs" / "examples" / "production.fcsec"
NAMES = ("services.json", "ctsrvr.cfg")
# Two errors at once: an unknown protocol and a port used twice.
BAD_SPEC = """\
fcsec = 1

[server]
product = "faircom-db"
version = "13"

[certs.server]
file = "serverCert.pem"
key = "serverKey.pem"

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"

[listeners.wss8443]
protocol = "wss"
port = 8443
tls.cert = "server"
"""
#: host: its overlay (None: the base spec). edge2 starts with the files of `--env dev`.
HOSTS: dict[str, str | None] = {"edge1": None, "edge2": None, "edge3": "dev"}
RECAP = re.compile(r"^(?P<host>\S+)\s+:\s+ok=\d+\s+changed=(?P<changed>\d+)\s", re.MULTILINE)


class Fleet:
    """A temporary fleet: the spec, an inventory, a config folder and a restart log per host."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir()
        self.spec = root / "security.fcsec"
        shutil.copyfile(EXAMPLE, self.spec)
        self.bad_spec = root / "broken.fcsec"
        self.bad_spec.write_text(BAD_SPEC, encoding="utf-8")
        self.results = root / "results"
        self.results.mkdir()
        (root / "ansible.cfg").write_text("[defaults]\n", encoding="utf-8")
        hosts: dict[str, dict[str, str]] = {}
        for host, env in HOSTS.items():
            hosts[host] = {
                "fcsec_config_dir": str(self.config_dir(host)),
                "fcsec_restart_log": str(self.restart_log(host)),
                **({"fcsec_env": env} if env else {}),
            }
        inventory = {
            "all": {
                "vars": {
                    "ansible_connection": "local",
                    "ansible_python_interpreter": sys.executable,
                    "fcsec_spec": str(self.spec),
                    "results_dir": str(self.results),
                },
                "children": {"faircom": {"hosts": hosts}},
            }
        }
        self.inventory = root / "inventory.json"  # JSON is YAML: the yaml inventory plugin reads it
        self.inventory.write_text(json.dumps(inventory, indent=2), encoding="utf-8")

    def config_dir(self, host: str) -> Path:
        return self.root / host / "config"

    def restart_log(self, host: str) -> Path:
        return self.root / host / "restarts.log"

    def restarts(self, host: str) -> int:
        log = self.restart_log(host)
        return len(log.read_text().splitlines()) if log.exists() else 0

    def files(self, host: str) -> dict[str, tuple[bytes, int, int]]:
        """Every file of the host's config folder: bytes, inode and modification time."""
        folder = self.config_dir(host)
        if not folder.exists():
            return {}
        found = {}
        for path in sorted(folder.iterdir()):
            status = path.stat()
            found[path.name] = (path.read_bytes(), status.st_ino, status.st_mtime_ns)
        return found

    def result(self, host: str, phase: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.results / f"{host}-{phase}.json").read_text())
        return data

    def play(self, playbook: str, *extra: str) -> subprocess.CompletedProcess[str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
        env.update(
            ANSIBLE_CONFIG=str(self.root / "ansible.cfg"),
            ANSIBLE_COLLECTIONS_PATH=str(ROOT),
            ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
            ANSIBLE_HOME=str(self.root / "ansible-home"),
            ANSIBLE_LOCAL_TEMP=str(self.root / "ansible-tmp"),
            ANSIBLE_REMOTE_TEMP=str(self.root / "ansible-remote-tmp"),
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_RETRY_FILES_ENABLED="false",
            ANSIBLE_STDOUT_CALLBACK="default",
            LC_ALL="C.UTF-8",
        )
        command = [sys.executable, "-m", "ansible.cli.playbook", "-i", str(self.inventory)]
        return subprocess.run(
            [*command, str(PLAYBOOKS / playbook), *extra],
            capture_output=True,
            text=True,
            cwd=self.root,
            env=env,
            timeout=300,
            check=False,
        )


def _recap(output: str) -> dict[str, int]:
    return {match["host"]: int(match["changed"]) for match in RECAP.finditer(output)}


def _compile_with_the_cli(spec: Path, config_dir: Path, env: str | None) -> None:
    argv = ["compile", str(spec), "--config-dir", str(config_dir), *(["--env", env] if env else [])]
    assert fcsec.main(argv) == 0


def _expected(tmp_path: Path, fleet: Fleet) -> dict[str, dict[str, bytes]]:
    """What `fcsec compile` writes for each host, from the same starting point."""
    expected = {}
    for host, env in HOSTS.items():
        folder = tmp_path / "expected" / host
        if host == "edge2":
            _compile_with_the_cli(fleet.spec, folder, "dev")
        _compile_with_the_cli(fleet.spec, folder, env)
        expected[host] = {name: (folder / name).read_bytes() for name in NAMES}
    return expected


@pytest.fixture
def fleet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Fleet:
    made = Fleet(tmp_path / "fleet")
    _compile_with_the_cli(made.spec, made.config_dir("edge2"), "dev")  # edge2 has files already
    capsys.readouterr()
    return made


def test_check_diff_then_real_run_then_idempotent_rerun(
    fleet: Fleet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _expected(tmp_path, fleet)
    capsys.readouterr()
    seeded = fleet.files("edge2")

    # 1. --check --diff: nothing written anywhere, every host reports changed, with its diff.
    run = fleet.play("compile.yml", "--check", "--diff", "-e", "phase=check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert fleet.files("edge1") == {} and fleet.files("edge3") == {}
    assert fleet.files("edge2") == seeded
    assert all(fleet.restarts(host) == 0 for host in HOSTS)
    for host in HOSTS:
        result = fleet.result(host, "check")
        assert result["changed"] is True and result["backup_files"] == []
        folder = str(fleet.config_dir(host))
        diffs = {entry["after_header"]: entry for entry in result["diff"]}
        assert sorted(diffs) == sorted(os.path.join(folder, name) for name in NAMES)
        for name in NAMES:
            entry = diffs[os.path.join(folder, name)]
            assert entry["after"].encode() == expected[host][name]
            if host == "edge2":
                assert entry["before_header"] == entry["after_header"]
                assert entry["before"].encode() == seeded[name][0]
            else:
                assert (entry["before_header"], entry["before"]) == ("/dev/null", "")
    assert f"+++ after: {fleet.config_dir('edge1')}/services.json" in run.stdout
    assert "--- before: /dev/null" in run.stdout
    assert _recap(run.stdout) == {"edge1": 1, "edge2": 1, "edge3": 1}

    # 2. The real run: the files fcsec compile writes, backups of the files replaced, a restart.
    run = fleet.play("compile.yml", "-e", "phase=real")
    assert run.returncode == 0, run.stdout + run.stderr
    for host in HOSTS:
        written = fleet.files(host)
        assert {name: written[name][0] for name in NAMES} == expected[host]
        assert fleet.restarts(host) == 1
        result = fleet.result(host, "real")
        assert result["changed"] is True and "diff" not in result
        states = {entry["name"]: entry["state"] for entry in result["files"]}
        assert states == dict.fromkeys(NAMES, "updated" if host == "edge2" else "created")
    replaced = {entry["name"]: entry for entry in fleet.result("edge2", "real")["files"]}
    backups = [replaced[name]["backup_file"] for name in NAMES]
    assert sorted(fleet.result("edge2", "real")["backup_files"]) == sorted(backups)
    for name, backup in zip(NAMES, map(Path, backups), strict=True):
        stamp = r"\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~"
        assert re.fullmatch(re.escape(name) + stamp, backup.name)
        assert backup.parent == fleet.config_dir("edge2")
        assert backup.read_bytes() == seeded[name][0]
    assert fleet.result("edge1", "real")["backup_files"] == []
    # The dev files lose plain HTTP, plain SQL and shared memory: said as warnings.
    assert "after the restart: services.json: listener http8080" in run.stdout + run.stderr
    assert _recap(run.stdout) == {"edge1": 2, "edge2": 2, "edge3": 2}  # the task and the handler

    # 3. Again: changed=false everywhere, no file touched, no restart, no new backup.
    before = {host: fleet.files(host) for host in HOSTS}
    run = fleet.play("compile.yml", "-e", "phase=again")
    assert run.returncode == 0, run.stdout + run.stderr
    assert _recap(run.stdout) == {"edge1": 0, "edge2": 0, "edge3": 0}
    for host in HOSTS:
        assert fleet.files(host) == before[host]
        assert fleet.restarts(host) == 1
        result = fleet.result(host, "again")
        assert result["changed"] is False and result["backup_files"] == []
        assert {entry["state"] for entry in result["files"]} == {"unchanged"}


def test_a_broken_spec_fails_the_play_with_fcsec_diagnostics(fleet: Fleet) -> None:
    before = {host: fleet.files(host) for host in HOSTS}
    run = fleet.play("compile.yml", "-e", "phase=broken", "-e", f"fcsec_spec={fleet.bad_spec}")
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    bad = str(fleet.bad_spec)
    # Rule id, file:line:column, message and hint, for every host; no traceback.
    assert f"error[FCS012] {bad}:18:8: port 8443 is used by two listeners" in output
    assert "(help: pick a free port, e.g. 8444)" in output
    assert f"error[FCS017] {bad}:17:12: `wss` is not a valid protocol" in output
    assert "Traceback" not in output
    failed = re.findall(r"^fatal: \[(\w+)\]: FAILED!", run.stdout, re.MULTILINE)
    assert sorted(failed) == sorted(HOSTS)
    assert {host: fleet.files(host) for host in HOSTS} == before
    assert all(fleet.restarts(host) == 0 for host in HOSTS)


def test_a_host_without_fcsec_is_told_to_install_it(fleet: Fleet) -> None:
    # A Python that cannot see the site-packages that hold fcsec.
    python = fleet.root / "python-without-fcsec"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" -I -S "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    run = fleet.play(
        "compile.yml", "--limit", "edge1", "-e", "phase=nofcsec",
        "-e", f"ansible_python_interpreter={python}",
    )  # fmt: skip
    assert run.returncode != 0
    assert "Failed to import the required Python library (fcsec)" in run.stdout
    assert "install fcsec on the managed host" in run.stdout
    assert fleet.files("edge1") == {}


def test_check_returns_the_findings_as_data(fleet: Fleet) -> None:
    run = fleet.play("check.yml")
    assert run.returncode == 0, run.stdout + run.stderr
    # [env.dev] has two warnings, which fail only strict. Without `env` (edge1, edge2) the check
    # covers the base spec and every overlay, and says where each finding is.
    for host in ("edge1", "edge2"):
        assert fleet.result(host, "check")["summary"]["failed"] is False
        notes = [finding["notes"] for finding in fleet.result(host, "check")["findings"]]
        assert notes == [["only in [env.dev]"]] * 2
        assert fleet.result(host, "strict")["failed"] is True
    plain, strict = fleet.result("edge3", "check"), fleet.result("edge3", "strict")
    assert plain["summary"] == {
        "errors": 0, "warnings": 2, "infos": 0, "allowed": 0, "failed": False,
    }  # fmt: skip
    assert plain.get("failed", False) is False and plain["changed"] is False
    by_rule = {finding["rule"]: finding for finding in plain["findings"]}
    assert sorted(by_rule) == ["FCS601", "FCS602"]
    assert by_rule["FCS602"] | {"message": "", "title": "", "hint": ""} == {
        "rule": "FCS602", "severity": "warning", "title": "", "message": "", "hint": "",
        "file": str(fleet.spec), "line": 75, "column": 30, "end_line": 75, "end_column": 34,
        "label": "plain listener on", "notes": [], "allowed": False, "reason": None,
    }  # fmt: skip
    assert by_rule["FCS602"]["hint"] == "set `enabled = false` in [listeners.http8080]"
    assert strict["failed"] is True and strict["summary"]["failed"] is True
    assert f"warning[FCS602] {fleet.spec}:75:30: listener `http8080`" in strict["msg"]

    # A broken spec: failed, every error as data with its place.
    run = fleet.play("check.yml", "--limit", "edge1", "-e", f"fcsec_spec={fleet.bad_spec}")
    assert run.returncode == 0, run.stdout + run.stderr  # the playbook ignores the errors
    broken = fleet.result("edge1", "check")
    assert broken["failed"] is True and broken["summary"]["errors"] == 2
    clash = next(finding for finding in broken["findings"] if finding["rule"] == "FCS012")
    assert (clash["file"], clash["line"], clash["column"]) == (str(fleet.bad_spec), 18, 8)
    assert clash["hint"] == "pick a free port, e.g. 8444"
    assert f"error[FCS012] {fleet.bad_spec}:18:8" in broken["msg"]


def _ansible(tool: str, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(ROOT),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_HOME=str(cwd / "ansible-home"),
        ANSIBLE_NOCOLOR="1",
        LC_ALL="C.UTF-8",
    )
    return subprocess.run(
        [sys.executable, "-m", f"ansible.cli.{tool}", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_ansible_doc_renders_both_modules(tmp_path: Path) -> None:
    run = _ansible("doc", "--json", "fcsec.faircom.compile", "fcsec.faircom.check", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    docs = json.loads(run.stdout)
    compile_doc = docs["fcsec.faircom.compile"]
    assert sorted(compile_doc["doc"]["options"]) == [
        "backup", "config_dir", "env", "lock_timeout", "spec",
    ]  # fmt: skip
    assert compile_doc["doc"]["attributes"]["check_mode"]["support"] == "full"
    assert compile_doc["doc"]["attributes"]["diff_mode"]["support"] == "full"
    assert {"files", "backup_files", "diff", "diagnostics"} <= set(compile_doc["return"])
    check_doc = docs["fcsec.faircom.check"]
    assert {"spec", "env", "config_dir", "skip_files", "policy", "strict"} == set(
        check_doc["doc"]["options"]
    )
    finding = check_doc["return"]["findings"]["contains"]
    assert {"rule", "severity", "message", "file", "line", "column", "hint"} <= set(finding)
    text = _ansible("doc", "fcsec.faircom.compile", cwd=tmp_path)
    assert text.returncode == 0 and "check_mode" in text.stdout, text.stderr


def test_the_collection_builds(tmp_path: Path) -> None:
    collection = ROOT / "ansible_collections" / "fcsec" / "faircom"
    run = _ansible(
        "galaxy", "collection", "build", str(collection), "--output-path", str(tmp_path),
        cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "fcsec-faircom-0.1.0.tar.gz").is_file()


def test_the_playbooks_of_docs_fleet_md_pass_a_syntax_check(tmp_path: Path) -> None:
    page = (ROOT / "docs" / "fleet.md").read_text(encoding="utf-8")
    blocks = [block.split("```", 1)[0] for block in page.split("```yaml\n")[1:]]
    site = next(block for block in blocks if block.startswith("# site.yml"))
    drift = next(block for block in blocks if "ansible_check_mode" in block)
    # The CI task goes after the compile task, as the page says.
    site = site.replace("  handlers:\n", drift + "\n  handlers:\n")
    (tmp_path / "site.yml").write_text(site, encoding="utf-8")
    (tmp_path / "security.fcsec").write_text(EXAMPLE.read_text(encoding="utf-8"))
    run = _ansible("playbook", "--syntax-check", "site.yml", cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
