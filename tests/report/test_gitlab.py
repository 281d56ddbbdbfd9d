"""The GitLab Code Quality report: the fields GitLab requires, severities, allowed findings left
out, hostile text inert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.report.sample import ACTING, NULL, PLAIN, allow, hostile_report, report

from fcsec.cli import main
from fcsec.report import gitlab

REQUIRED = ("description", "check_name", "fingerprint", "severity", "location")


def test_each_issue_has_what_gitlab_requires() -> None:
    issues = json.loads(gitlab.render(report(PLAIN, NULL)))
    assert [issue["check_name"] for issue in issues] == ["FCS601", "FCS504"]
    for issue in issues:
        assert all(issue[key] for key in REQUIRED)
        assert issue["location"]["path"] == "specs/security.fcsec"
        assert issue["location"]["lines"]["begin"] >= 1
    assert issues[0]["location"]["lines"]["begin"] == 3
    assert len({issue["fingerprint"] for issue in issues}) == 2


def test_severity_follows_the_finding() -> None:
    (issue,) = json.loads(gitlab.render(report(NULL)))
    assert issue["severity"] == "blocker"  # FCS504, NULL cipher: an error
    (issue,) = json.loads(gitlab.render(report(PLAIN)))
    assert issue["severity"] == "major"  # FCS601: a warning


def test_an_allowed_finding_is_not_an_issue() -> None:
    assert json.loads(gitlab.render(report(allow(PLAIN), NULL)))[0]["check_name"] == "FCS504"
    assert json.loads(gitlab.render(report(allow(PLAIN)))) == []


def test_hostile_text_is_escaped_and_the_report_stays_valid() -> None:
    rendered = gitlab.render(hostile_report())
    assert ACTING.search(rendered.replace("\n", "")) is None
    assert json.loads(rendered)


def test_the_check_command_writes_it(capsys: pytest.CaptureFixture[str]) -> None:
    spec = Path(__file__).resolve().parents[2] / "specs" / "examples" / "production.fcsec"
    assert main(["check", "--skip-files", "--format", "gitlab", str(spec)]) == 0
    issues = json.loads(capsys.readouterr().out)
    assert issues
    assert all(issue["location"]["path"].endswith("production.fcsec") for issue in issues)
