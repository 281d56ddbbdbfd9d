"""The certificates of the development PKI: names, usages, chain, key types, validity."""

from __future__ import annotations

import datetime
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from fcsec.pki.issue import KeyType, PkiRequest, check_hostname, check_user, issue

NOW = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
PEM_CERT = b"-----BEGIN CERTIFICATE-----"


def _certs(data: bytes) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(data)


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    request = PkiRequest(
        hostnames=("db.example.com", "127.0.0.1", "::1"),
        clients=("admin", "Jon Doe"),
        days=30,
        key_type=KeyType.EC,
    )
    return dict(issue(request, NOW))


def test_server_certificate_names_every_hostname(files: dict[str, bytes]) -> None:
    (server,) = _certs(files["server.crt"])
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["db.example.com"]
    assert names.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("::1"),
    ]


def test_server_certificate_is_for_server_authentication(files: dict[str, bytes]) -> None:
    (server,) = _certs(files["server.crt"])
    usage = server.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.SERVER_AUTH]


def test_client_certificate_cn_is_the_user_name_with_its_space(files: dict[str, bytes]) -> None:
    client = _certs(files["client-Jon_Doe.pem"])[0]
    assert client.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Jon Doe"


def test_client_certificate_is_for_client_authentication(files: dict[str, bytes]) -> None:
    client = _certs(files["client-admin.pem"])[0]
    usage = client.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(usage) == [ExtendedKeyUsageOID.CLIENT_AUTH]


def test_the_ca_signs_the_server_and_every_client(files: dict[str, bytes]) -> None:
    (ca,) = _certs(files["ca.pem"])
    for name in ("server.crt", "client-admin.pem", "client-Jon_Doe.pem"):
        _certs(files[name])[0].verify_directly_issued_by(ca)


def test_ca_certificate_is_a_ca(files: dict[str, bytes]) -> None:
    (ca,) = _certs(files["ca.pem"])
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_combined_file_is_certificate_then_ca_then_key(files: dict[str, bytes]) -> None:
    combined = files["ctree_ssl.pem"]
    assert combined == files["server.crt"] + files["ca.pem"] + files["server.key"]


def test_client_trust_file_has_the_chain_and_no_key(files: dict[str, bytes]) -> None:
    assert files["ctsrvr.pem"] == files["server.crt"] + files["ca.pem"]
    assert b"PRIVATE KEY" not in files["ctsrvr.pem"]


def test_client_file_carries_the_ca_certificate(files: dict[str, bytes]) -> None:
    assert files["client-admin.pem"].count(PEM_CERT) == 2
    assert files["client-admin.pem"].endswith(files["ca.pem"])


def test_days_set_the_end_of_validity(files: dict[str, bytes]) -> None:
    (server,) = _certs(files["server.crt"])
    assert server.not_valid_after_utc == NOW + datetime.timedelta(days=30)


def test_ec_key_type_makes_p256_keys(files: dict[str, bytes]) -> None:
    key = _certs(files["server.crt"])[0].public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    assert key.curve.name == "secp256r1"


def test_rsa_key_type_makes_2048_bit_rsa_keys() -> None:
    made = dict(issue(PkiRequest(hostnames=("localhost",), key_type=KeyType.RSA), NOW))
    key = _certs(made["server.crt"])[0].public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    assert key.key_size == 2048


@pytest.mark.parametrize(
    "name", ["localhost", "db.example.com", "*.example.com", "::1", "10.0.0.1"]
)
def test_check_hostname_accepts_dns_names_and_addresses(name: str) -> None:
    assert check_hostname(name) == name


@pytest.mark.parametrize("name", ["", "bad host", "-x.example.com", "a..b", "x" * 64 + ".com"])
def test_check_hostname_rejects_what_is_no_host_name(name: str) -> None:
    with pytest.raises(ValueError, match="neither an IP address nor a DNS name"):
        check_hostname(name)


@pytest.mark.parametrize("name", ["", "   ", "tab\there", "x" * 65, "..."])
def test_check_user_rejects_names_that_cannot_be_a_cn_and_a_file(name: str) -> None:
    with pytest.raises(ValueError):
        check_user(name)
