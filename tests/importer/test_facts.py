"""fcsec.importer's readers (services_json, ctsrvr_cfg): what a spec can manage unchanged, and a
warning for the rest."""

from __future__ import annotations

import pytest
from tests.importer.helpers import ctsrvr, https, listener, messages, run, services

from fcsec.importer.ctsrvr_cfg import server_facts
from fcsec.source import SourceFile


# --- listeners ------------------------------------------------------------------------------------
def test_a_listener_becomes_managed() -> None:
    assert run(services(listener("http8080", "http", 8080))).listeners == ("http8080",)


def test_a_listener_without_enabled_is_left_out_with_a_warning() -> None:
    imported = run(services(listener("http8080", "http", 8080, enabled=None)))
    assert imported.listeners == ()
    assert messages(imported) == [
        "listener `http8080` has no `enabled` member; fcsec always writes one"
    ]


def test_a_listener_without_description_is_left_out() -> None:
    imported = run(services(listener("http8080", "http", 8080, description=None)))
    assert "has no `description`" in messages(imported)[0]


def test_a_port_that_is_not_a_whole_number_is_left_out() -> None:
    imported = run(services({**listener("http8080", "http", 8080), "port": 8080.0}))
    assert "port 8080.0 is not a TCP port" in messages(imported)[0]


def test_an_unknown_protocol_is_left_out() -> None:
    imported = run(services(listener("ws", "ws", 80)))
    assert "protocol `ws` is not one fcsec knows" in messages(imported)[0]


def test_a_repeated_member_is_left_out() -> None:
    text = services(listener("http8080", "http", 8080)).replace(
        '"enabled": true', '"enabled": true,\n\t\t\t"enabled": false'
    )
    assert "has `enabled` 2 times" in messages(run(text))[0]


def test_two_listeners_with_one_name_are_both_left_out() -> None:
    imported = run(services(listener("a", "http", 1), listener("a", "http", 2)))
    assert imported.listeners == ()
    assert "2 listeners are named `a`" in messages(imported)[0]


def test_a_plain_listener_with_tls_is_left_out() -> None:
    imported = run(services(listener("a", "http", 1, tls={"certificateFilename": "c.pem"})))
    assert "plain protocol http and has a `tls` member" in messages(imported)[0]


def test_a_tls_listener_without_tls_is_left_out() -> None:
    assert "has no `tls` object" in messages(run(services(listener("a", "https", 1))))[0]


def test_a_tls_object_with_both_certificate_spellings_is_left_out() -> None:
    imported = run(services(https(serverCertificateFilename="other.pem")))
    assert "under both spellings" in messages(imported)[0]


def test_an_empty_file_name_is_left_out() -> None:
    imported = run(services(https(privateKeyFilename="")))
    assert "`privateKeyFilename` is empty or holds a control character" in messages(imported)[0]


def test_a_string_of_suites_is_left_out() -> None:
    imported = run(services(https(allowedCipherSuites="TLS_AES_256_GCM_SHA384")))
    assert "`allowedCipherSuites` is a string" in messages(imported)[0]


def test_unknown_members_do_not_stop_an_import() -> None:
    imported = run(services(https(tlsOptions={"x": 1}), listener("b", "http", 2, bindAddress="::")))
    assert imported.listeners == ("https8443", "b")


def test_listeners_that_are_not_all_objects_are_all_left_out() -> None:
    text = services(listener("a", "http", 1)).replace('"listeners": [', '"listeners": [ 1,')
    imported = run(text)
    assert imported.listeners == ()
    assert "`listeners` holds a number" in messages(imported)[0]


def test_a_services_json_that_is_not_json_is_left_out_with_its_error() -> None:
    imported = run("{ listeners: [] }\n", ctsrvr("SERVER_CERTIFICATE_FILE s.pem"))
    rules = [note.rule for note in imported.notes]
    assert rules == ["FCS301", "FCS801"]
    assert imported.database is True


# --- mqtt -----------------------------------------------------------------------------------------
def test_mqtt_methods_become_mqtt_authentication() -> None:
    imported = run(services(methods=["password", "none"]))
    assert imported.mqtt and 'authentication = ["password", "none"]' in imported.text


def test_an_unknown_mqtt_method_is_left_out() -> None:
    assert 'holds "anonymous"' in messages(run(services(methods=["anonymous"])))[0]


def test_a_repeated_mqtt_method_is_left_out() -> None:
    assert "lists `none` twice" in messages(run(services(methods=["none", "none"])))[0]


# --- ctsrvr.cfg -----------------------------------------------------------------------------------
def test_an_active_ssl_block_becomes_database() -> None:
    assert run(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem")).database is True


def test_a_disabled_block_without_settings_is_not_imported_and_says_so() -> None:
    imported = run(None, ctsrvr(";SERVER_CERTIFICATE_FILE s.pem", enabled=False))
    assert imported.database is False
    assert "disabled and sets nothing" in messages(imported, "FCS802")[0]


def test_active_lines_of_a_disabled_block_leave_the_database_out() -> None:
    imported = run(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", "DEBUG_LOG x", enabled=False))
    assert imported.database is False
    assert messages(imported) == [
        "the SSL block is disabled (;SUBSYSTEM) but SERVER_CERTIFICATE_FILE, DEBUG_LOG stay active "
        "lines; fcsec comments out every line of a disabled block, so [database] is not imported"
    ]


def test_a_disabled_block_of_commented_lines_leaves_the_database_out() -> None:
    imported = run(None, ctsrvr(";SERVER_CERTIFICATE_FILE s.pem", enabled=False))
    assert imported.database is False
    assert "the SSL block is disabled and sets nothing" in messages(imported, "FCS802")[0]


def test_no_ssl_block_means_no_database() -> None:
    imported = run(None, "SERVER_NAME FAIRCOMS\n")
    assert imported.database is False
    assert "no SUBSYSTEM COMM_PROTOCOL SSL block" in messages(imported, "FCS802")[0]


def test_yes_in_lower_case_is_left_out() -> None:
    imported = run(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", "SSL_CONNECTIONS_ONLY yes"))
    assert imported.database is False
    assert messages(imported) == [
        "SSL_CONNECTIONS_ONLY is `yes`; fcsec writes YES or NO, so [database] is not imported"
    ]


def test_a_keyword_set_twice_is_left_out() -> None:
    imported = run(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", "debug_log a", "DEBUG_LOG b"))
    assert "sets DEBUG_LOG twice" in messages(imported)[0]


def test_an_enabled_block_without_a_certificate_is_left_out() -> None:
    imported = run(None, ctsrvr("SSL_CONNECTIONS_ONLY YES"))
    assert "enabled without SERVER_CERTIFICATE_FILE" in messages(imported)[0]


def test_x509_authentication_no_is_left_out() -> None:
    imported = run(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", "x509_AUTHENTICATION NO"))
    assert "x509_AUTHENTICATION is `NO`" in messages(imported)[0]


def test_x509_options_without_authentication_are_left_out() -> None:
    imported = run(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", "x509_PATH CN"))
    assert "sets X509_PATH without x509_AUTHENTICATION YES" in messages(imported)[0]


def test_two_ssl_blocks_are_left_out() -> None:
    text = ctsrvr("SERVER_CERTIFICATE_FILE s.pem") + ctsrvr("SERVER_CERTIFICATE_FILE t.pem")
    assert "two SSL blocks" in messages(run(None, text))[0]


def test_a_broken_ctsrvr_cfg_is_left_out_with_its_error() -> None:
    imported = run(None, "SUBSYSTEM COMM_PROTOCOL SSL {\nSERVER_CERTIFICATE_FILE s.pem\n")
    assert [note.rule for note in imported.notes] == ["FCS202", "FCS801"]
    assert imported.database is False


def test_unknown_keywords_and_comments_in_the_block_are_kept() -> None:
    imported = run(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", ";DEBUG_LOG ssl.log", "FOO 1"))
    assert imported.database is True


# --- the server, from the header comment of ctsrvr.cfg -------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "; FairCom EDGE Server Configuration File - v5.1.0.84 Build(260213)\n\nX 1\n",
            ("faircom-edge", "5.1.0.84"),
            id="edge-5.1",
        ),
        pytest.param(
            "; FairCom DB Server Configuration File - v13.0.0.162 Build(240524)\r\nX 1\r\n",
            ("faircom-db", "13.0.0.162"),
            id="db-13-crlf",
        ),
        pytest.param(
            "\n;  faircom edge server configuration file - V5.1 Build(1)\n",
            ("faircom-edge", "5.1"),
            id="any-case",
        ),
        pytest.param(
            "SERVER_NAME A\n; FairCom DB Server Configuration File - v13.0.0.162\n",
            None,
            id="after-a-setting",
        ),
        pytest.param("SERVER_NAME FAIRCOMS\n", None, id="embedded"),
        pytest.param("; My Server Configuration File - v1.0\n", None, id="not-faircom"),
    ],
)
def test_the_header_comment_names_product_and_version(
    text: str, expected: tuple[str, str] | None
) -> None:
    found = server_facts(SourceFile("ctsrvr.cfg", text))
    assert (None if found is None else (found.product, found.version)) == expected
