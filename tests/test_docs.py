"""The documentation stays in step with the code."""

from __future__ import annotations

import runpy
from pathlib import Path

from fcsec.spec.schema import walk

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = ROOT / "docs" / "language.md"


def test_language_reference_matches_the_schema() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "gen_language_doc.py"))
    current = LANGUAGE.read_text(encoding="utf-8")
    assert generator["render"](current) == current, "run: python scripts/gen_language_doc.py"


def test_language_doc_names_every_key() -> None:
    text = LANGUAGE.read_text(encoding="utf-8")
    spellings = ("`{}`", "`[{}]`", "`[{}.NAME]`")
    missing = [
        path for path, _ in walk() if not any(form.format(path) in text for form in spellings)
    ]
    assert missing == []


def test_readme_opens_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert commands[0].startswith("python3 -m pip install . && fcsec compile specs/examples/")
    assert commands[1] == TEST_COMMAND


TEST_COMMAND = (
    "python3 -m pip install -e '.[test]' && python3 -m ruff check compiler tests scripts"
    " && python3 -m mypy --strict compiler/fcsec && python3 -m pytest"
)


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND.replace("install -e", "install -q -e") in ci
