"""``fcsec certs init`` from the command line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fcsec.api import load_spec
from fcsec.cli import main
from fcsec.source import SourceFile

EXPECTED = {
    "ca.pem",
    "ca.key",
    "server.crt",
    "server.key",
    "ctree_ssl.pem",
    "ctsrvr.pem",
    "client-Jon_Doe.pem",
    "client-Jon_Doe.key",
}


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_writes_the_documented_files(in_tmp: Path) -> None:
    code = main(["certs", "init", "pki", "--hostname", "localhost", "--client", "Jon Doe"])
    assert code == 0
    assert {path.name for path in (in_tmp / "pki").iterdir()} == EXPECTED


def test_init_never_overwrites_and_then_writes_nothing(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (in_tmp / "pki").mkdir()
    (in_tmp / "pki" / "server.key").write_text("precious\n")
    code = main(["certs", "init", "pki", "--hostname", "localhost"])
    assert code == 1
    assert "pki/server.key already exists" in capsys.readouterr().err
    assert os.listdir(in_tmp / "pki") == ["server.key"]
    assert (in_tmp / "pki" / "server.key").read_text() == "precious\n"


def test_printed_snippet_completes_a_valid_spec(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["certs", "init", "pki", "--hostname", "localhost", "--client", "admin"])
    snippet = capsys.readouterr().out.split("\n\n", 1)[1]
    text = (
        "fcsec = 1\n\n"
        + snippet
        + '\n[listeners.mqtts8883]\nprotocol = "mqtts"\nport = 8883\n'
        + 'tls.cert = "server"\ntls.client_ca = "client_ca"\n'
    )
    spec = load_spec(SourceFile("spec.fcsec", text)).spec
    assert {cert.name: cert.file for cert in spec.certs} == {
        "server": "pki/ctree_ssl.pem",
        "client_ca": "pki/ca.pem",
    }


def test_a_malformed_hostname_is_a_usage_error(
    in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["certs", "init", "pki", "--hostname", "not a host"]) == 2
    assert "neither an IP address nor a DNS name" in capsys.readouterr().err
    assert not (in_tmp / "pki").exists()


def test_two_clients_with_one_file_name_are_a_usage_error(in_tmp: Path) -> None:
    code = main(
        ["certs", "init", "pki", "--hostname", "h", "--client", "Jon Doe", "--client", "Jon_Doe"]
    )
    assert code == 2
    assert not (in_tmp / "pki").exists()
