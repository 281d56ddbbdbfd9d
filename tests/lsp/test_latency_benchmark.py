"""benchmarks/lsp_latency.py still runs (a small spec, two edits). It asserts the report's
fields, never a time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

pytestmark = [pytest.mark.slow, pytest.mark.external]  # starts `fcsec lsp`

ROOT = Path(__file__).resolve().parents[2]


def test_the_latency_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "lsp.json"
    script = ROOT / "benchmarks" / "lsp_latency.py"
    done = subprocess.run(
        [sys.executable, str(script), "--listeners", "50", "--edits", "2", "--json", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["listeners"] == 50
    assert data["edits"] == 2
    assert data["check_s"] > 0 and data["edit_to_diagnostics_s"] > 0
    assert "edit to diagnostics" in done.stdout
