"""GitHub workflow annotations: the command syntax, escaping, worst first, the per-step limits."""

from __future__ import annotations

from tests.report.sample import ACTING, NULL, PLAIN, allow, hostile_report, make, report

from fcsec.lint import Finding
from fcsec.report import github
from fcsec.source import SourceFile


def test_data_escapes_percent_and_line_breaks() -> None:
    assert github.escape_data("100%\r\nnext") == "100%25%0D%0Anext"


def test_properties_also_escape_colon_and_comma() -> None:
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_an_error_annotation_has_file_line_columns_and_title() -> None:
    assert github.annotation(NULL, report(NULL)) == (
        "::error file=specs/security.fcsec,line=4,col=12,endLine=4,endColumn=24,title=FCS504::"
        "cipher suite `NULL-SHA256` does not encrypt (NULL cipher)%0Ahelp: remove the suite"
    )


def test_a_span_over_several_lines_has_no_columns() -> None:
    item = make("FCS608", "tls_only = false\nciphers", "two lines")
    assert github.annotation(item, report(item)) == (
        "::warning file=specs/security.fcsec,line=3,endLine=4,title=FCS608::two lines"
    )


def test_an_allowed_finding_is_a_notice_with_its_reason() -> None:
    line = github.annotation(allow(PLAIN), report(allow(PLAIN)))
    assert line.startswith("::notice file=specs/security.fcsec,line=3,")
    assert "::allowed: legacy clients, until 2027%0A`tls_only = false`" in line


def test_annotations_come_worst_first() -> None:
    info = make("FCS604", "fcsec", "shared memory")
    rendered = github.render(report(info, allow(PLAIN), PLAIN, NULL))
    kinds = [line.split(" ", 1)[0] for line in rendered.splitlines()]
    assert kinds == ["::error", "::warning", "::notice", "::notice"]


def _many(rule: str, count: int) -> list[Finding]:
    lines = "".join(f"line{number}\n" for number in range(count))
    source = SourceFile("specs/many.fcsec", lines)
    return [
        make(rule, f"line{number}\n", f"finding {number}", source=source) for number in range(count)
    ]


def test_at_most_ten_errors_are_annotated_and_the_cut_is_noticed() -> None:
    rendered = github.render(report(*_many("FCS504", 12), *_many("FCS601", 3)))
    lines = rendered.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::warning ") for line in lines) == 3
    assert lines[-1] == (
        "::notice::fcsec: 2 more findings not annotated (2 errors): GitHub shows at most 10 "
        "errors, 10 warnings and 10 notices per step; run `fcsec check specs/security.fcsec` "
        "for the full list"
    )


def test_notices_leave_room_for_the_closing_notice() -> None:
    rendered = github.render(report(*_many("FCS604", 10), *_many("FCS601", 11)))
    lines = rendered.splitlines()
    assert sum(line.startswith("::notice ") for line in lines) == 9
    assert lines[-1].startswith(
        "::notice::fcsec: 2 more findings not annotated (1 warning, 1 notice)"
    )


def test_within_the_limits_nothing_is_cut() -> None:
    rendered = github.render(report(*_many("FCS504", 10), *_many("FCS604", 10)))
    assert "more finding" not in rendered
    assert len(rendered.splitlines()) == 20


def test_a_clean_report_prints_nothing() -> None:
    assert github.render(report()) == ""


def test_hostile_text_cannot_act_nor_start_a_second_workflow_command() -> None:
    rendered = github.render(hostile_report())
    assert ACTING.search(rendered.replace("\n", "")) is None
    lines = rendered.splitlines()
    assert len(lines) == 2  # one warning, one notice: nothing injected
    assert [line.split(" ", 1)[0] for line in lines] == ["::warning", "::notice"]
    warning = lines[0]
    assert warning.startswith("::warning file=specs/e\\x1b[2J\\x07.fcsec,line=2,col=8,")
    assert "\\u202e\\r\\n::error title=injected::pwned` is enabled" in warning
    assert "%0Ahelp: set `enabled = false`" in warning  # fcsec's own line break, encoded


def test_a_property_value_is_made_safe_then_encoded() -> None:
    assert github.safe_property("a\x1b[2J:b,\r\n%") == "a\\x1b[2J%3Ab%2C\\r\\n%25"


def test_a_message_keeps_only_the_line_breaks_between_its_lines() -> None:
    assert github.safe_message("one\r\n::error::x", "two") == "one\\r\\n::error::x%0Atwo"
