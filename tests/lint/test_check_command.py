"""``fcsec check`` end to end: options, exit codes, what goes to stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.lint.pki import DAY, NOW, certificate, ec_key, pem, write

from fcsec.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "specs" / "examples").glob("*.fcsec"))

CLEAN = """\
fcsec = 1
[certs.server]
file = "server.pem"
key = "server.key"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
"""
WARNING = CLEAN + '[database]\ncert = "server"\nshared_memory = false\ntls_only = false\n'
ERROR = CLEAN.replace('tls.cert = "server"', 'tls.cert = "server"\ntls.ciphers = ["NULL-SHA256"]')


def _spec(tmp_path: Path, text: str) -> str:
    path = tmp_path / "security.fcsec"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(capsys.readouterr().out)
    return loaded


# --- exit codes --------------------------------------------------------------------------------
def test_a_clean_spec_exits_0_with_the_ok_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, CLEAN)
    assert main(["check", spec, "--skip-files"]) == 0
    assert capsys.readouterr().out == f"{spec}: ok (1 listener)\n"


def test_skip_files_is_said_in_the_text_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", _spec(tmp_path, CLEAN), "--skip-files"])
    assert "note: certificate files were not checked (--skip-files)" in capsys.readouterr().err


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    assert main(["check", _spec(tmp_path, WARNING), "--skip-files"]) == 0


def test_strict_makes_warnings_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", _spec(tmp_path, WARNING), "--skip-files", "--strict"]) == 1
    captured = capsys.readouterr()
    assert "1 warning (--strict: warnings fail)" in captured.err
    assert captured.out == ""


def test_a_lint_error_exits_1(tmp_path: Path) -> None:
    assert main(["check", _spec(tmp_path, ERROR), "--skip-files"]) == 1


def test_an_allowed_error_does_not_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = ERROR + '[lint]\nallow = [{ rule = "FCS504", reason = "lab traffic capture" }]\n'
    assert main(["check", _spec(tmp_path, text), "--skip-files"]) == 0
    err = capsys.readouterr().err
    assert "   = allowed: lab traffic capture (" in err
    assert "1 allowed" in err


def test_a_stale_allowance_is_a_warning_that_fails_under_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = CLEAN + '[lint]\nallow = [{ rule = "FCS601", reason = "old clients" }]\n'
    assert main(["check", _spec(tmp_path, text), "--skip-files", "--strict"]) == 1
    assert "warning[FCS690]" in capsys.readouterr().err


def test_an_allowance_in_an_environment_accepts_that_environments_finding(
    tmp_path: Path,
) -> None:
    text = (
        CLEAN
        + '[database]\ncert = "server"\nshared_memory = false\n'
        + "[env.dev]\ndatabase.tls_only = false\n"
        + 'lint.allow = [{ rule = "FCS601", reason = "laptops" }]\n'
    )
    assert main(["check", _spec(tmp_path, text), "--skip-files", "--strict"]) == 0


def test_an_unknown_policy_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", _spec(tmp_path, CLEAN), "--policy", "nist"]) == 2
    assert "nist-800-52r2" in capsys.readouterr().err


def test_a_policy_without_a_suite_list_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["check", _spec(tmp_path, CLEAN), "--policy", "faircom-minimal"]) == 2


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["check", _spec(tmp_path, CLEAN), "--format", "xml"]) == 2


def test_policy_nist_fails_the_default_cipher_policy(tmp_path: Path) -> None:
    spec = _spec(tmp_path, CLEAN)
    assert main(["check", spec, "--skip-files", "--policy", "nist-800-52r2"]) == 1


# --- formats -----------------------------------------------------------------------------------
def test_json_goes_to_stdout_with_its_format_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", _spec(tmp_path, WARNING), "--skip-files", "--format", "json"])
    document = _json(capsys)
    assert document["format_version"] == 1
    assert [item["rule"] for item in document["diagnostics"]] == ["FCS601"]


def test_an_unreadable_spec_is_reported_in_the_asked_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "nope.fcsec"), "--format", "json"]) == 1
    document = _json(capsys)
    assert [item["rule"] for item in document["diagnostics"]] == ["FCS901"]
    assert document["summary"]["failed"] is True


def test_a_syntax_error_is_reported_as_sarif(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", _spec(tmp_path, "fcsec = 1\nbogus = 1\n"), "--format", "sarif"]) == 1
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == ["FCS011"]


def test_github_annotations_go_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["check", _spec(tmp_path, WARNING), "--skip-files", "--format", "github"])
    assert capsys.readouterr().out.startswith("::warning file=")


def test_lint_findings_are_coloured_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _spec(tmp_path, WARNING)
    main(["check", spec, "--skip-files"])
    plain = capsys.readouterr().err
    main(["--color", "always", "check", spec, "--skip-files"])
    coloured = capsys.readouterr().err
    assert "\x1b[" not in plain
    assert "\x1b[1;33mwarning[FCS601]" in coloured


# --- certificate files through the command -----------------------------------------------------
def test_an_expired_certificate_fails_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("fcsec.checking._now", lambda: NOW)
    write(tmp_path, "server.pem", pem(certificate(key=ec_key(0), not_after=NOW - DAY)))
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert main(["check", _spec(tmp_path, CLEAN)]) == 1
    assert "error[FCS406]" in capsys.readouterr().err


def test_skip_files_ignores_missing_certificates(tmp_path: Path) -> None:
    assert main(["check", _spec(tmp_path, CLEAN), "--skip-files"]) == 0


def test_without_skip_files_missing_certificates_fail(tmp_path: Path) -> None:
    assert main(["check", _spec(tmp_path, CLEAN)]) == 1


def test_compile_never_imports_cryptography(tmp_path: Path) -> None:
    spec = _spec(tmp_path, CLEAN)
    code = (
        "import sys\nfrom fcsec.cli import main\n"
        f"code = main(['compile', {spec!r}, '--config-dir', {str(tmp_path)!r}])\n"
        "sys.exit(code or ('cryptography' in sys.modules and 9))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# --- the shipped examples ----------------------------------------------------------------------
EXPECTED = {
    "database-maximal.fcsec": ["FCS604", "FCS501", "FCS502", "FCS607"],
    "database-minimal.fcsec": ["FCS601", "FCS508", "FCS607"],
    "embedded-key.fcsec": [],
    "https-wide-options.fcsec": [],
    "minimal-tls.fcsec": [],
    "mqtts-client-certs.fcsec": ["FCS604"],
    "production.fcsec": ["FCS602", "FCS601"],
    "quickstart.fcsec": ["FCS604"],
}


def test_every_example_has_an_expectation() -> None:
    assert sorted(path.name for path in EXAMPLES) == sorted(EXPECTED)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_each_example_checks_with_skip_files_and_only_the_findings_it_admits(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(example), "--skip-files", "--format", "json"]) == 0
    document = _json(capsys)
    assert [item["rule"] for item in document["diagnostics"]] == EXPECTED[example.name]
    assert all(item["severity"] != "error" for item in document["diagnostics"])


# --- environments ------------------------------------------------------------------------------
X509 = (
    CLEAN
    + '[database]\ncert = "server"\nshared_memory = false\nverify_client_certs = true\n'
    + 'x509_login = { path = "CN" }\n'
)


def test_a_finding_of_one_environment_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = X509 + "[env.dev]\ndatabase.verify_client_certs = false\n"
    main(["check", _spec(tmp_path, text), "--skip-files", "--format", "json"])
    (diagnostic,) = _json(capsys)["diagnostics"]
    assert (diagnostic["rule"], diagnostic["notes"]) == ("FCS606", ["only in [env.dev]"])


def test_a_finding_of_every_environment_names_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = WARNING + "[env.dev]\nlisteners.https8443.port = 9443\n"
    main(["check", _spec(tmp_path, text), "--skip-files", "--format", "json"])
    (diagnostic,) = _json(capsys)["diagnostics"]
    assert (diagnostic["rule"], diagnostic["notes"]) == ("FCS601", [])


def test_an_environment_that_does_not_load_fails_without_stale_allowances(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        CLEAN
        + '[lint]\nallow = [{ rule = "FCS601", reason = "old clients" }]\n'
        + "[env.dev]\nlisteners.https8443.port = 0\n"
    )
    assert main(["check", _spec(tmp_path, text), "--skip-files", "--format", "json"]) == 1
    assert [item["rule"] for item in _json(capsys)["diagnostics"]] == ["FCS016"]
