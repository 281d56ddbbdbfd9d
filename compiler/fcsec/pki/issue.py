"""Make the keys and certificates of a development PKI, as bytes, with ``cryptography``.

One CA signs one server certificate (SANs from the host names, EKU serverAuth) and one client
certificate per user (CN = the user name, EKU clientAuth), like FairCom's x509 demo. This
module never touches the file system and never decides file names beyond ``layout``; keys are
written unencrypted (a development PKI: FairCom reads the key without a password prompt).
"""

from __future__ import annotations

import datetime
import enum
import ipaddress
import re
from typing import TYPE_CHECKING

import attrs

from fcsec.pki import layout

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes

CA_NAME = "fcsec development CA"
ORGANIZATION = "fcsec development PKI"
# Certificates start a little in the past, so a client whose clock lags still accepts them.
_BACKDATE = datetime.timedelta(minutes=5)
_CN_MAX = 64
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


class KeyType(enum.Enum):
    EC = "ec"
    RSA = "rsa"


@attrs.frozen(kw_only=True)
class PkiRequest:
    hostnames: tuple[str, ...]
    clients: tuple[str, ...] = ()
    days: int = 365
    key_type: KeyType = KeyType.EC


def check_hostname(text: str) -> str:
    """Return ``text`` if it is an IP address or a DNS name (``*.`` allowed first); else raise.

    Raises ValueError with a message meant for the user.
    """
    try:
        ipaddress.ip_address(text)
    except ValueError:
        pass
    else:
        return text
    name = text[2:] if text.startswith("*.") else text
    labels = name.split(".")
    if not name or len(text) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        raise ValueError(
            f"{text!r} is neither an IP address nor a DNS name "
            "(letters, digits and '-' in dot-separated labels; '*.' may come first)"
        )
    return text


def check_user(text: str) -> str:
    """Return ``text`` if it can be a certificate's CN and a file name; else raise ValueError."""
    if not text.strip():
        raise ValueError("a client user name must not be empty")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in text):
        raise ValueError(f"{text!r}: a client user name must not contain control characters")
    if len(text) > _CN_MAX:
        raise ValueError(f"{text!r}: a certificate's CN holds at most {_CN_MAX} characters")
    if not layout.client_slug(text):
        raise ValueError(
            f"{text!r}: the name needs at least one letter or digit for its file names"
        )
    return text


def _new_key(key_type: KeyType) -> CertificateIssuerPrivateKeyTypes:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if key_type is KeyType.EC:
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _general_name(host: str) -> x509.GeneralName:
    from cryptography import x509

    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def _key_usage(*, ca: bool, rsa: bool) -> x509.KeyUsage:
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=False,
        key_encipherment=rsa and not ca,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@attrs.frozen(kw_only=True)
class _Issuer:
    name: x509.Name
    key: CertificateIssuerPrivateKeyTypes
    start: datetime.datetime
    end: datetime.datetime
    rsa: bool


def _builder(
    issuer: _Issuer, subject: x509.Name, key: CertificateIssuerPrivateKeyTypes
) -> x509.CertificateBuilder:
    from cryptography import x509

    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(issuer.start)
        .not_valid_after(issuer.end)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


def _sign(builder: x509.CertificateBuilder, issuer: _Issuer) -> x509.Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    authority = x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key())
    return builder.add_extension(authority, critical=False).sign(issuer.key, hashes.SHA256())


def _leaf(
    issuer: _Issuer,
    common_name: str,
    usage: x509.ObjectIdentifier,
    key_type: KeyType,
    hostnames: tuple[str, ...] = (),
) -> tuple[x509.Certificate, CertificateIssuerPrivateKeyTypes]:
    from cryptography import x509

    key = _new_key(key_type)
    builder = (
        _builder(issuer, _name(common_name), key)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False, rsa=issuer.rsa), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    )
    if hostnames:
        names = [_general_name(host) for host in hostnames]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return _sign(builder, issuer), key


def _pem(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.PEM)


def _key_pem(key: CertificateIssuerPrivateKeyTypes) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def issue(request: PkiRequest, now: datetime.datetime) -> tuple[tuple[str, bytes], ...]:
    """Every file of the PKI as (name, bytes), in ``layout.plan`` order."""
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    rsa = request.key_type is KeyType.RSA
    ca_key = _new_key(request.key_type)
    issuer = _Issuer(
        name=_name(CA_NAME),
        key=ca_key,
        start=now - _BACKDATE,
        end=now + datetime.timedelta(days=request.days),
        rsa=rsa,
    )
    ca_cert = _sign(
        _builder(issuer, issuer.name, ca_key)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True, rsa=rsa), critical=True),
        issuer,
    )
    first = request.hostnames[0]
    server_cn = first if len(first) <= _CN_MAX else "server"
    server, server_key = _leaf(
        issuer, server_cn, ExtendedKeyUsageOID.SERVER_AUTH, request.key_type, request.hostnames
    )
    ca_pem, server_pem, server_key_pem = _pem(ca_cert), _pem(server), _key_pem(server_key)
    files: list[tuple[str, bytes]] = [
        (layout.CA_CERT, ca_pem),
        (layout.CA_KEY, _key_pem(ca_key)),
        (layout.SERVER_CERT, server_pem),
        (layout.SERVER_KEY, server_key_pem),
        (layout.SERVER_COMBINED, server_pem + ca_pem + server_key_pem),
        (layout.CLIENT_TRUST, server_pem + ca_pem),
    ]
    for user in request.clients:
        cert, key = _leaf(issuer, user, ExtendedKeyUsageOID.CLIENT_AUTH, request.key_type)
        cert_file, key_file = layout.client_files(user)
        files.append((cert_file.name, _pem(cert) + ca_pem))
        files.append((key_file.name, _key_pem(key)))
    return tuple(files)
