"""Scan one TLS server: versions, suites, chain, client-certificate requirement.

Every handshake is one ``openssl s_client`` run (``probe.openssl``), several at a time. The
versions come first; suites are tried one by one only at the versions the server accepts
(TLS 1.2 and TLS 1.3); the chain comes from the handshake at the highest accepted version
that completed (else the highest accepted one), and ``probe.verify`` checks it against ``--ca``.
A port where no version gets a ServerHello is no TLS port: ``NoTls``, never an empty scan.
This module decides nothing about a spec: ``compare`` does.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

import attrs

from fcsec.ciphers.registry import Authentication, KeyExchange, Suite, TlsVersion, all_suites
from fcsec.probe.chain import CertInfo, describe_chain
from fcsec.probe.openssl import ALL_CLASSIC, ClientCert, Offer, OpenSsl
from fcsec.probe.target import Target
from fcsec.probe.trace import Handshake
from fcsec.probe.verify import Verification, verify_chain

if TYPE_CHECKING:
    from cryptography import x509

#: Handshakes run at the same time against one server.
JOBS = 8
#: How long a connection without a client certificate stays open to catch a TLS 1.3 server's
#: "certificate required" alert (bounded by the timeout).
ALERT_WAIT = 1.5
PROBED_VERSIONS = (TlsVersion.TLSv1, TlsVersion.TLSv1_1, TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)
SUITE_VERSIONS = (TlsVersion.TLSv1_2, TlsVersion.TLSv1_3)
# Suites that need credentials other than a certificate (a pre-shared key, an SRP password).
_NEEDS_SECRET = frozenset(
    {
        KeyExchange.PSK,
        KeyExchange.ECDHE_PSK,
        KeyExchange.DHE_PSK,
        KeyExchange.RSA_PSK,
        KeyExchange.SRP,
    }
)

T = TypeVar("T")
R = TypeVar("R")


class Status(enum.Enum):
    ACCEPTED = "accepted"
    REFUSED = "refused"
    #: The local openssl could not offer it, or the attempt failed before TLS.
    UNTESTED = "untested"


class ClientCertMode(enum.Enum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    NOT_REQUESTED = "not requested"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class VersionResult:
    version: TlsVersion
    status: Status


@attrs.frozen(kw_only=True)
class SuiteResult:
    suite: Suite
    #: The version the suite was tried at: TLS 1.3 suites at 1.3, the others at 1.2.
    version: TlsVersion
    status: Status


@attrs.frozen(kw_only=True)
class ScanResult:
    target: Target
    tool: str
    versions: tuple[VersionResult, ...]
    suites: tuple[SuiteResult, ...]
    chain: tuple[CertInfo, ...] = ()
    verification: Verification | None = None
    client_cert: ClientCertMode = ClientCertMode.UNKNOWN
    #: Whether the handshake the chain comes from completed (the server's Finished arrived),
    #: and openssl's reason when it did not.
    completed: bool = True
    failure: str | None = None

    def accepted_versions(self) -> frozenset[TlsVersion]:
        return frozenset(r.version for r in self.versions if r.status is Status.ACCEPTED)

    def suite_status(self) -> dict[int, Status]:
        return {result.suite.code: result.status for result in self.suites}


class ScanError(Exception):
    """The server could not be scanned at all: no TCP connection."""


class NoTls(ScanError):
    """A TCP connection was made, but no version got a TLS handshake (no ServerHello)."""


def _no_tls_reason(handshakes: Sequence[Handshake]) -> str:
    """Why none of ``handshakes`` got a ServerHello, from the most telling one."""
    versions = ", ".join(version.value for version in PROBED_VERSIONS)
    if any(handshake.tls_answer for handshake in handshakes):
        return f"the server answered in TLS but refused every version offered ({versions})"
    errors = sorted({handshake.error for handshake in handshakes if handshake.error})
    read = max((handshake.bytes_read or 0 for handshake in handshakes), default=0)
    if read:
        said = f" (openssl: {'; '.join(errors)})" if errors else ""
        return f"the server answered with bytes that are not TLS{said}"
    if any(handshake.failure == "timeout" for handshake in handshakes):
        return "the server did not answer the TLS ClientHello in time"
    return "the server closed the connection without a TLS answer"


def _parallel(function: Callable[[T], R], items: Sequence[T]) -> list[R]:
    if len(items) <= 1:
        return [function(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(JOBS, len(items))) as pool:
        return list(pool.map(function, items))


def candidates(openssl: OpenSsl) -> tuple[Suite, ...]:
    """Registry suites the local openssl can offer, without PSK and SRP suites."""
    tls13 = [suite.iana for suite in all_suites() if suite.is_tls13]
    codes = openssl.supported_codes(tls13)
    return tuple(
        suite
        for suite in all_suites()
        if suite.code in codes
        and suite.openssl is not None
        and suite.key_exchange not in _NEEDS_SECRET
        and suite.authentication not in (Authentication.PSK, Authentication.SRP)
    )


def _suite_version(suite: Suite) -> TlsVersion:
    """The version a suite is tried at: TLS 1.3 suites at 1.3, every other one at 1.2."""
    return TlsVersion.TLSv1_3 if suite.is_tls13 else TlsVersion.TLSv1_2


def _version_status(version: TlsVersion, handshake: Handshake) -> Status:
    if handshake.accepted and handshake.version is version:
        return Status.ACCEPTED
    if handshake.hello_sent:
        return Status.REFUSED
    return Status.UNTESTED


def _suite_offer(suite: Suite, client: ClientCert | None) -> Offer:
    if suite.is_tls13:
        return Offer(version=TlsVersion.TLSv1_3, ciphersuites=suite.iana, client=client)
    return Offer(version=TlsVersion.TLSv1_2, cipher=f"{suite.openssl}:@SECLEVEL=0", client=client)


def _suite_status(suite: Suite, handshake: Handshake) -> Status:
    if handshake.accepted and handshake.suite_code == suite.code:
        return Status.ACCEPTED
    if handshake.hello_sent:
        return Status.REFUSED
    return Status.UNTESTED


def _verification(
    handshake: Handshake, trusted: Sequence[x509.Certificate], target: Target
) -> Verification:
    return verify_chain(
        handshake.chain,
        trusted,
        target.host,
        completed=handshake.completed,
        failure=handshake.error or handshake.failure,
    )


def _client_cert_mode(
    openssl: OpenSsl, target: Target, best: Offer, requested: bool
) -> ClientCertMode:
    if not requested:
        return ClientCertMode.NOT_REQUESTED
    plain = attrs.evolve(best, client=None, show_chain=False)
    handshake, ended = openssl.handshake_and_wait(target, plain, min(ALERT_WAIT, openssl.timeout))
    if not handshake.accepted:  # refused for another reason: nothing to learn from it
        return ClientCertMode.UNKNOWN
    if handshake.alert is not None or ended:
        return ClientCertMode.REQUIRED
    return ClientCertMode.OPTIONAL


def _version_offer(version: TlsVersion, tls13: str, client: ClientCert | None) -> Offer:
    if version is TlsVersion.TLSv1_3:
        return Offer(version=version, ciphersuites=tls13, show_chain=True, client=client)
    return Offer(version=version, cipher=ALL_CLASSIC, show_chain=True, client=client)


def scan(
    openssl: OpenSsl,
    target: Target,
    *,
    trusted: Sequence[x509.Certificate] | None = None,
    client: ClientCert | None = None,
    suites: Iterable[Suite] | None = None,
) -> ScanResult:
    """Scan ``target``; raise ScanError when no TCP connection could be made, NoTls when no
    version got a TLS handshake. ``trusted``: the ``--ca`` certificates to verify the chain."""
    pool = tuple(candidates(openssl) if suites is None else suites)
    tls13 = ":".join(suite.iana for suite in pool if suite.is_tls13)
    offers = [_version_offer(version, tls13, client) for version in PROBED_VERSIONS]
    handshakes = _parallel(lambda offer: openssl.handshake(target, offer), offers)
    if not any(handshake.connected for handshake in handshakes):
        reasons = sorted({handshake.failure or "no connection" for handshake in handshakes})
        raise ScanError(f"{target}: {'; '.join(reasons)}")
    if not any(handshake.accepted for handshake in handshakes):
        raise NoTls(f"{target}: {_no_tls_reason(handshakes)}")
    versions = tuple(
        VersionResult(version=version, status=_version_status(version, handshake))
        for version, handshake in zip(PROBED_VERSIONS, handshakes, strict=True)
    )
    accepted = [
        (offer, handshake)
        for offer, handshake, result in zip(offers, handshakes, versions, strict=True)
        if result.status is Status.ACCEPTED
    ]
    open_versions = {offer.version for offer, _ in accepted}
    to_try = [suite for suite in pool if _suite_version(suite) in open_versions]
    tried = _parallel(lambda suite: openssl.handshake(target, _suite_offer(suite, client)), to_try)
    status = {
        suite.code: _suite_status(suite, handshake)
        for suite, handshake in zip(to_try, tried, strict=True)
    }
    results = tuple(
        SuiteResult(
            suite=suite,
            version=_suite_version(suite),
            status=status.get(suite.code, Status.REFUSED),
        )
        for suite in sorted(pool, key=lambda suite: (suite.is_tls13, suite.code))
    )
    if not accepted:  # ServerHellos only at versions other than the ones asked for
        return ScanResult(
            target=target,
            tool=openssl.version(),
            versions=versions,
            suites=results,
            completed=False,
            verification=None
            if trusted is None
            else Verification(ok=False, detail="no handshake at a version that was offered"),
        )
    completed = [pair for pair in accepted if pair[1].completed]
    best_offer, best = (completed or accepted)[-1]
    requested = any(handshake.cert_requested for _, handshake in accepted)
    return ScanResult(
        target=target,
        tool=openssl.version(),
        versions=versions,
        suites=results,
        chain=describe_chain(best.chain),
        verification=None if trusted is None else _verification(best, trusted, target),
        completed=best.completed,
        failure=None if best.completed else best.error or best.failure,
        client_cert=_client_cert_mode(openssl, target, best_offer, requested)
        if requested or best.completed
        else ClientCertMode.UNKNOWN,  # a handshake that broke off early never got that far
    )


def client_cert_mode(openssl: OpenSsl, target: Target) -> ClientCertMode:
    """Only the client-certificate requirement, at the highest version the server accepts."""
    tls13 = ":".join(suite.iana for suite in all_suites() if suite.is_tls13)
    for version in (TlsVersion.TLSv1_3, TlsVersion.TLSv1_2):
        offer = _version_offer(version, tls13, None)
        handshake = openssl.handshake(target, offer)
        if _version_status(version, handshake) is Status.ACCEPTED:
            return _client_cert_mode(openssl, target, offer, handshake.cert_requested)
    return ClientCertMode.UNKNOWN
