"""The imported spec's text: written by fcsec.spec.writer, laid out as the docs write specs."""

from __future__ import annotations

from tests.importer.helpers import ctsrvr, https, listener, run, services

from fcsec.spec.format import format_text


def test_tls_keys_are_written_dotted() -> None:
    text = run(services(https())).text
    assert 'tls.cert = "server"\n' in text and "[listeners.https8443.tls]" not in text


def test_the_spec_starts_with_where_it_came_from() -> None:
    text = run(services(https())).text
    assert text.startswith("# Written by `fcsec import`")
    assert "\nfcsec = 1\n" in text


def test_the_comments_say_which_setting_the_file_leaves_out() -> None:
    text = run(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem")).text
    assert 'tls_only = "faircom-default"  # no SSL_CONNECTIONS_ONLY line\n' in text
    assert 'ciphers = "faircom-default"  # no SSL_CIPHERS line\n' in text


def test_the_imported_spec_is_in_the_canonical_layout() -> None:
    text = run(
        services(https(), listener("admin ü", "http", 2), methods=["none"]),
        ctsrvr("SERVER_CERTIFICATE_FILE C:\\s.pem", "x509_AUTHENTICATION YES", "x509_PATH CN"),
    ).text
    assert format_text(text) == text
