"""Golden tests: every spec in specs/examples compiles to the files reviewed in tests/golden.

Cases are discovered from the folders: each ``specs/examples/NAME.fcsec`` is compiled into an
empty config folder, once for the base spec and once per ``[env.X]`` overlay, and the result is
compared byte for byte with ``tests/golden/examples/NAME`` (or ``NAME@X``): the config files
written and ``output.txt``, what the command printed. Set FCSEC_UPDATE_GOLDEN=1 to rewrite the
expected files, then read the diff line by line before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fcsec.api import environments
from fcsec.cli import main
from fcsec.source import SourceFile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "specs" / "examples"
EXPECTED = Path(__file__).resolve().parent / "examples"
UPDATE = os.environ.get("FCSEC_UPDATE_GOLDEN") == "1"


def _cases() -> list[tuple[Path, str | None]]:
    cases: list[tuple[Path, str | None]] = []
    for spec in sorted(EXAMPLES.glob("*.fcsec")):
        cases.append((spec, None))
        source = SourceFile(str(spec), spec.read_text(encoding="utf-8"))
        cases.extend((spec, env) for env in environments(source))
    return cases


def _case_id(case: tuple[Path, str | None]) -> str:
    spec, env = case
    return spec.stem + (f"@{env}" if env else "")


CASES = _cases()


def test_every_example_has_reviewed_golden_files() -> None:
    expected = {path.name for path in EXPECTED.iterdir() if path.is_dir()}
    assert expected == {_case_id(case) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_example_compiles_to_golden_files(
    case: tuple[Path, str | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec, env = case
    monkeypatch.chdir(tmp_path)
    relative_spec = os.path.relpath(spec, tmp_path)
    argv = ["compile", relative_spec, "--config-dir", "config"]
    if env:
        argv += ["--env", env]
    assert main(argv) == 0
    printed = capsys.readouterr().out.replace(relative_spec, f"specs/examples/{spec.name}")
    produced = {path.name: path.read_bytes() for path in (tmp_path / "config").iterdir()}
    produced["output.txt"] = printed.encode("utf-8")

    folder = EXPECTED / _case_id(case)
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():
            stale.unlink()
        for name, data in produced.items():
            (folder / name).write_bytes(data)
    expected = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert sorted(produced) == sorted(expected)
    for name, data in expected.items():
        assert produced[name].decode("utf-8") == data.decode("utf-8"), name


@pytest.mark.parametrize("case", CASES, ids=[_case_id(case) for case in CASES])
def test_example_recompiles_to_no_change(
    case: tuple[Path, str | None], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec, env = case
    argv = ["compile", str(spec), "--config-dir", str(tmp_path)]
    if env:
        argv += ["--env", env]
    assert main(argv) == 0
    stamps = {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()}
    assert main([*argv, "--check"]) == 0
    assert main(argv) == 0
    assert "unchanged" in capsys.readouterr().out
    assert {path.name: path.stat().st_mtime_ns for path in tmp_path.iterdir()} == stamps
