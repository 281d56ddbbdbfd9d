"""The benchmark script still runs (quick mode). It asserts the report's fields, never a time:
speed is measured by benchmarks/bench.py on a quiet machine, not by unit tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the benchmark script

ROOT = Path(__file__).resolve().parent.parent


def _cfg_source() -> Path:
    """The real FairCom file the large ctsrvr.cfg is built from; where the shared samples are
    absent, the lookalike of it in tests/data (the script's run is what is tested here)."""
    samples = Path(os.environ.get("FCSEC_SAMPLES", ROOT.parent / "shared" / "samples"))
    real = samples / "faircom-edge-5.1" / "ctsrvr.cfg"
    return real if real.is_file() else ROOT / "tests" / "data" / "cfg" / "edge-lookalike.cfg"


def test_benchmark_script_runs_in_quick_mode(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    script = str(ROOT / "benchmarks" / "bench.py")
    result = subprocess.run(
        [sys.executable, script, "--quick", "--json", str(out), "--cfg-source", str(_cfg_source())],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["quick"] is True
    for case in ("cold_start", "large_spec", "large_cfg"):
        assert data[case]["ratio"] > 0
        assert data[case]["wall_ratio"] > 0
    for case in ("large_spec", "large_cfg"):
        assert set(data[case]["growth_10x"]) == {"whole_process", "marginal"}
        assert data[case]["growth_10x"]["whole_process"] > 0
    assert data["large_cfg"]["peak_rss_mib"] > 0
    # The child's own peak, read through the launcher, whose floor is reported beside it.
    assert 0 < data["large_cfg"]["launcher_floor_mib"] < data["large_cfg"]["peak_rss_mib"]
    # fcsec ran from a wheel in a clean virtual environment, not from this checkout.
    assert "/venv/" in data["fcsec"] and str(ROOT) not in data["fcsec"]
    assert data["cold_start"]["python_no_site_cpu_s"] > 0
    assert data["cold_start"]["import_attrs_cpu_s"] > 0
    assert data["cold_start"]["floor_cpu_s"] > 0
    assert len(data["load_average_at_start"]) == 3
    for line in ("cold start", "start-up context", "floor", "listeners", "cfg lines", "peak RSS"):
        assert line in result.stdout
