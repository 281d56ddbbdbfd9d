"""`fcsec check --format sarif --rules-url URL` (else $FCSEC_RULES_URL): each rule links to its
entry in docs/rules.md (`helpUri`); without an address no rule has a link, and every rule carries
its help as text and Markdown either way. A base that is not an absolute http(s) URL is a usage
error (exit 2)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.report.sample import make, report

from fcsec.cli import main
from fcsec.report import sarif
from fcsec.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "rules.md"
BASE = "https://github.com/acme/fcsec/blob/v1.2.0/docs/rules.md"
ENV = "FCSEC_RULES_URL"
#: A spec with findings of several rules (errors and warnings).
SPEC = """\
fcsec = 1

[certs.server]
file = "server.pem"
key = "server.key"

[database]
cert = "server"
tls_only = false
ciphers = ["NULL-SHA256", "AES128-SHA"]
"""


@pytest.fixture(autouse=True)
def _no_rules_url_from_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)


def _doc_anchors() -> set[str]:
    return set(re.findall(r'<a id="([^"]+)"></a>', DOC.read_text(encoding="utf-8")))


def _check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, list[dict[str, Any]], str]:
    """Run `fcsec check --format sarif` on SPEC; the exit code, the rules, stderr."""
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    code = main(["check", "--skip-files", "--format", "sarif", *options, str(spec)])
    out, err = capsys.readouterr()
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"] if out else []
    return code, rules, err


def test_with_a_base_every_rule_links_to_its_anchor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rules, _ = _check(tmp_path, capsys, "--rules-url", BASE)
    assert code == 1  # the NULL cipher is an error
    assert len(rules) >= 3
    for rule in rules:
        assert rule["helpUri"] == f"{BASE}#{sarif.rule_anchor(rule['id'])}"


def test_every_catalogued_rule_links_to_an_anchor_that_docs_rules_md_has() -> None:
    findings = [make(rule_id, None, "m", key=rule_id) for rule_id in sorted(RULES)]
    rules = sarif.document(report(*findings), rules_url=BASE)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(RULES)
    anchors = _doc_anchors()
    for rule in rules:
        base, _, anchor = rule["helpUri"].partition("#")
        assert (base, anchor in anchors) == (BASE, True), rule["id"]


def test_without_a_base_no_rule_has_a_link_but_every_rule_has_its_help(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, rules, _ = _check(tmp_path, capsys)
    assert rules
    for rule in rules:
        assert "helpUri" not in rule
        catalogued = RULES[rule["id"]]
        assert catalogued.rationale in rule["help"]["text"]
        assert catalogued.rationale in rule["help"]["markdown"]
        assert catalogued.fix in rule["help"]["text"]
        assert f"**Fix:** {catalogued.fix}" in rule["help"]["markdown"]


def test_the_environment_gives_the_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, BASE)
    _, rules, _ = _check(tmp_path, capsys)
    assert rules and all(rule["helpUri"].startswith(f"{BASE}#") for rule in rules)


def test_the_option_wins_over_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "https://elsewhere.example.org/rules.md")
    _, rules, _ = _check(tmp_path, capsys, "--rules-url", BASE)
    assert rules and all(rule["helpUri"].startswith(f"{BASE}#") for rule in rules)


def test_an_empty_environment_variable_is_no_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "")
    code, rules, _ = _check(tmp_path, capsys)
    assert code == 1 and rules and all("helpUri" not in rule for rule in rules)


ACCEPTED = [
    BASE,
    "http://docs.internal:8080/fcsec/rules.md",
    "HTTPS://Example.org/a%20b/rules.md?plain=1",
    "http://[::1]:8000/docs/rules.md",
]
REFUSED = [
    ("docs/rules.md", "is not an absolute http(s) URL"),
    ("/docs/rules.md", "is not an absolute http(s) URL"),
    ("ftp://example.org/rules.md", "is not an absolute http(s) URL"),
    ("file:///srv/fcsec/docs/rules.md", "is not an absolute http(s) URL"),
    ("javascript://example.org/%0Aalert(1)", "is not an absolute http(s) URL"),
    ("https://", "is not an absolute http(s) URL"),
    ("https:/example.org/rules.md", "is not an absolute http(s) URL"),
    ("http://[::1/rules.md", "is not an absolute http(s) URL"),
    ("", "is not an absolute http(s) URL"),
    ("https://example.org/rules.md#fcs601", "has a fragment"),
    ("https://example.org/my docs/rules.md", "holds characters a URL cannot"),
    ("https://example.org/règles.md", "holds characters a URL cannot"),
    ("https://example.org/rules%zz.md", "holds characters a URL cannot"),
    ("https://example.org/rules.md\n", "holds characters a URL cannot"),
]


@pytest.mark.parametrize("url", ACCEPTED)
def test_an_absolute_http_url_is_accepted(url: str) -> None:
    assert sarif.rules_url_problem(url) is None


@pytest.mark.parametrize(("url", "problem"), REFUSED)
def test_a_bad_base_is_refused_by_the_option(
    url: str, problem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rules, err = _check(tmp_path, capsys, "--rules-url", url)
    assert (code, rules) == (2, [])
    assert err.startswith("fcsec check: error: --rules-url ")
    assert problem in err and "docs/rules.md" in err


def test_a_bad_base_is_refused_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "rules.md")
    code, rules, err = _check(tmp_path, capsys)
    assert (code, rules) == (2, [])
    assert "fcsec check: error: FCSEC_RULES_URL 'rules.md' is not an absolute http(s) URL" in err


def test_the_document_refuses_a_bad_base_too() -> None:
    with pytest.raises(ValueError, match="has a fragment"):
        sarif.document(report(), rules_url=f"{BASE}#top")


def test_check_help_tells_where_links_come_from(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "--rules-url URL" in shown
    assert "Default: $FCSEC_RULES_URL; without either, no rule has a link" in shown


def test_the_tool_links_to_the_rules_page_only_when_one_is_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fcsec has no published home to name: informationUri is the rules page, when given."""
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    for options, expected in (((), None), (("--rules-url", BASE), BASE)):
        main(["check", "--skip-files", "--format", "sarif", *options, str(spec)])
        driver = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]
        assert driver.get("informationUri") == expected
