"""Unit tests for fcsec.cfg.render: printing is concatenation of the pieces, nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cfg.corpus import DATA, read

from fcsec.cfg.cst import Blank, Block, BlockClose, BlockOpen, Comment, Document, Entry, Line
from fcsec.cfg.parse import parse
from fcsec.cfg.render import render, render_content, render_line


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (Blank(whitespace=" \t", eol="\r\n"), " \t\r\n"),
        (
            Comment(indent="\t", keyword="SQL_PORT", sep="\t\t ", value="6597", trailing=" "),
            "\t;SQL_PORT\t\t 6597 \n",
        ),
        (Comment(eol=""), ";"),
        (
            Entry(keyword="DAT_MEMORY", sep="   ", value="10 MB", trailing="\t", eol="\r"),
            "DAT_MEMORY   10 MB\t\r",
        ),
        (
            BlockOpen(marker=";", keyword="subsystem", sep="\t", words="A  B", gap=""),
            ";subsystem\tA  B{\n",
        ),
        (BlockClose(indent=" ", trailing=" ", eol=""), " } "),
    ],
    ids=["blank", "comment", "bare-marker", "entry", "header", "close"],
)
def test_a_line_prints_as_its_pieces_in_order(line: Line, text: str) -> None:
    assert render_line(line) == text
    assert render_content(line) == text.rstrip("\r\n")


def test_a_document_prints_its_byte_order_mark_then_its_lines() -> None:
    document = Document(
        bom="\ufeff",
        items=(
            Entry(keyword="SERVER_NAME", sep=" ", value="X", eol="\r\n"),
            Block(
                header=BlockOpen(words="COMM_PROTOCOL SSL", eol="\r\n"),
                body=(Entry(indent="\t", keyword="x509_PATH", sep=" ", value="CN", eol="\r\n"),),
                close=BlockClose(eol=""),
            ),
        ),
    )
    text = "\ufeffSERVER_NAME X\r\nSUBSYSTEM COMM_PROTOCOL SSL {\r\n\tx509_PATH CN\r\n}"
    assert render(document) == text
    assert parse(text) == document


def test_an_unclosed_block_prints_without_a_close() -> None:
    block = Block(header=BlockOpen(words="A B"), body=(Blank(eol=""),))
    assert render(Document(items=(block,))) == "SUBSYSTEM A B {\n"


def test_an_empty_document_prints_nothing() -> None:
    assert render(Document()) == ""
    assert render(Document(bom="\ufeff")) == "\ufeff"


def test_spans_do_not_take_part_in_equality() -> None:
    parsed = parse("A 1\n")
    (line,) = parsed.lines()
    assert line.span is not None
    assert parsed == Document(items=(Entry(keyword="A", sep=" ", value="1"),))


@pytest.mark.parametrize("name", sorted(path.name for path in DATA.glob("*.cfg")))
def test_committed_fixtures_print_back_byte_for_byte(name: str) -> None:
    text = read(DATA / name)
    assert render(parse(text)) == text
    crlf = text.replace("\n", "\r\n")
    assert render(parse(crlf)) == crlf


def test_real_files_print_back_byte_for_byte(samples: Path) -> None:
    for path in sorted(samples.rglob("*.cfg")):
        text = read(path)
        assert render(parse(text)) == text, path
