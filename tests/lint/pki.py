"""Certificates made on the fly for the lint tests, relative to one fixed moment (``NOW``).

Keys are cached per process (RSA key generation is slow); every certificate is built fresh. A
SHA-1 signature cannot be made with ``cryptography`` any more, so ``sha1`` certificates are
made by signing a SHA-256 certificate's body again with SHA-1 (same key, same signature length).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    PrivateKeyTypes,
)
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = datetime.datetime(2030, 6, 1, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
HOST = "db.example.com"

_SHA256_RSA = bytes.fromhex("06092a864886f70d01010b")
_SHA1_RSA = bytes.fromhex("06092a864886f70d010105")


@functools.cache
def rsa_key(bits: int = 2048, number: int = 0) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@functools.cache
def ec_key(number: int = 0) -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def certificate(
    *,
    cn: str = HOST,
    key: CertificateIssuerPrivateKeyTypes | None = None,
    issuer: tuple[x509.Certificate, CertificateIssuerPrivateKeyTypes] | None = None,
    not_before: datetime.datetime = NOW - 30 * DAY,
    not_after: datetime.datetime = NOW + 365 * DAY,
    san: Sequence[str] | None = (HOST,),
    ca: bool | None = False,
    server_auth: bool | None = True,
    sha1: bool = False,
) -> x509.Certificate:
    """A certificate for ``cn``; self-signed unless ``issuer`` (certificate, key) is given.

    ``ca=None`` leaves basicConstraints out; ``server_auth=None`` leaves the extended key usage
    out, ``False`` makes it clientAuth only; ``san=None`` leaves subjectAltName out.
    """
    own_key = key if key is not None else ec_key()
    issuer_name, signer = (issuer[0].subject, issuer[1]) if issuer else (name(cn), own_key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(issuer_name)
        .public_key(own_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )
    if ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
    if san is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([_general_name(entry) for entry in san]), False
        )
    if server_auth is not None:
        usage = ExtendedKeyUsageOID.SERVER_AUTH if server_auth else ExtendedKeyUsageOID.CLIENT_AUTH
        builder = builder.add_extension(x509.ExtendedKeyUsage([usage]), False)
    made = builder.sign(signer, hashes.SHA256())
    return _resign_sha1(made, signer) if sha1 else made


def _general_name(entry: str) -> x509.GeneralName:
    import ipaddress

    try:
        return x509.IPAddress(ipaddress.ip_address(entry))
    except ValueError:
        return x509.DNSName(entry)


def _resign_sha1(
    made: x509.Certificate, signer: CertificateIssuerPrivateKeyTypes
) -> x509.Certificate:
    if not isinstance(signer, rsa.RSAPrivateKey):
        raise ValueError("SHA-1 certificates are made with RSA issuers only")
    der = made.public_bytes(serialization.Encoding.DER).replace(_SHA256_RSA, _SHA1_RSA)
    body = x509.load_der_x509_certificate(der).tbs_certificate_bytes
    signature = signer.sign(body, padding.PKCS1v15(), hashes.SHA1())
    return x509.load_der_x509_certificate(der.replace(made.signature, signature))


def ca_certificate(
    cn: str = "Test Root CA",
    key: CertificateIssuerPrivateKeyTypes | None = None,
    issuer: tuple[x509.Certificate, CertificateIssuerPrivateKeyTypes] | None = None,
    *,
    ca: bool | None = True,
) -> x509.Certificate:
    return certificate(
        cn=cn, key=key or ec_key(9), issuer=issuer, san=None, ca=ca, server_auth=None
    )


def pem(*items: x509.Certificate | PrivateKeyTypes) -> bytes:
    """Certificates and (unencrypted PKCS#8) keys, in the order given, as one PEM text."""
    out = b""
    for item in items:
        if isinstance(item, x509.Certificate):
            out += item.public_bytes(serialization.Encoding.PEM)
        else:
            out += item.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
    return out


def encrypted_pem(key: PrivateKeyTypes, password: bytes = b"secret") -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password),
    )


def write(folder: Path, file: str, data: bytes) -> Path:
    path = folder / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
