"""Unit tests for fcsec.cfg.parse: how each kind of line is cut into pieces, and structure."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.cfg.corpus import data

from fcsec.cfg.cst import (
    Blank,
    Block,
    BlockClose,
    BlockOpen,
    Comment,
    Document,
    Entry,
    key_of,
    split_words,
)
from fcsec.cfg.parse import parse, parse_line
from fcsec.source import SourceFile


def only_line(text: str) -> object:
    (item,) = parse(text).items
    return item


# --- one line -------------------------------------------------------------------------------------


def test_empty_text_is_an_empty_document() -> None:
    document = parse("")
    assert document == Document()
    assert document.diagnostics == ()


@pytest.mark.parametrize("whitespace", ["", " ", "\t", " \t  \t"])
def test_a_line_of_blanks_is_blank(whitespace: str) -> None:
    assert only_line(whitespace + "\n") == Blank(whitespace=whitespace)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param(
            "SERVER_NAME             FAIRCOMS\n",
            Entry(keyword="SERVER_NAME", sep="             ", value="FAIRCOMS"),
            id="aligned-with-spaces",
        ),
        pytest.param(
            "\tMINIMUM_LENGTH   8\n",
            Entry(indent="\t", keyword="MINIMUM_LENGTH", sep="   ", value="8"),
            id="tab-indented",
        ),
        pytest.param(
            "DAT_MEMORY              10 MB\n",
            Entry(keyword="DAT_MEMORY", sep="              ", value="10 MB"),
            id="value-with-space",
        ),
        pytest.param(
            "X509_REQUIREMENT faircom inc  \n",
            Entry(keyword="X509_REQUIREMENT", sep=" ", value="faircom inc", trailing="  "),
            id="value-with-space-and-trailing-blanks",
        ),
        pytest.param(
            "PLUGIN cthttpd;./web/libcthttpd.so\n",
            Entry(keyword="PLUGIN", sep=" ", value="cthttpd;./web/libcthttpd.so"),
            id="semicolon-in-value-is-data",
        ),
        pytest.param("TMPNAME_PATH\n", Entry(keyword="TMPNAME_PATH"), id="keyword-only"),
        pytest.param(
            "TMPNAME_PATH \t\n",
            Entry(keyword="TMPNAME_PATH", trailing=" \t"),
            id="keyword-only-with-trailing-blanks",
        ),
        pytest.param(
            "\t    volume      VOLUME\n",
            Entry(indent="\t    ", keyword="volume", sep="      ", value="VOLUME"),
            id="lower-case-keyword",
        ),
        pytest.param(
            "x509_PATH\tCN\n", Entry(keyword="x509_PATH", sep="\t", value="CN"), id="mixed-case"
        ),
        pytest.param(
            "CTSTATUS_SIZE  -32000000\n",
            Entry(keyword="CTSTATUS_SIZE", sep="  ", value="-32000000"),
            id="negative-number",
        ),
        pytest.param(
            "} trailing words\n",
            Entry(keyword="}", sep=" ", value="trailing words"),
            id="brace-with-words-is-not-a-close",
        ),
    ],
)
def test_setting_lines_keep_every_piece(text: str, line: Entry) -> None:
    assert only_line(text) == line


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param(
            "; Page Size \n",
            Comment(sep=" ", value="Page Size", trailing=" "),
            id="prose-with-trailing-blank",
        ),
        pytest.param(";\n", Comment(), id="bare-semicolon"),
        pytest.param(
            ";This is the file name\n",
            Comment(keyword="This", sep=" ", value="is the file name"),
            id="prose-glued-to-marker",
        ),
        pytest.param(
            ";SSL_CIPHERS AES256-SHA256:AES256-GCM-SHA38\n",
            Comment(keyword="SSL_CIPHERS", sep=" ", value="AES256-SHA256:AES256-GCM-SHA38"),
            id="commented-setting",
        ),
        pytest.param(
            ";SQL_PORT\t\t 6597\n",
            Comment(keyword="SQL_PORT", sep="\t\t ", value="6597"),
            id="commented-setting-with-tabs",
        ),
        pytest.param(
            "  ;COMM_PROTOCOL FSHAREMM\n",
            Comment(indent="  ", keyword="COMM_PROTOCOL", sep=" ", value="FSHAREMM"),
            id="indented-comment",
        ),
        pytest.param(";}\n", Comment(keyword="}"), id="commented-brace"),
        pytest.param(";;x y\n", Comment(keyword=";x", sep=" ", value="y"), id="double-marker"),
    ],
)
def test_comment_lines_keep_every_piece(text: str, line: Comment) -> None:
    assert only_line(text) == line


@pytest.mark.parametrize(
    ("text", "header"),
    [
        pytest.param(
            "SUBSYSTEM COMM_PROTOCOL SSL {\n",
            BlockOpen(words="COMM_PROTOCOL SSL"),
            id="vendor-shape",
        ),
        pytest.param(
            ";SUBSYSTEM COMM_PROTOCOL SSL {\n",
            BlockOpen(marker=";", words="COMM_PROTOCOL SSL"),
            id="disabled",
        ),
        pytest.param(
            "  subsystem\tcomm_protocol  ssl\t{ \n",
            BlockOpen(
                indent="  ",
                keyword="subsystem",
                sep="\t",
                words="comm_protocol  ssl",
                gap="\t",
                trailing=" ",
            ),
            id="lower-case-tabs-and-runs",
        ),
        pytest.param(
            "SUBSYSTEM COMM_PROTOCOL SSL{\n",
            BlockOpen(words="COMM_PROTOCOL SSL", gap=""),
            id="brace-without-gap",
        ),
        pytest.param("SUBSYSTEM {\n", BlockOpen(words="", gap=""), id="no-names"),
    ],
)
def test_block_headers_keep_every_piece(text: str, header: BlockOpen) -> None:
    item = parse(text + "}\n").items[0]
    assert isinstance(item, Block)
    assert item.header == header


def test_a_subsystem_line_without_a_brace_is_a_setting() -> None:
    assert only_line("SUBSYSTEM COMM_PROTOCOL SSL\n") == Entry(
        keyword="SUBSYSTEM", sep=" ", value="COMM_PROTOCOL SSL"
    )


def test_a_blank_after_the_marker_makes_a_subsystem_header_prose() -> None:
    document = parse("; SUBSYSTEM COMM_PROTOCOL SSL {\n")
    assert document.items == (Comment(sep=" ", value="SUBSYSTEM COMM_PROTOCOL SSL {"),)


def test_a_non_ascii_look_alike_of_subsystem_opens_no_block() -> None:
    # U+017F upper-cases to "S"; FairCom compares ASCII keywords only.
    line = parse_line("\u017fUBSYSTEM COMM_PROTOCOL SSL {")
    assert isinstance(line, Entry)
    assert key_of("\u017fsl_ciphers") != "SSL_CIPHERS"
    assert key_of("x509_Path") == "X509_PATH"


@pytest.mark.parametrize("text", ["}", " } \t", "\t}"])
def test_a_lone_brace_with_blanks_closes(text: str) -> None:
    assert isinstance(parse_line(text), BlockClose)


# --- line endings, BOM, odd characters ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "endings"),
    [
        ("A 1\nB 2\n", ("\n", "\n")),
        ("A 1\r\nB 2\r\n", ("\r\n", "\r\n")),
        ("A 1\rB 2\r", ("\r", "\r")),
        ("A 1\r\nB 2\rC 3\n", ("\r\n", "\r", "\n")),
        ("A 1\n\rB 2", ("\n", "\r", "")),
        ("A 1\nB 2", ("\n", "")),
    ],
    ids=["lf", "crlf", "cr", "mixed", "lf-then-cr", "no-final-newline"],
)
def test_every_line_keeps_its_own_ending(text: str, endings: tuple[str, ...]) -> None:
    assert tuple(line.eol for line in parse(text).lines()) == endings


def test_a_missing_final_newline_leaves_the_last_line_without_ending() -> None:
    text = data("minimal-no-final-newline.cfg")
    last = list(parse(text).lines())[-1]
    assert last == Entry(
        keyword="COMPATIBILITY", sep="       ", value="KEEP_EMPTY_NODE_ON_READ", eol=""
    )


def test_a_byte_order_mark_is_kept_apart_from_the_first_keyword() -> None:
    document = parse("\ufeffSERVER_NAME X\n")
    assert document.bom == "\ufeff"
    assert document.items == (Entry(keyword="SERVER_NAME", sep=" ", value="X"),)


def test_a_byte_order_mark_later_in_the_text_is_data() -> None:
    document = parse("A 1\n\ufeffB 2\n")
    assert document.bom == ""
    assert document.items[1] == Entry(keyword="\ufeffB", sep=" ", value="2")


def test_undecodable_latin1_bytes_survive_as_lone_surrogates() -> None:
    text = b"; r\xe9sum\xe9\nSERVER_NAME caf\xe9\n".decode("utf-8", "surrogateescape")
    document = parse(text)
    assert document.items == (
        Comment(sep=" ", value="r\udce9sum\udce9"),
        Entry(keyword="SERVER_NAME", sep=" ", value="caf\udce9"),
    )


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\xa0"])
def test_only_cr_and_lf_break_lines_and_only_space_and_tab_separate(char: str) -> None:
    document = parse(f"KEY a{char}b{char}\n")
    assert document.items == (Entry(keyword="KEY", sep=" ", value=f"a{char}b{char}"),)


def test_split_words_splits_at_runs_of_spaces_and_tabs_only() -> None:
    assert split_words(" COMM_PROTOCOL \t SSL ") == ("COMM_PROTOCOL", "SSL")
    assert split_words("a\u2028b") == ("a\u2028b",)
    assert split_words("") == ()


# --- blocks and structural problems ---------------------------------------------------------------


def test_a_disabled_block_holds_its_active_looking_lines() -> None:
    text = ";SUBSYSTEM SECURITY PASSWORD {\n\tMINIMUM_LENGTH   8\n}\nFILES 4096\n"
    document = parse(text)
    assert document.diagnostics == ()
    assert document.items == (
        Block(
            header=BlockOpen(marker=";", words="SECURITY PASSWORD"),
            body=(Entry(indent="\t", keyword="MINIMUM_LENGTH", sep="   ", value="8"),),
            close=BlockClose(),
        ),
        Entry(keyword="FILES", sep=" ", value="4096"),
    )


def test_the_vendor_look_alike_parses_without_problems() -> None:
    text = data("edge-lookalike.cfg")
    document = parse(text)
    assert document.diagnostics == ()
    blocks = [item for item in document.items if isinstance(item, Block)]
    assert [block.header.words for block in blocks] == [
        "COMM_PROTOCOL SSL",
        "SECURITY PASSWORD",
        "EVENT DISK_FULL_ACTION",
    ]
    assert all(block.header.marker == ";" for block in blocks)


def test_a_stray_close_is_fcs201_on_its_line() -> None:
    document = parse("A 1\r\n}\r\nB 2\r\n")
    (diagnostic,) = document.diagnostics
    assert diagnostic.rule == "FCS201"
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 1)
    assert document.items[1] == BlockClose(eol="\r\n")


def test_an_unclosed_block_is_fcs202_at_its_header_and_holds_the_rest() -> None:
    document = parse("A 1\nSUBSYSTEM X Y {\nB 2\n")
    (diagnostic,) = document.diagnostics
    assert diagnostic.rule == "FCS202"
    assert diagnostic.span is not None and diagnostic.span.line == 2
    block = document.items[1]
    assert isinstance(block, Block)
    assert block.close is None
    assert block.body == (Entry(keyword="B", sep=" ", value="2"),)


def test_a_header_inside_a_block_is_fcs203_and_stays_a_line_of_that_block() -> None:
    text = "SUBSYSTEM A B {\n;SUBSYSTEM C D {\n}\n}\n"
    document = parse(text)
    assert [d.rule for d in document.diagnostics] == ["FCS203", "FCS201"]
    nested, stray = document.diagnostics
    assert nested.span is not None and nested.span.line == 2
    assert nested.related[0].span.line == 1
    assert stray.span is not None and stray.span.line == 4
    block = document.items[0]
    assert isinstance(block, Block)
    assert block.body == (BlockOpen(marker=";", words="C D"),)


def test_diagnostics_carry_the_file_name_and_the_rule_fix() -> None:
    document = parse(SourceFile(name="config/ctsrvr.cfg", text="}\n"))
    (diagnostic,) = document.diagnostics
    assert diagnostic.location() == "config/ctsrvr.cfg:1:1"
    assert diagnostic.hint


def test_spans_cover_the_content_of_a_line_without_its_ending() -> None:
    source = SourceFile(name="c", text="\ufeffA 1\r\nB 2")
    first, second = parse(source).lines()
    assert first.span is not None and second.span is not None
    assert source.text[first.span.start : first.span.end] == "A 1"
    assert source.text[second.span.start : second.span.end] == "B 2"
    assert second.span.line == 2


def test_parse_line_never_raises_on_odd_content() -> None:
    for content in ["", ";", "{", "}", ";{", "SUBSYSTEM", "SUBSYSTEM {", "\udcff", "\x00 \x00"]:
        parse_line(content)


# --- the one-match splitter against a reading with str methods -----------------------------------


def _read_with_str_methods(content: str) -> tuple[object, ...]:
    """An independent reading of one line, by the rules of fcsec.cfg.cst: blanks, a lone `}`,
    else an optional `;`, a keyword up to the first blank, the blanks after it, the value up to
    the last non-blank, the blanks after that; a header when the keyword is SUBSYSTEM (ASCII,
    any case) and the value ends in `{`."""
    stripped = content.lstrip(" \t")
    if not stripped:
        return ("blank", content)
    indent = content[: len(content) - len(stripped)]
    body = stripped.rstrip(" \t")
    trailing = stripped[len(body) :]
    if body == "}":
        return ("close", indent, trailing)
    marker = ";" if body.startswith(";") else ""
    rest = body[len(marker) :]
    keyword = rest
    for at, char in enumerate(rest):
        if char in " \t":
            keyword = rest[:at]
            break
    after = rest[len(keyword) :]
    value = after.lstrip(" \t")
    sep = after[: len(after) - len(value)]
    if value.endswith("{") and keyword.isascii() and keyword.upper() == "SUBSYSTEM":
        inner = value[:-1]
        words = inner.rstrip(" \t")
        return ("open", indent, marker, keyword, sep, words, inner[len(words) :], trailing)
    return ("comment" if marker else "entry", indent, marker, keyword, sep, value, trailing)


def _pieces(line: object) -> tuple[object, ...]:
    if isinstance(line, Blank):
        return ("blank", line.whitespace)
    if isinstance(line, BlockClose):
        return ("close", line.indent, line.trailing)
    if isinstance(line, BlockOpen):
        header = (line.indent, line.marker, line.keyword, line.sep, line.words, line.gap)
        return ("open", *header, line.trailing)
    assert isinstance(line, Entry | Comment)
    kind, marker = ("comment", line.marker) if isinstance(line, Comment) else ("entry", "")
    return (kind, line.indent, marker, line.keyword, line.sep, line.value, line.trailing)


_LINE_TEXT = st.lists(
    st.one_of(
        st.sampled_from([" ", "\t", ";", "{", "}"]),
        st.sampled_from(["SUBSYSTEM", "subsystem", "SUBSY\u017fTEM", "SSL", "x", "é", "\udcff"]),
        st.characters(blacklist_characters="\r\n"),
    ),
    max_size=12,
).map("".join)


@given(_LINE_TEXT, st.sampled_from(["", "\n", "\r\n", "\r"]))
@example(";}", "\n")
@example(" } \t", "")
@example("SUBSY\u017fTEM A B {", "\n")
@example("; SUBSYSTEM A B {", "\r\n")
@example("SUBSYSTEM{", "\n")
@example("\t;subsystem A B\t{ \t", "\r")
@example("KEY \t ", "\n")
@example(";", "\n")
def test_each_line_is_cut_as_the_str_method_reading_cuts_it(content: str, eol: str) -> None:
    line = parse_line(content, eol)
    assert _pieces(line) == _read_with_str_methods(content)
    assert line.eol == eol
    # In a text, the same line gets the same pieces, and a span over its content.
    source = SourceFile(name="ctsrvr.cfg", text=f"A b\n{content}{eol}" + ("Z y\n" if eol else ""))
    (_, parsed, *_) = [*parse(source).lines(), parse_line("", span=source.span(4, 4))]
    assert _pieces(parsed) == _pieces(line)
    assert parsed.span is not None and source.text[parsed.span.start : parsed.span.end] == content
