"""Hostile specs and names never reach the terminal or a CI log raw (tests/data/hostile).

Each command is run through ``fcsec.cli.main``; whatever it prints, on stdout and stderr, must
hold no control, C1 or bidi character (line feeds apart), and JSON output must still parse to the
original text. The source excerpt keeps its carets under the escaped characters.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from tests.report.sample import ACTING

from fcsec.cli import main
from fcsec.diagnostics import error, render_text
from fcsec.source import SourceFile

HOSTILE = Path(__file__).parent / "data" / "hostile"
FORMATS = ("text", "github", "json", "sarif")
EXIT = {
    "escaped_strings.fcsec": 1,
    "escaped_names.fcsec": 1,
    "escaped_reason.fcsec": 0,
    "raw_controls.fcsec": 1,
}
ESCAPED_FILE_NAME = "e\x1b]0;pwned\x07.fcsec"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_inert(*outputs: str) -> None:
    for output in outputs:
        acting = ACTING.search(output.replace("\n", ""))
        assert acting is None, f"raw {acting.group()!r} in output" if acting else ""


def test_every_hostile_file_is_described_in_the_readme() -> None:
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert sorted(path.name for path in HOSTILE.glob("*.fcsec")) == sorted(EXIT)
    assert all(f"`{name}`" in readme for name in EXIT)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(EXIT))
def test_check_prints_no_raw_control_character(
    capsys: pytest.CaptureFixture[str], name: str, fmt: str
) -> None:
    code, out, err = _run(capsys, "check", str(HOSTILE / name), "--skip-files", "--format", fmt)
    assert code == EXIT[name]
    _assert_inert(out, err)
    if fmt in ("json", "sarif"):
        json.loads(out)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_formats_keep_the_hostile_text_as_json_escapes(
    capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    spec = str(HOSTILE / "escaped_names.fcsec")
    _, out, _ = _run(capsys, "check", spec, "--skip-files", "--format", fmt)
    assert "\\u001b]0;pwned\\u0007" in out
    assert "\\u009b2J\\u202eevil\\r\\n" in out
    document = json.loads(out)
    if fmt == "json":
        messages = [diagnostic["message"] for diagnostic in document["diagnostics"]]
    else:
        messages = [result["message"]["text"] for result in document["runs"][0]["results"]]
    hostile = "`listeners.web\x1b[2J\x9b2J\u202eevil\r\n::error title="
    assert any(hostile in text for text in messages)


def test_a_name_cannot_start_a_second_workflow_command(capsys: pytest.CaptureFixture[str]) -> None:
    spec = str(HOSTILE / "escaped_names.fcsec")
    _, out, _ = _run(capsys, "check", spec, "--skip-files", "--format", "github")
    lines = out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::error"]
    assert "title=FCS033::" in lines[1]
    assert "\\u202eevil\\r\\n::error title=injected::pwned`" in lines[1]


def test_a_reason_cannot_start_a_second_workflow_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = str(HOSTILE / "escaped_reason.fcsec")
    _, out, _ = _run(capsys, "check", spec, "--skip-files", "--format", "github")
    lines = out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::warning", "::notice"]
    assert "::allowed: legacy clients\\u202e until 2027%0A" in lines[1]


def test_text_shows_names_keys_and_rules_as_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = _run(capsys, "check", str(HOSTILE / "escaped_strings.fcsec"), "--skip-files")
    assert "error[FCS017]: `faircom-db\\x1b]0;pwned\\x07` is not a valid product" in err
    assert "error[FCS011]: unknown key `bogus\\x1b[2Jkey` in [database]" in err
    assert "error[FCS035]: `FCS6\\x1b]0;pwned\\x0701` is not a rule of fcsec" in err


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_with_escapes_is_shown_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    shutil.copy(HOSTILE / "escaped_reason.fcsec", tmp_path / ESCAPED_FILE_NAME)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "check", ESCAPED_FILE_NAME, "--skip-files", "--format", fmt)
    assert code == 0
    _assert_inert(out, err)
    shown = {"text": err + out, "github": out, "json": out, "sarif": out}[fmt]
    expected = {
        "text": " --> e\\x1b]0;pwned\\x07.fcsec:20:1",
        "github": "file=e\\x1b]0;pwned\\x07.fcsec,line=20",
        "json": '"file": "e\\u001b]0;pwned\\u0007.fcsec"',
        "sarif": '"uri": "e%1B%5D0%3Bpwned%07.fcsec"',  # a URI: percent-encoded
    }[fmt]
    assert expected in shown


def test_a_missing_spec_with_escapes_in_its_name_is_reported_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / ESCAPED_FILE_NAME)
    for fmt in FORMATS:
        code, out, err = _run(capsys, "check", missing, "--format", fmt)
        assert code == 1
        _assert_inert(out, err)


# The source excerpt: carets under the escape, whatever precedes it.


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _excerpt(rendered: str) -> tuple[str, int, int]:
    """The excerpt's shown line, and the terminal column and width of its carets."""
    lines = rendered.splitlines()
    source = next(line for line in lines if line.lstrip()[:1].isdigit() and " | " in line)
    carets = lines[lines.index(source) + 1]
    shown = source.split(" | ", 1)[1]
    underline = carets.split(" | ", 1)[1]
    start = len(underline) - len(underline.lstrip(" "))
    return shown, start, len(underline.strip().split(" ")[0])


def _under_carets(shown: str, start: int, width: int) -> str:
    """The characters of ``shown`` that take the terminal columns [start, start + width)."""
    column, picked = 0, []
    for char in shown:
        if start <= column < start + width:
            picked.append(char)
        column += _cells(char)
    return "".join(picked)


@pytest.mark.parametrize(
    ("line", "target"),
    [
        ('name = "a\x1b]0;pwned\x07b"', "\x1b"),
        ('name = "a\x1b]0;pwned\x07b"', "\x07"),
        ('name = "日本\x9b2J\u202e" # \x1b[2J', "\x1b"),
        ('name = "\tx\x1by"', "\x1b"),
        ("\x1b\x1b\x1b = 1", "\x1b\x1b"),
    ],
)
def test_the_carets_stay_under_the_escaped_character(line: str, target: str) -> None:
    source = SourceFile("t.fcsec", f"fcsec = 1\n{line}\n")
    start = source.text.index(target, source.text.index("\n"))
    diagnostic = error("FCS003", "control", source.span(start, start + len(target)), label="here")
    shown, column, width = _excerpt(render_text(diagnostic))
    expected = "".join(f"\\x{ord(char):02x}" for char in target)
    assert _under_carets(shown, column, width) == expected
    _assert_inert(render_text(diagnostic))


def test_an_ordinary_excerpt_is_unchanged() -> None:
    source = SourceFile("t.fcsec", "fcsec = 1\nport = 8443\n")
    diagnostic = error("FCS012", "port", source.span(17, 21), label="also used")
    assert render_text(diagnostic).splitlines()[-2:] == [
        "2 | port = 8443",
        "  |        ^^^^ also used",
    ]


def test_a_tab_in_the_excerpt_is_one_space() -> None:
    source = SourceFile("t.fcsec", "a\t= 'x'\n")
    diagnostic = error("FCS011", "key", source.span(3, 6))
    assert render_text(diagnostic).splitlines()[-2:] == ["1 | a = 'x'", "  |    ^^^"]


# The other commands print file names and names from the spec or the config files.

_UNFORMATTED = "fcsec=1\n"


def test_fmt_shows_file_names_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(ESCAPED_FILE_NAME).write_text(_UNFORMATTED, encoding="utf-8")
    for argv in (["--check"], ["--diff"], ["--check", "--diff"], []):
        code, out, err = _run(capsys, "fmt", *argv, ESCAPED_FILE_NAME)
        _assert_inert(out, err)
        assert "e\\x1b]0;pwned\\x07.fcsec" in out + err
    assert code == 0
    code, out, err = _run(capsys, "fmt", ESCAPED_FILE_NAME)
    assert out == "e\\x1b]0;pwned\\x07.fcsec: already formatted\n"


def test_fmt_of_a_broken_spec_shows_its_name_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(HOSTILE / "raw_controls.fcsec", ESCAPED_FILE_NAME)
    code, out, err = _run(capsys, "fmt", ESCAPED_FILE_NAME)
    assert code == 1
    _assert_inert(out, err)
    assert "e\\x1b]0;pwned\\x07.fcsec: not formatted" in err


def test_explain_shows_an_unknown_rule_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "explain", "FCS6\x1b]0;pwned\x0701")
    assert code == 1
    _assert_inert(out, err)
    assert "unknown rule `FCS6\\x1b]0;pwned\\x0701`" in err


def test_export_shows_listener_and_file_names_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    listener = "https\x1b]0;pwned\x07"
    refused = str(HOSTILE / "escaped_names.fcsec")
    code, out, err = _run(capsys, "export", "sslyze", refused, "--listener", listener)
    assert code == 1
    _assert_inert(out, err)
    assert "`listeners.https\\x1b]0;pwned\\x07`" in err
    spec = str(HOSTILE / "escaped_reason.fcsec")
    code, out, err = _run(
        capsys, "export", "sslyze", spec, "--listener", "https8443", "-o", ESCAPED_FILE_NAME
    )
    assert (code, out) == (0, "e\\x1b]0;pwned\\x07.fcsec: written\n")
    code, out, err = _run(capsys, "export", "sslyze", spec, "--listener", "no\x1b[2Jne")
    assert code == 1
    _assert_inert(out, err)
    assert "no\\x1b[2Jne" in err


def test_import_shows_file_names_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = Path("conf\x1b[2J")
    folder.mkdir()
    listener = {"serviceName": "https\x1b]0;pwned\x07", "port": 8443, "protocol": "https"}
    (folder / "services.json").write_text(json.dumps({"listeners": [listener]}), encoding="utf-8")
    (folder / "ctsrvr.cfg").write_text("SERVER_NAME \x1b]0;pwned\x07\n", encoding="utf-8")
    code, out, err = _run(capsys, "import", "--config-dir", str(folder), "-o", ESCAPED_FILE_NAME)
    assert code == 0
    _assert_inert(out, err)
    assert out == "e\\x1b]0;pwned\\x07.fcsec: written\n"
    assert "--config-dir 'conf\\x1b[2J' --check` passes" in err


def test_certs_init_shows_the_folder_and_client_names_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = [
        "certs",
        "init",
        "pki\x1b[2J",
        "--hostname",
        "localhost",
        "--client",
        "Jon\u202eDoe\x9b",
    ]
    code, out, err = _run(capsys, *argv)
    assert code == 0
    _assert_inert(out, err)
    assert '[certs.client_ca]\nfile = "pki\\x1b[2J/ca.pem"' in out
    assert 'client certificate for user "Jon\\u202eDoe\\x9b"' in out
