"""docs/rules.md lists every rule of the catalogue and is generated from it."""

from __future__ import annotations

import runpy
from pathlib import Path

from fcsec.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"


def test_rules_doc_matches_the_catalogue() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "gen_rules_doc.py"))
    assert generator["render"]() == DOC.read_text(encoding="utf-8"), (
        "run: python scripts/gen_rules_doc.py"
    )


def test_rules_doc_has_a_section_for_every_rule() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [rule_id for rule_id in RULES if f"### {rule_id}: " not in text]
    assert missing == []
