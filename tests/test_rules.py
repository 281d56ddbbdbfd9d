"""The rule catalogue: every id the code can report is catalogued with a title, and named once.

``fcsec.rule_ids`` is the one module that spells an id (``"FCS601"``); every other module imports
the id's name from it, so an id cannot be mistyped in one place and a reader finds every place
that reports a rule by its name.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from fcsec import rule_ids
from fcsec.rules import RULES

PACKAGE = Path(__file__).resolve().parent.parent / "compiler" / "fcsec"
RULE_ID = re.compile(r"FCS\d{3}")
NAMES = {name: value for name, value in vars(rule_ids).items() if name.isupper()}


def _literal_ids(path: Path) -> list[tuple[int, str]]:
    """Each string literal of ``path`` that is exactly a rule id, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and RULE_ID.fullmatch(node.value)
    ]


def test_every_rule_id_used_in_the_code_is_catalogued() -> None:
    used = set()
    for path in PACKAGE.rglob("*.py"):
        used.update(re.findall(r'"(FCS\d{3})"', path.read_text(encoding="utf-8")))
    assert sorted(used - set(RULES)) == []


def test_every_rule_has_a_title_and_a_stable_id_format() -> None:
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"FCS\d{3}", rule_id)
        assert rule.id == rule_id
        assert rule.title


def test_rule_ids_names_every_catalogued_rule_once() -> None:
    values = list(NAMES.values())
    assert len(values) == len(set(values)), "two names for one rule id"
    assert sorted(values) == sorted(RULES)


def test_no_module_but_rule_ids_spells_a_rule_id() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {value!r} (import its name from fcsec.rule_ids)"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "rule_ids.py"
        for line, value in _literal_ids(path)
    ]
    assert found == []


def test_the_literal_scan_finds_a_bare_rule_id(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text(
        '"""Docstrings may name FCS601."""\nRULE = "FCS601"\nHINT = "allow FCS601"\n',
        encoding="utf-8",
    )
    assert _literal_ids(module) == [(2, "FCS601")]


def test_each_rule_is_looked_up_in_the_family_module_its_id_names() -> None:
    fresh = type(RULES)()  # a catalogue that has read no family module yet
    for rule_id, rule in RULES.items():
        assert fresh[rule_id] == rule
    assert "FCS000" not in fresh and "FCSX01" not in fresh and "" not in fresh


def test_importing_the_catalogue_reads_a_family_module_only_when_a_rule_is_looked_up() -> None:
    code = (
        "import sys\n"
        "from fcsec.rules import RULES\n"
        "def read(): return sorted(m for m in sys.modules if m.startswith('fcsec.rules_'))\n"
        "print(read())\n"
        "RULES['FCS601']\n"
        "print(read())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "['fcsec.rules_lint']"]
