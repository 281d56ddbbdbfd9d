"""fcsec.importer.build: how the spec says what the files hold."""

from __future__ import annotations

import tomllib

from tests.importer.helpers import ctsrvr, https, listener, messages, run, services

from fcsec.api import load_spec
from fcsec.source import SourceFile


def _spec(services_text: str | None = None, ctsrvr_text: str | None = None) -> dict[str, object]:
    return tomllib.loads(run(services_text, ctsrvr_text).text)


# --- certificates ---------------------------------------------------------------------------------
def test_a_certificate_used_by_several_listeners_becomes_one_cert() -> None:
    spec = _spec(services(https("a", 1), https("b", 2)))
    assert spec["certs"] == {"server": {"file": "server.pem"}}
    assert [entry["tls"]["cert"] for entry in spec["listeners"].values()] == ["server", "server"]


def test_the_database_shares_the_listeners_certificate() -> None:
    spec = _spec(services(https()), ctsrvr("SERVER_CERTIFICATE_FILE server.pem"))
    assert list(spec["certs"]) == ["server"]
    assert spec["database"]["cert"] == "server"


def test_the_key_store_joins_the_shared_certificate() -> None:
    spec = _spec(
        services(https()),
        ctsrvr("SERVER_CERTIFICATE_FILE server.pem", "SERVER_ENCRYPTED_STORE_FILE ctsrvr.fkf"),
    )
    assert spec["certs"] == {"server": {"file": "server.pem", "key_store": "ctsrvr.fkf"}}


def test_one_file_with_two_private_keys_becomes_two_certs() -> None:
    spec = _spec(
        services(
            https("a", 1, privateKeyFilename="a.key"), https("b", 2, privateKeyFilename="b.key")
        )
    )
    assert spec["certs"] == {
        "server": {"file": "server.pem", "key": "a.key"},
        "server-2": {"file": "server.pem", "key": "b.key"},
    }


def test_a_client_ca_reuses_a_certificate_of_the_same_file() -> None:
    spec = _spec(services(https("a", 1, certificateAuthoritiesFilename="server.pem")))
    assert spec["listeners"]["a"]["tls"]["client_ca"] == "server"


def test_cert_names_come_from_file_names() -> None:
    spec = _spec(
        services(listener("a", "https", 1, tls={"certificateFilename": "C:\\x\\Edge 01.crt"}))
    )
    assert list(spec["certs"]) == ["Edge-01"]


def test_a_client_certificate_file_that_is_a_cert_is_named() -> None:
    spec = _spec(services(https("a", 1, clientCertificateFilename="server.pem")))
    assert spec["listeners"]["a"]["tls"]["client_cert"] == "server"


def test_a_client_certificate_file_is_never_taken_for_a_cert_name() -> None:
    text = services(
        listener(
            "a", "https", 1, tls={"certificateFilename": "s.pem", "clientCertificateFilename": "s"}
        )
    )
    spec = _spec(text)
    assert spec["listeners"]["a"]["tls"]["client_cert"] == "s"
    assert spec["certs"] == {"s-2": {"file": "s.pem"}}


# --- the product and the certificate key spelling -------------------------------------------------
def test_certificate_filename_picks_faircom_db() -> None:
    assert _spec(services(https()))["server"] == {"product": "faircom-db"}


def test_server_certificate_filename_picks_faircom_edge() -> None:
    text = services(listener("a", "https", 1, tls={"serverCertificateFilename": "s.pem"}))
    assert _spec(text)["server"] == {"product": "faircom-edge"}


def test_with_both_spellings_the_majority_wins_and_the_others_are_left_out() -> None:
    edge = {"serverCertificateFilename": "s.pem"}
    imported = run(
        services(
            https("a", 1), listener("b", "https", 2, tls=edge), listener("c", "https", 3, tls=edge)
        )
    )
    assert imported.listeners == ("b", "c")
    assert "listener `a` spells the certificate key certificateFilename" in messages(imported)[0]
    assert messages(imported, "FCS802") == [
        "server.product = faircom-edge: most listeners spell the certificate key "
        "serverCertificateFilename"
    ]


EDGE_HEADER = "; FairCom EDGE Server Configuration File - v5.1.0.84 Build(260213)\n\n"
DB_HEADER = "; FairCom DB Server Configuration File - v13.0.0.162 Build(240524)\r\n"


def test_the_ctsrvr_header_gives_product_and_version() -> None:
    spec = _spec(None, DB_HEADER + ctsrvr("SERVER_CERTIFICATE_FILE s.pem"))
    assert spec["server"] == {"product": "faircom-db", "version": "13.0.0.162"}


def test_the_header_product_agrees_with_the_listeners_spelling() -> None:
    edge = listener("a", "https", 1, tls={"serverCertificateFilename": "s.pem"})
    imported = run(services(edge), EDGE_HEADER + ctsrvr("SERVER_CERTIFICATE_FILE s.pem"))
    assert tomllib.loads(imported.text)["server"] == {
        "product": "faircom-edge",
        "version": "5.1.0.84",
    }
    assert 'product = "faircom-edge"  # from the ctsrvr.cfg header' in imported.text


def test_a_header_spelled_otherwise_than_the_listeners_gives_no_product() -> None:
    edge = listener("a", "https", 1, tls={"serverCertificateFilename": "s.pem"})
    imported = run(services(edge), DB_HEADER + ctsrvr("SERVER_CERTIFICATE_FILE s.pem"))
    assert tomllib.loads(imported.text)["server"] == {"version": "13.0.0.162"}
    assert (
        "no [server] product: the ctsrvr.cfg header names faircom-db 13.0.0.162, which fcsec "
        "writes certificateFilename, but the listeners spell serverCertificateFilename; without "
        "a product, compile keeps their spelling"
    ) in messages(imported, "FCS802")


def test_mqtt_client_certificate_login_without_its_prerequisites_is_imported() -> None:
    # As Edge ships: clientCertificate listed, no listener asking for client certificates and no
    # SSL block. The spec keeps it (check then warns FCS022/FCS023), so nothing is hidden.
    imported = run(services(https(), methods=["none", "password", "clientCertificate"]))
    assert tomllib.loads(imported.text)["mqtt"] == {
        "authentication": ["none", "password", "clientCertificate"]
    }
    assert messages(imported) == []


def test_without_tls_listeners_there_is_no_server_table() -> None:
    assert "server" not in _spec(services(listener("a", "http", 1)))


# --- listeners ------------------------------------------------------------------------------------
def test_the_vendor_description_is_left_to_the_default() -> None:
    vendor = (
        "Port 8080 using insecure HTTP protocol for REST and Web Apps on all TCP/IP "
        "addresses bound to this server"
    )
    text = services(listener("a", "http", 8080, description=vendor))
    assert "description" not in _spec(text)["listeners"]["a"]


def test_an_own_description_is_kept() -> None:
    assert _spec(services(listener("a", "http", 1)))["listeners"]["a"]["description"] == (
        "Port 1 of a"
    )


def test_a_description_a_spec_cannot_hold_stays_in_the_file_only() -> None:
    spec = _spec(services(listener("a", "http", 1, description="tab\there")))
    assert "description" not in spec["listeners"]["a"]


def test_enabled_is_written_even_when_true() -> None:
    assert _spec(services(listener("a", "http", 1)))["listeners"]["a"]["enabled"] is True


def test_a_port_used_twice_leaves_the_second_listener_out() -> None:
    imported = run(services(listener("a", "http", 80), listener("b", "http", 80)))
    assert imported.listeners == ("a",)
    assert "uses port 80 like `a`" in messages(imported)[0]


def test_no_allowed_cipher_suites_is_faircom_default() -> None:
    assert _spec(services(https()))["listeners"]["https8443"]["tls"]["ciphers"] == (
        "faircom-default"
    )


def test_a_policy_list_becomes_its_name() -> None:
    suites = [
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
    ]
    spec = _spec(services(https(allowedCipherSuites=suites)))
    assert spec["listeners"]["https8443"]["tls"]["ciphers"] == "tlsref-intermediate"


def test_another_list_stays_a_list() -> None:
    suites = ["TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"]
    spec = _spec(services(https(allowedCipherSuites=suites)))
    assert spec["listeners"]["https8443"]["tls"]["ciphers"] == suites


def test_a_list_fcsec_would_write_differently_leaves_the_listener_out() -> None:
    imported = run(services(https(allowedCipherSuites=["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"])))
    assert imported.listeners == ()
    assert "would write its allowedCipherSuites differently" in messages(imported)[0]


# --- mqtt -----------------------------------------------------------------------------------------
def test_client_certificate_login_without_a_client_ca_or_the_database_warns_in_the_spec() -> None:
    imported = run(services(methods=["clientCertificate"]))
    assert imported.mqtt is True
    loaded = load_spec(SourceFile("imported.fcsec", imported.text))
    assert sorted(warning.rule for warning in loaded.warnings) == ["FCS022", "FCS023"]


def test_client_certificate_login_is_imported_when_the_guide_is_followed() -> None:
    mqtts = listener(
        "mqtts8883",
        "mqtts",
        8883,
        tls={"certificateFilename": "server.pem", "certificateAuthoritiesFilename": "ca.pem"},
    )
    imported = run(
        services(mqtts, methods=["clientCertificate"]), ctsrvr("SERVER_CERTIFICATE_FILE server.pem")
    )
    assert imported.mqtt is True


# --- database -------------------------------------------------------------------------------------
def test_absent_settings_are_the_server_default_on_purpose() -> None:
    database = _spec(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem"))["database"]
    assert database == {"cert": "s", "tls_only": "faircom-default", "ciphers": "faircom-default"}


def test_ssl_connections_only_becomes_tls_only() -> None:
    spec = _spec(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", "SSL_CONNECTIONS_ONLY NO"))
    assert spec["database"]["tls_only"] is False


def test_ssl_ciphers_of_a_policy_become_its_name() -> None:
    line = "SSL_CIPHERS AES256-GCM-SHA384:AES256-SHA256:DHE-RSA-AES256-SHA256"
    spec = _spec(
        None,
        ctsrvr(
            "SERVER_CERTIFICATE_FILE s.pem",
            line.replace("AES256-GCM-SHA384:AES256-SHA256:DHE-RSA-AES256-SHA256", _maximal()),
        ),
    )
    assert spec["database"]["ciphers"] == "faircom-maximal"


def _maximal() -> str:
    from fcsec.backends.ctsrvr_cfg import ssl_ciphers
    from fcsec.ciphers.policies import policy
    from fcsec.ir import nodes as ir

    found = policy("faircom-maximal")
    assert found is not None
    text = ssl_ciphers(ir.CipherPolicy(name=found.name, kind=found.kind, suites=found.suites))
    assert text is not None
    return text


def test_ssl_ciphers_of_known_suites_become_a_list() -> None:
    line = "SSL_CIPHERS ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA256"
    spec = _spec(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", line))
    assert spec["database"]["ciphers"] == ["ECDHE-RSA-AES256-GCM-SHA384", "AES256-SHA256"]


def test_other_ssl_ciphers_become_a_raw_openssl_string() -> None:
    line = "SSL_CIPHERS AES256-SHA256:AES256-GCM-SHA38"
    spec = _spec(None, ctsrvr("SERVER_CERTIFICATE_FILE s.pem", line))
    assert spec["database"]["ciphers"] == {"openssl": "AES256-SHA256:AES256-GCM-SHA38"}


def test_x509_keywords_become_x509_login() -> None:
    spec = _spec(
        None,
        ctsrvr(
            "SERVER_CERTIFICATE_FILE s.pem",
            "x509_AUTHENTICATION YES",
            "x509_PATH CN",
            "X509_REQUIREMENT Example Plant",
        ),
    )
    assert spec["database"]["x509_login"] == {"path": "CN", "requirement": "Example Plant"}
