"""The wheel a user installs works: grammar and data inside, console script, an example compiles.

Builds the wheel from this checkout, installs it into a fresh virtual environment (with its
dependencies from the package index, as a user would) and runs the installed ``fcsec``.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and installs it in a fresh virtual environment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("fcsec-*.whl")
    return built


def test_wheel_ships_grammar_schema_and_cipher_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "fcsec/grammar/fcsec_spec.lark" in names
    assert "fcsec/schemas/services.schema.json" in names
    assert "fcsec/schemas/fcsec.schema.json" in names
    assert "fcsec/ciphers/data/suites.json" in names
    assert "fcsec/ciphers/data/policies.json" in names
    assert "fcsec/py.typed" in names
    assert "fcsec/spec/parser_tables.py" in names


def test_installed_wheel_compiles_an_example(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True
    )
    fcsec = env_dir / "bin" / "fcsec"
    version = subprocess.run([str(fcsec), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("fcsec ")
    schema = subprocess.run([str(fcsec), "schema"], capture_output=True, check=True)
    shipped = ROOT / "compiler" / "fcsec" / "schemas" / "fcsec.schema.json"
    assert schema.stdout == shipped.read_bytes()
    config = tmp_path / "config"
    result = subprocess.run(
        [
            str(fcsec),
            "compile",
            str(ROOT / "specs" / "examples" / "quickstart.fcsec"),
            "--config-dir",
            str(config),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    golden = ROOT / "tests" / "golden" / "examples" / "quickstart"
    for name in ("services.json", "ctsrvr.cfg"):
        assert (config / name).read_bytes() == (golden / name).read_bytes()
    # A syntax error is explained by lark, its parser built from the grammar the wheel ships.
    broken = tmp_path / "broken.fcsec"
    broken.write_text("fcsec = 1\nport = = 1\n", encoding="utf-8")
    checked = subprocess.run(
        [str(fcsec), "check", str(broken)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 1, checked.stderr
    assert "error[FCS001]: expected a value, found `=`" in checked.stderr
