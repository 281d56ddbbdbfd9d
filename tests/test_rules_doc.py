"""docs/rules.md lists every rule of the catalogue and is generated from it; each rule has an
explicit anchor (the target of SARIF helpUri links) that survives a change of title."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

from fcsec.record import replace
from fcsec.report.sarif import rule_anchor
from fcsec.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "rules.md"
_HEADING = re.compile(r'^### <a id="([^"]+)"></a>(FCS\d{3}): ', re.MULTILINE)


def explicit_anchors(text: str) -> list[str]:
    """Every `<a id="...">` of a Markdown text, in order."""
    return re.findall(r'<a id="([^"]+)"></a>', text)


def test_rules_doc_matches_the_catalogue() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "gen_rules_doc.py"))
    assert generator["render"]() == DOC.read_text(encoding="utf-8"), (
        "run: python scripts/gen_rules_doc.py"
    )


def test_rules_doc_has_a_section_for_every_rule() -> None:
    text = DOC.read_text(encoding="utf-8")
    headed = {rule_id for _, rule_id in _HEADING.findall(text)}
    assert sorted(set(RULES) - headed) == []


def test_every_rule_heading_holds_its_anchor_once() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert {rule_id: anchor for anchor, rule_id in _HEADING.findall(text)} == {
        rule_id: rule_anchor(rule_id) for rule_id in RULES
    }
    anchors = explicit_anchors(text)
    assert len(anchors) == len(set(anchors)), "an anchor used twice"


def test_the_anchor_does_not_depend_on_the_title() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "gen_rules_doc.py"))
    rule = next(iter(RULES.values()))
    renamed = replace(rule, title="a quite different title")
    (heading, *_) = generator["_section"](renamed)
    assert heading == f'### <a id="{rule_anchor(rule.id)}"></a>{rule.id}: a quite different title'


def test_every_contents_link_reaches_an_anchor() -> None:
    text = DOC.read_text(encoding="utf-8")
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert len(links) == len(RULES)
    assert sorted(set(links) - set(explicit_anchors(text))) == []
