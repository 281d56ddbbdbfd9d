"""Compare a scan with what the spec allows: every difference that matters, and notes.

A *difference* makes ``fcsec probe`` exit 1: a TLS version or suite the server accepts and the
spec does not allow; a suite the spec allows that the server refuses although its certificate
could serve it; a client-certificate requirement other than the spec's; a served certificate
other than the spec's; a chain that was not verified against ``--ca``. A *note* explains what
was not compared or why a refusal does not count. ``fcsec.probe.verdict`` sums the findings up.
Pure: no I/O, deterministic order.
"""

from __future__ import annotations

import attrs

from fcsec.ciphers.registry import Authentication, Suite, TlsVersion
from fcsec.probe.expect import Expectation
from fcsec.probe.scan import ClientCertMode, ScanResult, Status
from fcsec.rule_ids import (
    CHAIN_NOT_VERIFIED,
    CLIENT_CERT_DIFFERS,
    NOT_COMPARED,
    SUITE_NOT_ALLOWED,
    SUITE_REFUSED,
    SUITE_UNSERVABLE,
    VERSION_NOT_ALLOWED,
    WRONG_SERVER_CERT,
)
from fcsec.source import Span

# Which certificate key types can authenticate a suite of each kind in TLS <= 1.2.
_SERVES = {
    Authentication.RSA: frozenset({"RSA"}),
    Authentication.ECDSA: frozenset({"EC", "Ed25519", "Ed448"}),
    Authentication.DSS: frozenset({"DSA"}),
}


@attrs.frozen(kw_only=True)
class ProbeFinding:
    """One outcome of comparing a probed port with the spec: a difference or a note.

    Not a ``fcsec.lint.Finding`` (what ``fcsec check`` finds in a spec and its files): it comes
    from a live server, and ``fcsec.probe.verdict.group`` folds those of one ``kind`` together.
    """

    rule: str
    #: True: a difference (exit 1); False: a note.
    difference: bool
    message: str
    hint: str | None = None
    suite: Suite | None = None
    version: TlsVersion | None = None
    #: The kind of finding, when several can share one block (``listener x: the server
    #: accepts suites that strict does not allow``); empty: a finding of its own.
    kind: str = ""
    #: This finding as one item of its kind's block (``TLS_... at TLSv1.2``).
    item: str = ""
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


def can_serve(suite: Suite, key_type: str | None) -> bool:
    """Whether a certificate with this key type can serve ``suite``; None (unknown) can."""
    if key_type is None or suite.is_tls13:
        return True
    allowed = _SERVES.get(suite.authentication)
    return allowed is None or key_type in allowed


def names(suite: Suite) -> str:
    """``IANA (OpenSSL)``, or the IANA name alone when both are the same."""
    if suite.openssl is None or suite.openssl == suite.iana:
        return suite.iana
    return f"{suite.iana} ({suite.openssl})"


def _versions(expect: Expectation, scan: ScanResult) -> list[ProbeFinding]:
    if expect.versions is None:
        return []
    allowed = ", ".join(v.value for v in sorted(expect.versions)) or "none"
    return [
        ProbeFinding(
            rule=VERSION_NOT_ALLOWED,
            difference=True,
            message=f"{expect.scope}: the server accepts {result.version.value}, which the "
            "spec does not allow",
            hint=f"the suites of {expect.policy} imply {allowed}; FairCom has no version "
            "setting, so restrict the server's OpenSSL (MinProtocol) or its suites",
            version=result.version,
            kind=f"{expect.scope}: the server accepts TLS versions the spec does not allow",
            item=result.version.value,
            span=expect.policy_span,
        )
        for result in scan.versions
        if result.status is Status.ACCEPTED and result.version not in expect.versions
    ]


def _tls13_hint(expect: Expectation, suite: Suite) -> str:
    if expect.is_database and suite.is_tls13:
        return (
            "SSL_CIPHERS covers TLS 1.2 and older only; the database's TLS 1.3 suites are "
            "OpenSSL's defaults"
        )
    return "run `fcsec compile`, restart the server, and probe again"


def _suites(expect: Expectation, scan: ScanResult) -> list[ProbeFinding]:
    if expect.suites is None:
        return []
    allowed = {suite.code for suite in expect.suites}
    status = scan.suite_status()
    leaf = scan.chain[0] if scan.chain else None
    key_type = leaf.key_type if leaf is not None else None
    findings: list[ProbeFinding] = []
    for result in scan.suites:
        if result.status is Status.ACCEPTED and result.suite.code not in allowed:
            findings.append(
                ProbeFinding(
                    rule=SUITE_NOT_ALLOWED,
                    difference=True,
                    message=f"{expect.scope}: the server accepts {names(result.suite)} at "
                    f"{result.version.value}, which {expect.policy} does not allow",
                    hint=_tls13_hint(expect, result.suite),
                    suite=result.suite,
                    version=result.version,
                    kind=f"{expect.scope}: the server accepts suites that {expect.policy} does "
                    "not allow",
                    item=f"{names(result.suite)} at {result.version.value}",
                    span=expect.policy_span,
                )
            )
    ordered = sorted(expect.suites, key=lambda suite: (suite.is_tls13, suite.code))
    for suite in ordered:
        state = status.get(suite.code)
        if state is Status.ACCEPTED:
            continue
        if state is None or state is Status.UNTESTED:
            findings.append(
                ProbeFinding(
                    rule=NOT_COMPARED,
                    difference=False,
                    message=f"{expect.scope}: {names(suite)} was not tried: the local "
                    "openssl cannot offer it",
                    suite=suite,
                    kind=f"{expect.scope}: suites {expect.policy} allows that were not tried: "
                    "the local openssl cannot offer them",
                    item=names(suite),
                )
            )
        elif can_serve(suite, key_type):
            findings.append(
                ProbeFinding(
                    rule=SUITE_REFUSED,
                    difference=True,
                    message=f"{expect.scope}: {expect.policy} allows {names(suite)}, but the "
                    "server refuses it"
                    + (
                        ""
                        if suite.is_tls13 or key_type is None
                        else f" although its {key_type} certificate could serve it"
                    ),
                    hint=_tls13_hint(expect, suite),
                    suite=suite,
                    kind=f"{expect.scope}: the server refuses suites that {expect.policy} allows"
                    + (
                        ""
                        if key_type is None
                        else f" (its {key_type} certificate could serve them)"
                    ),
                    item=names(suite),
                    span=expect.policy_span,
                )
            )
        else:
            findings.append(
                ProbeFinding(
                    rule=SUITE_UNSERVABLE,
                    difference=False,
                    message=f"{expect.scope}: {expect.policy} allows {names(suite)}, which the "
                    f"server's {key_type} certificate cannot serve",
                    suite=suite,
                    kind=f"{expect.scope}: suites {expect.policy} allows that the server's "
                    f"{key_type} certificate cannot serve",
                    item=names(suite),
                )
            )
    return findings


def _client_cert(expect: Expectation, scan: ScanResult) -> list[ProbeFinding]:
    observed = scan.client_cert
    if observed is ClientCertMode.UNKNOWN:
        return [
            ProbeFinding(
                rule=NOT_COMPARED,
                difference=False,
                message=f"{expect.scope}: whether the server requires a client certificate "
                "could not be determined",
            )
        ]
    required = observed is ClientCertMode.REQUIRED
    if required == expect.client_cert_required:
        return []
    if required:
        message = (
            f"{expect.scope}: the server requires a client certificate, but the spec sets no "
            f"{expect.client_cert_setting}"
        )
    else:
        message = (
            f"{expect.scope}: the spec requires client certificates "
            f"({expect.client_cert_setting}), but the server does not "
            f"(client certificate {observed.value})"
        )
    return [
        ProbeFinding(
            rule=CLIENT_CERT_DIFFERS,
            difference=True,
            message=message,
            hint="run `fcsec compile`, restart the server, and probe again",
            span=expect.span,
        )
    ]


def _certificate(expect: Expectation, scan: ScanResult) -> list[ProbeFinding]:
    cert = expect.cert
    if cert is None:
        return []
    if cert.sha256 is None:
        return [
            ProbeFinding(
                rule=NOT_COMPARED,
                difference=False,
                message=f"{expect.scope}: certificate [certs.{cert.name}] {cert.note}",
            )
        ]
    if not scan.chain:
        return [
            ProbeFinding(
                rule=NOT_COMPARED,
                difference=False,
                message=f"{expect.scope}: the server sent no certificate to compare",
            )
        ]
    served = scan.chain[0]
    if served.sha256 == cert.sha256:
        return []
    return [
        ProbeFinding(
            rule=WRONG_SERVER_CERT,
            difference=True,
            message=f"{expect.scope}: the server's certificate ({served.subject}, SHA-256 "
            f"{served.sha256}) is not [certs.{cert.name}] {cert.file} (SHA-256 {cert.sha256})",
            hint="deploy the spec's certificate file and restart the server",
            span=cert.span,
        )
    ]


def verification(scan: ScanResult) -> list[ProbeFinding]:
    """A difference when ``--ca`` was given and the chain was not verified."""
    result = scan.verification
    if result is None or result.ok:
        return []
    return [
        ProbeFinding(
            rule=CHAIN_NOT_VERIFIED,
            difference=True,
            message=f"{scan.target}: the certificate chain was not verified against --ca: "
            f"{result.detail}",
            hint="check that --ca holds the CA that signed the server's certificate, that the "
            "certificate names this host, and that the handshake completes",
        )
    ]


def completion(scan: ScanResult) -> list[ProbeFinding]:
    """A note when the handshake the chain comes from did not complete."""
    if scan.completed:
        return []
    reason = f" (openssl: {scan.failure})" if scan.failure else ""
    return [
        ProbeFinding(
            rule=NOT_COMPARED,
            difference=False,
            message=f"{scan.target}: no handshake completed{reason}; what the server sends after "
            "its ServerHello (the chain, the client-certificate request) may be missing",
            hint="a server that requires a client certificate ends a TLS 1.2 handshake without "
            "one: give --client-cert",
        )
    ]


def compare(expect: Expectation, scan: ScanResult) -> tuple[ProbeFinding, ...]:
    """Every difference and note, in a fixed order: versions, suites, client certificate,
    certificate, the spec's own notes."""
    notes = [
        ProbeFinding(rule=NOT_COMPARED, difference=False, message=f"{expect.scope}: {note}")
        for note in expect.notes
    ]
    return tuple(
        _versions(expect, scan)
        + _suites(expect, scan)
        + _client_cert(expect, scan)
        + _certificate(expect, scan)
        + notes
    )
