"""fcsec compile as one transaction over both files, and its refusals of hostile input.

Faults that a test cannot provoke for real on the second file (a file-size limit, a full disk,
permission denied for root) are injected with monkeypatch at the one system call that fails; the
kill -9 loop, the concurrent runs and the full or closed stdout run real processes.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fcsec import fileio
from fcsec.cli import main
from fcsec.folderlock import LOCK_NAME, folder_lock

DATA = Path(__file__).parent / "data" / "files"

OLD_SERVICES = '{\n\t"listeners": [\n\t]\n}\n'
OLD_CFG = "; FairCom server configuration\nSERVER_NAME FAIRCOMS\nCOMM_PROTOCOL F_TCPIP\n"


def _spec(profile: str, tls_only: bool) -> str:
    return f"""\
fcsec = 1
[certs.server]
file = "serverCert.pem"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
tls.ciphers = "{profile}"
[database]
cert = "server"
tls_only = {"true" if tls_only else "false"}
"""


# Two specs that manage the same parts differently: compiling one over the other's output
# gives the same bytes as compiling it over the original files.
SPEC_A = _spec("tlsref-intermediate", True)
SPEC_B = _spec("tlsref-modern", False)


def _folder(tmp_path: Path, name: str = "config") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "services.json").write_text(OLD_SERVICES)
    (folder / "ctsrvr.cfg").write_text(OLD_CFG)
    return folder


def _write_spec(tmp_path: Path, text: str, name: str = "security.fcsec") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _pair(folder: Path) -> tuple[bytes, bytes]:
    return (folder / "services.json").read_bytes(), (folder / "ctsrvr.cfg").read_bytes()


def _expected_pair(tmp_path: Path, spec_text: str, name: str) -> tuple[bytes, bytes]:
    folder = _folder(tmp_path, f"expected-{name}")
    spec = _write_spec(tmp_path, spec_text, f"{name}.fcsec")
    assert main(["compile", spec, "--config-dir", str(folder)]) == 0
    return _pair(folder)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".fcsec-" in p.name or p.name == LOCK_NAME)


def _fcsec(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "fcsec", *args], capture_output=True, timeout=60, **kwargs
    )


# --- the transaction: a failure on the second file ------------------------------------------------


def _fail_on(name: str, exc: OSError, real: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        if any(str(arg).endswith(name) for arg in args[1:2]) or (
            name == "*temp-of-cfg" and ".ctsrvr.cfg." in str(args[0])
        ):
            raise exc
        return real(*args, **kwargs)

    return call


@pytest.mark.parametrize(
    "code", [errno.EFBIG, errno.ENOSPC, errno.EACCES], ids=["EFBIG", "ENOSPC", "EACCES"]
)
def test_a_failed_rename_of_the_second_file_restores_the_first(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
) -> None:
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    failure = OSError(code, os.strerror(code))
    monkeypatch.setattr(os, "replace", _fail_on("/ctsrvr.cfg", failure, os.replace))
    assert main(["compile", spec, "--config-dir", str(folder)]) == 1
    assert _pair(folder) == (OLD_SERVICES.encode(), OLD_CFG.encode())
    err = capsys.readouterr().err
    assert "FCS902" in err
    assert "ctsrvr.cfg" in err
    assert os.strerror(code) in err
    assert f"{folder}/services.json restored to its old contents" in err
    assert _leftovers(folder) == []


@pytest.mark.parametrize("code", [errno.EFBIG, errno.ENOSPC], ids=["EFBIG", "ENOSPC"])
def test_a_failed_write_of_the_second_file_replaces_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
) -> None:
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    real_write = os.write
    calls = {"count": 0}

    def write(fd: int, data: Any) -> int:
        calls["count"] += 1
        if calls["count"] > 1:  # the first write is services.json's new text
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    assert main(["compile", spec, "--config-dir", str(folder)]) == 1
    assert _pair(folder) == (OLD_SERVICES.encode(), OLD_CFG.encode())
    err = capsys.readouterr().err
    assert "ctsrvr.cfg" in err and os.strerror(code) in err
    assert _leftovers(folder) == []


def test_nothing_is_printed_to_stdout_before_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    printed_at_commit: list[str] = []
    real_commit = fileio.Transaction.commit

    def commit(self: fileio.Transaction) -> None:
        printed_at_commit.append(capsys.readouterr().out)
        real_commit(self)

    monkeypatch.setattr(fileio.Transaction, "commit", commit)
    assert main(["compile", spec, "--config-dir", str(folder)]) == 0
    assert printed_at_commit == [""]
    assert "updated" in capsys.readouterr().out


def test_a_rerun_after_a_half_commit_finishes_the_job_and_removes_leftovers(
    tmp_path: Path,
) -> None:
    expected = _expected_pair(tmp_path, SPEC_A, "a")
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    # What kill -9 between the two renames leaves: services.json new, ctsrvr.cfg old, the
    # staged ctsrvr.cfg and both backups beside them, and the dead run's lock file.
    (folder / "services.json").write_bytes(expected[0])
    (folder / ".ctsrvr.cfg.k2j4_x9a.fcsec-tmp").write_bytes(expected[1])
    (folder / ".ctsrvr.cfg.abcdefgh.fcsec-bak").write_bytes(OLD_CFG.encode())
    (folder / ".services.json.12345678.fcsec-bak").write_bytes(OLD_SERVICES.encode())
    (folder / LOCK_NAME).write_text("pid 1 on gone, fcsec compile, since then\n")
    # Not fcsec's: another tool's temporary file and a file that only looks alike.
    (folder / ".other.json.abcdefgh.fcsec-tmp").write_text("keep")
    (folder / "notes.fcsec-tmp").write_text("keep")
    assert main(["compile", spec, "--config-dir", str(folder)]) == 0
    assert _pair(folder) == expected
    assert _leftovers(folder) == [".other.json.abcdefgh.fcsec-tmp", "notes.fcsec-tmp"]


# --- real processes: kill -9, concurrent runs ----------------------------------------------------


@pytest.mark.slow
def test_kill_9_at_any_moment_leaves_each_file_old_or_new_and_a_rerun_repairs(
    tmp_path: Path,
) -> None:
    pairs = {"a": _expected_pair(tmp_path, SPEC_A, "a"), "b": _expected_pair(tmp_path, SPEC_B, "b")}
    specs = {
        name: _write_spec(tmp_path, text, f"run-{name}.fcsec")
        for name, text in (("a", SPEC_A), ("b", SPEC_B))
    }
    folder = _folder(tmp_path)
    services_known = {OLD_SERVICES.encode(), pairs["a"][0], pairs["b"][0]}
    cfg_known = {OLD_CFG.encode(), pairs["a"][1], pairs["b"][1]}
    chooser = random.Random(20261205)
    killed_mid_run = 0
    for round_ in range(16):
        name = "ab"[round_ % 2]
        child = subprocess.Popen(
            [sys.executable, "-m", "fcsec", "compile", specs[name], "--config-dir", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chooser.uniform(0.05, 0.6))
        if child.poll() is None:
            killed_mid_run += 1
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        services, cfg = _pair(folder)
        assert services in services_known
        assert cfg in cfg_known
        rerun = _fcsec("compile", specs[name], "--config-dir", str(folder))
        assert rerun.returncode == 0, rerun.stderr
        assert _pair(folder) == pairs[name]
        assert _leftovers(folder) == []
    assert killed_mid_run > 0, "no run was killed before it ended: the test proved nothing"


KILL_AFTER_FIRST_RENAME = """\
import os, signal, sys
real = os.replace
def replace(src, dst, *args, **kwargs):
    real(src, dst, *args, **kwargs)
    if str(dst).endswith("services.json"):
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
from fcsec.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_kill_9_between_the_two_renames_is_repaired_by_the_next_run(tmp_path: Path) -> None:
    expected = _expected_pair(tmp_path, SPEC_A, "a")
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            KILL_AFTER_FIRST_RENAME,
            "compile",
            spec,
            "--config-dir",
            str(folder),
        ],
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL
    assert killed.stdout == b""  # nothing was printed before the commit
    assert _pair(folder) == (expected[0], OLD_CFG.encode())  # each file old or new
    assert any(name.endswith(".fcsec-tmp") for name in _leftovers(folder))
    assert _fcsec("compile", spec, "--config-dir", str(folder), "--check").returncode == 3
    rerun = _fcsec("compile", spec, "--config-dir", str(folder))
    assert rerun.returncode == 0, rerun.stderr
    assert _pair(folder) == expected
    assert _leftovers(folder) == []


@pytest.mark.slow
def test_concurrent_runs_never_mix_two_specs(tmp_path: Path) -> None:
    pairs = {"a": _expected_pair(tmp_path, SPEC_A, "a"), "b": _expected_pair(tmp_path, SPEC_B, "b")}
    specs = [_write_spec(tmp_path, text, f"c-{i}.fcsec") for i, text in enumerate((SPEC_A, SPEC_B))]
    for round_ in range(3):
        folder = _folder(tmp_path, f"concurrent-{round_}")
        children = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "fcsec",
                    "compile",
                    specs[i % 2],
                    "--config-dir",
                    str(folder),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for i in range(6)
        ]
        for child in children:
            _, err = child.communicate(timeout=120)
            assert child.returncode == 0, err
        assert _pair(folder) in (pairs["a"], pairs["b"])
        assert _leftovers(folder) == []


def test_a_held_lock_makes_a_second_run_wait_then_fail_naming_the_holder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    with folder_lock(folder, str(folder), exclusive=True, timeout=1, command="fcsec compile x"):
        started = time.monotonic()
        code = main(["compile", spec, "--config-dir", str(folder), "--lock-timeout", "0.3"])
        waited = time.monotonic() - started
    assert code == 1
    assert waited >= 0.3
    err = capsys.readouterr().err
    assert "FCS907" in err
    assert f"pid {os.getpid()}" in err
    assert "fcsec compile x" in err
    assert _pair(folder) == (OLD_SERVICES.encode(), OLD_CFG.encode())
    assert _leftovers(folder) == []  # the holder removed its lock file when it let go


def test_check_reads_under_a_shared_lock_and_never_creates_the_lock_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    assert main(["compile", spec, "--config-dir", str(folder), "--check"]) == 3
    assert _leftovers(folder) == []


# --- stdout: full device, closed pipe ------------------------------------------------------------


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
def test_a_full_stdout_changes_neither_the_files_nor_the_exit_code(
    tmp_path: Path, unbuffered: str
) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("this system has no /dev/full")
    expected = _expected_pair(tmp_path, SPEC_A, "a")
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "fcsec", "compile", spec, "--config-dir", str(folder)],
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            timeout=60,
        )
    assert result.returncode == 0
    assert _pair(folder) == expected
    assert b"No space left on device" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
def test_a_closed_pipe_keeps_the_exit_code_of_diff_check(tmp_path: Path, unbuffered: str) -> None:
    folder = _folder(tmp_path)
    spec = _write_spec(tmp_path, SPEC_A)
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    result = subprocess.run(
        f"{sys.executable} -m fcsec compile {spec} --config-dir {folder} --diff --check | head -1",
        shell=True,
        capture_output=True,
        env=env,
        timeout=60,
        executable="/bin/bash",
    )
    assert result.stdout.startswith(b"--- ")
    assert b"Traceback" not in result.stderr
    assert b"internal error" not in result.stderr
    status = subprocess.run(
        f"{sys.executable} -m fcsec compile {spec} --config-dir {folder} --diff --check "
        "| head -c 10 >/dev/null; echo ${PIPESTATUS[0]}",
        shell=True,
        capture_output=True,
        env=env,
        timeout=60,
        executable="/bin/bash",
    )
    assert status.stdout.strip() == b"3"
    assert _pair(folder) == (OLD_SERVICES.encode(), OLD_CFG.encode())


# --- paths ----------------------------------------------------------------------------------------


def test_a_relative_root_is_relative_to_the_spec_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    spec = repo / "security.fcsec"
    spec.write_text(SPEC_A.replace("fcsec = 1\n", 'fcsec = 1\n[server]\nroot = "faircom"\n'))
    monkeypatch.chdir(elsewhere)
    assert main(["compile", str(spec)]) == 0
    assert (repo / "faircom" / "config" / "services.json").is_file()
    assert list(elsewhere.iterdir()) == []


# --- hostile input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "where"),
    [
        ("utf16-le-bom.ctsrvr.cfg", "1:1"),
        ("utf16-be-bom.ctsrvr.cfg", "1:1"),
        ("utf32-bom.ctsrvr.cfg", "1:1"),
        ("utf16-no-bom.ctsrvr.cfg", "1:2"),
        ("nul-byte.ctsrvr.cfg", "2:22"),
    ],
)
def test_a_config_file_that_is_not_utf8_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sample: str, where: str
) -> None:
    folder = _folder(tmp_path)
    raw = (DATA / sample).read_bytes()
    (folder / "ctsrvr.cfg").write_bytes(raw)
    spec = _write_spec(tmp_path, SPEC_A)
    assert main(["compile", spec, "--config-dir", str(folder)]) == 1
    assert _pair(folder) == (OLD_SERVICES.encode(), raw)
    err = capsys.readouterr().err
    assert "error[FCS906]" in err
    assert f"ctsrvr.cfg:{where}" in err
    assert "UTF-32" in err if sample.startswith("utf32") else True


def test_a_utf16_services_json_stops_the_ctsrvr_cfg_write_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path)
    raw = (DATA / "utf16-le-bom.services.json").read_bytes()
    (folder / "services.json").write_bytes(raw)
    spec = _write_spec(tmp_path, SPEC_A)
    assert main(["compile", spec, "--config-dir", str(folder)]) == 1
    assert _pair(folder) == (raw, OLD_CFG.encode())
    assert "FCS906" in capsys.readouterr().err


def test_a_latin1_comment_is_accepted_and_kept_byte_for_byte(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    raw = (DATA / "latin1-comment.ctsrvr.cfg").read_bytes()
    (folder / "ctsrvr.cfg").write_bytes(raw)
    spec = _write_spec(tmp_path, SPEC_A)
    assert main(["compile", spec, "--config-dir", str(folder)]) == 0
    assert (folder / "ctsrvr.cfg").read_bytes().startswith(raw.splitlines(keepends=True)[0])


def _fifo(path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("this platform has no FIFOs")
    os.mkfifo(path)
    return path


def test_a_fifo_as_the_spec_is_refused_without_hanging(tmp_path: Path) -> None:
    spec = _fifo(tmp_path / "security.fcsec")
    result = _fcsec("compile", str(spec), "--config-dir", str(tmp_path / "c"))
    assert result.returncode == 1
    assert b"FCS904" in result.stderr and b"FIFO" in result.stderr
    assert not (tmp_path / "c").exists()


def test_a_fifo_as_ctsrvr_cfg_is_refused_without_hanging(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "ctsrvr.cfg").unlink()
    _fifo(folder / "ctsrvr.cfg")
    spec = _write_spec(tmp_path, SPEC_A)
    result = _fcsec("compile", spec, "--config-dir", str(folder))
    assert result.returncode == 1
    assert b"FCS904" in result.stderr
    assert (folder / "services.json").read_text() == OLD_SERVICES


def test_a_fifo_as_a_certificate_file_is_refused_by_check_without_hanging(tmp_path: Path) -> None:
    _fifo(tmp_path / "serverCert.pem")
    spec = _write_spec(tmp_path, SPEC_A)
    result = _fcsec("check", spec)
    assert result.returncode == 1
    assert b"FIFO" in result.stderr


def test_dev_zero_as_the_spec_is_refused_before_reading(tmp_path: Path) -> None:
    result = _fcsec("compile", "/dev/zero", "--config-dir", str(tmp_path / "c"))
    assert result.returncode == 1
    assert b"FCS904" in result.stderr and b"character device" in result.stderr


def test_a_spec_over_the_size_limit_is_refused_with_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "huge.fcsec"
    with open(spec, "wb") as stream:
        stream.truncate(fileio.SPEC_LIMIT + 1)  # sparse: no disk space used
    assert main(["compile", str(spec), "--config-dir", str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert "FCS905" in err and "10 MiB" in err


ACTING = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def test_compile_prints_hostile_paths_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = Path(__file__).parent / "data" / "hostile" / "escaped_reason.fcsec"
    folder = tmp_path / "conf\x1b[2J"
    for mode in ([], ["--check"], ["--diff", "--check"]):
        main(["compile", str(spec), "--config-dir", str(folder), *mode])
        captured = capsys.readouterr()
        for char in ACTING:
            assert char not in captured.out + captured.err, (mode, repr(char))
    assert "conf\\x1b[2J" in captured.err


def test_compile_refuses_hostile_listener_names_and_prints_them_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = Path(__file__).parent / "data" / "hostile" / "escaped_names.fcsec"
    folder = tmp_path / "conf"
    assert main(["compile", str(spec), "--config-dir", str(folder)]) == 1
    captured = capsys.readouterr()
    for char in ACTING:
        assert char not in captured.out + captured.err, repr(char)
    assert "error[FCS033]: the name `listeners.https\\x1b]0;pwned\\x07`" in captured.err
    assert not folder.exists()
