"""The source distribution is complete: it holds the licence, docs, examples, grammar and tests,
a wheel built from it installs, and the fast test tier passes when run from the unpacked sdist
against that installed wheel (not against this checkout)."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import venv
from pathlib import Path

import pytest

import fcsec

pytestmark = pytest.mark.slow  # builds an sdist and a wheel, and runs the fast tier from them

ROOT = Path(__file__).resolve().parent.parent
MUST_HOLD = (
    "LICENSE",
    "README.md",
    "CHANGELOG.md",
    "pyproject.toml",
    "grammar/fcsec_spec.lark",
    "specs/examples/quickstart.fcsec",
    "docs/language.md",
    "docs/schemas/check.schema.json",
    "tests/conftest.py",
    "tests/golden/examples/quickstart/ctsrvr.cfg",
    "tests/data/spec/invalid",
    "action.yml",
    "ansible_collections/fcsec/faircom/galaxy.yml",
)


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "-o", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (archive,) = out.glob("fcsec-*.tar.gz")
    with tarfile.open(archive) as sdist:
        sdist.extractall(out, filter="data")
    (folder,) = (path for path in out.iterdir() if path.is_dir())
    return folder


def test_the_sdist_holds_what_its_tests_need(unpacked: Path) -> None:
    missing = [name for name in MUST_HOLD if not (unpacked / name).exists()]
    assert missing == []
    assert not list(unpacked.rglob("__pycache__"))
    metadata = (unpacked / "PKG-INFO").read_text(encoding="utf-8")
    assert f"Version: {fcsec.__version__}\n" in metadata  # the one version source
    assert "License-Expression: Apache-2.0\n" in metadata


def test_the_fast_tier_passes_from_the_unpacked_sdist(unpacked: Path, tmp_path: Path) -> None:
    # A wheel built from the sdist, in a venv that borrows the test dependencies installed here.
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(unpacked)],
        check=True,
        capture_output=True,
    )
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    (wheel,) = wheels.glob("fcsec-*.whl")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    where = subprocess.run(
        [python, "-c", "import fcsec; print(fcsec.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert where.stdout.startswith(str(env_dir)), where.stdout
    tests = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow and not external"],
        capture_output=True,
        text=True,
        cwd=unpacked,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-3000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout.splitlines()[-1]
