"""``fcsec explain RULE``: a rule's title, severity, rationale and fix; unknown ids exit 1."""

from __future__ import annotations

import pytest

from fcsec.cli import main
from fcsec.commands.explain import render
from fcsec.rules import RULES
from fcsec.suggest import closest_rule


def test_a_rule_is_explained_with_severity_rationale_and_fix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", "FCS601"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("FCS601 (warning): plain SQL, ISAM and CTDB connections are allowed\n")
    assert "\nwhy: With `tls_only = false`" in out
    assert "\nfix: Set `tls_only = true`" in out


def test_a_rule_id_in_lower_case_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "fcs413"]) == 0
    assert capsys.readouterr().out.startswith("FCS413 (error):")


def test_the_number_alone_is_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "508"]) == 0
    assert capsys.readouterr().out.startswith("FCS508 (warning):")


def test_an_unknown_rule_exits_1_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "FCS6O1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown rule `FCS6O1`; did you mean `FCS601`?" in captured.err


def test_an_unknown_rule_far_from_any_id_has_no_suggestion(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", "nothing-like-it"]) == 1
    assert "did you mean" not in capsys.readouterr().err


def test_a_missing_rule_argument_is_a_usage_error() -> None:
    assert main(["explain"]) == 2


def test_a_close_id_is_suggested() -> None:
    assert closest_rule("FCS6001", RULES) == "FCS601"


def test_every_rule_of_the_catalogue_can_be_explained() -> None:
    missing = [rule_id for rule_id in RULES if render(rule_id) is None]
    assert missing == []


def test_lines_of_an_explanation_fit_in_100_columns() -> None:
    text = render("FCS505")
    assert text is not None
    assert max(len(line) for line in text.splitlines()) <= 100
