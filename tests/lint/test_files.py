"""Where FairCom finds a file the spec names (fcsec.lint.files.resolve) and the reader."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fcsec.lint.files import Files, is_absolute, resolve


@pytest.mark.parametrize(
    "name", ["/Certs/ca.crt", "C:\\certs\\server.pem", "c:/certs/server.pem", "\\\\host\\s\\x.pem"]
)
def test_absolute_names_are_used_as_written(name: str) -> None:
    assert resolve(name, root="/opt/faircom", spec_path="specs/a.fcsec") == name


@pytest.mark.parametrize("name", ["server.pem", "./web/fccert.pem", "certs\\x.pem", "a:b.pem"])
def test_relative_names_are_not_absolute(name: str) -> None:
    assert not is_absolute(name)


def test_a_relative_name_resolves_in_the_root_server_folder() -> None:
    assert resolve("serverCert.pem", root="/opt/faircom", spec_path="x.fcsec") == (
        "/opt/faircom/server/serverCert.pem"
    )


def test_a_relative_path_resolves_below_the_root_server_folder() -> None:
    assert resolve("./web/fccert.pem", root="/opt/faircom/", spec_path="x.fcsec") == (
        "/opt/faircom/server/web/fccert.pem"
    )


def test_a_windows_root_joins_with_backslashes() -> None:
    assert resolve("server.pem", root="C:\\FairCom", spec_path="x.fcsec") == (
        "C:\\FairCom\\server\\server.pem"
    )


def test_without_a_root_a_name_resolves_beside_the_spec() -> None:
    assert resolve("server.pem", root=None, spec_path="specs/prod/a.fcsec") == str(
        Path("specs/prod/server.pem")
    )


def test_without_a_root_a_spec_in_the_working_folder_keeps_the_name() -> None:
    assert resolve("server.pem", root=None, spec_path="a.fcsec") == "server.pem"


def test_the_reader_says_why_a_file_is_missing(tmp_path: Path) -> None:
    assert Files().read(str(tmp_path / "nope.pem")).problem == "does not exist"


def test_the_reader_refuses_a_folder(tmp_path: Path) -> None:
    assert Files().read(str(tmp_path)).problem == (
        "is a folder (directory), not a regular file; fcsec does not read it"
    )


def test_a_fifo_is_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "server.pem"
    os.mkfifo(fifo)
    loaded = Files().read(str(fifo))  # would block forever if it opened the FIFO to read
    assert loaded.data is None
    assert loaded.problem is not None and "FIFO" in loaded.problem


def test_a_device_is_refused_without_reading() -> None:
    loaded = Files().read("/dev/zero")  # would never end if it were read
    assert loaded.data is None
    assert loaded.problem is not None and "character device" in loaded.problem


def test_the_reader_returns_the_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.pem").write_bytes(b"abc")
    assert Files().read(str(tmp_path / "a.pem")).data == b"abc"


def test_the_reader_refuses_a_file_too_large_for_a_certificate(tmp_path: Path) -> None:
    (tmp_path / "big.pem").write_bytes(b"x" * ((1 << 20) + 1))
    assert Files().read(str(tmp_path / "big.pem")).problem is not None
