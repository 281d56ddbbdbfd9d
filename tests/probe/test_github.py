"""``fcsec probe --format github``: annotations, escaped twice (fcsec's escape, then GitHub's)."""

from __future__ import annotations

from fcsec.diagnostics import Diagnostic, Severity
from fcsec.probe.github import LIMIT, render, render_failure
from fcsec.probe.verdict import Group

HOSTILE = "CN=x\x1b]0;t\x07\n::error::forged%"


def test_a_group_is_one_annotation_with_one_line_per_item() -> None:
    block = Group(
        rule="FCS721",
        difference=True,
        message="listener x: the server accepts suites that strict does not allow (2)",
        items=("A at TLSv1.2", "B at TLSv1.2"),
        hint="run `fcsec compile`",
    )
    assert render([block], "differs on: suites").splitlines() == [
        "::error title=FCS721::listener x: the server accepts suites that strict does not allow "
        "(2)%0A  A at TLSv1.2%0A  B at TLSv1.2%0Ahelp: run `fcsec compile`",
        "::notice title=fcsec probe::differs on: suites",
    ]


def test_server_text_can_neither_act_nor_start_a_workflow_command() -> None:
    block = Group(rule="FCS725", difference=True, message=f"served {HOSTILE}")
    first = render([block], "h").splitlines()[0]
    assert first == "::error title=FCS725::served CN=x\\x1b]0;t\\x07\\n::error::forged%25"


def test_notes_are_notices_and_the_count_is_bounded() -> None:
    notes = [Group(rule="FCS727", difference=False, message=f"n{index}") for index in range(15)]
    lines = render(notes, "matches the spec").splitlines()
    assert len(lines) == LIMIT
    assert (
        lines[-1] == "::notice title=fcsec probe::matches the spec (6 more findings not annotated)"
    )


def test_a_probe_that_could_not_run_gives_error_annotations() -> None:
    failure = Diagnostic(
        rule="FCS713", severity=Severity.ERROR, message=f"no TLS {HOSTILE}", hint="check"
    )
    assert render_failure([failure]) == (
        "::error title=FCS713::no TLS CN=x\\x1b]0;t\\x07\\n::error::forged%25%0Ahelp: check\n"
    )
