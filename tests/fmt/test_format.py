"""fcsec.spec.format: the canonical layout, one rule per test."""

from __future__ import annotations

import pytest
from hypothesis import given
from tests.properties.spec_strategies import grammar_texts

from fcsec.diagnostics import DiagnosticError
from fcsec.spec.format import format_text


def fmt(text: str) -> str:
    return format_text(text)


# --- order ----------------------------------------------------------------------------------------
def test_tables_follow_the_order_of_the_language() -> None:
    text = 'fcsec = 1\n[env.dev]\nserver.version = "13"\n[mqtt]\n[database]\n[server]\n[lint]\n'
    headers = [line for line in fmt(text).splitlines() if line.startswith("[")]
    assert headers == ["[server]", "[mqtt]", "[database]", "[lint]", "[env.dev]"]


def test_named_tables_keep_their_relative_order() -> None:
    text = 'fcsec = 1\n[certs.zeta]\nfile = "z"\n[ciphers.x]\nprofile = "p"\n'
    text += '[certs.alpha]\nfile = "a"\n'
    headers = [line for line in fmt(text).splitlines() if line.startswith("[")]
    assert headers == ["[certs.zeta]", "[certs.alpha]", "[ciphers.x]"]


def test_a_sub_table_follows_its_table() -> None:
    text = "fcsec = 1\n[listeners.a.tls]\ncert = 's'\n"
    text += "[listeners.b]\nport = 2\n[listeners.a]\nport = 1\n"
    headers = [line for line in fmt(text).splitlines() if line.startswith("[")]
    assert headers == ["[listeners.a]", "[listeners.a.tls]", "[listeners.b]"]


def test_keys_follow_the_order_of_the_schema() -> None:
    text = '[listeners.a]\ntls.cert = "s"\nenabled = true\nport = 1\nprotocol = "https"\n'
    assert fmt(text).splitlines()[1:] == [
        'protocol = "https"',
        "port = 1",
        "enabled = true",
        'tls.cert = "s"',
    ]


def test_dotted_tls_keys_follow_the_order_of_the_schema() -> None:
    text = '[listeners.a]\ntls.ciphers = "x"\ntls.client_ca = "c"\ntls.cert = "s"\n'
    assert fmt(text).splitlines()[1:] == [
        'tls.cert = "s"',
        'tls.client_ca = "c"',
        'tls.ciphers = "x"',
    ]


def test_unknown_keys_come_last_in_the_order_written() -> None:
    text = "[server]\nzz = 1\nroot = 'r'\naa = 2\nproduct = 'p'\n"
    assert fmt(text).splitlines()[1:] == ["product = 'p'", "root = 'r'", "zz = 1", "aa = 2"]


def test_overlay_keys_follow_the_order_of_the_language() -> None:
    text = "[env.dev]\ndatabase.tls_only = false\nlisteners.a.enabled = true\nserver.root = 'r'\n"
    assert fmt(text).splitlines()[1:] == [
        "server.root = 'r'",
        "listeners.a.enabled = true",
        "database.tls_only = false",
    ]


def test_inline_table_entries_follow_the_order_of_the_schema() -> None:
    text = '[database]\nx509_login = {requirement = "r", path = "CN", prefix = "p"}\n'
    assert fmt(text).splitlines()[1] == (
        'x509_login = { path = "CN", prefix = "p", requirement = "r" }'
    )


# --- spacing --------------------------------------------------------------------------------------
def test_key_value_spacing_and_indentation_are_normalised() -> None:
    assert (
        fmt("  fcsec=1\n\t[ server ]\n   root\t=  'r'\n") == "fcsec = 1\n\n[server]\nroot = 'r'\n"
    )


def test_one_blank_line_between_tables_and_none_inside() -> None:
    text = "fcsec = 1\n\n\n\n[server]\n\nversion = '1'\n\n\nroot = 'r'\n[mqtt]\n"
    assert fmt(text) == "fcsec = 1\n\n[server]\nversion = '1'\nroot = 'r'\n\n[mqtt]\n"


def test_a_missing_final_newline_is_added() -> None:
    assert fmt("fcsec = 1") == "fcsec = 1\n"


def test_crlf_line_endings_are_kept() -> None:
    assert (
        fmt("fcsec = 1\r\n[server]\r\nroot = 'r'\r\n")
        == "fcsec = 1\r\n\r\n[server]\r\nroot = 'r'\r\n"
    )


def test_mixed_line_endings_become_the_dominant_one() -> None:
    mixed = "fcsec = 1\n[server]\r\nroot = 'r'\r\n"
    assert fmt(mixed) == "fcsec = 1\r\n\r\n[server]\r\nroot = 'r'\r\n"
    assert fmt("fcsec = 1\r\n[server]\n") == "fcsec = 1\r\n\r\n[server]\r\n"  # a tie: the first


# --- keys and values ------------------------------------------------------------------------------
def test_dotted_keys_stay_dotted() -> None:
    assert 'tls . cert = "s"' not in fmt('[listeners.a]\ntls . cert = "s"\n')
    assert 'tls.cert = "s"' in fmt('[listeners.a]\ntls . cert = "s"\n')


def test_a_sub_table_stays_a_table() -> None:
    assert "[listeners.a.tls]" in fmt("[listeners.a.tls]\ncert = 's'\n")


def test_a_quoted_key_that_could_be_bare_is_written_bare() -> None:
    assert fmt('["listeners".\'a\']\n"port" = 1\n') == "[listeners.a]\nport = 1\n"


def test_a_key_that_needs_quotes_keeps_them_as_written() -> None:
    assert fmt("[listeners.'admin ü']\nport = 1\n") == "[listeners.'admin ü']\nport = 1\n"


def test_literal_and_basic_strings_keep_their_quotes_and_escapes() -> None:
    text = "[certs.a]\nfile = 'C:\\faircom\\a.pem'\nkey = \"C:\\\\faircom\\\\k.pem\"\n"
    assert fmt(text) == text


def test_integers_are_written_in_plain_decimal() -> None:
    assert fmt("[listeners.a]\nport = +8_443\n") == "[listeners.a]\nport = 8443\n"


def test_one_line_arrays_are_spaced_canonically() -> None:
    assert fmt("[mqtt]\nauthentication = [ 'none' ,'password' ]\n").splitlines()[1] == (
        "authentication = ['none', 'password']"
    )


def test_multi_line_arrays_get_one_item_per_line_and_a_trailing_comma() -> None:
    text = '[ciphers.a]\nsuites = [\n "A", "B"\n]\n'
    assert fmt(text) == '[ciphers.a]\nsuites = [\n    "A",\n    "B",\n]\n'


def test_an_empty_multi_line_array_becomes_one_line() -> None:
    assert fmt("[mqtt]\nauthentication = [\n]\n") == "[mqtt]\nauthentication = []\n"


# --- comments -------------------------------------------------------------------------------------
def test_a_comment_line_above_a_key_moves_with_it() -> None:
    text = "[server]\nhostname = 'h'\n# where FairCom lives\nroot = '/opt'\n"
    assert fmt(text) == "[server]\n# where FairCom lives\nroot = '/opt'\nhostname = 'h'\n"


def test_a_comment_above_a_table_moves_with_it() -> None:
    text = "fcsec = 1\n\n# the database\n[database]\n\n# the server\n[server]\n"
    assert fmt(text) == "fcsec = 1\n\n# the server\n[server]\n\n# the database\n[database]\n"


def test_a_trailing_comment_stays_on_its_line() -> None:
    text = "[server]\nhostname = 'h'   # DNS name\nroot = '/opt'\n"
    assert fmt(text) == "[server]\nroot = '/opt'\nhostname = 'h'  # DNS name\n"


def test_a_trailing_comment_on_a_table_header_stays() -> None:
    assert fmt("[server]   # this machine\n") == "[server]  # this machine\n"


def test_a_comment_after_a_blank_line_stays_after_the_key_above() -> None:
    text = "[server]\nhostname = 'h'\n# about hostname\n\nroot = '/opt'\nversion = '1'\n"
    assert fmt(text) == (
        "[server]\nversion = '1'\nroot = '/opt'\nhostname = 'h'\n# about hostname\n"
    )


def test_comments_at_the_end_of_a_table_stay_at_its_end() -> None:
    text = "[server]\nroot = '/opt'\nversion = '13'\n# hostname = 'h'\n\n[mqtt]\n"
    assert fmt(text) == "[server]\nversion = '13'\nroot = '/opt'\n# hostname = 'h'\n\n[mqtt]\n"


def test_comments_at_the_top_of_the_file_stay_there() -> None:
    text = "# Security of db01\n\nserver.root = 'r'\nfcsec = 1\n"
    assert fmt(text) == "# Security of db01\n\nfcsec = 1\nserver.root = 'r'\n"


def test_comments_inside_a_multi_line_array_stay_with_their_items() -> None:
    text = '[ciphers.a]\nsuites = [  # strong only\n  # first\n  "A",  # AES\n  "B"\n  # end\n]\n'
    assert fmt(text) == (
        '[ciphers.a]\nsuites = [  # strong only\n    # first\n    "A",  # AES\n    "B",\n'
        "    # end\n]\n"
    )


def test_a_file_of_comments_only_keeps_them() -> None:
    assert fmt("# one\n\n\n# two\n") == "# one\n\n# two\n"


# --- what stops it, and what does not -------------------------------------------------------------
def test_a_syntax_error_is_a_diagnostic() -> None:
    with pytest.raises(DiagnosticError) as raised:
        fmt("fcsec = = 1\n")
    assert raised.value.diagnostics[0].rule == "FCS001"


def test_a_key_defined_twice_is_a_diagnostic() -> None:
    with pytest.raises(DiagnosticError) as raised:
        fmt("fcsec = 1\nfcsec = 1\n")
    assert raised.value.diagnostics[0].rule == "FCS006"


def test_unknown_keys_and_names_do_not_stop_it() -> None:
    assert fmt("bogus=1\n[listeners.a]\ntls.cert='nowhere'\n") == (
        "bogus = 1\n\n[listeners.a]\ntls.cert = 'nowhere'\n"
    )


@given(grammar_texts())
def test_any_text_the_parser_accepts_formats_idempotently(text: str) -> None:
    try:
        once = fmt(text)
    except DiagnosticError:
        return
    assert fmt(once) == once
