"""What ``fcsec compile`` says after writing: the respelled certificate keys, the managed parts
that are really in the file, and what the config-file rules find in the files it wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from fcsec.cli import main

SPEC = """\
fcsec = 1
{server}
[certs.server]
file = "server.pem"
key = "server.key"

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"

[database]
cert = "server"
{database}
"""
DB13 = '\n[server]\nproduct = "faircom-db"\nversion = "13"\n'
SERVICES = """\
{
\t"listeners": [
\t\t{
\t\t\t"serviceName": "https8443",
\t\t\t"port": 8443,
\t\t\t"protocol": "https",
\t\t\t"enabled": true,
\t\t\t"tls": {
\t\t\t\t"serverCertificateFilename": "old.pem"
\t\t\t}
\t\t}
\t]
}
"""
CTSRVR = "SERVER_NAME FAIRCOMS\nCOMM_PROTOCOL F_TCPIP\nCOMM_PROTOCOL FSHAREMM\n"
RESPELLED = (
    "config/services.json: listeners.https8443: certificate key respelled "
    "serverCertificateFilename -> certificateFilename for faircom-db 13\n"
)


def _setup(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    server: str = DB13,
    database: str = "",
    ctsrvr: str = CTSRVR,
) -> None:
    tmp_path.mkdir(exist_ok=True)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.fcsec").write_text(SPEC.format(server=server, database=database))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "services.json").write_text(SERVICES)
    (tmp_path / "config" / "ctsrvr.cfg").write_text(ctsrvr)


def _compile(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["compile", "s.fcsec", "--config-dir", "config", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_key_respelled_for_the_server_product_is_named_after_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(tmp_path, monkeypatch)
    code, out, _ = _compile(capsys)
    assert code == 0
    lines = out.splitlines(keepends=True)
    assert lines[:2] == ["config/services.json: updated (listeners.https8443)\n", RESPELLED]
    assert '"certificateFilename": "server.pem"' in (tmp_path / "config/services.json").read_text()
    # Once written, the key is spelled as the product wants: nothing more to say.
    code, out, _ = _compile(capsys)
    assert "respelled" not in out


def test_with_diff_the_respelling_note_goes_to_stderr_and_stdout_stays_a_patch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(tmp_path, monkeypatch)
    code, out, err = _compile(capsys, "--diff")
    assert code == 0
    assert RESPELLED in err
    assert "respelled" not in out
    assert out.startswith("--- a/config/services.json\n")


def test_without_a_product_the_listener_keeps_its_own_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(tmp_path, monkeypatch, server="")
    code, out, _ = _compile(capsys)
    assert code == 0
    assert "respelled" not in out
    services = (tmp_path / "config/services.json").read_text()
    assert '"serverCertificateFilename": "server.pem"' in services
    assert '"certificateFilename"' not in services


def test_shared_memory_is_named_in_the_summary_only_when_the_file_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(tmp_path, monkeypatch, database="shared_memory = false\n")
    _, out, _ = _compile(capsys)
    both = "SUBSYSTEM COMM_PROTOCOL SSL, COMM_PROTOCOL FSHAREMM"
    assert f"config/ctsrvr.cfg: updated ({both})\n" in out
    assert ";COMM_PROTOCOL FSHAREMM" in (tmp_path / "config/ctsrvr.cfg").read_text()

    _setup(
        tmp_path / "other",
        monkeypatch,
        database="shared_memory = false\n",
        ctsrvr="SERVER_NAME FAIRCOMS\nCOMM_PROTOCOL F_TCPIP\n",
    )
    _, out, _ = _compile(capsys)
    assert "config/ctsrvr.cfg: updated (SUBSYSTEM COMM_PROTOCOL SSL)\n" in out


def test_compile_reports_what_the_config_file_rules_find_in_the_files_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The spec turns on SSL_CONNECTIONS_ONLY YES; FSHAREMM, which it does not manage, stays on.
    _setup(tmp_path, monkeypatch)
    code, out, err = _compile(capsys)
    assert code == 0, "a warning does not fail the compile"
    assert "warning[FCS612]" in err
    assert " --> config/ctsrvr.cfg:3:1" in err
    assert "SSL_CONNECTIONS_ONLY YES" in (tmp_path / "config/ctsrvr.cfg").read_text()
    assert out.endswith("restart the server to apply them.\n")


def test_check_mode_prints_no_config_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _setup(tmp_path, monkeypatch)
    code, _, err = _compile(capsys, "--check")
    assert code == 3
    assert "FCS612" not in err


def test_an_error_in_the_files_as_written_refuses_the_compile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # An unmanaged listener already on the port the spec's listener takes: the server could not
    # open both, so nothing is written.
    clash = SERVICES.replace('"serviceName": "https8443"', '"serviceName": "other"').replace(
        '"protocol": "https"', '"protocol": "http"'
    )
    _setup(tmp_path, monkeypatch)
    (tmp_path / "config" / "services.json").write_text(clash)
    before = {
        name: (tmp_path / "config" / name).read_bytes() for name in ("services.json", "ctsrvr.cfg")
    }
    code, out, err = _compile(capsys)
    assert code == 1
    assert "error[FCS616]" in err and out == ""
    after = {
        name: (tmp_path / "config" / name).read_bytes() for name in ("services.json", "ctsrvr.cfg")
    }
    assert after == before
