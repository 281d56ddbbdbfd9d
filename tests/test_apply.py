"""``fcsec.apply``: compile into a folder and check a spec as functions (what ``fcsec compile``,
``fcsec check`` and the Ansible modules of ``ansible_collections/fcsec/faircom`` share)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from fcsec import DiagnosticError, SourceFile
from fcsec.apply import (
    Compiled,
    check_data,
    check_spec,
    compile_folder,
    default_config_dir,
    diagnostic_data,
    finding_data,
    load_all,
    one_line,
    read_spec_file,
)
from fcsec.cli import main
from fcsec.report.model import summarize

SPEC = """\
fcsec = 1
[server]
root = "faircom"
[certs.server]
file = "serverCert.pem"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
[database]
cert = "server"
tls_only = true

[env.dev]
database.tls_only = false
"""
OLD_SERVICES = '{\n\t"listeners": [\n\t]\n}\n'
OLD_CFG = "; FairCom server configuration\nSERVER_NAME FAIRCOMS\nCOMM_PROTOCOL F_TCPIP\n"
NAMES = ("services.json", "ctsrvr.cfg")


def _source(tmp_path: Path, text: str = SPEC) -> SourceFile:
    path = tmp_path / "security.fcsec"
    path.write_text(text)
    return read_spec_file(str(path))


def _folder(tmp_path: Path, name: str = "config") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "services.json").write_text(OLD_SERVICES)
    (folder / "ctsrvr.cfg").write_text(OLD_CFG)
    (folder / "ctsrvr.cfg").chmod(0o640)
    return folder


def _compile(source: SourceFile, folder: Path, *, write: bool, backup: bool = False) -> Compiled:
    loaded = load_all(source, None)
    return compile_folder(loaded, source, str(folder), write=write, holder="test", backup=backup)


def _state(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_dry_run_writes_nothing_and_says_what_would_change(tmp_path: Path) -> None:
    source = _source(tmp_path)
    missing = tmp_path / "nowhere"
    result = _compile(source, missing, write=False)
    assert not missing.exists()
    assert result.changed and not result.wrote and result.written == {}
    assert [result.changes(name) for name in NAMES] == [True, True]
    assert [output.before for output in result.outputs] == [None, None]
    folder = _folder(tmp_path)
    before = _state(folder)
    assert _compile(source, folder, write=False).changed
    assert _state(folder) == before


def test_a_real_run_writes_what_the_command_writes_and_a_second_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _source(tmp_path)
    folder = _folder(tmp_path)
    result = _compile(source, folder, write=True)
    assert result.changed and result.written == dict.fromkeys(NAMES, True)
    assert result.backups == {}
    assert any("SSL_CONNECTIONS_ONLY YES" in note for note in result.client_notes())
    by_command = _folder(tmp_path, "by-command")
    spec = str(tmp_path / "security.fcsec")
    assert main(["compile", spec, "--config-dir", str(by_command)]) == 0
    capsys.readouterr()
    assert _state(by_command) == _state(folder)
    again = _compile(source, folder, write=True)
    assert not again.changed and again.written == dict.fromkeys(NAMES, False)
    assert again.client_notes() == ()


def test_backup_keeps_a_copy_of_each_file_replaced_with_its_mode(tmp_path: Path) -> None:
    source = _source(tmp_path)
    folder = _folder(tmp_path)
    result = _compile(source, folder, write=True, backup=True)
    assert sorted(result.backups) == sorted(NAMES)
    for name, old in (("services.json", OLD_SERVICES), ("ctsrvr.cfg", OLD_CFG)):
        copy = Path(result.backups[name])
        assert copy.parent == folder and copy.name.startswith(f"{name}.{os.getpid()}.")
        assert copy.name.endswith("~") and copy.read_text() == old
        assert stat.S_IMODE(copy.stat().st_mode) == stat.S_IMODE((folder / name).stat().st_mode)
    assert stat.S_IMODE(Path(result.backups["ctsrvr.cfg"]).stat().st_mode) == 0o640
    # Unchanged files are not copied; a file that did not exist has no backup.
    assert _compile(source, folder, write=True, backup=True).backups == {}
    fresh = tmp_path / "fresh"
    assert _compile(source, fresh, write=True, backup=True).backups == {}


def _fail_the_second_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith("ctsrvr.cfg") and ".fcsec-tmp" in str(src):
            raise OSError(errno.EFBIG, os.strerror(errno.EFBIG))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def _fail_the_backup_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    def copystat(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("shutil.copystat", copystat)


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        (_fail_the_second_rename, "(while replacing the file; "),
        (_fail_the_backup_copy, "while keeping a backup copy as "),
    ],
)
def test_a_failure_leaves_both_files_as_they_were_and_no_backup_copy(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: Callable[[pytest.MonkeyPatch], None],
    says: str,
) -> None:
    source = _source(tmp_path)
    folder = _folder(tmp_path)
    before = _state(folder)
    fault(monkeypatch)
    with pytest.raises(DiagnosticError) as failure:
        _compile(source, folder, write=True, backup=True)
    problem = failure.value.diagnostics[0]
    assert problem.rule == "FCS902" and says in problem.message, problem.message
    assert _state(folder) == before


def test_every_overlay_is_validated_and_the_default_folder_is_under_the_root(
    tmp_path: Path,
) -> None:
    source = _source(tmp_path)
    loaded = load_all(source, "dev")
    assert loaded.spec.database is not None and not loaded.spec.database.tls_only
    spec_path = str(tmp_path / "security.fcsec")
    assert default_config_dir(loaded.spec, spec_path) == str(tmp_path / "faircom" / "config")
    broken = _source(tmp_path, SPEC.replace("database.tls_only = false", "database.tls_only = 3"))
    with pytest.raises(DiagnosticError):
        load_all(broken, None)  # the base compiles, but [env.dev] does not
    rootless = _source(tmp_path, SPEC.replace('root = "faircom"', ""))
    assert default_config_dir(load_all(rootless, None).spec, spec_path) is None


def test_diagnostics_as_data_and_on_one_line(tmp_path: Path) -> None:
    other = '[listeners.other]\nprotocol = "http"\nport = 8443\n[database]'
    clash = SPEC.replace("[database]", other)
    with pytest.raises(DiagnosticError) as failure:
        load_all(_source(tmp_path, clash), None)
    problem = next(item for item in failure.value.diagnostics if item.rule == "FCS012")
    data = diagnostic_data(problem)
    spec = str(tmp_path / "security.fcsec")
    assert (data["rule"], data["severity"], data["file"]) == ("FCS012", "error", spec)
    assert (data["line"], data["column"]) == (12, 8)
    assert data["hint"] and data["title"]
    assert one_line(problem) == (
        f"error[FCS012] {spec}:12:8: {problem.message} (help: {problem.hint})"
    )


def test_check_spec_reports_what_fcsec_check_finds(tmp_path: Path) -> None:
    _source(tmp_path)
    spec = str(tmp_path / "security.fcsec")
    report = check_spec(spec, skip_files=True)
    assert report.environments == ("dev",)
    assert not summarize(report).failed
    strict = check_spec(spec, skip_files=True, strict=True)
    assert summarize(strict).failed
    data = check_data(strict)
    assert data["summary"] == {"errors": 0, "warnings": 1, "infos": 1, "allowed": 0, "failed": True}
    assert data["findings"] == [finding_data(item, strict) for item in strict.findings]
    found = {item["rule"]: item for item in data["findings"]}
    plain = found["FCS601"]  # [env.dev] allows plain SQL, ISAM and CTDB: a warning
    assert plain["notes"] == ["only in [env.dev]"] and plain["allowed"] is False
    assert (plain["file"], plain["severity"]) == (spec, "warning")
    with pytest.raises(ValueError, match="--policy 'nope'"):
        check_spec(spec, policy="nope")
    with pytest.raises(ValueError, match="give a SPEC"):
        check_spec(None)
