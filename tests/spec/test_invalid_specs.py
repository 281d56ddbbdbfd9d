"""Golden diagnostics: every invalid spec in tests/data/spec/invalid renders exactly as expected,
and every spec in tests/data/spec/warning loads with exactly the expected warnings.

Each case is ``<case>.fcsec`` beside ``<case>.diagnostics.txt`` (the text of
``render_all(..., color=False)`` plus a final newline). A case named ``<case>@<env>.fcsec`` is
loaded with ``--env <env>``. Set ``FCSEC_UPDATE_GOLDEN=1`` to rewrite the expected files, then
read every changed one: the golden files are the review of the messages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fcsec.api import load_spec
from fcsec.diagnostics import DiagnosticError, render_all
from fcsec.source import SourceFile

CASES_DIR = Path(__file__).resolve().parent.parent / "data" / "spec" / "invalid"
CASES = sorted(CASES_DIR.glob("*.fcsec"))
WARNING_DIR = CASES_DIR.parent / "warning"
WARNING_CASES = sorted(WARNING_DIR.glob("*.fcsec"))
UPDATE = os.environ.get("FCSEC_UPDATE_GOLDEN") == "1"


def _expected_path(case: Path) -> Path:
    return case.with_name(case.name.removesuffix(".fcsec") + ".diagnostics.txt")


def _env(case: Path) -> str | None:
    stem = case.name.removesuffix(".fcsec")
    return stem.partition("@")[2] or None


def _render(case: Path) -> str:
    text = case.read_bytes().decode("utf-8")
    source = SourceFile(case.name, text)
    with pytest.raises(DiagnosticError) as failure:
        load_spec(source, env=_env(case))
    return render_all(failure.value.diagnostics, color=False) + "\n"


def _render_warnings(case: Path) -> str:
    text = case.read_bytes().decode("utf-8")
    loaded = load_spec(SourceFile(case.name, text), env=_env(case))
    assert loaded.warnings, f"{case.name} loads without a warning"
    return render_all(loaded.warnings, color=False) + "\n"


def test_the_invalid_cases_are_found() -> None:
    assert len(CASES) >= 25, f"expected the invalid specs in {CASES_DIR}"
    assert len(WARNING_CASES) >= 2, f"expected the specs with warnings in {WARNING_DIR}"


@pytest.mark.parametrize("case", CASES, ids=[case.name.removesuffix(".fcsec") for case in CASES])
def test_invalid_spec_renders_its_expected_diagnostics(case: Path) -> None:
    _compare(case, _render(case))


@pytest.mark.parametrize(
    "case", WARNING_CASES, ids=[case.name.removesuffix(".fcsec") for case in WARNING_CASES]
)
def test_spec_with_warnings_renders_its_expected_warnings(case: Path) -> None:
    _compare(case, _render_warnings(case))


def _compare(case: Path, actual: str) -> None:
    expected_path = _expected_path(case)
    if UPDATE:
        expected_path.write_bytes(actual.encode("utf-8"))
    if not expected_path.exists():
        pytest.fail(
            f"{expected_path.name} is missing: run with FCSEC_UPDATE_GOLDEN=1 and review it"
        )
    assert actual == expected_path.read_bytes().decode("utf-8")


def test_every_expected_file_has_its_spec() -> None:
    orphans = [
        path.name
        for folder in (CASES_DIR, WARNING_DIR)
        for path in folder.glob("*.diagnostics.txt")
        if not path.with_name(path.name.removesuffix(".diagnostics.txt") + ".fcsec").exists()
    ]
    assert orphans == []
