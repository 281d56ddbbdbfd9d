"""The rules of a server certificate (FCS403-FCS405, FCS411, FCS413-FCS416; FCS401 for its key
store): its private key is there, readable and its own; its key store exists; its chain is in
order; ``server.hostname`` is among its names; in production it is not self-signed; it may serve
TLS; for ``x509_login`` the file ends with a root.

``fcsec.lint.certs`` calls ``check_server`` for every file used as a server certificate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fcsec.diagnostics import Related
from fcsec.lint.cert_files import CertRun, CertUse
from fcsec.rule_ids import (
    BAD_PRIVATE_KEY,
    CHAIN_ORDER,
    KEY_MISMATCH,
    NO_PRIVATE_KEY,
    NO_ROOT,
    NOT_FOR_SERVERS,
    SELF_SIGNED,
    WRONG_HOST,
)
from fcsec.source import Span
from fcsec.x509 import (
    Pem,
    chain_order,
    hostname_matches,
    issued_by,
    names,
    same_key,
    self_signed,
    serves_tls,
    short_subject,
)

if TYPE_CHECKING:
    from cryptography import x509


def check_server(run: CertRun, use: CertUse, pem: Pem, span: Span | None, key: str) -> None:
    """Every rule of the server certificate file of ``use`` (``pem`` holds a certificate)."""
    leaf = pem.certificates[0]
    _private_key(run, use, pem, leaf, span)
    run.key_store(use)
    _chain(run, use, pem, span, key)
    hostname = run.context.spec.server.hostname
    if hostname is not None and not hostname_matches(leaf, hostname):
        dns, addresses = names(leaf)
        listed = ", ".join([*dns, *(str(address) for address in addresses)]) or "none"
        run.add(
            WRONG_HOST,
            f"server.hostname `{hostname}` is not among the names of the certificate in "
            f"`{use.file}` ({listed})",
            run.span("server", "hostname"),
            f"server.hostname:{key}",
            label="not in the certificate",
            hint="issue the certificate with this host name as a DNS subject alternative "
            "name, or fix server.hostname",
            related=() if span is None else (Related(span=span, message="the certificate"),),
        )
    if run.context.production and self_signed(leaf):
        run.add(
            SELF_SIGNED,
            f"the server certificate in `{use.file}` is self-signed",
            span,
            f"{key}:self-signed",
            label="self-signed",
            hint="use a certificate issued by your CA",
        )
    if not serves_tls(leaf):
        run.add(
            NOT_FOR_SERVERS,
            f"the certificate in `{use.file}` has an extended key usage without serverAuth",
            span,
            f"{key}:eku",
            label="no serverAuth",
            hint="issue it with extendedKeyUsage serverAuth",
        )
    database = run.context.spec.database
    if (
        use.database
        and database is not None
        and database.x509_login is not None
        and not self_signed(pem.certificates[-1])
    ):
        run.add(
            NO_ROOT,
            f"x509_login trusts only the root CA of `{use.file}`, and the file does not end "
            "with a root (self-signed) certificate",
            span,
            f"{key}:root",
            label="no root CA",
            hint="append the intermediate and root CA certificates to the file",
        )


def _private_key(
    run: CertRun, use: CertUse, pem: Pem, leaf: x509.Certificate, span: Span | None
) -> None:
    cert = use.cert
    assert cert is not None
    if cert.key is not None:
        key_span = run.span("certs", cert.name, "key")
        key_pem = run.read(cert.key, key_span, f"certs.{cert.name}.key", "key file")
        if key_pem is None:
            return
        source, where, where_span = key_pem, f"`{cert.key}`", key_span
    else:
        source, where, where_span = pem, f"`{use.file}`", span
    if not source.keys:
        _missing_key(run, use, source, where, where_span)
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
        f"({short_subject(pem.certificates[owner])}): put the server certificate first"
        if owner is not None
        else "use the key the certificate was issued for"
    )
    run.add(
        KEY_MISMATCH,
        f"the private key in {where} does not belong to the certificate in `{use.file}`",
        where_span,
        f"certs.{cert.name}:key-match",
        label="another certificate's key",
        hint=hint,
    )


def _missing_key(run: CertRun, use: CertUse, source: Pem, where: str, span: Span | None) -> None:
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
        run.add(
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
        run.add(
            BAD_PRIVATE_KEY,
            f"{where} holds no readable PEM private key",
            span,
            f"certs.{cert.name}:no-key",
            label="no private key",
            hint="name the PEM private key of the certificate",
        )
        return
    run.add(
        NO_PRIVATE_KEY,
        f"no private key for the certificate in `{use.file}`: the file embeds none and "
        f"[certs.{cert.name}] has no `key`",
        span,
        f"certs.{cert.name}:missing-key",
        label="no private key",
        hint=f'add `key = "FILE"` to [certs.{cert.name}], or append the key to the file',
    )


def _chain(run: CertRun, use: CertUse, pem: Pem, span: Span | None, key: str) -> None:
    chain = pem.certificates
    for index in range(len(chain) - 1):
        if issued_by(chain[index], chain[index + 1]):
            continue
        order = chain_order(chain)
        hint = (
            "reorder the file: " + ", ".join(str(position + 1) for position in order)
            if order is not None
            else "server certificate first, then the certificate that issued it, up to the root"
        )
        run.add(
            CHAIN_ORDER,
            f"the chain in `{use.file}` is out of order: certificate {index + 1} "
            f"({short_subject(chain[index])}) is not issued by certificate {index + 2} "
            f"({short_subject(chain[index + 1])})",
            span,
            f"{key}:chain",
            label="chain out of order",
            hint=hint,
        )
        return
