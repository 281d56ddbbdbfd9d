"""fcsec.consequences: what a compile takes away from clients, said in the summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from fcsec.cli import main
from fcsec.consequences import client_notes

PLAIN_CFG = "SERVER_NAME FAIRCOMS\nCOMM_PROTOCOL FSHAREMM\nCOMM_PROTOCOL F_TCPIP\n"
SSL_ONLY_CFG = (
    "SERVER_NAME FAIRCOMS\n;COMM_PROTOCOL FSHAREMM\nCOMM_PROTOCOL F_TCPIP\n"
    "SUBSYSTEM COMM_PROTOCOL SSL {\nSERVER_CERTIFICATE_FILE a.pem\nSSL_CONNECTIONS_ONLY YES\n}\n"
)
SERVICES = """{{"listeners": [{{"serviceName": "http8080", "port": 8080, "protocol": "http",
"enabled": {enabled}}}], "mqtt": {{"authenticationMethods": {methods}}}}}"""


def test_newly_requiring_tls_names_the_clients_that_lose_access() -> None:
    notes = client_notes([("ctsrvr.cfg", PLAIN_CFG, SSL_ONLY_CFG)])
    assert any("SSL_CONNECTIONS_ONLY YES" in note and "tls_only = false" in note for note in notes)
    assert any("FSHAREMM" in note and "shared memory" in note for note in notes)


def test_a_cfg_that_already_required_tls_gets_no_note() -> None:
    changed = SSL_ONLY_CFG.replace("a.pem", "b.pem")
    assert client_notes([("ctsrvr.cfg", SSL_ONLY_CFG, changed)]) == ()


def test_a_new_file_takes_nothing_away() -> None:
    assert client_notes([("ctsrvr.cfg", None, SSL_ONLY_CFG)]) == ()


def test_disabling_a_listener_and_dropping_a_login_method_are_named() -> None:
    before = SERVICES.format(enabled="true", methods='["none", "password"]')
    after = SERVICES.format(enabled="false", methods='["password"]')
    notes = client_notes([("services.json", before, after)])
    assert any("http8080" in note and "8080" in note for note in notes)
    assert any("authenticationMethods" in note and "none" in note for note in notes)


def test_disabling_the_ssl_block_is_named() -> None:
    disabled = SSL_ONLY_CFG.replace(
        "SUBSYSTEM COMM_PROTOCOL SSL {", ";SUBSYSTEM COMM_PROTOCOL SSL {"
    )
    notes = client_notes([("ctsrvr.cfg", SSL_ONLY_CFG, disabled)])
    assert any("disabled" in note for note in notes)


def test_compile_prints_the_note_after_the_file_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ctsrvr.cfg").write_text(PLAIN_CFG)
    spec = tmp_path / "security.fcsec"
    spec.write_text('fcsec = 1\n[certs.server]\nfile = "s.pem"\n[database]\ncert = "server"\n')
    assert main(["compile", str(spec), "--config-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "ctsrvr.cfg: updated" in out
    assert "note: ctsrvr.cfg now sets SSL_CONNECTIONS_ONLY YES" in out
    assert out.index("ctsrvr.cfg: updated") < out.index("note:")
    capsys.readouterr()
    assert main(["compile", str(spec), "--config-dir", str(tmp_path)]) == 0
    assert "note:" not in capsys.readouterr().out  # unchanged: nothing new to say
