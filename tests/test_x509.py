"""fcsec.x509 keeps cryptography's own warnings out of fcsec's output.

cryptography 51 deprecates DSA and warns each time its key class is named: describing an
Ed25519 certificate, or checking a chain, printed two Python warnings with source lines in
the middle of `fcsec check`. fcsec still names DSA keys and judges their size.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from tests.lint.pki import DAY, NOW, ec_key, name

from fcsec.x509 import issued_by, key_info, parse_pem, same_key


def _dsa_key() -> Any:
    with warnings.catch_warnings():  # the test makes a DSA key; only fcsec's calls are checked
        warnings.simplefilter("ignore")
        from cryptography.hazmat.primitives.asymmetric import dsa

        return dsa.generate_private_key(key_size=1024)


def _signed(subject_key: Any, signer: Any, *, ca: bool) -> x509.Certificate:
    """A certificate of ``subject_key`` signed by ``signer``, subject and issuer one test name
    (Ed25519 and Ed448 sign without a hash)."""
    hashed = (
        None if isinstance(signer, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey) else SHA256()
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name("key test"))
        .issuer_name(name("key test"))
        .public_key(subject_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - DAY)
        .not_valid_after(NOW + DAY)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
        .sign(signer, hashed)
    )


@pytest.mark.parametrize(
    ("make", "kind", "bits"),
    [
        (ed25519.Ed25519PrivateKey.generate, "Ed25519", 255),
        (ed448.Ed448PrivateKey.generate, "Ed448", 448),
        (_dsa_key, "DSA", 1024),
        (lambda: ec.generate_private_key(ec.SECP256R1()), "EC", 256),
    ],
    ids=["ed25519", "ed448", "dsa", "ec"],
)
def test_keys_are_described_and_chains_checked_without_a_warning(
    make: Callable[[], Any], kind: str, bits: int
) -> None:
    key, other = make(), make()
    ca, impostor = _signed(key, key, ca=True), _signed(other, other, ca=True)
    leaf = _signed(ec_key(4), key, ca=False)
    key_pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        info = key_info(ca)
        assert (info.kind, info.bits) == (kind, bits)
        assert issued_by(leaf, ca)
        assert not issued_by(leaf, impostor)  # the same name, another key: the signature decides
        (read,) = parse_pem(key_pem + ca.public_bytes(Encoding.PEM)).keys
        assert same_key(read, ca)
        assert not same_key(read, impostor)
