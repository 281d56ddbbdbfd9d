"""Writing the PKI: all or nothing, never over an existing file, keys readable only by you."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from fcsec.diagnostics import DiagnosticError
from fcsec.pki import layout, store

FILES = [(planned, f"{planned.name}\n".encode()) for planned in layout.plan(("admin",))]


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_private_keys_get_mode_0600(tmp_path: Path, open_umask: None) -> None:
    store.write_new(tmp_path / "pki", "pki", FILES)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (tmp_path / "pki").iterdir()}
    assert {name for name, mode in modes.items() if mode == 0o600} == {
        "ca.key",
        "server.key",
        "ctree_ssl.pem",
        "client-admin.key",
    }


def test_certificates_are_readable_by_others(tmp_path: Path, open_umask: None) -> None:
    store.write_new(tmp_path / "pki", "pki", FILES)
    assert stat.S_IMODE((tmp_path / "pki" / "ca.pem").stat().st_mode) == 0o644


def test_an_existing_file_stops_the_whole_write(tmp_path: Path) -> None:
    (tmp_path / "ctsrvr.pem").write_text("mine\n")
    with pytest.raises(DiagnosticError) as raised:
        store.write_new(tmp_path, "out", FILES)
    assert raised.value.diagnostics[0].rule == "FCS701"
    assert "out/ctsrvr.pem" in raised.value.diagnostics[0].message
    assert [path.name for path in tmp_path.iterdir()] == ["ctsrvr.pem"]
    assert (tmp_path / "ctsrvr.pem").read_text() == "mine\n"


def test_a_dangling_link_counts_as_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "ca.key").symlink_to(tmp_path / "nowhere")
    with pytest.raises(DiagnosticError):
        store.write_new(tmp_path, "out", FILES)
    assert not (tmp_path / "nowhere").exists()


def test_a_file_where_the_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pki").write_text("")
    with pytest.raises(DiagnosticError) as raised:
        store.write_new(tmp_path / "pki", "pki", FILES)
    assert raised.value.diagnostics[0].rule == "FCS702"


def test_missing_folders_are_created(tmp_path: Path) -> None:
    store.write_new(tmp_path / "a" / "b", "a/b", FILES)
    assert (tmp_path / "a" / "b" / "ca.pem").read_bytes() == b"ca.pem\n"
