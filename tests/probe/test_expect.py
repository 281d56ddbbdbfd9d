"""What a spec expects on a port: built from real specs through load_spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from fcsec.api import load_spec
from fcsec.ciphers.registry import TlsVersion, lookup
from fcsec.diagnostics import DiagnosticError
from fcsec.ir import nodes as ir
from fcsec.probe.expect import (
    cert_locations,
    expected_cert,
    for_database,
    for_listener,
)
from fcsec.source import SourceFile

SPEC = """fcsec = 1

[server]
root = "/opt/faircom"

[certs.server]
file = "server.pem"

[certs.ca]
file = "/certs/ca.pem"

[ciphers.strict]
suites = ["TLS_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256"]

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
tls.ciphers = "strict"

[listeners.mqtts8883]
protocol = "mqtts"
port = 8883
tls.cert = "server"
tls.client_ca = "ca"

[listeners.http8080]
protocol = "http"
port = 8080

[database]
cert = "server"
ciphers = { openssl = "ECDHE+AESGCM" }
verify_client_certs = true
"""


def nothing(_: str) -> frozenset[int]:
    return frozenset()


@pytest.fixture(scope="module")
def spec() -> ir.Spec:
    return load_spec(SourceFile("spec.fcsec", SPEC)).spec


def test_listener_allows_its_policys_suites(spec: ir.Spec) -> None:
    expectation = for_listener(spec, "https8443", None, nothing)
    assert expectation.suites is not None
    assert [suite.iana for suite in expectation.suites] == [
        "TLS_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    ]
    assert expectation.versions == {TlsVersion.TLSv1_2, TlsVersion.TLSv1_3}


def test_listener_without_client_ca_does_not_require_client_certificates(spec: ir.Spec) -> None:
    assert not for_listener(spec, "https8443", None, nothing).client_cert_required


def test_listener_with_client_ca_requires_client_certificates(spec: ir.Spec) -> None:
    assert for_listener(spec, "mqtts8883", None, nothing).client_cert_required


def test_unknown_listener_is_an_error_listing_the_tls_listeners(spec: ir.Spec) -> None:
    with pytest.raises(DiagnosticError) as raised:
        for_listener(spec, "https9443", None, nothing)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.rule == "FCS712"
    assert diagnostic.hint == "TLS listeners in the spec: https8443, mqtts8883"


def test_a_listener_without_tls_cannot_be_compared(spec: ir.Spec) -> None:
    with pytest.raises(DiagnosticError, match="does not use TLS"):
        for_listener(spec, "http8080", None, nothing)


def test_database_requires_client_certificates_with_verify_client_certs(spec: ir.Spec) -> None:
    assert for_database(spec, None, nothing).client_cert_required


def test_database_openssl_string_is_expanded_and_gets_openssls_tls13_defaults(
    spec: ir.Spec,
) -> None:
    ecdhe = lookup("ECDHE-ECDSA-AES128-GCM-SHA256")
    assert ecdhe is not None
    expectation = for_database(spec, None, lambda text: frozenset({ecdhe.code}))
    assert expectation.suites is not None
    assert [suite.iana for suite in expectation.suites] == [
        ecdhe.iana,
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_AES_128_GCM_SHA256",
    ]


def test_relative_certificate_is_looked_for_beside_the_spec_then_in_the_server_folder(
    spec: ir.Spec,
) -> None:
    places = cert_locations(spec.certs[0], "conf/spec.fcsec", spec.server.root)
    assert places == (Path("conf/server.pem"), Path("/opt/faircom/server/server.pem"))


def test_absolute_certificate_is_looked_for_where_it_says(spec: ir.Spec) -> None:
    assert cert_locations(spec.certs[1], "conf/spec.fcsec", None) == (Path("/certs/ca.pem"),)


def test_a_certificate_file_without_a_certificate_is_not_compared(spec: ir.Spec) -> None:
    expected = expected_cert(spec.certs[0], ("server.pem", b"-----BEGIN PRIVATE KEY-----"), "")
    assert expected.sha256 is None
    assert "no readable PEM certificate" in expected.note
