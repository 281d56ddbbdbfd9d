"""End to end on real FairCom files: `fcsec compile` on a stock Edge 5.1 config folder.

The diff must hold exactly what a careful person following the FairCom guide would change
(reviewed line by line in samples/edge51.diff), a second compile must not touch the files, and
a synthetic look-alike of the same layout (committed) gives the same edits, so the behaviour is
pinned even where ../shared/samples is absent.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from fcsec.cli import main

HERE = Path(__file__).resolve().parent
SPEC = HERE / "samples" / "edge51.fcsec"
EXPECTED_DIFF = HERE / "samples" / "edge51.diff"
LOOKALIKE = HERE.parent / "data"


def _config_dir(tmp_path: Path, cfg: Path, services: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    for source, name in ((cfg, "ctsrvr.cfg"), (services, "services.json")):
        shutil.copyfile(source, folder / name)
        (folder / name).chmod(stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP)
    return folder


def _compile(folder: Path, *extra: str) -> int:
    return main(["compile", str(SPEC), "--config-dir", str(folder), *extra])


def test_enabling_tls_on_stock_edge_51_changes_only_what_the_guide_says(
    samples: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    edge = samples / "faircom-edge-5.1"
    folder = _config_dir(tmp_path, edge / "ctsrvr.cfg", edge / "services.json")
    monkeypatch.chdir(folder)  # the diff's labels are relative to the working directory
    assert _compile(folder, "--diff") == 0
    diff = capsys.readouterr().out
    if os.environ.get("FCSEC_UPDATE_GOLDEN") == "1":
        EXPECTED_DIFF.write_text(diff, encoding="utf-8")
    assert diff == EXPECTED_DIFF.read_text(encoding="utf-8")


def test_compile_then_recompile_leaves_the_files_untouched(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edge = samples / "faircom-edge-5.1"
    folder = _config_dir(tmp_path, edge / "ctsrvr.cfg", edge / "services.json")
    assert _compile(folder) == 0
    modes = {path.name: path.stat().st_mode for path in folder.iterdir()}
    stamps = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert _compile(folder, "--check") == 0
    assert _compile(folder) == 0
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == stamps
    assert {path.name: path.stat().st_mode for path in folder.iterdir()} == modes
    assert "ctsrvr.cfg: unchanged" in capsys.readouterr().out


def test_every_unmanaged_byte_of_the_real_files_survives(samples: Path, tmp_path: Path) -> None:
    edge = samples / "faircom-edge-5.1"
    folder = _config_dir(tmp_path, edge / "ctsrvr.cfg", edge / "services.json")
    assert _compile(folder) == 0
    before = (edge / "ctsrvr.cfg").read_bytes().splitlines(keepends=True)
    after = (folder / "ctsrvr.cfg").read_bytes().splitlines(keepends=True)
    changed = [line for line in after if line not in before]
    assert changed == [
        b"SUBSYSTEM COMM_PROTOCOL SSL {\n",
        b"SERVER_CERTIFICATE_FILE ctree_ssl.pem\n",
        b"SSL_CONNECTIONS_ONLY YES\n",
        b"SSL_CIPHERS ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        b"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        b"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305\n",
    ]
    assert len(after) == len(before)


def test_lookalike_files_get_the_same_edits(tmp_path: Path) -> None:
    cfg = LOOKALIKE / "cfg" / "edge-lookalike.cfg"
    services = LOOKALIKE / "services" / "edge-lookalike.json"
    folder = _config_dir(tmp_path, cfg, services)
    assert _compile(folder) == 0
    text = (folder / "ctsrvr.cfg").read_text(encoding="utf-8")
    assert "\nSUBSYSTEM COMM_PROTOCOL SSL {\n" in text
    assert "\nSSL_CONNECTIONS_ONLY YES\n" in text
    assert "AES256-GCM-SHA38:" not in text
    assert _compile(folder, "--check") == 0
