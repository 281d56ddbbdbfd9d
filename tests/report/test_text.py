"""The text report: design.md's layout, allowed findings, notes, counts, the ok line."""

from __future__ import annotations

from tests.report.sample import ACTING, NULL, PLAIN, allow, hostile_report, make, report

from fcsec.report import text


def test_a_finding_renders_in_the_design_layout() -> None:
    assert text.render_finding(NULL) == (
        "error[FCS504]: cipher suite `NULL-SHA256` does not encrypt (NULL cipher)\n"
        " --> specs/security.fcsec:4:12\n"
        "  |\n"
        '4 | ciphers = ["NULL-SHA256"]\n'
        "  |            ^^^^^^^^^^^^^\n"
        "   = help: remove the suite"
    )


def test_an_allowed_finding_shows_the_reason_and_where_it_is_written() -> None:
    last = text.render_finding(allow(PLAIN)).splitlines()[-1]
    assert last == "   = allowed: legacy clients, until 2027 (specs/security.fcsec:6:10)"


def test_long_notes_wrap_under_their_label() -> None:
    note = "expands to " + ", ".join(f"SUITE-{number}" for number in range(30))
    item = make("FCS508", "NULL-SHA256", "raw string", notes=(note,))
    lines = text.render_finding(item).splitlines()
    wrapped = [line for line in lines if line.startswith(("   = note:", "           SUITE"))]
    assert len(wrapped) > 1
    assert all(len(line) <= 100 for line in wrapped)


def test_findings_and_counts_go_to_stderr_and_no_ok_line_on_failure() -> None:
    rendered = text.render(report(allow(PLAIN), NULL))
    assert rendered.stderr.endswith("\n\n1 error and 1 allowed\n")
    assert rendered.stdout == ""


def test_a_passing_check_prints_the_ok_line_on_stdout() -> None:
    rendered = text.render(report(allow(PLAIN)))
    assert rendered.stdout == "specs/security.fcsec: ok (0 listeners, database TLS)\n"


def test_strict_says_that_warnings_fail() -> None:
    rendered = text.render(report(PLAIN, strict=True))
    assert rendered.stderr.endswith("1 warning (--strict: warnings fail)\n")
    assert rendered.stdout == ""


def test_skipped_files_are_mentioned() -> None:
    rendered = text.render(report(files_checked=False))
    assert rendered.stderr == "note: certificate files were not checked (--skip-files)\n"


def test_colour_only_when_asked() -> None:
    assert "\x1b[" not in text.render(report(NULL)).stderr
    assert "\x1b[1;31merror[FCS504]" in text.render(report(NULL), color=True).stderr


def test_hostile_text_is_shown_escaped_in_every_part_of_the_report() -> None:
    rendered = text.render(hostile_report())
    assert ACTING.search(rendered.stderr.replace("\n", "")) is None
    assert ACTING.search(rendered.stdout.replace("\n", "")) is None
    shown = "\\x1b]0;pwned\\x07\\x1b[2J\\x9b2J\\u202e\\r\\n::error title=injected::pwned"
    assert f"warning[FCS602]: listener `{shown}` is enabled" in rendered.stderr
    assert f"   = allowed: {shown} (specs/security.fcsec:6:10)" in rendered.stderr
    assert f"   = help: set `enabled = false` in [listeners.{shown}]" in rendered.stderr
    assert " --> specs/e\\x1b[2J\\x07.fcsec:2:8" in rendered.stderr
    assert rendered.stdout.startswith("specs/e\\x1b[2J\\x07.fcsec: ok (1 listener \\x1b]0;")
