"""Describing certificates for ``fcsec probe`` (``probe.chain`` over ``fcsec.x509``)."""

from __future__ import annotations

import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from tests.lint.pki import ca_certificate, certificate, ec_key, pem

from fcsec.probe.chain import describe_chain, first_certificate

# The algorithm identifier of an Ed25519 key, and one of a key type nobody knows (1.3.101.127).
_ED25519 = bytes.fromhex("300506032b6570")
_UNKNOWN = bytes.fromhex("300506032b657f")


def test_a_certificate_is_described() -> None:
    info = first_certificate(pem(certificate(san=("db.example.com", "127.0.0.1"))))
    assert info is not None
    assert (info.subject, info.issuer) == ("CN=db.example.com", "CN=db.example.com")
    assert (info.dns_names, info.ip_addresses) == (("db.example.com",), ("127.0.0.1",))
    assert (info.key_type, info.key_detail) == ("EC", "secp256r1")
    assert info.not_after.endswith("Z")
    assert len(info.sha256.split(":")) == 32


def test_no_or_a_damaged_first_certificate_describes_nothing() -> None:
    assert first_certificate(b"no PEM here") is None
    damaged = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
    assert first_certificate(damaged + pem(certificate())) is None
    assert len(describe_chain((damaged.decode(), pem(certificate()).decode()))) == 1


def test_a_key_of_an_unknown_type_is_described_as_unknown() -> None:
    issuer = (ca_certificate(), ec_key(9))
    key = ed25519.Ed25519PrivateKey.generate()
    der = certificate(key=key, issuer=issuer).public_bytes(serialization.Encoding.DER)
    der = der.replace(_ED25519, _UNKNOWN)
    served = x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
    (info,) = describe_chain((served.decode(),))
    assert (info.key_type, info.key_detail) == ("unknown", "")


def test_importing_the_chain_loads_no_cryptography() -> None:
    code = "import sys, fcsec.probe.chain; print('cryptography' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
