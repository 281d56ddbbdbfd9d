"""Verifying the chain a server sent against --ca with ``cryptography`` (``probe.verify``)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from tests.probe.hostile import Served, make_served

from fcsec.probe.verify import load_trusted, verify_chain


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Served:
    return make_served(tmp_path_factory.mktemp("verify"))


def chain(served: Served) -> tuple[str, ...]:
    return (served.cert.read_text(), served.ca.read_text())


def test_a_chain_up_to_the_ca_that_names_the_host_verifies(served: Served) -> None:
    result = verify_chain(
        chain(served), load_trusted(served.ca.read_bytes()), "localhost", completed=True
    )
    assert (result.ok, result.detail) == (
        True,
        "2 certificates up to a --ca certificate, naming localhost",
    )


def test_an_ip_address_is_matched_against_the_ip_names(served: Served) -> None:
    trusted = load_trusted(served.ca.read_bytes())
    assert verify_chain(chain(served), trusted, "127.0.0.1", completed=True).ok


def test_another_host_name_is_not_verified(served: Served) -> None:
    trusted = load_trusted(served.ca.read_bytes())
    result = verify_chain(chain(served), trusted, "db.example.com", completed=True)
    assert not result.ok
    assert "subjectAltName" in result.detail
    assert "encountered processing" not in result.detail  # cryptography's repr is cut off


def test_a_chain_another_ca_signed_is_not_verified(served: Served, tmp_path: Path) -> None:
    other = make_served(tmp_path)
    result = verify_chain(
        chain(served), load_trusted(other.ca.read_bytes()), "localhost", completed=True
    )
    assert not result.ok


def test_a_handshake_that_did_not_complete_is_never_verified(served: Served) -> None:
    result = verify_chain(
        chain(served),
        load_trusted(served.ca.read_bytes()),
        "localhost",
        completed=False,
        failure="excessive message size",
    )
    assert (result.ok, result.detail) == (
        False,
        "the handshake did not complete (openssl: excessive message size), so it is not known "
        "that the server holds the certificate's key",
    )


def test_no_chain_is_not_verified(served: Served) -> None:
    result = verify_chain((), load_trusted(served.ca.read_bytes()), "localhost", completed=True)
    assert (result.ok, result.detail) == (False, "the server sent no certificate")


def test_an_expired_chain_is_not_verified(served: Served) -> None:
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    result = verify_chain(
        chain(served), load_trusted(served.ca.read_bytes()), "localhost", completed=True, now=later
    )
    assert not result.ok


def test_an_unreadable_certificate_is_not_verified(served: Served) -> None:
    junk = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"
    result = verify_chain(
        (junk,), load_trusted(served.ca.read_bytes()), "localhost", completed=True
    )
    assert not result.ok
    assert result.detail.startswith("a certificate cannot be read")


@pytest.mark.parametrize("data", [b"", b"not pem\n", b"-----BEGIN PRIVATE KEY-----\nAA\n"])
def test_a_ca_file_without_certificates_is_refused(data: bytes) -> None:
    with pytest.raises(ValueError, match="certificate"):
        load_trusted(data)


def self_signed(tmp_path: Path, *, days: int = 3) -> tuple[str, x509.Certificate]:
    """A self-signed server certificate without extensions, as `openssl req -x509` makes."""
    now = datetime.datetime.now(datetime.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fairc0m")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(now - datetime.timedelta(days=10))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii"), cert


def test_a_served_certificate_that_is_itself_in_the_ca_file_is_a_pin(tmp_path: Path) -> None:
    pem, cert = self_signed(tmp_path)
    result = verify_chain((pem,), (cert,), "db.example.com", completed=True)
    assert (result.ok, result.detail) == (
        True,
        "pinned: the server's certificate is itself in --ca; host names are not checked for "
        "a pinned certificate",
    )


def test_an_expired_pin_is_not_verified(tmp_path: Path) -> None:
    pem, cert = self_signed(tmp_path, days=-1)
    result = verify_chain((pem,), (cert,), "localhost", completed=True)
    assert not result.ok
    assert result.detail.startswith("the server's certificate is itself in --ca, but it is not")


def test_a_pin_from_a_handshake_that_did_not_complete_is_not_verified(tmp_path: Path) -> None:
    pem, cert = self_signed(tmp_path)
    assert not verify_chain((pem,), (cert,), "localhost", completed=False).ok


def test_a_self_signed_certificate_not_in_the_ca_file_is_not_verified(
    tmp_path: Path, served: Served
) -> None:
    pem, _ = self_signed(tmp_path)
    assert not verify_chain((pem,), load_trusted(served.ca.read_bytes()), "x", completed=True).ok
