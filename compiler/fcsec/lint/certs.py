"""Certificate rules (FCS401-FCS416): the files the spec names, read as FairCom will read them.

For every certificate a listener or the database uses: the file exists (resolved as
``fcsec.lint.files`` says) and holds a PEM certificate; the private key is there (embedded or
``key =``), readable, and belongs to the certificate (RSA, EC, any key type: the public keys are
compared); every certificate of the file is valid now and not about to expire, has a strong key
and a SHA-2 signature; the chain is in order (each certificate issued by the next one);
``server.hostname`` is among the certificate's names; a client CA is a CA.

The files and their roles are found and read by ``fcsec.lint.cert_files``, the rules of a server
certificate are ``fcsec.lint.cert_server``'s, and the certificates are read with
``cryptography`` by ``fcsec.x509``, which loads it only when a file is parsed:
``fcsec.lint.engine`` imports this module only when files are checked, so ``fcsec compile``
never loads it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from fcsec.lint.cert_files import CertRun, CertUse, Role, uses
from fcsec.lint.cert_server import check_server
from fcsec.lint.context import LintContext
from fcsec.lint.findings import Finding
from fcsec.rule_ids import (
    CERT_EXPIRED,
    CERT_EXPIRES_SOON,
    CERT_NOT_YET_VALID,
    CLIENT_CA_NOT_A_CA,
    NO_PEM_CERTIFICATE,
    WEAK_KEY,
    WEAK_SIGNATURE,
)
from fcsec.source import Span
from fcsec.x509 import Pem, is_ca, key_info, self_signed, short_subject, signature_hash

if TYPE_CHECKING:
    from cryptography import x509

#: A certificate that expires sooner than this is reported (FCS408).
EXPIRY_WARNING = datetime.timedelta(days=30)
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256


def check(context: LintContext) -> list[Finding]:
    """Every certificate finding of one lowered spec."""
    options = context.options
    if options.files is None or options.now is None:
        raise ValueError("certificate checks need LintOptions.files and LintOptions.now")
    run = CertRun(context, options.files, options.now)
    seen: set[CertUse] = set()
    for use in uses(context.spec):
        if use in seen:
            continue
        seen.add(use)
        _use(run, use)
    return run.findings


def _use(run: CertRun, use: CertUse) -> None:
    """One certificate file in one role."""
    span = run.span(*use.file_path)
    key = ".".join(use.file_path)
    pem = run.read(use.file, span, key, f"{use.role.value} file")
    if pem is None:
        return
    if pem.damaged or not pem.certificates:
        _no_certificate(run, use, pem, span, key)
        if not pem.certificates:
            return
    for index, certificate in enumerate(pem.certificates):
        _certificate(run, use, pem, index, certificate, span, key)
    if use.role is Role.SERVER:
        check_server(run, use, pem, span, key)
    elif use.role is Role.CLIENT_CA:
        _client_ca(run, use, pem, span, key)


def _who(use: CertUse, pem: Pem, index: int) -> str:
    if index == 0:
        return f"the {use.role.value} in `{use.file}`"
    return (
        f"certificate {index + 1} of {len(pem.certificates)} in `{use.file}` "
        f"({short_subject(pem.certificates[index])})"
    )


def _no_certificate(run: CertRun, use: CertUse, pem: Pem, span: Span | None, key: str) -> None:
    if pem.certificates:
        message = (
            f"`{use.file}` has a PEM block that cannot be read "
            f"({', '.join(sorted(set(pem.damaged)))})"
        )
    elif pem.damaged:
        message = f"the certificate in `{use.file}` cannot be read (damaged PEM data)"
    else:
        message = f"`{use.file}` holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
    run.add(
        NO_PEM_CERTIFICATE,
        message,
        span,
        f"{key}:pem",
        label="no PEM certificate",
        hint="FairCom reads PEM; convert DER with `openssl x509 -inform der -in FILE "
        "-out FILE.pem`",
    )


def _certificate(
    run: CertRun,
    use: CertUse,
    pem: Pem,
    index: int,
    certificate: x509.Certificate,
    span: Span | None,
    key: str,
) -> None:
    """The rules of every certificate of a file: validity, key and signature."""
    who = _who(use, pem, index)
    where = f"{key}:{index}"
    after = certificate.not_valid_after_utc
    before = certificate.not_valid_before_utc
    if after < run.now:
        run.add(
            CERT_EXPIRED,
            f"{who} expired on {after.date().isoformat()}",
            span,
            f"{where}:expired",
            label="expired",
            hint="renew the certificate and deploy it with its key",
        )
    elif before > run.now:
        run.add(
            CERT_NOT_YET_VALID,
            f"{who} is not valid before {before.date().isoformat()}",
            span,
            f"{where}:not-yet-valid",
            label="not valid yet",
            hint="check the clock of the machine that issued it, or issue it again",
        )
    elif after - run.now < EXPIRY_WARNING:
        run.add(
            CERT_EXPIRES_SOON,
            f"{who} expires on {after.date().isoformat()}, within {EXPIRY_WARNING.days} days",
            span,
            f"{where}:expires-soon",
            label="expires soon",
            hint="renew it now",
        )
    weak = _weak_key(certificate)
    if weak is not None:
        run.add(
            WEAK_KEY,
            f"{who} has {weak}",
            span,
            f"{where}:weak-key",
            label="weak key",
            hint=f"issue a new certificate with an RSA {MIN_RSA_BITS}+ or EC P-256+ key",
        )
    signature = _weak_signature(certificate)
    if signature is not None and not (index > 0 and self_signed(certificate)):
        run.add(
            WEAK_SIGNATURE,
            f"{who} is signed with {signature}",
            span,
            f"{where}:weak-signature",
            label=f"{signature} signature",
            hint="issue it again with a SHA-256 signature",
        )


def _weak_key(certificate: x509.Certificate) -> str | None:
    key = key_info(certificate)
    if key.kind == "RSA" and key.bits < MIN_RSA_BITS:
        return f"an RSA key of {key.bits} bits"
    if key.kind == "DSA" and key.bits < MIN_RSA_BITS:
        return f"a DSA key of {key.bits} bits"
    if key.kind == "EC" and key.bits < MIN_EC_BITS:
        return f"an EC key on {key.curve} ({key.bits} bits)"
    return None


def _weak_signature(certificate: x509.Certificate) -> str | None:
    algorithm = signature_hash(certificate)
    if algorithm in ("sha1", "md5"):
        return algorithm.upper().replace("SHA1", "SHA-1")
    return None


def _client_ca(run: CertRun, use: CertUse, pem: Pem, span: Span | None, key: str) -> None:
    for index, certificate in enumerate(pem.certificates):
        if is_ca(certificate):
            continue
        run.add(
            CLIENT_CA_NOT_A_CA,
            f"{_who(use, pem, index)} is not a CA certificate "
            "(no basicConstraints CA=true), so it cannot sign client certificates",
            span,
            f"{key}:{index}:not-a-ca",
            label="not a CA",
            hint="name the file of the CA that signs the client certificates",
        )
