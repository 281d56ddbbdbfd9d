"""What a spec says one server port should look like: the expectation a scan is compared with.

For a listener: the suites of its ``tls.ciphers`` policy, the TLS versions those suites imply
(both from ``fcsec.ciphers.expect``, which ``fcsec export sslyze`` shares),
whether clients must present a certificate (``tls.client_ca``), and the certificate it names.
For the database block: the same from ``ciphers``, ``verify_client_certs`` and ``cert``.
Pure: certificate files are read by the caller and handed in as bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs

from fcsec.ciphers.expect import implied_versions, policy_suites
from fcsec.ciphers.registry import Suite, TlsVersion
from fcsec.ir import nodes as ir
from fcsec.ir.scopes import no_such_scope, tls_listener
from fcsec.probe.chain import first_certificate
from fcsec.source import Span


@attrs.frozen(kw_only=True)
class ExpectedCert:
    """The certificate the spec names, and its fingerprint when its file could be read."""

    name: str
    file: str
    #: SHA-256 of the first certificate in the file; None when it was not compared.
    sha256: str | None = None
    #: Where the file was found, or why the certificate was not compared.
    note: str
    #: Why it was not compared, in a few words for the headline (``file not found``).
    reason: str = ""
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Expectation:
    """What the spec allows on the probed port."""

    #: ``listener https8443`` or ``database``.
    scope: str
    policy: str
    #: None: the spec leaves the suites to the server, so they are not compared.
    suites: tuple[Suite, ...] | None
    versions: frozenset[TlsVersion] | None
    client_cert_required: bool
    #: Where the client-certificate setting comes from, for messages (``tls.client_ca``).
    client_cert_setting: str
    cert: ExpectedCert | None = None
    is_database: bool = False
    notes: tuple[str, ...] = ()
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
    policy_span: Span | None = attrs.field(default=None, eq=False, repr=False)


def cert_locations(cert: ir.CertRef, spec_path: str, root: str | None) -> tuple[Path, ...]:
    """Where the certificate file may be: as written when absolute; else beside the spec, then
    in ``<server.root>/server`` (where FairCom resolves relative names)."""
    written = Path(cert.file)
    if written.is_absolute():
        return (written,)
    places = [Path(spec_path).parent / written]
    if root is not None:
        places.append(Path(root) / "server" / written)
    return tuple(places)


def expected_cert(cert: ir.CertRef, found: tuple[str, bytes] | None, looked: str) -> ExpectedCert:
    """The expectation for ``cert`` from the file found (display path, bytes), if any."""
    if found is None:
        return ExpectedCert(
            name=cert.name,
            file=cert.file,
            note=f"not compared: {cert.file} not found ({looked})",
            reason="file not found",
            span=cert.span,
        )
    where, data = found
    info = first_certificate(data)
    if info is None:
        return ExpectedCert(
            name=cert.name,
            file=cert.file,
            note=f"not compared: {where} holds no readable PEM certificate",
            reason="no certificate in the file",
            span=cert.span,
        )
    return ExpectedCert(
        name=cert.name, file=cert.file, sha256=info.sha256, note=f"read {where}", span=cert.span
    )


def for_listener(
    spec: ir.Spec,
    name: str,
    cert: ExpectedCert | None,
    expand: Callable[[str], frozenset[int]],
) -> Expectation:
    listener = tls_listener(spec, name)
    tls = listener.tls
    assert tls is not None
    suites, notes = policy_suites(tls.ciphers, expand)
    return Expectation(
        scope=f"listener {name}",
        policy=tls.ciphers.name or "the listener's suite list",
        suites=suites,
        versions=None if suites is None else implied_versions(suites),
        client_cert_required=tls.client_ca is not None,
        client_cert_setting="tls.client_ca",
        cert=cert,
        notes=notes,
        span=listener.span,
        policy_span=tls.ciphers.span or tls.span or listener.span,
    )


def for_database(
    spec: ir.Spec, cert: ExpectedCert | None, expand: Callable[[str], frozenset[int]]
) -> Expectation:
    database = spec.database
    if database is None:
        raise no_such_scope(
            "the spec has no [database] section", "probe a listener with --listener"
        )
    suites, notes = policy_suites(database.ciphers, expand)
    extra: tuple[str, ...] = ()
    if not database.enabled:
        extra = ("the spec disables the database TLS block (enabled = false)",)
    return Expectation(
        scope="database",
        policy=database.ciphers.name or "the database's suite list",
        suites=suites,
        versions=None if suites is None else implied_versions(suites),
        client_cert_required=bool(database.verify_client_certs),
        client_cert_setting="verify_client_certs",
        cert=cert,
        is_database=True,
        notes=notes + extra,
        span=database.span,
        policy_span=database.ciphers.span or database.span,
    )
