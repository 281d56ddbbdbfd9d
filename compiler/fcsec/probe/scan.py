"""Scan one TLS server: versions, suites, chain, client-certificate requirement.

Every handshake is one ``openssl s_client`` run (``probe.openssl``), several at a time. The
versions come first; suites are tried one by one only at the versions the server accepts
(TLS 1.2 and TLS 1.3); the chain and the verification result come from the handshake at the
highest accepted version. This module decides nothing about a spec: ``compare`` does.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import attrs

from fcsec.ciphers.registry import Authentication, KeyExchange, Suite, TlsVersion, all_suites
from fcsec.probe.chain import CertInfo, describe_chain
from fcsec.probe.openssl import ALL_CLASSIC, ClientCert, Offer, OpenSsl
from fcsec.probe.target import Target
from fcsec.probe.trace import Handshake

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
class Verification:
    ok: bool
    detail: str


@attrs.frozen(kw_only=True)
class ScanResult:
    target: Target
    tool: str
    versions: tuple[VersionResult, ...]
    suites: tuple[SuiteResult, ...]
    chain: tuple[CertInfo, ...] = ()
    verification: Verification | None = None
    client_cert: ClientCertMode = ClientCertMode.UNKNOWN

    def accepted_versions(self) -> frozenset[TlsVersion]:
        return frozenset(r.version for r in self.versions if r.status is Status.ACCEPTED)

    def suite_status(self) -> dict[int, Status]:
        return {result.suite.code: result.status for result in self.suites}


class ScanError(Exception):
    """The server could not be scanned at all (no TCP connection, no TLS)."""


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


def _verification(handshake: Handshake) -> Verification:
    if handshake.verify is None:
        return Verification(ok=False, detail="openssl printed no verification result")
    code, text = handshake.verify
    return Verification(ok=code == 0, detail=text)


def _client_cert_mode(
    openssl: OpenSsl, target: Target, best: Offer, requested: bool
) -> ClientCertMode:
    if not requested:
        return ClientCertMode.NOT_REQUESTED
    plain = attrs.evolve(best, client=None, show_chain=False, ca_file=None)
    handshake, ended = openssl.handshake_and_wait(target, plain, min(ALERT_WAIT, openssl.timeout))
    if not handshake.accepted:  # refused for another reason: nothing to learn from it
        return ClientCertMode.UNKNOWN
    if handshake.alert is not None or ended:
        return ClientCertMode.REQUIRED
    return ClientCertMode.OPTIONAL


def _version_offer(
    version: TlsVersion, tls13: str, ca_file: str | None, client: ClientCert | None
) -> Offer:
    if version is TlsVersion.TLSv1_3:
        return Offer(
            version=version, ciphersuites=tls13, show_chain=True, ca_file=ca_file, client=client
        )
    return Offer(
        version=version, cipher=ALL_CLASSIC, show_chain=True, ca_file=ca_file, client=client
    )


def scan(
    openssl: OpenSsl,
    target: Target,
    *,
    ca_file: str | None = None,
    client: ClientCert | None = None,
    suites: Iterable[Suite] | None = None,
) -> ScanResult:
    """Scan ``target``; raise ScanError when no TCP connection could be made."""
    pool = tuple(candidates(openssl) if suites is None else suites)
    tls13 = ":".join(suite.iana for suite in pool if suite.is_tls13)
    offers = [_version_offer(version, tls13, ca_file, client) for version in PROBED_VERSIONS]
    handshakes = _parallel(lambda offer: openssl.handshake(target, offer), offers)
    if not any(handshake.connected for handshake in handshakes):
        reasons = sorted({handshake.failure or "no TLS" for handshake in handshakes})
        raise ScanError(f"{target}: {'; '.join(reasons)}")
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
    if not accepted:
        return ScanResult(target=target, tool=openssl.version(), versions=versions, suites=results)
    best_offer, best = accepted[-1]
    requested = any(handshake.cert_requested for _, handshake in accepted)
    return ScanResult(
        target=target,
        tool=openssl.version(),
        versions=versions,
        suites=results,
        chain=describe_chain(best.chain),
        verification=None if ca_file is None else _verification(best),
        client_cert=_client_cert_mode(openssl, target, best_offer, requested),
    )


def client_cert_mode(openssl: OpenSsl, target: Target) -> ClientCertMode:
    """Only the client-certificate requirement, at the highest version the server accepts."""
    tls13 = ":".join(suite.iana for suite in all_suites() if suite.is_tls13)
    for version in (TlsVersion.TLSv1_3, TlsVersion.TLSv1_2):
        offer = _version_offer(version, tls13, None, None)
        handshake = openssl.handshake(target, offer)
        if _version_status(version, handshake) is Status.ACCEPTED:
            return _client_cert_mode(openssl, target, offer, handshake.cert_requested)
    return ClientCertMode.UNKNOWN
