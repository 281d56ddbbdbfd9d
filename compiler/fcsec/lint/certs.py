"""Certificate rules (FCS401-FCS416): the files the spec names, read as FairCom will read them.

For every certificate a listener or the database uses: the file exists (resolved as
``fcsec.lint.files`` says) and holds a PEM certificate; the private key is there (embedded or
``key =``), readable, and belongs to the certificate (RSA, EC, any key type: the public keys are
compared); every certificate of the file is valid now and not about to expire, has a strong key
and a SHA-2 signature; the chain is in order (each certificate issued by the next one);
``server.hostname`` is among the certificate's names; a client CA is a CA.

This is the only module of fcsec that imports ``cryptography``, and ``fcsec.lint.engine`` imports
it only when files are checked, so ``fcsec compile`` never loads it. It reads files only through
the ``Files`` reader it is given.
"""

from __future__ import annotations

import datetime
import enum
import ipaddress
import re
from collections.abc import Iterator

import attrs
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from fcsec.diagnostics import Related
from fcsec.ir import nodes as ir
from fcsec.lint.context import LintContext
from fcsec.lint.files import Files, resolve
from fcsec.lint.findings import Finding, finding
from fcsec.rule_ids import (
    BAD_PRIVATE_KEY,
    CERT_EXPIRED,
    CERT_EXPIRES_SOON,
    CERT_FILE_MISSING,
    CERT_NOT_YET_VALID,
    CHAIN_ORDER,
    CLIENT_CA_NOT_A_CA,
    KEY_MISMATCH,
    NO_PEM_CERTIFICATE,
    NO_PRIVATE_KEY,
    NO_ROOT,
    NOT_FOR_SERVERS,
    SELF_SIGNED,
    WEAK_KEY,
    WEAK_SIGNATURE,
    WRONG_HOST,
)
from fcsec.source import Span

#: A certificate that expires sooner than this is reported (FCS408).
EXPIRY_WARNING = datetime.timedelta(days=30)
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256

_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----\r?\n?", re.DOTALL)
_CERTIFICATE_LABELS = frozenset({b"CERTIFICATE", b"X509 CERTIFICATE"})
_SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


@attrs.frozen(kw_only=True)
class Pem:
    """What a PEM file holds: certificates in file order, private keys, and what failed."""

    certificates: tuple[x509.Certificate, ...] = ()
    keys: tuple[PrivateKeyTypes, ...] = ()
    encrypted_keys: int = 0
    damaged: tuple[str, ...] = ()


def parse_pem(data: bytes) -> Pem:
    """Every certificate and private key block of a PEM file (other blocks are ignored)."""
    certificates: list[x509.Certificate] = []
    keys: list[PrivateKeyTypes] = []
    encrypted = 0
    damaged: list[str] = []
    for match in _PEM_BLOCK.finditer(data):
        label = match.group(1)
        block = match.group(0)
        if label in _CERTIFICATE_LABELS:
            try:
                certificates.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                damaged.append(label.decode("ascii"))
        elif label == b"ENCRYPTED PRIVATE KEY":
            encrypted += 1
        elif label.endswith(b"PRIVATE KEY"):
            try:
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


def same_key(key: PrivateKeyTypes, certificate: x509.Certificate) -> bool:
    """True when ``key`` is the private half of the certificate's public key."""
    try:
        return key.public_key().public_bytes(*_SPKI) == certificate.public_key().public_bytes(
            *_SPKI
        )
    except (ValueError, UnsupportedAlgorithm):
        return False


def issued_by(subject: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when the names agree and ``issuer``'s key made ``subject``'s signature.

    Verified by hand rather than with ``verify_directly_issued_by``, which refuses SHA-1
    signatures: a SHA-1 chain is still a chain (FCS410 reports the signature on its own).
    """
    if subject.issuer != issuer.subject:
        return False
    try:
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
        elif isinstance(public, dsa.DSAPublicKey):
            if algorithm is None:
                return False
            public.verify(signature, data, algorithm)
        elif isinstance(public, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
            public.verify(signature, data)
        else:
            return False
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def self_signed(certificate: x509.Certificate) -> bool:
    return issued_by(certificate, certificate)


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


def names(
    certificate: x509.Certificate,
) -> tuple[list[str], list[ipaddress.IPv4Address | ipaddress.IPv6Address]]:
    """DNS names and IP addresses a client checks: the SAN, or the CN when there is no SAN."""
    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        common = [
            str(attribute.value)
            for attribute in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        ]
        return common, []
    except ValueError:
        return [], []
    addresses = [
        address
        for address in san.get_values_for_type(x509.IPAddress)
        if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address))
    ]
    return list(san.get_values_for_type(x509.DNSName)), addresses


def _subject(certificate: x509.Certificate) -> str:
    common = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if common:
        return f"CN={common[0].value!s}"
    return certificate.subject.rfc4514_string() or "an empty subject"


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    except (x509.ExtensionNotFound, ValueError):
        return False
    return constraints.value.ca


def _weak_key(certificate: x509.Certificate) -> str | None:
    try:
        public = certificate.public_key()
    except (ValueError, UnsupportedAlgorithm):
        return None
    if isinstance(public, rsa.RSAPublicKey) and public.key_size < MIN_RSA_BITS:
        return f"an RSA key of {public.key_size} bits"
    if isinstance(public, dsa.DSAPublicKey) and public.key_size < MIN_RSA_BITS:
        return f"a DSA key of {public.key_size} bits"
    if isinstance(public, ec.EllipticCurvePublicKey) and public.curve.key_size < MIN_EC_BITS:
        return f"an EC key on {public.curve.name} ({public.curve.key_size} bits)"
    return None


def _weak_signature(certificate: x509.Certificate) -> str | None:
    try:
        algorithm = certificate.signature_hash_algorithm
    except UnsupportedAlgorithm:
        return None
    if isinstance(algorithm, (hashes.SHA1, hashes.MD5)):
        return algorithm.name.upper().replace("SHA1", "SHA-1")
    return None


def _serves_tls(certificate: x509.Certificate) -> bool:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except (x509.ExtensionNotFound, ValueError):
        return True
    return (
        ExtendedKeyUsageOID.SERVER_AUTH in usage
        or ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in usage
    )


class Role(enum.Enum):
    SERVER = "server certificate"
    CLIENT_CA = "client CA"
    CLIENT_CERT = "client certificate"


@attrs.frozen(kw_only=True)
class _Use:
    """A certificate file in one role, and where the spec names it."""

    role: Role
    file: str
    file_path: tuple[str, ...]
    cert: ir.CertRef | None = None
    database: bool = False


def _uses(spec: ir.Spec) -> Iterator[_Use]:
    for listener in spec.listeners:
        tls = listener.tls
        if tls is None:
            continue
        yield _Use(
            role=Role.SERVER,
            file=tls.cert.file,
            file_path=("certs", tls.cert.name, "file"),
            cert=tls.cert,
        )
        if tls.client_ca is not None:
            yield _Use(
                role=Role.CLIENT_CA,
                file=tls.client_ca.file,
                file_path=("certs", tls.client_ca.name, "file"),
                cert=tls.client_ca,
            )
        if tls.client_cert is not None:
            yield _Use(
                role=Role.CLIENT_CERT,
                file=tls.client_cert,
                file_path=("listeners", listener.name, "tls", "client_cert"),
            )
    database = spec.database
    if database is not None and database.cert is not None:
        yield _Use(
            role=Role.SERVER,
            file=database.cert.file,
            file_path=("certs", database.cert.name, "file"),
            cert=database.cert,
            database=True,
        )


class _Checker:
    def __init__(self, context: LintContext, files: Files, now: datetime.datetime) -> None:
        self.context = context
        self.files = files
        self.now = now
        self.findings: list[Finding] = []
        self._pem: dict[str, Pem] = {}

    def _resolve(self, name: str) -> str:
        return resolve(
            name, root=self.context.spec.server.root, spec_path=self.context.options.spec_path
        )

    def _span(self, *path: str) -> Span | None:
        return self.context.locate.span(*path)

    def _add(
        self,
        rule: str,
        message: str,
        span: Span | None,
        key: str,
        *,
        label: str,
        hint: str,
        related: tuple[Related, ...] = (),
    ) -> None:
        self.findings.append(
            finding(rule, message, span, key=key, label=label, hint=hint, related=related)
        )

    def _read(self, name: str, span: Span | None, key: str, what: str) -> Pem | None:
        path = self._resolve(name)
        if path in self._pem:
            return self._pem[path]
        loaded = self.files.read(path)
        if loaded.data is None:
            shown = "" if path == name else f" (looked up as {path})"
            self._add(
                CERT_FILE_MISSING,
                f"{what} `{name}` {loaded.problem}{shown}",
                span,
                f"{key}:{name}",
                label="file not found" if loaded.problem == "does not exist" else "not readable",
                hint="put the file there, or fix the name; on a machine without the files, "
                "run `fcsec check --skip-files`",
            )
            return None
        pem = self._pem[path] = parse_pem(loaded.data)
        return pem

    # --- one certificate file in one role ---------------------------------------------------
    def check(self) -> list[Finding]:
        seen: set[_Use] = set()
        for use in _uses(self.context.spec):
            if use in seen:
                continue
            seen.add(use)
            self._use(use)
        return self.findings

    def _use(self, use: _Use) -> None:
        span = self._span(*use.file_path)
        key = ".".join(use.file_path)
        pem = self._read(use.file, span, key, f"{use.role.value} file")
        if pem is None:
            return
        if pem.damaged or not pem.certificates:
            self._no_certificate(use, pem, span, key)
            if not pem.certificates:
                return
        for index, certificate in enumerate(pem.certificates):
            self._certificate(use, pem, index, certificate, span, key)
        if use.role is Role.SERVER:
            self._server(use, pem, span, key)
        elif use.role is Role.CLIENT_CA:
            self._client_ca(use, pem, span, key)

    def _who(self, use: _Use, pem: Pem, index: int) -> str:
        if index == 0:
            return f"the {use.role.value} in `{use.file}`"
        return (
            f"certificate {index + 1} of {len(pem.certificates)} in `{use.file}` "
            f"({_subject(pem.certificates[index])})"
        )

    def _no_certificate(self, use: _Use, pem: Pem, span: Span | None, key: str) -> None:
        if pem.certificates:
            message = (
                f"`{use.file}` has a PEM block that cannot be read "
                f"({', '.join(sorted(set(pem.damaged)))})"
            )
        elif pem.damaged:
            message = f"the certificate in `{use.file}` cannot be read (damaged PEM data)"
        else:
            message = f"`{use.file}` holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
        self._add(
            NO_PEM_CERTIFICATE,
            message,
            span,
            f"{key}:pem",
            label="no PEM certificate",
            hint="FairCom reads PEM; convert DER with `openssl x509 -inform der -in FILE "
            "-out FILE.pem`",
        )

    def _certificate(
        self,
        use: _Use,
        pem: Pem,
        index: int,
        certificate: x509.Certificate,
        span: Span | None,
        key: str,
    ) -> None:
        who = self._who(use, pem, index)
        where = f"{key}:{index}"
        after = certificate.not_valid_after_utc
        before = certificate.not_valid_before_utc
        if after < self.now:
            self._add(
                CERT_EXPIRED,
                f"{who} expired on {after.date().isoformat()}",
                span,
                f"{where}:expired",
                label="expired",
                hint="renew the certificate and deploy it with its key",
            )
        elif before > self.now:
            self._add(
                CERT_NOT_YET_VALID,
                f"{who} is not valid before {before.date().isoformat()}",
                span,
                f"{where}:not-yet-valid",
                label="not valid yet",
                hint="check the clock of the machine that issued it, or issue it again",
            )
        elif after - self.now < EXPIRY_WARNING:
            self._add(
                CERT_EXPIRES_SOON,
                f"{who} expires on {after.date().isoformat()}, within {EXPIRY_WARNING.days} days",
                span,
                f"{where}:expires-soon",
                label="expires soon",
                hint="renew it now",
            )
        weak = _weak_key(certificate)
        if weak is not None:
            self._add(
                WEAK_KEY,
                f"{who} has {weak}",
                span,
                f"{where}:weak-key",
                label="weak key",
                hint=f"issue a new certificate with an RSA {MIN_RSA_BITS}+ or EC P-256+ key",
            )
        signature = _weak_signature(certificate)
        if signature is not None and not (index > 0 and self_signed(certificate)):
            self._add(
                WEAK_SIGNATURE,
                f"{who} is signed with {signature}",
                span,
                f"{where}:weak-signature",
                label=f"{signature} signature",
                hint="issue it again with a SHA-256 signature",
            )

    # --- server certificates ----------------------------------------------------------------
    def _server(self, use: _Use, pem: Pem, span: Span | None, key: str) -> None:
        leaf = pem.certificates[0]
        self._private_key(use, pem, leaf, span)
        self._key_store(use)
        self._chain(use, pem, span, key)
        hostname = self.context.spec.server.hostname
        if hostname is not None and not hostname_matches(leaf, hostname):
            dns, addresses = names(leaf)
            listed = ", ".join([*dns, *(str(address) for address in addresses)]) or "none"
            self._add(
                WRONG_HOST,
                f"server.hostname `{hostname}` is not among the names of the certificate in "
                f"`{use.file}` ({listed})",
                self._span("server", "hostname"),
                f"server.hostname:{key}",
                label="not in the certificate",
                hint="issue the certificate with this host name as a DNS subject alternative "
                "name, or fix server.hostname",
                related=() if span is None else (Related(span=span, message="the certificate"),),
            )
        if self.context.production and self_signed(leaf):
            self._add(
                SELF_SIGNED,
                f"the server certificate in `{use.file}` is self-signed",
                span,
                f"{key}:self-signed",
                label="self-signed",
                hint="use a certificate issued by your CA",
            )
        if not _serves_tls(leaf):
            self._add(
                NOT_FOR_SERVERS,
                f"the certificate in `{use.file}` has an extended key usage without serverAuth",
                span,
                f"{key}:eku",
                label="no serverAuth",
                hint="issue it with extendedKeyUsage serverAuth",
            )
        database = self.context.spec.database
        if (
            use.database
            and database is not None
            and database.x509_login is not None
            and not self_signed(pem.certificates[-1])
        ):
            self._add(
                NO_ROOT,
                f"x509_login trusts only the root CA of `{use.file}`, and the file does not end "
                "with a root (self-signed) certificate",
                span,
                f"{key}:root",
                label="no root CA",
                hint="append the intermediate and root CA certificates to the file",
            )

    def _private_key(self, use: _Use, pem: Pem, leaf: x509.Certificate, span: Span | None) -> None:
        cert = use.cert
        assert cert is not None
        if cert.key is not None:
            key_span = self._span("certs", cert.name, "key")
            key_pem = self._read(cert.key, key_span, f"certs.{cert.name}.key", "key file")
            if key_pem is None:
                return
            source, where, where_span = key_pem, f"`{cert.key}`", key_span
        else:
            source, where, where_span = pem, f"`{use.file}`", span
        if not source.keys:
            self._missing_key(use, source, where, where_span)
            return
        private = source.keys[0]
        if same_key(private, leaf):
            return
        owner = next(
            (
                index
                for index, certificate in enumerate(pem.certificates)
                if same_key(private, certificate)
            ),
            None,
        )
        hint = (
            f"the key belongs to certificate {owner + 1} of `{use.file}` "
            f"({_subject(pem.certificates[owner])}): put the server certificate first"
            if owner is not None
            else "use the key the certificate was issued for"
        )
        self._add(
            KEY_MISMATCH,
            f"the private key in {where} does not belong to the certificate in `{use.file}`",
            where_span,
            f"certs.{cert.name}:key-match",
            label="another certificate's key",
            hint=hint,
        )

    def _missing_key(self, use: _Use, source: Pem, where: str, span: Span | None) -> None:
        cert = use.cert
        assert cert is not None
        if source.encrypted_keys:
            if use.database and cert.key_store is not None:
                return  # the key store holds the password; the match cannot be checked here
            reason = (
                "services.json has no way to give its password"
                if not use.database
                else f"[certs.{cert.name}] has no key_store with its password"
            )
            self._add(
                BAD_PRIVATE_KEY,
                f"the private key in {where} is encrypted and {reason}",
                span,
                f"certs.{cert.name}:encrypted:{'database' if use.database else 'listener'}",
                label="encrypted key",
                hint="decrypt the key (`openssl pkey -in KEY -out KEY`) and protect the file, "
                "or add key_store for the database",
            )
            return
        if cert.key is not None or source.damaged:
            self._add(
                BAD_PRIVATE_KEY,
                f"{where} holds no readable PEM private key",
                span,
                f"certs.{cert.name}:no-key",
                label="no private key",
                hint="name the PEM private key of the certificate",
            )
            return
        self._add(
            NO_PRIVATE_KEY,
            f"no private key for the certificate in `{use.file}`: the file embeds none and "
            f"[certs.{cert.name}] has no `key`",
            span,
            f"certs.{cert.name}:missing-key",
            label="no private key",
            hint=f'add `key = "FILE"` to [certs.{cert.name}], or append the key to the file',
        )

    def _key_store(self, use: _Use) -> None:
        cert = use.cert
        if cert is None or cert.key_store is None:
            return
        path = self._resolve(cert.key_store)
        loaded = self.files.read(path)
        if loaded.data is not None:
            return
        shown = "" if path == cert.key_store else f" (looked up as {path})"
        self._add(
            CERT_FILE_MISSING,
            f"key store `{cert.key_store}` {loaded.problem}{shown}",
            self._span("certs", cert.name, "key_store"),
            f"certs.{cert.name}.key_store:{cert.key_store}",
            label="file not found",
            hint="create it with FairCom's ctcpvf, or fix the name",
        )

    def _chain(self, use: _Use, pem: Pem, span: Span | None, key: str) -> None:
        chain = pem.certificates
        for index in range(len(chain) - 1):
            if issued_by(chain[index], chain[index + 1]):
                continue
            order = _proper_order(chain)
            hint = (
                "reorder the file: " + ", ".join(str(position + 1) for position in order)
                if order is not None
                else "server certificate first, then the certificate that issued it, up to the root"
            )
            self._add(
                CHAIN_ORDER,
                f"the chain in `{use.file}` is out of order: certificate {index + 1} "
                f"({_subject(chain[index])}) is not issued by certificate {index + 2} "
                f"({_subject(chain[index + 1])})",
                span,
                f"{key}:chain",
                label="chain out of order",
                hint=hint,
            )
            return

    # --- client CAs -------------------------------------------------------------------------
    def _client_ca(self, use: _Use, pem: Pem, span: Span | None, key: str) -> None:
        for index, certificate in enumerate(pem.certificates):
            if _is_ca(certificate):
                continue
            self._add(
                CLIENT_CA_NOT_A_CA,
                f"{self._who(use, pem, index)} is not a CA certificate "
                "(no basicConstraints CA=true), so it cannot sign client certificates",
                span,
                f"{key}:{index}:not-a-ca",
                label="not a CA",
                hint="name the file of the CA that signs the client certificates",
            )


def _proper_order(chain: tuple[x509.Certificate, ...]) -> list[int] | None:
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


def check(context: LintContext) -> list[Finding]:
    """Every certificate finding of one lowered spec."""
    options = context.options
    if options.files is None or options.now is None:
        raise ValueError("certificate checks need LintOptions.files and LintOptions.now")
    return _Checker(context, options.files, options.now).check()
