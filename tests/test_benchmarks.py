"""The benchmark script still runs (quick mode). It asserts the report's fields, never a time:
speed is measured by benchmarks/bench.py on a quiet machine, not by unit tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # runs the benchmark script

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_script_runs_in_quick_mode(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--quick", "--json", str(out)],
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
    assert data["cold_start"]["python_no_site_cpu_s"] > 0
    assert data["cold_start"]["import_attrs_cpu_s"] > 0
    assert len(data["load_average_at_start"]) == 3
    for line in ("cold start", "start-up context", "listeners", "cfg lines", "peak RSS"):
        assert line in result.stdout
