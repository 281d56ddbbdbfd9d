"""Describe certificates: subject, names, issuer, expiry, key and SHA-256 fingerprint.

Works on PEM text (what a server sent, what a spec's certificate file holds), read by
``fcsec.x509``; it never reads files or opens connections.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from fcsec import x509 as certificates

if TYPE_CHECKING:
    from cryptography import x509


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


def describe(cert: x509.Certificate) -> CertInfo:
    """Describe one certificate; raises ValueError if its names cannot be read."""
    alternative = certificates.alternative_names(cert)
    dns, ips = alternative if alternative is not None else ([], [])
    key = certificates.key_info(cert)
    return CertInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        dns_names=tuple(dns),
        ip_addresses=tuple(str(address) for address in ips),
        not_after=cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        key_type=key.kind,
        key_detail=key.detail,
        sha256=certificates.fingerprint(cert),
    )


def _described(cert: x509.Certificate | None) -> CertInfo | None:
    if cert is None:
        return None
    try:
        return describe(cert)
    except ValueError:
        return None


def describe_chain(pems: tuple[str, ...]) -> tuple[CertInfo, ...]:
    """Describe each certificate of a chain; one that cannot be read is left out."""
    described = (
        _described(certificates.load_certificate(pem.encode("ascii", "replace"))) for pem in pems
    )
    return tuple(info for info in described if info is not None)


def first_certificate(data: bytes) -> CertInfo | None:
    """The first certificate of a PEM file (the leaf of a chain file), or None if it has none."""
    return _described(certificates.first_certificate(data))
