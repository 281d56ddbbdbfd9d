"""Unit tests for fcsec.cfg.model: what is active, what is disabled, case-insensitive lookups."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cfg.corpus import data, read

from fcsec.cfg.cst import Block, BlockClose, BlockOpen, Comment, Document, Entry
from fcsec.cfg.model import commented_setting, dominant_eol, trailing_note, view
from fcsec.cfg.parse import parse, parse_line


def keywords(text: str) -> list[str]:
    return [setting.keyword for setting in view(parse(text)).settings]


def test_the_vendor_look_alike_has_only_disabled_blocks_and_their_lines_are_inactive() -> None:
    config = view(parse(data("edge-lookalike.cfg")))
    assert config.active_blocks == ()
    assert [(b.block_class, b.name) for b in config.disabled_blocks] == [
        ("COMM_PROTOCOL", "SSL"),
        ("SECURITY", "PASSWORD"),
        ("EVENT", "DISK_FULL_ACTION"),
    ]
    active = {setting.key for setting in config.settings}
    assert {"SERVER_NAME", "PLUGIN", "DAT_MEMORY", "COMM_PROTOCOL"} <= active
    # Active-looking lines inside disabled blocks, and commented settings, are not active.
    assert active.isdisjoint({"MINIMUM_LENGTH", "REQUIRED_CLASSES", "VOLUME", "RUN"})
    assert active.isdisjoint(
        {"SERVER_PORT", "SQL_PORT", "SERVER_CERTIFICATE_FILE", "FIPS_ENCRYPTION"}
    )
    password = config.find_blocks("security", "password")[0]
    assert not password.enabled
    assert password.values("minimum_length") == ("8",)


def test_the_real_edge_file_reads_the_vendor_way(samples: Path) -> None:
    config = view(parse(read(samples / "faircom-edge-5.1" / "ctsrvr.cfg")))
    assert config.active_blocks == ()
    assert {(b.block_class, b.name) for b in config.disabled_blocks} == {
        ("COMM_PROTOCOL", "SSL"),
        ("SECURITY", "PASSWORD"),
        ("EVENT", "DISK_FULL_ACTION"),
    }
    assert config.values("comm_protocol") == ("F_TCPIP", "FSHAREMM")
    assert config.values("PLUGIN") == ("cthttpd;./web/libcthttpd.so",)
    assert config.values("DAT_MEMORY") == ("10 MB",)
    assert config.values("MINIMUM_LENGTH") == ()
    assert config.values("maxruntime") == ()


def test_the_real_minimal_file_has_three_settings(samples: Path) -> None:
    config = view(parse(read(samples / "embedded-minimal" / "ctsrvr.cfg")))
    assert [s.keyword for s in config.settings] == [
        "SERVER_NAME",
        "LOCAL_DIRECTORY",
        "COMPATIBILITY",
    ]
    assert config.blocks == ()


def test_keywords_and_block_names_match_without_regard_to_case() -> None:
    text = "subsystem Comm_Protocol  ssl {\n\tX509_path CN\n}\ncomm_protocol F_TCPIP\n"
    config = view(parse(text))
    (block,) = config.find_blocks("COMM_PROTOCOL", "SSL")
    assert block.enabled
    assert block.values("x509_PATH") == ("CN",)
    assert block.settings[0].keyword == "X509_path"
    assert block.settings[0].key == "X509_PATH"
    assert config.values("COMM_PROTOCOL") == ("F_TCPIP",)


def test_repeated_keywords_all_count_in_file_order() -> None:
    text = "SQL_OPTION A\n;SQL_OPTION B\nSQL_OPTION C\n"
    assert view(parse(text)).values("sql_option") == ("A", "C")


def test_comments_and_keyword_only_lines() -> None:
    assert keywords("; SERVER_NAME X\n;SERVER_NAME Y\nTMPNAME_PATH\n") == ["TMPNAME_PATH"]
    assert view(parse("TMPNAME_PATH\n")).values("TMPNAME_PATH") == ("",)


def test_a_block_settings_are_its_uncommented_lines() -> None:
    block = Block(
        header=BlockOpen(words="COMM_PROTOCOL SSL"),
        body=(
            Comment(keyword="DEBUG_LOG", sep=" ", value="ssl.log"),
            Entry(keyword="SSL_CONNECTIONS_ONLY", sep=" ", value="YES"),
        ),
        close=BlockClose(),
    )
    (block_view,) = view(Document(items=(block,))).blocks
    assert [(s.keyword, s.value) for s in block_view.settings] == [("SSL_CONNECTIONS_ONLY", "YES")]
    assert block_view.block is block


@pytest.mark.parametrize(
    ("words", "block_class", "name"),
    [("COMM_PROTOCOL SSL", "COMM_PROTOCOL", "SSL"), ("", "", ""), ("ONE", "ONE", "")],
)
def test_class_and_name_come_from_the_header_words(words: str, block_class: str, name: str) -> None:
    block = Block(header=BlockOpen(words=words, gap=" " if words else ""), close=BlockClose())
    (block_view,) = view(Document(items=(block,))).blocks
    assert (block_view.block_class, block_view.name) == (block_class, name)


def test_the_view_of_a_file_with_problems_is_still_total() -> None:
    config = view(parse("}\nSUBSYSTEM A B {\nSUBSYSTEM C D {\nK V\n"))
    (block,) = config.blocks
    assert block.values("K") == ("V",)
    assert config.settings == ()


@pytest.mark.parametrize(
    ("text", "eol"),
    [
        ("", "\n"),
        ("A", "\n"),
        ("A\r\nB\r\n", "\r\n"),
        ("A\rB\rC\n", "\r"),
        ("A\r\nB\n", "\r\n"),
        ("A\nB\r\n", "\n"),
    ],
    ids=["empty", "no-ending", "crlf", "cr-majority", "tie-first-wins", "tie-first-wins-lf"],
)
def test_the_dominant_line_ending(text: str, eol: str) -> None:
    assert dominant_eol(parse(text)) == eol


# --- commented settings and trailing notes --------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (";SSL_CIPHERS A", ("", "SSL_CIPHERS", "A")),
        ("\t;SSL_CIPHERS A", ("\t", "SSL_CIPHERS", "A")),
        (";\tSSL_CIPHERS  A b", ("\t", "SSL_CIPHERS", "A b")),
        ("; Page Size ", (" ", "Page", "Size")),
        (";;SSL_CIPHERS A", None),
        (";", None),
        (";}", None),
    ],
)
def test_a_comment_holds_the_setting_it_reads_as_without_its_marker(
    line: str, expected: tuple[str, str, str] | None
) -> None:
    comment = parse_line(line)
    assert isinstance(comment, Comment)
    setting = commented_setting(comment)
    got = None if setting is None else (setting.indent, setting.keyword, setting.value)
    assert got == expected


@pytest.mark.parametrize(
    ("value", "note"),
    [
        ("AES128-SHA ; legacy", " ; legacy"),
        ("A\t;x ; y", "\t;x ; y"),
        ("; only", "; only"),
        ("cthttpd;./web/libcthttpd.so", ""),
        ("-Xms100m;-Xmx300m", ""),
        ("a;b ;c", " ;c"),
        ("", ""),
    ],
)
def test_a_trailing_note_starts_at_a_semicolon_after_a_blank(value: str, note: str) -> None:
    assert trailing_note(value) == note


DATA_CFG = sorted((Path(__file__).resolve().parents[1] / "data" / "cfg").glob("*.cfg"))


@pytest.mark.parametrize("path", DATA_CFG, ids=lambda path: path.name)
def test_find_blocks_finds_what_a_scan_of_every_block_finds(path: Path) -> None:
    # find_blocks builds only the views of the blocks it finds (a header that lacks the class
    # word is passed over unsplit); it must agree with the views of all the blocks, in any
    # letter case, also for a class with a non-ASCII letter that upper() would fold.
    document = parse(path.read_text(encoding="utf-8"))
    every = view(document).blocks
    names = {(block.block_class, block.name) for block in every}
    names |= {(c.lower(), n.swapcase()) for c, n in names}
    names |= {("COMM_PROTOCOL", "SSL"), ("comm_protocol", "ssl"), ("CO\u017fM", "SSL"), ("", "")}
    for block_class, name in sorted(names):
        expected = tuple(block for block in every if block.is_named(block_class, name))
        assert view(document).find_blocks(block_class, name) == expected
        fresh = view(document)
        assert fresh.blocks == every  # the views of all blocks, once made, serve find_blocks
        assert fresh.find_blocks(block_class, name) == expected
