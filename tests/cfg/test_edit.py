"""Unit tests for fcsec.cfg.edit: the minimal change for each situation the FairCom guide covers."""

from __future__ import annotations

import pytest
from tests.cfg.corpus import data

from fcsec.cfg.edit import apply_ssl_plan
from fcsec.cfg.plan import SslBlockPlan
from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile

SSL = "SUBSYSTEM COMM_PROTOCOL SSL {\n"


def plan(
    *settings: tuple[str, str], enabled: bool = True, shared_memory: bool | None = None
) -> SslBlockPlan:
    return SslBlockPlan(settings=settings, enabled=enabled, shared_memory=shared_memory)


def apply(
    text: str,
    *settings: tuple[str, str],
    enabled: bool = True,
    shared_memory: bool | None = None,
) -> str:
    source = SourceFile(name="ctsrvr.cfg", text=text)
    return apply_ssl_plan(source, plan(*settings, enabled=enabled, shared_memory=shared_memory))


CERT = ("SERVER_CERTIFICATE_FILE", "ctree_ssl.pem")
ONLY = ("SSL_CONNECTIONS_ONLY", "YES")
CIPHERS = ("SSL_CIPHERS", "ECDHE-RSA-AES256-GCM-SHA384")


# --- enabling the vendor's disabled block ---------------------------------------------------------


def test_enabling_the_vendor_block_uncomments_the_header_and_the_settings_set() -> None:
    before = data("edge-lookalike.cfg")
    after = apply(before, CERT, ONLY, CIPHERS)
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        (";SUBSYSTEM COMM_PROTOCOL SSL {", "SUBSYSTEM COMM_PROTOCOL SSL {"),
        (";SERVER_CERTIFICATE_FILE ctree_ssl.pem", "SERVER_CERTIFICATE_FILE ctree_ssl.pem"),
        (";SSL_CONNECTIONS_ONLY YES", "SSL_CONNECTIONS_ONLY YES"),
        (
            ";SSL_CIPHERS AES256-SHA256:AES256-GCM-SHA38:DHE-RSA-AES256-SHA256:AES256-GCM-SHA384",
            "SSL_CIPHERS ECDHE-RSA-AES256-GCM-SHA384",
        ),
    ]
    # Explanatory comments and the settings the plan does not set stay commented.
    assert ";Certificate file, relative to the server folder\n" in after
    assert ";DEBUG_LOG ssl.log\n;" not in after and "\n;DEBUG_LOG ssl.log\n" in after
    assert "\n;x509_PATH CN\n" in after


def test_missing_settings_go_after_the_nearest_preceding_commented_setting() -> None:
    after = apply(
        data("edge-lookalike.cfg"),
        CERT,
        ("SERVER_PRIVATE_KEY_FILE", "ctree_ssl.key"),
        ("x509_PATH", "CN"),
        ("X509_REQUIREMENT", "faircom inc"),
    )
    assert (
        "\nSERVER_CERTIFICATE_FILE ctree_ssl.pem\nSERVER_PRIVATE_KEY_FILE ctree_ssl.key\n\n"
        in after
    )
    assert "\nx509_PATH CN\nX509_REQUIREMENT faircom inc\n\n;SSL_CIPHERS" in after


def test_the_crlf_vendor_block_gets_crlf_lines() -> None:
    lf = data("edge-lookalike.cfg")
    crlf = lf.replace("\n", "\r\n")
    settings = (CERT, ("SERVER_PRIVATE_KEY_FILE", "k.pem"), ONLY, CIPHERS)
    assert apply(crlf, *settings) == apply(lf, *settings).replace("\n", "\r\n")


# --- lines inside an existing block ---------------------------------------------------------------


def test_a_line_already_right_keeps_every_byte_and_the_input_is_returned() -> None:
    text = "subsystem comm_protocol ssl {\n\tx509_PATH\t\tCN  \n}\n"
    assert apply(text, ("x509_PATH", "CN")) is text


def test_a_changed_value_keeps_spelling_indent_separator_and_trailing_blanks() -> None:
    text = f"{SSL}\tssl_ciphers\t\tOLD \n}}\n"
    assert apply(text, ("SSL_CIPHERS", "NEW")) == f"{SSL}\tssl_ciphers\t\tNEW \n}}\n"


def test_a_keyword_only_line_gets_one_space_before_its_value() -> None:
    assert (
        apply(f"{SSL}DEBUG_LOG\n}}\n", ("DEBUG_LOG", "ssl.log")) == f"{SSL}DEBUG_LOG ssl.log\n}}\n"
    )


def test_a_commented_setting_without_value_is_uncommented_with_the_value() -> None:
    text = ";SUBSYSTEM COMM_PROTOCOL SSL {\n;SSL_CONNECTIONS_ONLY\n}\n"
    assert apply(text, ONLY) == f"{SSL}SSL_CONNECTIONS_ONLY YES\n}}\n"


def test_the_commented_line_that_already_holds_the_value_is_the_one_uncommented() -> None:
    text = f"{SSL};SSL_CONNECTIONS_ONLY NO\n;SSL_CONNECTIONS_ONLY YES\n}}\n"
    assert apply(text, ONLY) == f"{SSL};SSL_CONNECTIONS_ONLY NO\nSSL_CONNECTIONS_ONLY YES\n}}\n"


def test_a_commented_setting_is_a_marker_and_blanks_before_a_whole_managed_keyword() -> None:
    # `;\tKEYWORD` is how fcsec comments out an indented line; uncommenting drops only the `;`.
    text = f"{SSL};SSL_CIPHERSX foo\n;\tSSL_CIPHERS bar\n}}\n"
    after = apply(text, ("SSL_CIPHERS", "A"))
    assert after == f"{SSL};SSL_CIPHERSX foo\n\tSSL_CIPHERS A\n}}\n"


def test_new_lines_take_the_block_indent_and_the_canonical_order() -> None:
    text = f"{SSL}\tSERVER_CERTIFICATE_FILE a.pem\n\t; comment\n\tSSL_CIPHERS X\n}}\n"
    after = apply(
        text,
        ("SERVER_CERTIFICATE_FILE", "a.pem"),
        ("SERVER_PRIVATE_KEY_FILE", "k.key"),
        ("DEBUG_LOG", "ssl.log"),
        ("X509_PREFIX", "p"),
        ("SSL_CIPHERS", "X"),
    )
    assert after == (
        f"{SSL}\tSERVER_CERTIFICATE_FILE a.pem\n"
        "\tSERVER_PRIVATE_KEY_FILE k.key\n"
        "\tDEBUG_LOG ssl.log\n"
        "\tX509_PREFIX p\n"
        "\t; comment\n"
        "\tSSL_CIPHERS X\n}\n"
    )


def test_a_setting_with_no_managed_line_before_it_goes_to_the_top_of_the_block() -> None:
    text = f"{SSL}; hello\n\tSSL_CIPHERS X\n}}\n"
    after = apply(text, CERT, ("SSL_CIPHERS", "X"))
    assert after == f"{SSL}\tSERVER_CERTIFICATE_FILE ctree_ssl.pem\n; hello\n\tSSL_CIPHERS X\n}}\n"


def test_a_new_setting_takes_the_place_of_a_deleted_one_before_it() -> None:
    text = f"{SSL}DEBUG_LOG ssl.log\n\nSSL_CIPHERS X\n}}\n"
    assert (
        apply(text, ONLY, ("SSL_CIPHERS", "X"))
        == f"{SSL}SSL_CONNECTIONS_ONLY YES\n\nSSL_CIPHERS X\n}}\n"
    )


def test_managed_settings_outside_the_plan_and_duplicates_are_deleted_the_rest_stays() -> None:
    text = (
        f"{SSL}SSL_CIPHERS A\nFOO bar\nssl_ciphers B\n;DEBUG_LOG x\n"
        "VERIFY_CLIENT_CERTIFICATE YES\n; note\n}\n"
    )
    after = apply(text, ("SSL_CIPHERS", "B"))
    assert after == f"{SSL}FOO bar\nssl_ciphers B\n;DEBUG_LOG x\n; note\n}}\n"


def test_an_empty_plan_empties_the_block_of_managed_settings_only() -> None:
    text = f"{SSL}SSL_CIPHERS A\nDH_PARAMS x\n}}\n"
    assert apply(text) == f"{SSL}DH_PARAMS x\n}}\n"


def test_a_keyword_spelled_otherwise_in_the_plan_is_written_the_vendor_way() -> None:
    assert apply(f"{SSL}}}\n", ("X509_PATH", "CN")) == f"{SSL}x509_PATH CN\n}}\n"


# --- appending a block ----------------------------------------------------------------------------

NEW_BLOCK = f"{SSL}SERVER_CERTIFICATE_FILE ctree_ssl.pem\nSSL_CONNECTIONS_ONLY YES\n}}\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("SERVER_NAME X\n", f"SERVER_NAME X\n\n{NEW_BLOCK}"),
        ("SERVER_NAME X", f"SERVER_NAME X\n\n{NEW_BLOCK}"),
        ("", NEW_BLOCK),
        ("\ufeff", f"\ufeff{NEW_BLOCK}"),
        ("A 1\n\n", f"A 1\n\n{NEW_BLOCK}"),
        ("A 1\n \t", f"A 1\n \t\n{NEW_BLOCK}"),
        ("A 1\r\nB 2\r\n", f"A 1\r\nB 2\r\n\r\n{NEW_BLOCK}".replace("}\n", "}\r\n")),
        ("A 1\r\nB 2\r\nC 3\n", f"A 1\r\nB 2\r\nC 3\n\r\n{NEW_BLOCK}".replace("}\n", "}\r\n")),
        ("A 1\nB 2\nC 3\r", f"A 1\nB 2\nC 3\r\r{NEW_BLOCK}"),
    ],
    ids=[
        "lf",
        "no-final-newline",
        "empty",
        "bom-only",
        "ends-with-blank-line",
        "ends-with-blanks-without-newline",
        "crlf",
        "mixed-crlf-dominant",
        "lone-cr-last-line",
    ],
)
def test_a_file_without_ssl_block_gets_one_at_the_end(before: str, after: str) -> None:
    if "\r\n" in after:
        after = after.replace(NEW_BLOCK.replace("}\n", "}\r\n"), NEW_BLOCK.replace("\n", "\r\n"))
    assert apply(before, ONLY, CERT) == after


def test_the_minimal_file_without_final_newline_gets_a_block() -> None:
    before = data("minimal-no-final-newline.cfg")
    assert apply(before, CERT) == (before + f"\n\n{SSL}SERVER_CERTIFICATE_FILE ctree_ssl.pem\n}}\n")


# --- enabled and disabled ------------------------------------------------------------------------


def test_disabling_an_active_block_comments_out_its_header_in_the_first_column() -> None:
    text = "  SUBSYSTEM COMM_PROTOCOL SSL {\nSSL_CIPHERS A\n}\n"
    after = apply(text, ("SSL_CIPHERS", "A"), enabled=False)
    assert after == ";SUBSYSTEM COMM_PROTOCOL SSL {\n;SSL_CIPHERS A\n}\n"


def test_disabling_comments_out_every_active_line_keeping_its_bytes() -> None:
    # issue 12: header, managed keywords (in the plan or not) and other keywords alike; comments,
    # blank lines and the bare `}` stay as they are (the vendor's disabled block).
    text = (
        "SUBSYSTEM COMM_PROTOCOL SSL {\n"
        "SERVER_CERTIFICATE_FILE server.pem\n"
        "\t; why\n"
        "\tSSL_CONNECTIONS_ONLY   YES \n"
        "DH_PARAMS dh.pem\n"
        "\n"
        "SSL_CIPHERS AES128-SHA ; legacy\n"
        "}\n"
    )
    after = apply(text, ONLY, CIPHERS, enabled=False)
    assert after == (
        ";SUBSYSTEM COMM_PROTOCOL SSL {\n"
        ";SERVER_CERTIFICATE_FILE server.pem\n"
        "\t; why\n"
        ";\tSSL_CONNECTIONS_ONLY   YES \n"
        ";DH_PARAMS dh.pem\n"
        "\n"
        ";SSL_CIPHERS AES128-SHA ; legacy\n"
        "}\n"
    )


def test_enable_disable_enable_gives_back_the_enabled_bytes() -> None:
    settings = (CERT, ("DEBUG_LOG", "ssl.log"), ONLY, CIPHERS)
    for before in (
        data("edge-lookalike.cfg"),
        data("minimal-no-final-newline.cfg"),
        "",
        f"{SSL}\tSERVER_CERTIFICATE_FILE old.pem ; from 2019\n\t; keep\n\tSSL_CIPHERS X\n}}\n",
    ):
        enabled = apply(before, *settings)
        disabled = apply(enabled, *settings, enabled=False)
        assert apply(disabled, *settings, enabled=False) is disabled
        assert apply(disabled, *settings) == enabled


def test_disabling_the_vendor_block_changes_nothing() -> None:
    text = data("edge-lookalike.cfg")
    assert apply(text, CERT, ONLY, CIPHERS, enabled=False) is text


def test_a_disabled_block_written_by_an_older_fcsec_gets_its_lines_commented_out() -> None:
    text = ";SUBSYSTEM COMM_PROTOCOL SSL {\n;SSL_CONNECTIONS_ONLY YES\nDEBUG_LOG x\n}\n"
    after = apply(text, ONLY, enabled=False)
    assert after == ";SUBSYSTEM COMM_PROTOCOL SSL {\n;SSL_CONNECTIONS_ONLY YES\n;DEBUG_LOG x\n}\n"


def test_enabling_a_disabled_block_uncomments_only_its_header_when_the_rest_is_right() -> None:
    text = ";SUBSYSTEM COMM_PROTOCOL SSL {\n\tSSL_CIPHERS A\n}\n"
    assert (
        apply(text, ("SSL_CIPHERS", "A")) == "SUBSYSTEM COMM_PROTOCOL SSL {\n\tSSL_CIPHERS A\n}\n"
    )


def test_a_new_block_is_appended_disabled_with_the_plan_commented() -> None:
    after = apply("", CERT, ONLY, enabled=False)
    assert after == (
        ";SUBSYSTEM COMM_PROTOCOL SSL {\n;SERVER_CERTIFICATE_FILE ctree_ssl.pem\n"
        ";SSL_CONNECTIONS_ONLY YES\n}\n"
    )
    assert apply(after, CERT, ONLY) == NEW_BLOCK


# --- trailing notes (issue 11) --------------------------------------------------------------------


def test_a_trailing_note_survives_a_new_value() -> None:
    text = f"{SSL}SSL_CIPHERS AES128-SHA ; legacy\n}}\n"
    after = apply(text, ("SSL_CIPHERS", "NEW"))
    assert after == f"{SSL}SSL_CIPHERS NEW ; legacy\n}}\n"
    assert apply(after, ("SSL_CIPHERS", "NEW")) is after


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("SSL_CIPHERS A\t;x", "SSL_CIPHERS B\t;x"),
        ("SSL_CIPHERS ;x", "SSL_CIPHERS B ;x"),
        ("SSL_CIPHERS A;x", "SSL_CIPHERS B"),  # a glued `;` is data, not a note
        ("SSL_CIPHERS A ; x ; y  ", "SSL_CIPHERS B ; x ; y  "),
        (";SSL_CIPHERS A ; was off", "SSL_CIPHERS B ; was off"),
    ],
)
def test_a_note_is_a_semicolon_after_a_blank(line: str, expected: str) -> None:
    assert apply(f"{SSL}{line}\n}}\n", ("SSL_CIPHERS", "B")) == f"{SSL}{expected}\n}}\n"


@pytest.mark.parametrize("note", [";}", "; closes }", "; opens {"])
def test_a_note_holding_a_brace_is_not_kept(note: str) -> None:
    # Kept, `KEYWORD value ;}` would read as a line closing the block: the next compile would
    # refuse the file fcsec wrote (found by the edit laws' hypothesis property).
    text = f"{SSL};SERVER_CERTIFICATE_FILE {note}\n}}"
    after = apply(text, ("SERVER_CERTIFICATE_FILE", "FAIRCOMS"))
    assert after == f"{SSL}SERVER_CERTIFICATE_FILE FAIRCOMS\n}}"
    assert apply(after, ("SERVER_CERTIFICATE_FILE", "FAIRCOMS")) is after


def test_a_line_holding_the_value_and_a_note_is_already_right() -> None:
    text = f"{SSL}SSL_CONNECTIONS_ONLY YES ; since 2024\n}}\n"
    assert apply(text, ONLY) is text


def test_a_value_that_itself_holds_a_note_is_idempotent() -> None:
    text = f"{SSL}DEBUG_LOG a ; b\n}}\n"
    once = apply(text, ("DEBUG_LOG", "x ; y"))
    assert once == f"{SSL}DEBUG_LOG x ; y ; b\n}}\n"
    assert apply(once, ("DEBUG_LOG", "x ; y")) is once


# --- shared memory --------------------------------------------------------------------------------

PROTOCOLS = "COMM_PROTOCOL           F_TCPIP\n;COMM_PROTOCOL           F_TCPIPV6\n"


def test_no_shared_memory_comments_out_every_active_top_level_line() -> None:
    text = (
        f"{PROTOCOLS}comm_protocol   fsharemm\n  COMM_PROTOCOL FSHAREMM\n;COMM_PROTOCOL FSHAREMM\n"
        f";SUBSYSTEM EVENT X {{\nCOMM_PROTOCOL FSHAREMM\n}}\n{SSL}COMM_PROTOCOL FSHAREMM\n}}\n"
    )
    after = apply(text, shared_memory=False)
    assert after == text.replace(
        "comm_protocol   fsharemm\n  COMM_PROTOCOL", ";comm_protocol   fsharemm\n;  COMM_PROTOCOL"
    )


def test_shared_memory_restores_the_first_commented_line() -> None:
    text = f"{PROTOCOLS};COMM_PROTOCOL           FSHAREMM\n;COMM_PROTOCOL FSHAREMM\n{SSL}}}\n"
    after = apply(text, shared_memory=True)
    assert after == text.replace(
        ";COMM_PROTOCOL           FSHAREMM", "COMM_PROTOCOL           FSHAREMM"
    )


def test_shared_memory_restores_a_line_commented_out_with_its_indent() -> None:
    text = f"COMM_PROTOCOL F_TCPIP\n;  COMM_PROTOCOL FSHAREMM\n{SSL}}}\n"
    after = apply(text, shared_memory=True)
    assert after == f"COMM_PROTOCOL F_TCPIP\n  COMM_PROTOCOL FSHAREMM\n{SSL}}}\n"


def test_shared_memory_already_active_changes_nothing() -> None:
    text = f"COMM_PROTOCOL FSHAREMM\n;COMM_PROTOCOL FSHAREMM\n{SSL}}}\n"
    assert apply(text, shared_memory=True) is text


def test_shared_memory_is_added_after_the_last_active_protocol_line_in_its_style() -> None:
    text = f"{PROTOCOLS}FILES 1\n{SSL}}}\n"
    after = apply(text, shared_memory=True)
    tcp, ipv6 = PROTOCOLS.splitlines(keepends=True)
    assert after == f"{tcp}COMM_PROTOCOL           FSHAREMM\n{ipv6}FILES 1\n{SSL}}}\n"


def test_shared_memory_after_a_last_line_without_newline() -> None:
    after = apply("COMM_PROTOCOL F_TCPIP", shared_memory=True)
    assert after == f"COMM_PROTOCOL F_TCPIP\nCOMM_PROTOCOL FSHAREMM\n\n{SSL}}}\n"


def test_without_any_protocol_line_tcp_is_listed_too_before_the_block() -> None:
    # A COMM_PROTOCOL line turns off the implicit F_TCPIP default (faircom-formats.md §2.5).
    text = f"SERVER_NAME X\n\n{SSL}}}\n"
    after = apply(text, shared_memory=True)
    assert after == f"SERVER_NAME X\n\nCOMM_PROTOCOL F_TCPIP\nCOMM_PROTOCOL FSHAREMM\n\n{SSL}}}\n"
    appended = apply("SERVER_NAME X", shared_memory=True)
    assert (
        appended == f"SERVER_NAME X\n\nCOMM_PROTOCOL F_TCPIP\nCOMM_PROTOCOL FSHAREMM\n\n{SSL}}}\n"
    )


def test_restoring_the_only_protocol_line_lists_tcp_too() -> None:
    text = f";COMM_PROTOCOL    FSHAREMM\n{SSL}}}\n"
    after = apply(text, shared_memory=True)
    assert after == f"COMM_PROTOCOL    F_TCPIP\nCOMM_PROTOCOL    FSHAREMM\n{SSL}}}\n"


def test_shared_memory_none_leaves_the_protocol_lines_alone() -> None:
    text = f"COMM_PROTOCOL FSHAREMM\n{SSL}}}\n"
    assert apply(text) is text


# --- bytes, line endings, idempotence -------------------------------------------------------------


def test_latin1_bytes_and_the_bom_survive_an_edit_byte_for_byte() -> None:
    raw = (
        b"\xef\xbb\xbf; caf\xe9 cr\xe8me\r\nSERVER_NAME \xe9t\xe9\r\n"
        b";SUBSYSTEM COMM_PROTOCOL SSL {\r\n;SSL_CONNECTIONS_ONLY YES\r\n}\r\n"
    )
    text = raw.decode("utf-8", "surrogateescape")
    after = apply(text, ONLY).encode("utf-8", "surrogateescape")
    assert after == raw.replace(b";SUBSYSTEM", b"SUBSYSTEM").replace(b";SSL_CONN", b"SSL_CONN")


def test_characters_other_tools_take_for_line_breaks_are_kept() -> None:
    text = f"; a\u2028b\x0cc\n{SSL}}}\n"
    assert apply(text, ONLY) == f"; a\u2028b\x0cc\n{SSL}SSL_CONNECTIONS_ONLY YES\n}}\n"


def test_deleting_a_line_between_a_lone_cr_and_an_empty_lf_line_keeps_both_lines() -> None:
    text = "SUBSYSTEM COMM_PROTOCOL SSL {\rDEBUG_LOG x\n\n}\n"
    assert apply(text) == "SUBSYSTEM COMM_PROTOCOL SSL {\r\r}\n"


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("shared_memory", [None, True, False])
def test_applying_a_plan_twice_changes_nothing_the_second_time(
    enabled: bool, shared_memory: bool | None
) -> None:
    settings = (CERT, ("X509_PREFIX", "db-"), CIPHERS)
    for before in (data("edge-lookalike.cfg"), data("minimal-no-final-newline.cfg"), ""):
        once = apply(before, *settings, enabled=enabled, shared_memory=shared_memory)
        assert apply(once, *settings, enabled=enabled, shared_memory=shared_memory) is once


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("A 1\n}\n", "FCS201", 2),
        ("A 1\nSUBSYSTEM COMM_PROTOCOL SSL {\nB 2\n", "FCS202", 2),
        (f"{SSL};SUBSYSTEM SECURITY PASSWORD {{\n}}\n", "FCS203", 2),
    ],
    ids=["stray-close", "unclosed", "nested"],
)
def test_structural_problems_are_refused_with_their_line(text: str, rule: str, line: int) -> None:
    with pytest.raises(DiagnosticError) as refused:
        apply(text, ONLY)
    first = refused.value.diagnostics[0]
    assert first.rule == rule
    assert first.span is not None and first.span.line == line


def test_two_ssl_blocks_active_or_disabled_are_refused() -> None:
    text = ";SUBSYSTEM COMM_PROTOCOL SSL {\n}\nsubsystem comm_protocol ssl {\n}\n"
    with pytest.raises(DiagnosticError) as refused:
        apply(text, ONLY)
    (diagnostic,) = refused.value.diagnostics
    assert diagnostic.rule == "FCS204"
    assert diagnostic.span is not None and diagnostic.span.line == 3
    assert diagnostic.related[0].span.line == 1


@pytest.mark.parametrize(
    "settings",
    [
        (("SSL_PROTOCOLS", "TLSv1.3"),),
        (("SSL_CIPHERS", "A"), ("ssl_ciphers", "B")),
        (("SSL_CIPHERS", ""),),
        (("SSL_CIPHERS", " A"),),
        (("SSL_CIPHERS", "A\t"),),
        (("SSL_CIPHERS", "A\nSSL_CONNECTIONS_ONLY NO"),),
    ],
    ids=["unknown-keyword", "twice", "empty", "leading-blank", "trailing-tab", "line-break"],
)
def test_a_plan_that_breaks_its_contract_is_a_value_error(
    settings: tuple[tuple[str, str], ...],
) -> None:
    with pytest.raises(ValueError):
        apply(SSL + "}\n", *settings)
