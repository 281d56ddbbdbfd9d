"""The command line: exit codes, what is written (and what is not), --diff, --check, output."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import pytest

from fcsec import __version__
from fcsec.cli import _Parser, _terminal_columns, build_parser, main

LISTENER_SPEC = """\
fcsec = 1
[certs.server]
file = "serverCert.pem"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
"""

DATABASE_SPEC = """\
fcsec = 1
[certs.server]
file = "serverCert.pem"
[database]
cert = "server"
"""


def _spec(tmp_path: Path, text: str, name: str = "security.fcsec") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"fcsec {__version__}"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", "x.fcsec", "--bogus"]) == 2
    assert "unrecognized arguments: --bogus" in capsys.readouterr().err


def test_diff_and_check_together_print_the_diff_and_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    spec = _spec(tmp_path, LISTENER_SPEC)
    assert main(["compile", spec, "--config-dir", "conf", "--diff", "--check"]) == 3
    captured = capsys.readouterr()
    assert captured.out.startswith("--- /dev/null\n+++ b/conf/services.json\n@@")
    assert "conf/services.json: is missing" in captured.err
    assert not (tmp_path / "conf").exists()
    assert main(["compile", spec, "--config-dir", "conf"]) == 0
    capsys.readouterr()
    assert main(["compile", spec, "--config-dir", "conf", "--diff", "--check"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "up to date" in captured.err


def test_compile_without_config_dir_or_root_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)
    assert main(["compile", spec]) == 2
    assert "--config-dir" in capsys.readouterr().err


def test_compile_defaults_to_the_config_folder_under_server_root(tmp_path: Path) -> None:
    root = tmp_path / "faircom"
    spec = _spec(tmp_path, LISTENER_SPEC + f"[server]\nroot = '{root}'\n")
    assert main(["compile", spec]) == 0
    assert (root / "config" / "services.json").is_file()


def test_missing_spec_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.fcsec")]) == 1
    err = capsys.readouterr().err
    assert "error[FCS901]" in err
    assert "Traceback" not in err


def test_invalid_spec_writes_nothing_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC.replace("port = 8443", "port = 0"))
    config = tmp_path / "config"
    assert main(["compile", spec, "--config-dir", str(config)]) == 1
    assert not config.exists()
    err = capsys.readouterr().err
    assert "error[FCS016]" in err
    assert f"{spec}:6:8" in err


def test_spec_without_database_leaves_ctsrvr_cfg_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)
    assert main(["compile", spec, "--config-dir", str(tmp_path / "c")]) == 0
    assert sorted(path.name for path in (tmp_path / "c").iterdir()) == ["services.json"]
    out = capsys.readouterr().out
    assert "ctsrvr.cfg: not managed by this spec (no [database]), left alone" in out
    assert "services.json: created (listeners.https8443)" in out
    assert "restart the server" in out


def test_spec_without_listeners_leaves_services_json_alone(tmp_path: Path) -> None:
    spec = _spec(tmp_path, DATABASE_SPEC)
    existing = tmp_path / "c" / "services.json"
    existing.parent.mkdir()
    existing.write_bytes(b"not even json")
    assert main(["compile", spec, "--config-dir", str(existing.parent)]) == 0
    assert existing.read_bytes() == b"not even json"
    assert (existing.parent / "ctsrvr.cfg").is_file()


def test_second_compile_reports_unchanged_and_no_restart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, DATABASE_SPEC)
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ctsrvr.cfg: unchanged" in out
    assert "restart" not in out


def test_check_exits_3_and_names_stale_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)
    assert main(["compile", spec, "--config-dir", str(tmp_path), "--check"]) == 3
    out = capsys.readouterr().out
    assert f"{os.path.join(str(tmp_path), 'services.json')}: is missing" in out
    assert "fcsec compile" in out
    assert not (tmp_path / "services.json").exists()


def test_check_exits_0_after_compile(tmp_path: Path) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 0
    assert main(["compile", spec, "--config-dir", str(tmp_path), "--check"]) == 0


def test_check_exits_3_after_a_hand_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, DATABASE_SPEC)
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 0
    cfg = tmp_path / "ctsrvr.cfg"
    cfg.write_text(cfg.read_text().replace("YES", "NO"))
    capsys.readouterr()
    assert main(["compile", spec, "--config-dir", str(tmp_path), "--check"]) == 3
    assert "ctsrvr.cfg: is out of date" in capsys.readouterr().out


def test_diff_prints_a_labelled_unified_diff_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    spec = _spec(tmp_path, DATABASE_SPEC)
    cfg = tmp_path / "ctsrvr.cfg"
    cfg.write_text("SERVER_NAME FAIRCOMS\n")
    assert main(["compile", spec, "--config-dir", str(tmp_path), "--diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("--- a/ctsrvr.cfg\n+++ b/ctsrvr.cfg\n@@")
    assert "+SUBSYSTEM COMM_PROTOCOL SSL {\n" in out
    assert "\x1b[" not in out
    assert cfg.read_text() == "SERVER_NAME FAIRCOMS\n"


def test_diff_marks_a_missing_final_newline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, DATABASE_SPEC)
    (tmp_path / "ctsrvr.cfg").write_text("SERVER_NAME FAIRCOMS")
    assert main(["compile", spec, "--config-dir", str(tmp_path), "--diff"]) == 0
    assert "\\ No newline at end of file" in capsys.readouterr().out


def test_color_always_colours_diagnostics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, "fcsec = 1\nbogus = 1\n")
    assert main(["--color", "always", "check", spec]) == 1
    assert "\x1b[1;31merror[FCS011]" in capsys.readouterr().err


def test_diagnostics_are_plain_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, "fcsec = 1\nbogus = 1\n")
    assert main(["check", spec]) == 1
    err = capsys.readouterr().err
    assert "\x1b[" not in err
    assert "error[FCS011]: unknown key `bogus` at the top level" in err


def test_broken_existing_services_json_is_reported_and_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)
    broken = b'{\n\t"listeners": [\n\t{,\n\t]\n}\n'
    (tmp_path / "services.json").write_bytes(broken)
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 1
    assert (tmp_path / "services.json").read_bytes() == broken
    err = capsys.readouterr().err
    assert "error[FCS301]" in err
    assert "services.json:3:" in err


def test_one_broken_file_means_no_file_is_written(tmp_path: Path) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC + DATABASE_SPEC.split("\n", 3)[3])
    (tmp_path / "ctsrvr.cfg").write_text("}\n")
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 1
    assert not (tmp_path / "services.json").exists()
    assert (tmp_path / "ctsrvr.cfg").read_text() == "}\n"


def test_config_dir_that_is_a_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)
    (tmp_path / "file").write_text("")
    assert main(["compile", spec, "--config-dir", str(tmp_path / "file")]) == 1
    assert "error[FCS903]" in capsys.readouterr().err


def test_env_overlay_is_applied(tmp_path: Path) -> None:
    spec = _spec(tmp_path, DATABASE_SPEC + "[env.dev]\ndatabase.tls_only = false\n")
    assert main(["compile", spec, "--config-dir", str(tmp_path), "--env", "dev"]) == 0
    assert "SSL_CONNECTIONS_ONLY NO\n" in (tmp_path / "ctsrvr.cfg").read_text()


def test_unknown_env_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _spec(tmp_path, DATABASE_SPEC + "[env.dev]\ndatabase.tls_only = false\n")
    assert main(["compile", spec, "--config-dir", str(tmp_path), "--env", "deb"]) == 1
    assert "did you mean `dev`?" in capsys.readouterr().err


def test_check_validates_every_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(
        tmp_path,
        LISTENER_SPEC + "[env.dev]\nlisteners.http8080.protocol = 'http'\n"
        "listeners.http8080.port = 8443\n",
    )
    assert main(["check", spec]) == 1
    assert "error[FCS012]" in capsys.readouterr().err


def test_check_reports_ok_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)
    assert main(["check", spec, "--skip-files"]) == 0
    assert capsys.readouterr().out.strip() == f"{spec}: ok (1 listener)"


def test_internal_error_exits_70_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("fcsec.api.render_outputs", boom)
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 70
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: simulated bug)" in err
    assert "Traceback" not in err


def test_internal_error_with_debug_shows_the_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("fcsec.api.render_outputs", boom)
    assert main(["--debug", "compile", spec, "--config-dir", str(tmp_path)]) == 70
    assert "Traceback" in capsys.readouterr().err


def test_windows_path_is_written_as_escaped_json(tmp_path: Path) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC.replace('"serverCert.pem"', "'C:\\faircom\\ca.pem'"))
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 0
    text = (tmp_path / "services.json").read_text()
    assert '"certificateFilename": "C:\\\\faircom\\\\ca.pem"' in text


def test_output_is_the_same_bytes_on_every_run(tmp_path: Path) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC + DATABASE_SPEC.split("\n", 3)[3])
    assert main(["compile", spec, "--config-dir", str(tmp_path / "one")]) == 0
    assert main(["compile", spec, "--config-dir", str(tmp_path / "two")]) == 0
    for name in ("services.json", "ctsrvr.cfg"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_an_unmanaged_config_file_is_not_even_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = _spec(tmp_path, LISTENER_SPEC)
    read: list[str] = []
    import fcsec.fileio

    real = fcsec.fileio.read_config

    def spy(path: Path | str, display: str) -> str | None:
        read.append(os.path.basename(path))
        return real(path, display)

    monkeypatch.setattr(fcsec.fileio, "read_config", spy)
    assert main(["compile", spec, "--config-dir", str(tmp_path)]) == 0
    assert read == ["services.json"]


def test_the_process_entry_runs_main_and_freezes_the_objects_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc
    import subprocess
    import sys
    import tomllib

    from fcsec.launch import run

    spec = _spec(tmp_path, LISTENER_SPEC)
    monkeypatch.setattr(sys, "argv", ["fcsec", "check", spec, "--skip-files"])
    collecting = gc.isenabled()
    try:
        assert run() == 0
        assert gc.get_freeze_count() > 0  # the interpreter's last collections will skip them
    finally:
        gc.unfreeze()
        if collecting:
            gc.enable()
    # Both ways users start fcsec go through run(): the console script and python -m fcsec. The
    # collector is off before the first module of fcsec past the package is imported.
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text("utf-8"))["project"]["scripts"]
    assert scripts == {"fcsec": "fcsec.launch:run"}
    code = (
        "import gc, runpy, sys\n"
        "seen = []\n"
        "def audit(event, args):\n"
        "    if event == 'import' and args[0] == 'fcsec.cli':\n"
        "        seen.append(gc.isenabled())\n"
        "sys.addaudithook(audit)\n"
        f"sys.argv = ['fcsec', 'check', {spec!r}, '--skip-files']\n"
        "try:\n"
        "    runpy.run_module('fcsec', run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    print(done.code, gc.get_freeze_count() > 0, seen)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "0 True [False]", done.stderr


BROKEN_PROD = DATABASE_SPEC + (
    '[listeners.http8080]\nprotocol = "http"\nport = 8080\n'
    "[env.prod]\nlisteners.http8080.port = 99999\n"
    "[env.dev]\ndatabase.tls_only = false\n"
)


@pytest.mark.parametrize("env", [None, "dev"], ids=["base", "env-dev"])
def test_compile_fails_on_a_broken_overlay_it_does_not_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], env: str | None
) -> None:
    spec = _spec(tmp_path, BROKEN_PROD)
    folder = tmp_path / "c"
    extra = ["--env", env] if env else []
    for mode in ([], ["--check"], ["--diff"]):
        assert main(["compile", spec, "--config-dir", str(folder), *extra, *mode]) == 1
        assert "FCS016" in capsys.readouterr().err  # port outside 1-65535, in [env.prod]
    assert not folder.exists()
    assert main(["check", spec, "--skip-files"]) == 1  # check agrees


@pytest.mark.parametrize("columns", [None, "120", "45", "0", "-3", "wide"])
def test_the_help_width_is_the_one_shutil_gives(
    monkeypatch: pytest.MonkeyPatch, columns: str | None
) -> None:
    # The parser asks for the width without importing shutil; the answer must not differ.
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize("columns", ["50", "100"])
def test_every_help_reads_as_argparse_itself_would_write_it(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    parser = build_parser()
    commands = next(
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    )
    parsers = [parser, *commands.choices.values()]
    ours = [each.format_help() for each in parsers]
    monkeypatch.setattr(_Parser, "_get_formatter", argparse.ArgumentParser._get_formatter)
    assert [each.format_help() for each in parsers] == ours
