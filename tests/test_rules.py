"""The rule catalogue: every id the code can report is catalogued with a title."""

from __future__ import annotations

import re
from pathlib import Path

from fcsec.rules import RULES

PACKAGE = Path(__file__).resolve().parent.parent / "compiler" / "fcsec"


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
