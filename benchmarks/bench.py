"""Benchmarks of fcsec as users run it: whole processes, as ratios to a baseline of the same run.

    python benchmarks/bench.py            # the full measurement (a few minutes on 2 cores)
    python benchmarks/bench.py --quick    # small sizes, few repeats: proves the script still runs
    python benchmarks/bench.py --json FILE

Each case times whole processes (median of several runs) and divides by a baseline measured in
the same run on the same machine, so the ratios mean something on a shared, noisy machine:

- cold start: ``fcsec compile`` of the quickstart example vs ``python -c pass``;
- large spec: ``fcsec check --skip-files`` of a 2,000-listener spec vs ``tomllib.load`` of it;
- large cfg: ``fcsec compile`` of a small [database] spec into a 100,000-line ctsrvr.cfg vs
  ``configparser`` reading an INI file with the same lines;
- growth: 200 vs 2,000 listeners and 10,000 vs 100,000 cfg lines (time ratio for 10x input),
  and the peak memory (max RSS) of the 100,000-line edit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FCSEC = [PYTHON, "-m", "fcsec"]


def _run(argv: Sequence[str], cwd: Path) -> tuple[float, int]:
    """Wall time of one process and its peak RSS in KiB (Linux ru_maxrss of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 3):
        raise SystemExit(f"benchmark command failed: {argv}\n{result.stderr.decode()}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before)


def _median(argv: Sequence[str], cwd: Path, repeat: int, prepare: object = None) -> float:
    times = []
    for _ in range(repeat):
        if callable(prepare):
            prepare()
        times.append(_run(argv, cwd)[0])
    return statistics.median(times)


def _listener_spec(count: int) -> str:
    lines = ['fcsec = 1', '', '[certs.server]', 'file = "serverCert.pem"', 'key = "serverKey.pem"']
    for index in range(count):
        port = 10000 + index
        lines += [
            "",
            f"[listeners.https{port}]",
            'protocol = "https"',
            f"port = {port}",
            'tls.cert = "server"',
            'tls.ciphers = "tlsref-intermediate"',
        ]
    return "\n".join(lines) + "\n"


def _cfg_lines(count: int) -> list[tuple[str, str]]:
    keywords = ("LOCAL_DIRECTORY", "DAT_MEMORY", "SQL_OPTION", "COMPATIBILITY", "SETENV")
    return [(f"{keywords[index % 5]}_{index}", f"value {index} MB") for index in range(count)]


def _write_cfg(path: Path, count: int) -> None:
    body = []
    for index, (keyword, value) in enumerate(_cfg_lines(count)):
        if index % 10 == 0:
            body.append(f"; comment line {index}\n")
        body.append(f"{keyword:<24}{value}\n")
    path.write_text("".join(body[:count]), encoding="utf-8")


def _write_ini(path: Path, count: int) -> None:
    body = ["[server]\n"]
    for index, (keyword, value) in enumerate(_cfg_lines(count)):
        if index % 10 == 0:
            body.append(f"; comment line {index}\n")
        body.append(f"{keyword} = {value}\n")
    path.write_text("".join(body[: count + 1]), encoding="utf-8")


DATABASE_SPEC = 'fcsec = 1\n[certs.server]\nfile = "serverCert.pem"\n[database]\ncert = "server"\n'


def measure(quick: bool) -> dict[str, object]:
    repeat = 3 if quick else 9
    listeners = (20, 200) if quick else (200, 2000)
    cfg_sizes = (1000, 10000) if quick else (10000, 100000)
    work = Path(tempfile.mkdtemp(prefix="fcsec-bench-"))
    results: dict[str, object] = {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "quick": quick,
    }
    try:
        quickstart = ROOT / "specs" / "examples" / "quickstart.fcsec"
        config = work / "config"

        def fresh_config() -> None:
            shutil.rmtree(config, ignore_errors=True)

        baseline = _median([PYTHON, "-c", "pass"], work, repeat)
        cold = _median(
            [*FCSEC, "compile", str(quickstart), "--config-dir", str(config)],
            work,
            repeat,
            fresh_config,
        )
        results["cold_start"] = {"fcsec_s": cold, "python_pass_s": baseline, "ratio": cold / baseline}

        spec_times: dict[int, float] = {}
        for count in listeners:
            spec = work / f"listeners-{count}.fcsec"
            spec.write_text(_listener_spec(count), encoding="utf-8")
            spec_times[count] = _median([*FCSEC, "check", str(spec), "--skip-files"], work, repeat)
        big = listeners[-1]
        toml_load = _median(
            [PYTHON, "-c", f"import tomllib; tomllib.load(open({str(work / f'listeners-{big}.fcsec')!r}, 'rb'))"],
            work,
            repeat,
        )
        results["large_spec"] = {
            "listeners": big,
            "fcsec_check_s": spec_times[big],
            "tomllib_load_s": toml_load,
            "ratio": spec_times[big] / toml_load,
            "growth_10x": spec_times[listeners[1]] / spec_times[listeners[0]],
        }

        spec = work / "database.fcsec"
        spec.write_text(DATABASE_SPEC, encoding="utf-8")
        cfg_times: dict[int, float] = {}
        peak_kib = 0
        for count in cfg_sizes:
            folder = work / f"cfg-{count}"
            folder.mkdir()
            target = folder / "ctsrvr.cfg"

            def reset(target: Path = target, count: int = count) -> None:
                _write_cfg(target, count)

            times = []
            for _ in range(repeat):
                reset()
                elapsed, peak = _run(
                    [*FCSEC, "compile", str(spec), "--config-dir", str(folder)], work
                )
                times.append(elapsed)
                peak_kib = max(peak_kib, peak)
            cfg_times[count] = statistics.median(times)
        ini = work / "same-lines.ini"
        _write_ini(ini, cfg_sizes[-1])
        configparser_s = _median(
            [PYTHON, "-c", "import configparser, sys; c = configparser.ConfigParser(strict=False);"
             f" c.read({str(ini)!r})"],
            work,
            repeat,
        )
        results["large_cfg"] = {
            "lines": cfg_sizes[-1],
            "fcsec_compile_s": cfg_times[cfg_sizes[-1]],
            "configparser_s": configparser_s,
            "ratio": cfg_times[cfg_sizes[-1]] / configparser_s,
            "growth_10x": cfg_times[cfg_sizes[1]] / cfg_times[cfg_sizes[0]],
            "peak_rss_mib_max_of_runs": peak_kib / 1024,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _report(results: dict[str, object]) -> str:
    cold = results["cold_start"]
    spec = results["large_spec"]
    cfg = results["large_cfg"]
    assert isinstance(cold, dict) and isinstance(spec, dict) and isinstance(cfg, dict)
    return "\n".join(
        [
            f"python {results['python']}, {results['cpus']} CPUs, quick={results['quick']}",
            f"cold start         fcsec compile {cold['fcsec_s']:.3f}s / python -c pass "
            f"{cold['python_pass_s']:.3f}s = {cold['ratio']:.2f}x (target <= 5x, ambition 3x)",
            f"{spec['listeners']} listeners   fcsec check {spec['fcsec_check_s']:.3f}s / tomllib.load "
            f"{spec['tomllib_load_s']:.3f}s = {spec['ratio']:.2f}x (target <= 3x, ambition 1.5x); "
            f"10x input -> {spec['growth_10x']:.2f}x time",
            f"{cfg['lines']} cfg lines fcsec compile {cfg['fcsec_compile_s']:.3f}s / configparser "
            f"{cfg['configparser_s']:.3f}s = {cfg['ratio']:.2f}x (target <= 1.5x, ambition 1x); "
            f"10x input -> {cfg['growth_10x']:.2f}x time; peak RSS "
            f"{cfg['peak_rss_mib_max_of_runs']:.1f} MiB (limit 100 MiB)",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    results = measure(args.quick)
    print(_report(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
