"""fcsec.importer.write: the spec text."""

from __future__ import annotations

from tests.importer.helpers import ctsrvr, https, listener, run, services

from fcsec.importer.build import Entry, Section
from fcsec.importer.write import key_text, value_text, write_spec
from fcsec.spec.format import format_text


def test_tls_keys_are_written_dotted() -> None:
    text = run(services(https())).text
    assert 'tls.cert = "server"\n' in text and "[listeners.https8443.tls]" not in text


def test_a_name_that_is_not_bare_is_quoted_by_tomli_w() -> None:
    assert key_text("admin ü") == '"admin ü"'


def test_a_windows_path_is_a_literal_string() -> None:
    assert value_text("C:\\faircom\\server\\cert.pem") == "'C:\\faircom\\server\\cert.pem'"


def test_a_windows_path_with_a_quote_is_a_basic_string() -> None:
    assert value_text("C:\\it's.pem") == '"C:\\\\it\'s.pem"'


def test_a_short_list_stays_on_one_line() -> None:
    assert value_text(("none", "password")) == '["none", "password"]'


def test_a_long_list_gets_one_item_per_line() -> None:
    long = tuple(f"SUITE_NUMBER_{index}" for index in range(10))
    assert value_text(long).startswith('[\n    "SUITE_NUMBER_0",\n')


def test_an_inline_table_is_written_on_one_line() -> None:
    assert value_text({"path": "CN", "prefix": "x"}) == '{ path = "CN", prefix = "x" }'


def test_the_spec_starts_with_where_it_came_from() -> None:
    text = write_spec((Section(header=None, entries=(Entry(path=("fcsec",), value=1),)),))
    assert text.startswith("# Written by `fcsec import`")
    assert text.endswith("\nfcsec = 1\n")


def test_the_imported_spec_is_in_the_canonical_layout() -> None:
    text = run(
        services(https(), listener("admin ü", "http", 2), methods=["none"]),
        ctsrvr("SERVER_CERTIFICATE_FILE C:\\s.pem", "x509_AUTHENTICATION YES", "x509_PATH CN"),
    ).text
    assert format_text(text) == text
