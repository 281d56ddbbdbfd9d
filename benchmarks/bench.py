"""Benchmarks of fcsec as users run it: whole processes, as ratios to a baseline of the same run.

    python benchmarks/bench.py            # the full measurement (a few minutes on 2 cores)
    python benchmarks/bench.py --quick    # small sizes, few repeats: proves the script still runs
    python benchmarks/bench.py --json FILE

Each case times whole processes and divides by a baseline measured in the same run on the same
machine, so the ratios mean something on a shared, noisy machine:

- cold start: ``fcsec compile`` of the quickstart example vs ``python -c pass``;
- large spec: ``fcsec check --skip-files`` of a 2,000-listener spec vs ``tomllib.load`` of it;
- large cfg: ``fcsec compile`` of a small [database] spec into a 100,000-line ctsrvr.cfg built
  from a real FairCom file (Edge 5.1's, from the shared samples: its lines repeated, its SSL block
  once) vs ``configparser`` reading the same lines (a lossy read: no comments, no layout);
- growth: 200 vs 2,000 listeners and 10,000 vs 100,000 cfg lines (time ratio for 10x input),
  and the peak memory (max RSS) of the 100,000-line edit.

How it measures, and why:

- Every process is timed twice: wall time, and the CPU time (user + system) the kernel charged
  to that one child (``os.wait4``). On a machine that other jobs share, wall time mostly
  measures the queue for a core; CPU time measures the work. The ratios use CPU time; wall
  times are reported beside them.
- A case and its baseline run interleaved (A B A B ...), so a change of load hits both alike;
  each figure is the median of the repeats.
- The children write and read byte-code caches in a private folder (``PYTHONPYCACHEPREFIX``),
  after one warm-up run, as an installed fcsec has its ``.pyc`` files; a shell that sets
  ``PYTHONDONTWRITEBYTECODE`` would otherwise make fcsec, and not the standard library baseline,
  compile its sources on every run.
- Growth is given two ways: whole processes (what a user waits for), and the marginal cost
  with the start-up (the same command on a one-line input) taken off both sizes, which is the
  figure that shows whether the work itself is linear.
- fcsec runs installed from a wheel built from this checkout, in a clean virtual environment
  made for the run (its dependencies from the package index), and so do the baselines: the same
  interpreter, without this machine's site-packages or their start-up hooks. ``--python``
  measures another installation instead.
- Peak memory is the child's own: every command runs under a minimal launcher (``python -S``,
  three standard modules) that spawns it and reads its ``ru_maxrss`` from ``os.wait4``. Linux
  starts a child's ``ru_maxrss`` at the peak of the process it was spawned from, so measuring
  from this script would report this script's own memory as a floor; the launcher's floor is
  reported beside the figures (``launcher_floor_mib``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Run:
    """One process: wall seconds, CPU seconds (user + system) and peak RSS in MiB."""

    def __init__(self, wall: float, cpu: float, rss_mib: float) -> None:
        self.wall, self.cpu, self.rss_mib = wall, cpu, rss_mib


def _environment(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


#: Spawns the measured command and reports its wall time, CPU time and peak RSS: a small
#: process, so that the child's ru_maxrss does not start at this script's peak.
_LAUNCHER = """\
import json, os, time
report, errors, *argv = os.sys.argv[1:]
actions = [
    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
    (os.POSIX_SPAWN_OPEN, 2, errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
]
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(report, "w") as out:
    json.dump({"code": os.waitstatus_to_exitcode(status), "wall": wall,
               "cpu": usage.ru_utime + usage.ru_stime, "rss_kib": usage.ru_maxrss}, out)
"""


def _run(argv: Sequence[str], cwd: Path, env: dict[str, str], python: str) -> Run:
    report, errors = cwd / "run.json", cwd / "run.stderr"
    subprocess.run(
        [python, "-S", "-c", _LAUNCHER, str(report), str(errors), *argv],
        cwd=cwd,
        env=env,
        check=True,
    )
    done = json.loads(report.read_text())
    if done["code"] not in (0, 3):
        raise SystemExit(f"benchmark command failed: {argv}\n{errors.read_text(errors='replace')}")
    # ru_maxrss is in KiB on Linux.
    return Run(done["wall"], done["cpu"], done["rss_kib"] / 1024)


class Bench:
    def __init__(self, work: Path, repeat: int, python: str) -> None:
        self.work = work
        self.repeat = repeat
        self.python = python
        self.env = _environment(work / "pycache")

    def interleaved(
        self, cases: dict[str, Sequence[str]], prepare: Callable[[str], None] | None = None
    ) -> dict[str, list[Run]]:
        """Each command once to warm caches, then ``repeat`` rounds of all of them in turn."""
        runs: dict[str, list[Run]] = {name: [] for name in cases}
        for round_ in range(self.repeat + 1):
            for name, argv in cases.items():
                if prepare is not None:
                    prepare(name)
                run = _run(argv, self.work, self.env, self.python)
                if round_:
                    runs[name].append(run)
        return runs


def _median(runs: list[Run], field: str) -> float:
    return float(statistics.median(getattr(run, field) for run in runs))


def _listener_spec(count: int) -> str:
    lines = ["fcsec = 1", "", "[certs.server]", 'file = "serverCert.pem"', 'key = "serverKey.pem"']
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


def _real_cfg(source: Path) -> tuple[list[str], list[str]]:
    """A real ctsrvr.cfg as (its lines, the same lines without its SSL block): the big file
    repeats the second and holds the block once, as FairCom allows one."""
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    outside: list[str] = []
    inside = False
    for line in lines:
        words = line.lstrip(";").split()
        if words[:3] == ["SUBSYSTEM", "COMM_PROTOCOL", "SSL"]:
            inside = True
        if not inside:
            outside.append(line)
        elif line.strip().startswith("}"):
            inside = False
    return lines, outside


def _cfg_lines(real: tuple[list[str], list[str]], count: int) -> list[str]:
    """``count`` lines: the real file once, then its lines outside the SSL block again and
    again."""
    whole, outside = real
    lines = list(whole)
    while len(lines) < count:
        lines.extend(outside[: count - len(lines)])
    return lines[:count]


def _write_cfg(path: Path, real: tuple[list[str], list[str]], count: int) -> None:
    path.write_text("".join(_cfg_lines(real, count)), encoding="utf-8")


def _write_ini(path: Path, real: tuple[list[str], list[str]], count: int) -> None:
    """The same lines for configparser, under a section header and without their indentation
    (configparser would take an indented line for the continuation of the previous value)."""
    lines = (line.lstrip(" \t") for line in _cfg_lines(real, count))
    path.write_text("[server]\n" + "".join(lines), encoding="utf-8")


def _ask(python: str, code: str) -> str:
    """What ``code`` prints when ``python`` runs it."""
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _wheel_venv(work: Path) -> str:
    """A clean virtual environment with fcsec installed from a wheel of this checkout."""
    wheels = work / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
    )
    (wheel,) = wheels.glob("fcsec-*.whl")
    env_dir = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    python = str(env_dir / "bin" / "python")
    subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True)
    return python


def _default_cfg_source() -> Path:
    samples = Path(os.environ.get("FCSEC_SAMPLES", ROOT.parent / "shared" / "samples"))
    return samples / "faircom-edge-5.1" / "ctsrvr.cfg"


#: Loaded by every ``python -m fcsec compile`` before any module of fcsec but the IR: the
#: ``-m`` machinery, the standard modules of the command line, attrs and the IR's attrs classes.
FLOOR_MODULES = "runpy, pkgutil, argparse, json, fcsec.ir.nodes"

DATABASE_SPEC = 'fcsec = 1\n[certs.server]\nfile = "serverCert.pem"\n[database]\ncert = "server"\n'
MINIMAL_SPEC = "fcsec = 1\n"


def _growth(big: list[Run], small: list[Run], floor: list[Run]) -> dict[str, float | None]:
    """Whole-process growth, and the growth of the time above the start-up ``floor``.

    The runs are lists of the same rounds (the commands ran interleaved), so the marginal figure
    takes the start-up off round by round before the median: a slow spell of the machine then
    costs both sizes alike. It is None when the smaller input costs less than a tenth of the
    start-up on top of it: CPU accounting and the noise of a process start are coarser than
    that, and a ratio of two such slivers would mean nothing.
    """
    whole = _median(big, "cpu") / _median(small, "cpu")
    above_big = statistics.median(b.cpu - f.cpu for b, f in zip(big, floor, strict=True))
    above_small = statistics.median(s.cpu - f.cpu for s, f in zip(small, floor, strict=True))
    measurable = above_small > _median(floor, "cpu") / 10
    marginal = float(above_big / above_small) if measurable else None
    return {"whole_process": whole, "marginal": marginal}


def _marginal(growth: dict[str, float | None]) -> str:
    value = growth["marginal"]
    if value is None:
        return "above start-up: too little at the smaller size to compare"
    return f"above start-up: {value:.2f}x"


def measure(quick: bool, python: str, cfg_source: Path) -> dict[str, Any]:
    repeat = 3 if quick else 9
    listeners = (20, 200) if quick else (200, 2000)
    cfg_sizes = (1000, 10000) if quick else (10000, 100000)
    work = Path(tempfile.mkdtemp(prefix="fcsec-bench-"))
    bench = Bench(work, repeat, python)
    fcsec = [python, "-m", "fcsec"]
    load = os.getloadavg()
    results: dict[str, Any] = {
        "python": _ask(python, "import sys; print(sys.version.split()[0])"),
        "fcsec": _ask(python, "import fcsec; print(fcsec.__version__, fcsec.__file__)"),
        "cfg_source": str(cfg_source),
        "cpus": os.cpu_count(),
        "quick": quick,
        "repeat": repeat,
        "load_average_at_start": [round(value, 2) for value in load],
        "timing": "median CPU seconds (user+system) of interleaved runs; wall seconds beside",
    }
    try:
        quickstart = ROOT / "specs" / "examples" / "quickstart.fcsec"
        config = work / "config"

        def fresh_config(name: str) -> None:
            if name == "fcsec":
                shutil.rmtree(config, ignore_errors=True)

        cold = bench.interleaved(
            {
                "python": [python, "-c", "pass"],
                "fcsec": [*fcsec, "compile", str(quickstart), "--config-dir", str(config)],
                # Context for the ratio: the interpreter without site-packages hooks (.pth files
                # of the environment run in both baseline and fcsec), and the floor that the
                # attrs dependency sets before any fcsec code runs.
                "bare": [python, "-S", "-c", "pass"],
                "attrs": [python, "-c", "import attrs"],
                # What every compile loads before the rest of fcsec: the interpreter's ``-m``
                # machinery, argparse and json, attrs and the IR's attrs classes.
                "floor": [python, "-c", f"import {FLOOR_MODULES}"],
            },
            fresh_config,
        )
        results["cold_start"] = {
            "fcsec_cpu_s": _median(cold["fcsec"], "cpu"),
            "python_pass_cpu_s": _median(cold["python"], "cpu"),
            "ratio": _median(cold["fcsec"], "cpu") / _median(cold["python"], "cpu"),
            "fcsec_wall_s": _median(cold["fcsec"], "wall"),
            "python_pass_wall_s": _median(cold["python"], "wall"),
            "wall_ratio": _median(cold["fcsec"], "wall") / _median(cold["python"], "wall"),
            "python_no_site_cpu_s": _median(cold["bare"], "cpu"),
            "import_attrs_cpu_s": _median(cold["attrs"], "cpu"),
            "floor_modules": FLOOR_MODULES,
            "floor_cpu_s": _median(cold["floor"], "cpu"),
        }

        specs = {"minimal": MINIMAL_SPEC, **{str(n): _listener_spec(n) for n in listeners}}
        for name, text in specs.items():
            (work / f"listeners-{name}.fcsec").write_text(text, encoding="utf-8")
        big = listeners[-1]
        big_spec = str(work / f"listeners-{big}.fcsec")
        spec_runs = bench.interleaved(
            {
                "tomllib": [
                    python,
                    "-c",
                    f"import tomllib; tomllib.load(open({big_spec!r}, 'rb'))",
                ],
                **{
                    name: [*fcsec, "check", str(work / f"listeners-{name}.fcsec"), "--skip-files"]
                    for name in specs
                },
            }
        )
        check = {name: _median(spec_runs[name], "cpu") for name in specs}
        results["large_spec"] = {
            "listeners": big,
            "fcsec_check_cpu_s": check[str(big)],
            "tomllib_load_cpu_s": _median(spec_runs["tomllib"], "cpu"),
            "ratio": check[str(big)] / _median(spec_runs["tomllib"], "cpu"),
            "fcsec_check_wall_s": _median(spec_runs[str(big)], "wall"),
            "tomllib_load_wall_s": _median(spec_runs["tomllib"], "wall"),
            "wall_ratio": _median(spec_runs[str(big)], "wall")
            / _median(spec_runs["tomllib"], "wall"),
            "growth_10x": _growth(
                spec_runs[str(big)], spec_runs[str(listeners[0])], spec_runs["minimal"]
            ),
        }

        spec = work / "database.fcsec"
        spec.write_text(DATABASE_SPEC, encoding="utf-8")
        folders = {}
        for count in (1, *cfg_sizes):
            folders[str(count)] = work / f"cfg-{count}"
            folders[str(count)].mkdir()
        ini = work / "same-lines.ini"
        _write_ini(ini, _real_cfg(cfg_source), cfg_sizes[-1])

        real = _real_cfg(cfg_source)

        def reset(name: str) -> None:
            if name in folders:  # each run edits the file as it was
                _write_cfg(folders[name] / "ctsrvr.cfg", real, int(name))

        cfg_runs = bench.interleaved(
            {
                "configparser": [
                    python,
                    "-c",
                    "import configparser; c = configparser.ConfigParser(strict=False, "
                    "allow_no_value=True, delimiters=(' ', '\\t'), comment_prefixes=(';',), "
                    f"interpolation=None); c.read({str(ini)!r})",
                ],
                **{
                    name: [*fcsec, "compile", str(spec), "--config-dir", str(folder)]
                    for name, folder in folders.items()
                },
            },
            reset,
        )
        compile_cpu = {name: _median(cfg_runs[name], "cpu") for name in folders}
        top = str(cfg_sizes[-1])
        results["large_cfg"] = {
            "lines": cfg_sizes[-1],
            "fcsec_compile_cpu_s": compile_cpu[top],
            "configparser_cpu_s": _median(cfg_runs["configparser"], "cpu"),
            "ratio": compile_cpu[top] / _median(cfg_runs["configparser"], "cpu"),
            "fcsec_compile_wall_s": _median(cfg_runs[top], "wall"),
            "configparser_wall_s": _median(cfg_runs["configparser"], "wall"),
            "wall_ratio": _median(cfg_runs[top], "wall")
            / _median(cfg_runs["configparser"], "wall"),
            "growth_10x": _growth(cfg_runs[top], cfg_runs[str(cfg_sizes[0])], cfg_runs["1"]),
            "peak_rss_mib": max(run.rss_mib for run in cfg_runs[top]),
            "configparser_peak_rss_mib": max(run.rss_mib for run in cfg_runs["configparser"]),
            "launcher_floor_mib": max(run.rss_mib for run in cold["bare"]),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _report(results: dict[str, Any]) -> str:
    cold = results["cold_start"]
    spec = results["large_spec"]
    cfg = results["large_cfg"]
    load = " ".join(f"{value:.2f}" for value in results["load_average_at_start"])
    site = cold["python_pass_cpu_s"] - cold["python_no_site_cpu_s"]
    attrs_floor = cold["import_attrs_cpu_s"] / cold["python_pass_cpu_s"]
    floor = cold["floor_cpu_s"] / cold["python_pass_cpu_s"]
    return "\n".join(
        [
            f"python {results['python']}, {results['cpus']} CPUs, load average {load}, "
            f"quick={results['quick']}, median of {results['repeat']} interleaved runs, "
            "CPU seconds (wall seconds in brackets)",
            f"cold start          fcsec compile {cold['fcsec_cpu_s']:.3f}s "
            f"({cold['fcsec_wall_s']:.3f}s) / python -c pass {cold['python_pass_cpu_s']:.3f}s "
            f"({cold['python_pass_wall_s']:.3f}s) = {cold['ratio']:.2f}x "
            f"({cold['wall_ratio']:.2f}x) (target <= 6x)",
            f"  start-up context  python -S -c pass {cold['python_no_site_cpu_s']:.3f}s (the "
            f"environment's site hooks add {site:.3f}s to every process); python -c 'import "
            f"attrs' {cold['import_attrs_cpu_s']:.3f}s = {attrs_floor:.2f}x python -c pass",
            f"  floor             python -c 'import {cold['floor_modules']}' "
            f"{cold['floor_cpu_s']:.3f}s = {floor:.2f}x python -c pass (what compile loads "
            "before the rest of fcsec)",
            f"{spec['listeners']} listeners      fcsec check {spec['fcsec_check_cpu_s']:.3f}s "
            f"({spec['fcsec_check_wall_s']:.3f}s) / tomllib.load "
            f"{spec['tomllib_load_cpu_s']:.3f}s ({spec['tomllib_load_wall_s']:.3f}s) = "
            f"{spec['ratio']:.2f}x ({spec['wall_ratio']:.2f}x) (target <= 2x)",
            f"  10x listeners     -> {spec['growth_10x']['whole_process']:.2f}x time "
            f"(limit 12x); {_marginal(spec['growth_10x'])}",
            f"{cfg['lines']} cfg lines  fcsec compile {cfg['fcsec_compile_cpu_s']:.3f}s "
            f"({cfg['fcsec_compile_wall_s']:.3f}s) / configparser {cfg['configparser_cpu_s']:.3f}s "
            f"({cfg['configparser_wall_s']:.3f}s) = {cfg['ratio']:.2f}x ({cfg['wall_ratio']:.2f}x) "
            "(target <= 1x)",
            f"  10x cfg lines     -> {cfg['growth_10x']['whole_process']:.2f}x time "
            f"(limit 12x); {_marginal(cfg['growth_10x'])}",
            f"  peak RSS of the edit {cfg['peak_rss_mib']:.1f} MiB (limit 100 MiB; configparser "
            f"{cfg['configparser_peak_rss_mib']:.1f} MiB; the launcher's floor "
            f"{cfg['launcher_floor_mib']:.1f} MiB); cfg built from {results['cfg_source']}",
            f"  fcsec {results['fcsec']}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, few repeats")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--python",
        metavar="PATH",
        help="measure the fcsec installed for this interpreter (default: a clean virtual "
        "environment with a wheel of this checkout, made for the run)",
    )
    parser.add_argument(
        "--cfg-source",
        metavar="FILE",
        type=Path,
        default=_default_cfg_source(),
        help="the real ctsrvr.cfg the large file is built from (default: the shared samples' "
        "FairCom Edge 5.1 file; FCSEC_SAMPLES=DIR points elsewhere)",
    )
    args = parser.parse_args(argv)
    if not args.cfg_source.is_file():
        raise SystemExit(f"bench.py: {args.cfg_source} not found: give --cfg-source FILE")
    with tempfile.TemporaryDirectory(prefix="fcsec-bench-env-") as scratch:
        python = args.python or _wheel_venv(Path(scratch))
        results = measure(args.quick, python, args.cfg_source)
        print(_report(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
