"""Read X.509 certificates and keys: PEM blocks, keys, names, issuers, chain order, fingerprints.

The one place where ``fcsec check`` (``fcsec.lint.certs`` and its parts) and ``fcsec probe``
(``fcsec.probe.chain``) read certificates with ``cryptography``. It works on bytes and loaded
certificates; it never reads files or opens connections, and it judges nothing (what is weak is
the linter's business). ``cryptography`` is imported inside the functions, so importing this
module loads nothing of it: ``fcsec compile`` never does.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import re
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeGuard

import attrs

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.dsa import DSAPublicKey
    from cryptography.hazmat.primitives.asymmetric.types import (
        CertificatePublicKeyTypes,
        PrivateKeyTypes,
    )

__all__ = [
    "KeyInfo",
    "Pem",
    "alternative_names",
    "chain_order",
    "fingerprint",
    "first_certificate",
    "hostname_matches",
    "is_ca",
    "issued_by",
    "key_info",
    "load_certificate",
    "names",
    "parse_pem",
    "pem_blocks",
    "same_key",
    "self_signed",
    "serves_tls",
    "short_subject",
    "signature_hash",
]

_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----\r?\n?", re.DOTALL)
_CERTIFICATE_LABELS = frozenset({b"CERTIFICATE", b"X509 CERTIFICATE"})

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


# --- PEM ---------------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class Pem:
    """What a PEM file holds: certificates in file order, private keys, and what failed."""

    certificates: tuple[x509.Certificate, ...] = ()
    keys: tuple[PrivateKeyTypes, ...] = ()
    encrypted_keys: int = 0
    damaged: tuple[str, ...] = ()


def pem_blocks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Each PEM block of ``data`` as (label, the whole block), in file order."""
    for match in _PEM_BLOCK.finditer(data):
        yield match.group(1), match.group(0)


def load_certificate(pem: bytes) -> x509.Certificate | None:
    """The PEM certificate ``pem``, or None if it cannot be read."""
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError:
        return None


def parse_pem(data: bytes) -> Pem:
    """Every certificate and private key block of a PEM file (other blocks are ignored)."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization

    certificates: list[x509.Certificate] = []
    keys: list[PrivateKeyTypes] = []
    encrypted = 0
    damaged: list[str] = []
    for label, block in pem_blocks(data):
        if label in _CERTIFICATE_LABELS:
            certificate = load_certificate(block)
            if certificate is None:
                damaged.append(label.decode("ascii"))
            else:
                certificates.append(certificate)
        elif label == b"ENCRYPTED PRIVATE KEY":
            encrypted += 1
        elif label.endswith(b"PRIVATE KEY"):
            try:
                with _quiet_dsa():
                    keys.append(serialization.load_pem_private_key(block, password=None))
            except TypeError:
                encrypted += 1  # "Password was not given but private key is encrypted"
            except (ValueError, UnsupportedAlgorithm):
                damaged.append(label.decode("ascii"))
    return Pem(
        certificates=tuple(certificates),
        keys=tuple(keys),
        encrypted_keys=encrypted,
        damaged=tuple(damaged),
    )


def first_certificate(data: bytes) -> x509.Certificate | None:
    """The first certificate block of a PEM file, read; None if there is none or it is damaged."""
    for label, block in pem_blocks(data):
        if label in _CERTIFICATE_LABELS:
            return load_certificate(block)
    return None


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER encoding, upper-case hex in colon-separated pairs."""
    from cryptography.hazmat.primitives.serialization import Encoding

    digest = hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest().upper()
    return ":".join(digest[index : index + 2] for index in range(0, len(digest), 2))


# --- keys --------------------------------------------------------------------------------------
@attrs.frozen(kw_only=True)
class KeyInfo:
    """The public key of a certificate: its type, its size and, for EC, its curve."""

    #: ``RSA``, ``EC``, ``DSA``, ``Ed25519``, ``Ed448`` or ``unknown``.
    kind: str
    #: Key size in bits (the curve's for EC), 0 when unknown.
    bits: int = 0
    #: The curve name of an EC key.
    curve: str = ""

    @property
    def detail(self) -> str:
        """The key size in bits, or the curve name for EC keys ("" when unknown)."""
        if self.curve:
            return self.curve
        return str(self.bits) if self.bits else ""


def _public_key(certificate: x509.Certificate) -> CertificatePublicKeyTypes | None:
    from cryptography.exceptions import UnsupportedAlgorithm

    try:
        with _quiet_dsa():
            return certificate.public_key()
    except (ValueError, UnsupportedAlgorithm):
        return None


def key_info(certificate: x509.Certificate) -> KeyInfo:
    """What the certificate's public key is (``unknown`` when it cannot be read)."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    public = _public_key(certificate)
    if isinstance(public, rsa.RSAPublicKey):
        return KeyInfo(kind="RSA", bits=public.key_size)
    if isinstance(public, ec.EllipticCurvePublicKey):
        return KeyInfo(kind="EC", bits=public.curve.key_size, curve=public.curve.name)
    if isinstance(public, ed25519.Ed25519PublicKey):
        return KeyInfo(kind="Ed25519", bits=255)
    if isinstance(public, ed448.Ed448PublicKey):
        return KeyInfo(kind="Ed448", bits=448)
    if _is_dsa(public):
        return KeyInfo(kind="DSA", bits=public.key_size)
    return KeyInfo(kind="unknown")


def _is_dsa(public: object) -> TypeGuard[DSAPublicKey]:
    """Whether ``public`` is a DSA key (see ``_quiet_dsa``)."""
    with _quiet_dsa():
        from cryptography.hazmat.primitives.asymmetric import dsa

        return isinstance(public, dsa.DSAPublicKey)


@contextlib.contextmanager
def _quiet_dsa() -> Iterator[None]:
    """Keep cryptography's DSA deprecation out of fcsec's output.

    cryptography 51 deprecates DSA and warns, with a Python source line, whenever a DSA key is
    loaded or its key class is named: in the middle of ``fcsec check``, even for an Ed25519
    certificate. fcsec still reads such keys, names them and judges their size (FCS409); the
    user has nothing to do about cryptography's plans.
    """
    from cryptography.utils import CryptographyDeprecationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        yield


def same_key(key: PrivateKeyTypes, certificate: x509.Certificate) -> bool:
    """True when ``key`` is the private half of the certificate's public key."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    spki = (Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    try:
        with _quiet_dsa():
            ours = key.public_key().public_bytes(*spki)
            theirs = certificate.public_key().public_bytes(*spki)
    except (ValueError, UnsupportedAlgorithm):
        return False
    return ours == theirs


def signature_hash(certificate: x509.Certificate) -> str | None:
    """The name of the hash of the certificate's signature (``sha256``), None if it has none."""
    from cryptography.exceptions import UnsupportedAlgorithm

    try:
        algorithm = certificate.signature_hash_algorithm
    except UnsupportedAlgorithm:
        return None
    return None if algorithm is None else algorithm.name


# --- issuers and chains ------------------------------------------------------------------------
def issued_by(subject: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when the names agree and ``issuer``'s key made ``subject``'s signature.

    Verified by hand rather than with ``verify_directly_issued_by``, which refuses SHA-1
    signatures: a SHA-1 chain is still a chain (FCS410 reports the signature on its own).
    """
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa

    if subject.issuer != issuer.subject:
        return False
    try:
        with _quiet_dsa():
            public = issuer.public_key()
        signature, data = subject.signature, subject.tbs_certificate_bytes
        algorithm = subject.signature_hash_algorithm
        parameters = subject.signature_algorithm_parameters
        if isinstance(public, rsa.RSAPublicKey):
            if not isinstance(parameters, (padding.PKCS1v15, padding.PSS)) or algorithm is None:
                return False
            public.verify(signature, data, parameters, algorithm)
        elif isinstance(public, ec.EllipticCurvePublicKey):
            if not isinstance(parameters, ec.ECDSA):
                return False
            public.verify(signature, data, parameters)
        elif isinstance(public, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
            public.verify(signature, data)
        elif _is_dsa(public):
            if algorithm is None:
                return False
            public.verify(signature, data, algorithm)
        else:
            return False
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def self_signed(certificate: x509.Certificate) -> bool:
    return issued_by(certificate, certificate)


def chain_order(chain: tuple[x509.Certificate, ...]) -> list[int] | None:
    """Positions of ``chain`` from the leaf (the first) to the top, if every link is there."""
    order = [0]
    rest = list(range(1, len(chain)))
    while rest:
        current = chain[order[-1]]
        issuer = next((index for index in rest if issued_by(current, chain[index])), None)
        if issuer is None:
            return None
        order.append(issuer)
        rest.remove(issuer)
    return order


def is_ca(certificate: x509.Certificate) -> bool:
    """True when basicConstraints says CA=true."""
    from cryptography import x509

    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except (x509.ExtensionNotFound, ValueError):
        return False
    return constraints.value.ca


def serves_tls(certificate: x509.Certificate) -> bool:
    """True unless an extended key usage leaves out serverAuth (and anyExtendedKeyUsage)."""
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    try:
        usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (x509.ExtensionNotFound, ValueError):
        return True
    return (
        ExtendedKeyUsageOID.SERVER_AUTH in usage
        or ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in usage
    )


# --- names -------------------------------------------------------------------------------------
def short_subject(certificate: x509.Certificate) -> str:
    """``CN=...`` when the subject has a common name, else the whole subject."""
    from cryptography.x509.oid import NameOID

    common = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if common:
        return f"CN={common[0].value!s}"
    return certificate.subject.rfc4514_string() or "an empty subject"


def alternative_names(
    certificate: x509.Certificate,
) -> tuple[list[str], list[_Address | _Network]] | None:
    """The DNS names and IP addresses of the subject alternative names; None without any.

    Raises ValueError when the extension cannot be read.
    """
    from cryptography import x509

    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    return list(san.get_values_for_type(x509.DNSName)), list(
        san.get_values_for_type(x509.IPAddress)
    )


def names(certificate: x509.Certificate) -> tuple[list[str], list[_Address]]:
    """DNS names and IP addresses a client checks: the SAN, or the CN when there is no SAN."""
    from cryptography.x509.oid import NameOID

    try:
        alternative = alternative_names(certificate)
    except ValueError:
        return [], []
    if alternative is None:
        common = [
            str(attribute.value)
            for attribute in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        ]
        return common, []
    dns, ips = alternative
    addresses = [
        address
        for address in ips
        if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address))
    ]
    return dns, addresses


def hostname_matches(certificate: x509.Certificate, hostname: str) -> bool:
    """RFC 6125: the DNS/IP subject alternative names, else the common name; one-label wildcards."""
    dns, addresses = names(certificate)
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        address = None
    if address is not None:
        return address in addresses or hostname in dns
    wanted = hostname.rstrip(".").lower()
    return any(_dns_match(pattern.rstrip(".").lower(), wanted) for pattern in dns)


def _dns_match(pattern: str, hostname: str) -> bool:
    if pattern.startswith("*."):
        head, _, rest = hostname.partition(".")
        return bool(head) and rest == pattern[2:] and "." in rest
    return pattern == hostname
