"""Describe certificates: subject, names, issuer, expiry, key and SHA-256 fingerprint.

Works on PEM text (what a server sent, what a spec's certificate file holds) with
``cryptography``; it never reads files or opens connections.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from cryptography import x509

_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.S)


@attrs.frozen(kw_only=True)
class CertInfo:
    subject: str
    issuer: str
    dns_names: tuple[str, ...] = ()
    ip_addresses: tuple[str, ...] = ()
    #: ISO 8601 in UTC, e.g. ``2027-05-01T12:00:00Z``.
    not_after: str
    #: ``RSA``, ``EC``, ``DSA``, ``Ed25519``, ``Ed448`` or ``unknown``.
    key_type: str
    #: Key size in bits, or the curve name for EC keys.
    key_detail: str
    #: SHA-256 of the DER encoding, upper-case hex in colon-separated pairs.
    sha256: str


def _fingerprint(der: bytes) -> str:
    import hashlib

    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[index : index + 2] for index in range(0, len(digest), 2))


def _key(cert: x509.Certificate) -> tuple[str, str]:
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

    try:
        key = cert.public_key()
    except ValueError:
        return "unknown", ""
    if isinstance(key, rsa.RSAPublicKey):
        return "RSA", str(key.key_size)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "EC", key.curve.name
    if isinstance(key, dsa.DSAPublicKey):
        return "DSA", str(key.key_size)
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519", "255"
    if isinstance(key, ed448.Ed448PublicKey):
        return "Ed448", "448"
    return "unknown", ""


def describe(pem: bytes) -> CertInfo:
    """Describe one PEM certificate; raises ValueError if it cannot be read."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    cert = x509.load_pem_x509_certificate(pem)
    dns: tuple[str, ...] = ()
    ips: tuple[str, ...] = ()
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        pass
    else:
        dns = tuple(names.get_values_for_type(x509.DNSName))
        ips = tuple(str(address) for address in names.get_values_for_type(x509.IPAddress))
    key_type, key_detail = _key(cert)
    return CertInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        dns_names=dns,
        ip_addresses=ips,
        not_after=cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        key_type=key_type,
        key_detail=key_detail,
        sha256=_fingerprint(cert.public_bytes(Encoding.DER)),
    )


def describe_chain(pems: tuple[str, ...]) -> tuple[CertInfo, ...]:
    """Describe each certificate of a chain; one that cannot be read is left out."""
    described = []
    for pem in pems:
        try:
            described.append(describe(pem.encode("ascii", "replace")))
        except ValueError:
            continue
    return tuple(described)


def first_certificate(data: bytes) -> CertInfo | None:
    """The first certificate of a PEM file (the leaf of a chain file), or None if it has none."""
    match = _PEM.search(data)
    if match is None:
        return None
    try:
        return describe(match.group(0))
    except ValueError:
        return None
