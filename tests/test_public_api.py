"""The package root's API: every name resolves, type checkers see the real types (not ``Any``),
and ``import fcsec`` still imports nothing of the pipeline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import fcsec

NAMES = sorted(set(fcsec.__all__) - {"__version__"})


def test_every_public_name_resolves_to_its_definition() -> None:
    assert sorted(fcsec._EXPORTS) == NAMES
    for name in NAMES:
        value = getattr(fcsec, name)
        assert getattr(value, "__name__", name) == name


def test_import_fcsec_loads_no_pipeline_module() -> None:
    code = "import sys, fcsec; print(sorted(m for m in sys.modules if m.startswith('fcsec.')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_mypy_sees_the_real_types_through_the_package_root(tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(
        "from fcsec import SourceFile, load_spec, parse_spec\n"
        "loaded = load_spec(SourceFile('a.fcsec', 'fcsec = 1\\n'))\n"
        "wrong: int = loaded\n"
        "tree: str = parse_spec(SourceFile('a.fcsec', ''))\n",
        encoding="utf-8",
    )
    # An editable install is an import hook mypy does not follow: point it at the package.
    package_parent = str(Path(fcsec.__file__).resolve().parent.parent)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(user)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": package_parent},
        check=False,
    )
    # With the names typed as Any, mypy would accept both assignments.
    assert result.returncode == 1, result.stdout
    assert 'expression has type "Loaded", variable has type "int"' in result.stdout
    assert 'expression has type "Table", variable has type "str"' in result.stdout


def test_the_example_of_docs_api_md_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text("utf-8")
    example = page.split("```python\n", 1)[1].split("```", 1)[0]
    examples = Path(__file__).resolve().parent.parent / "specs" / "examples"
    shutil.copyfile(examples / "production.fcsec", tmp_path / "security.fcsec")
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "docs/api.md", "exec"), {})
    out = capsys.readouterr().out
    assert "services.json changes" in out and "ctsrvr.cfg changes" in out
