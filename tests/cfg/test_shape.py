"""fcsec.cfg.shape: every SSL block fcsec cannot edit safely is refused at its line and column.

The hostile files of tests/data/cfg are held to the outcome their README row states; the
examples below pin each rule's message and hint.
"""

from __future__ import annotations

import re

import pytest
from tests.cfg.corpus import DATA, data

from fcsec.cfg.edit import apply_ssl_plan, edit_ssl
from fcsec.cfg.model import view
from fcsec.cfg.parse import parse
from fcsec.cfg.plan import SslBlockPlan
from fcsec.cfg.shape import ssl_block_problems
from fcsec.diagnostics import Diagnostic, DiagnosticError
from fcsec.rules import RULES
from fcsec.source import SourceFile

ENABLE = SslBlockPlan(
    settings=(
        ("SERVER_CERTIFICATE_FILE", "ctree_ssl.pem"),
        ("SSL_CONNECTIONS_ONLY", "YES"),
        ("SSL_CIPHERS", "ECDHE-RSA-AES128-GCM-SHA256"),
    ),
    shared_memory=False,
)
DISABLE = SslBlockPlan(settings=ENABLE.settings, enabled=False)
PLANS = (ENABLE, DISABLE, SslBlockPlan(settings=(), shared_memory=True))

_ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| (?P<outcome>[^|]+?) \|$")
_AT = re.compile(r"(FCS\d{3}) at (\d+):(\d+)")


def _expectations() -> dict[str, str]:
    rows = (_ROW.match(line) for line in (DATA / "README.md").read_text().splitlines())
    return {row["file"]: row["outcome"] for row in rows if row}


EXPECTED = _expectations()


def _source(name: str) -> SourceFile:
    return SourceFile(name=name, text=data(name))


def _where(diagnostic: Diagnostic) -> tuple[str, int, int]:
    assert diagnostic.span is not None
    line, column = diagnostic.span.source.line_col(diagnostic.span.start)
    return diagnostic.rule, line, column


def test_every_fixture_has_a_readme_row_and_every_row_a_fixture() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in DATA.glob("*.cfg"))


@pytest.mark.parametrize("name", sorted(n for n, o in EXPECTED.items() if o.startswith("refused")))
def test_hostile_fixtures_are_refused_where_the_readme_says(name: str) -> None:
    outcome = EXPECTED[name]
    expected = [(rule, int(line), int(column)) for rule, line, column in _AT.findall(outcome)]
    assert expected, outcome
    source = _source(name)
    for plan in PLANS:
        with pytest.raises(DiagnosticError) as refused:
            apply_ssl_plan(source, plan)
        assert [_where(d) for d in refused.value.diagnostics] == expected
        assert all(d.hint for d in refused.value.diagnostics)


@pytest.mark.parametrize("name", sorted(n for n, o in EXPECTED.items() if o.startswith("edited")))
def test_fixtures_edited_in_place_keep_one_block_and_round_trip(name: str) -> None:
    source = _source(name)
    assert len(view(parse(source)).find_blocks("COMM_PROTOCOL", "SSL")) == 1
    enabled = apply_ssl_plan(source, ENABLE)
    assert enabled != source.text
    assert len(view(parse(enabled)).find_blocks("COMM_PROTOCOL", "SSL")) == 1
    again = SourceFile(name=name, text=enabled)
    assert apply_ssl_plan(again, ENABLE) is enabled
    disabled = apply_ssl_plan(again, DISABLE)
    (block,) = view(parse(disabled)).find_blocks("COMM_PROTOCOL", "SSL")
    assert not block.enabled and block.settings == ()
    assert apply_ssl_plan(SourceFile(name=name, text=disabled), DISABLE) is disabled
    # Disabling puts `;` in the first column (the vendor's way), so only an indented header
    # comes back without its indent.
    header = block.block.header.keyword + block.block.header.sep
    expected = re.sub(rf"(?m)^[ \t]+(?={re.escape(header)})", "", enabled)
    assert apply_ssl_plan(SourceFile(name=name, text=disabled), ENABLE) == expected


def test_a_file_without_any_ssl_block_gets_one_appended() -> None:
    (name,) = (n for n, o in EXPECTED.items() if o.startswith("block appended"))
    source = _source(name)
    assert not view(parse(source)).find_blocks("COMM_PROTOCOL", "SSL")
    assert apply_ssl_plan(source, ENABLE).startswith(source.text)


# --- each rule, by example ------------------------------------------------------------------------


def _problems(text: str) -> list[tuple[str, int, int, str]]:
    return [
        (*_where(d), d.message) for d in ssl_block_problems(parse(SourceFile("ctsrvr.cfg", text)))
    ]


def test_the_issue_11_one_line_block_is_refused_with_the_lines_to_write() -> None:
    text = "SUBSYSTEM COMM_PROTOCOL SSL { SSL_CONNECTIONS_ONLY NO }\n"
    (problem,) = ssl_block_problems(parse(SourceFile("ctsrvr.cfg", text)))
    assert _where(problem) == ("FCS206", 1, 29)
    assert problem.message == "one-line SSL block: `{` and `}` share the header's line"
    assert problem.hint == (
        "write `SUBSYSTEM COMM_PROTOCOL SSL {` on one line, then `SSL_CONNECTIONS_ONLY NO` on "
        "its own line, then `}` alone on the last line"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SUBSYSTEM COMM_PROTOCOL SSL{SSL_CIPHERS A}\n",
            [("FCS206", 1, 28, "one-line SSL block: `{` and `}` share the header's line")],
        ),
        (
            ";subsystem comm_protocol ssl { }\n",
            [
                (
                    "FCS206",
                    1,
                    30,
                    "commented one-line SSL block: `{` and `}` share the header's line",
                )
            ],
        ),
        (
            "SUBSYSTEM COMM_PROTOCOL SSL\n",
            [
                (
                    "FCS205",
                    1,
                    1,
                    "SSL block header without `{`: the header line does not end with `{`",
                )
            ],
        ),
        (
            "SUBSYSTEM COMM_PROTOCOL SSL { ; TLS for SQL\n}\n",
            [
                ("FCS207", 1, 31, "SSL block header has text after `{`: `; TLS for SQL`"),
                ("FCS201", 2, 1, RULES["FCS201"].title),
            ],
        ),
        (
            ";;SUBSYSTEM COMM_PROTOCOL SSL {\n",
            [
                (
                    "FCS208",
                    1,
                    1,
                    "the SSL block header starts with `;;SUBSYSTEM`; FairCom disables a block "
                    "only with `;SUBSYSTEM`, nothing in between",
                )
            ],
        ),
        (
            "SUBSYSTEM COMM_PROTOCOL SSL {\n}SSL_CIPHERS A\n}\n",
            [("FCS209", 2, 1, "`}` shares its line with text: `}SSL_CIPHERS A`")],
        ),
        (
            ";SUBSYSTEM COMM_PROTOCOL SSL {\n  ; } end\n}\n",
            [("FCS210", 2, 3, "`;}` is a comment and does not close the SSL block")],
        ),
        (
            "SUBSYSTEM COMM_PROTOCOL SSL { {\n}\n",
            [("FCS211", 1, 29, "the SSL block header has words after `SSL`: `{`")],
        ),
    ],
    ids=[
        "glued-one-line",
        "commented-empty-one-line",
        "no-brace",
        "comment-after-brace",
        "double-marker",
        "brace-then-setting",
        "indented-commented-close",
        "two-braces",
    ],
)
def test_each_unusual_shape_has_its_rule_line_and_column(
    text: str, expected: list[tuple[str, int, int, str]]
) -> None:
    assert _problems(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "subsystem  comm_protocol\tssl{\n\tSSL_CIPHERS A ; note\n}  \n",
        "  ;SUBSYSTEM COMM_PROTOCOL SSL {\n;x}\n}\n",
        "; SUBSYSTEM COMM_PROTOCOL SSLX {\n",
        "; the SSL block below is SUBSYSTEM COMM_PROTOCOL SSL {\n",
        "SUBSYSTEM SECURITY PASSWORD { MINIMUM_LENGTH 8 }\n",
        "SUBSYSTEM EVENT X {\n} ; end\n}\n",
    ],
    ids=[
        "odd-spacing-and-case",
        "indented-disabled-header-and-a-comment-ending-in-a-brace",
        "another-name",
        "prose",
        "one-line-other-block",
        "other-block-close-with-text",
    ],
)
def test_usual_or_unrelated_lines_are_no_ssl_problem(text: str) -> None:
    assert [p for p in _problems(text) if p[0] not in ("FCS201", "FCS202")] == []


def test_a_value_ending_in_a_brace_is_never_written() -> None:
    plan = SslBlockPlan(settings=(("SERVER_CERTIFICATE_FILE", "cert}"),))
    with pytest.raises(DiagnosticError) as refused:
        apply_ssl_plan(SourceFile("ctsrvr.cfg", ""), plan)
    (problem,) = refused.value.diagnostics
    assert problem.rule == "FCS212"
    assert "`SERVER_CERTIFICATE_FILE cert}`" in problem.message


# --- what an edit reports (the compile summary) ---------------------------------------------------


def test_the_edit_names_shared_memory_only_where_the_file_has_it() -> None:
    without = edit_ssl(SourceFile("ctsrvr.cfg", "COMM_PROTOCOL F_TCPIP\n"), ENABLE)
    assert without.managed == ("SUBSYSTEM COMM_PROTOCOL SSL",)
    assert without.changed == ("SUBSYSTEM COMM_PROTOCOL SSL",)
    with_shm = edit_ssl(SourceFile("ctsrvr.cfg", "COMM_PROTOCOL FSHAREMM\n"), ENABLE)
    assert with_shm.managed == ("SUBSYSTEM COMM_PROTOCOL SSL", "COMM_PROTOCOL FSHAREMM")
    assert with_shm.changed == with_shm.managed
    done = edit_ssl(SourceFile("ctsrvr.cfg", with_shm.text), ENABLE)
    assert done.text is not None and done.changed == ()
    assert done.managed == with_shm.managed
    added = edit_ssl(SourceFile("ctsrvr.cfg", ""), SslBlockPlan(settings=(), shared_memory=True))
    assert added.changed == ("SUBSYSTEM COMM_PROTOCOL SSL", "COMM_PROTOCOL FSHAREMM")
    untouched = edit_ssl(SourceFile("ctsrvr.cfg", "COMM_PROTOCOL FSHAREMM\n"), DISABLE)
    assert untouched.managed == ("SUBSYSTEM COMM_PROTOCOL SSL",)
