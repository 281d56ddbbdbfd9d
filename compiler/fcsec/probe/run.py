"""A probe as functions: what ``fcsec probe`` does, without its arguments and its printing.

``probe_tls`` checks the files it is given (``--ca``, the client certificate and key), finds the
openssl binary, loads the spec's expectation for a listener or the database (with the
certificate file it names, when that can be read), scans the port and compares the scan with
the expectation. ``probe_mqtt`` makes an MQTT round trip over TLS and says why it failed. Both
return what they found and leave the telling to the caller (``fcsec.commands.probe`` renders it
with ``fcsec.probe.report`` and ``fcsec.probe.github``).

Every failure of the input or of the target is a ``DiagnosticError``: a file that cannot be
used (FCS901), no openssl (FCS711) or paho-mqtt (FCS731), a spec with errors or without such a
TLS listener or database (FCS712), no TLS on the port (FCS713), a port that cannot be probed
(FCS710).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic
from fcsec.rule_ids import (
    CANNOT_PROBE,
    CANNOT_READ,
    NO_OPENSSL,
    NO_PAHO,
    NO_TLS_ON_PORT,
    ROUND_TRIP_FAILED,
)

if TYPE_CHECKING:
    from cryptography import x509

    from fcsec.ir import nodes as ir
    from fcsec.probe.compare import ProbeFinding
    from fcsec.probe.expect import Expectation, ExpectedCert
    from fcsec.probe.mqtt import RoundTrip
    from fcsec.probe.openssl import OpenSsl
    from fcsec.probe.report import Comparison
    from fcsec.probe.scan import ScanResult
    from fcsec.probe.target import Target

__all__ = ["MAX_CA_BYTES", "MqttProbe", "TlsProbe", "probe_mqtt", "probe_tls"]

#: A --ca file larger than this is refused unread (a CA bundle is well under 1 MB).
MAX_CA_BYTES = 10 * 1024 * 1024


@attrs.frozen(kw_only=True)
class TlsProbe:
    """What ``probe_tls`` found on a TLS port, and how it compares with the spec."""

    scan: ScanResult
    #: The spec side (None without a spec): what it allows and how each aspect came out.
    comparison: Comparison | None
    #: Differences and notes: the comparison's first, then the chain's verification and the
    #: handshake's completion.
    findings: tuple[ProbeFinding, ...]
    #: The spec's warnings (also handed to ``warn`` as soon as the spec is loaded).
    warnings: tuple[Diagnostic, ...] = ()

    @property
    def differs(self) -> bool:
        """Whether any finding is a difference (``fcsec probe`` exits 1)."""
        return any(finding.difference for finding in self.findings)


@attrs.frozen(kw_only=True)
class MqttProbe:
    """The outcome of ``probe_mqtt``: each step, and why the round trip failed."""

    trip: RoundTrip
    topic: str
    #: FCS730 with the reason and a hint when the round trip failed; None when it worked.
    failure: Diagnostic | None = None


def _unusable(option: str, path: str, exc: Exception) -> DiagnosticError:
    return DiagnosticError(
        [
            diagnostic(
                CANNOT_READ,
                f"cannot use {path} ({option}): {exc}",
                None,
                path=path,
                hint="give PEM files: a CA certificate; a certificate with its matching key",
            )
        ]
    )


def _readable(paths: list[tuple[str, str | None]]) -> None:
    problems = []
    for option, path in paths:
        if path is None:
            continue
        if not os.path.isfile(path) or not os.access(path, os.R_OK):
            problems.append(
                diagnostic(
                    CANNOT_READ,
                    f"cannot read {path} ({option})",
                    None,
                    path=path,
                    hint="give the path of a readable PEM file",
                )
            )
    if problems:
        raise DiagnosticError(problems)


def _usable_files(ca: str | None, client_cert: str | None, client_key: str | None) -> None:
    """Load --ca and --client-cert/--client-key the way the handshakes will; FCS901 if not."""
    import ssl

    _readable([("--ca", ca), ("--client-cert", client_cert), ("--client-key", client_key)])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca is not None:
        try:
            context.load_verify_locations(cafile=ca)
        except (ssl.SSLError, OSError) as exc:
            raise _unusable("--ca", ca, exc) from None
    if client_cert is not None:
        try:
            context.load_cert_chain(certfile=client_cert, keyfile=client_key)
        except (ssl.SSLError, OSError) as exc:
            raise _unusable("--client-cert/--client-key", client_cert, exc) from None


def _openssl(timeout: float) -> OpenSsl:
    import shutil

    from fcsec.probe.openssl import OpenSsl

    binary = shutil.which("openssl")
    if binary is None:
        raise DiagnosticError(
            [
                diagnostic(
                    NO_OPENSSL,
                    "the openssl binary is not on PATH; fcsec probe runs `openssl s_client` for "
                    "every handshake",
                    None,
                    hint="install OpenSSL (Debian: apt-get install openssl)",
                )
            ]
        )
    return OpenSsl(binary=binary, timeout=timeout)


def _trusted(path: str) -> tuple[x509.Certificate, ...]:
    """The certificates of ``--ca`` (already checked to be a readable regular file)."""
    from fcsec.probe.verify import load_trusted

    try:
        if os.path.getsize(path) > MAX_CA_BYTES:
            raise ValueError(f"larger than {MAX_CA_BYTES // (1024 * 1024)} MB")
        with open(path, "rb") as handle:
            return load_trusted(handle.read(MAX_CA_BYTES + 1))
    except (OSError, ValueError) as exc:
        raise _unusable("--ca", path, exc) from None


def _cert_expectation(
    cert: ir.CertRef | None, spec_path: str, root: str | None
) -> ExpectedCert | None:
    from fcsec.probe.expect import cert_locations, expected_cert

    if cert is None:
        return None
    places = cert_locations(cert, spec_path, root)
    for place in places:
        try:
            data = place.read_bytes()
        except OSError:
            continue
        return expected_cert(cert, (str(place), data), "")
    return expected_cert(cert, None, "looked in " + ", ".join(str(place) for place in places))


def _expectation(
    spec_path: str,
    env: str | None,
    listener: str | None,
    expand: Callable[[str], frozenset[int]],
) -> tuple[Expectation, tuple[Diagnostic, ...]]:
    """What the spec allows on the port (``listener``, else the database), and its warnings."""
    from fcsec.api import load_spec
    from fcsec.commands.common import read_spec
    from fcsec.ir.scopes import tls_listener
    from fcsec.probe.expect import for_database, for_listener

    loaded = load_spec(read_spec(spec_path), env)
    spec = loaded.spec
    root = spec.server.root
    if listener:
        tls = tls_listener(spec, listener).tls
        assert tls is not None
        cert = _cert_expectation(tls.cert, spec_path, root)
        return for_listener(spec, listener, cert, expand), tuple(loaded.warnings)
    database_cert = spec.database.cert if spec.database is not None else None
    cert = _cert_expectation(database_cert, spec_path, root)
    return for_database(spec, cert, expand), tuple(loaded.warnings)


def _scan(
    openssl: OpenSsl,
    target: Target,
    trusted: tuple[x509.Certificate, ...] | None,
    client_cert: str | None,
    client_key: str | None,
) -> ScanResult:
    from fcsec.probe.openssl import ClientCert
    from fcsec.probe.scan import NoTls, ScanError, scan
    from fcsec.safetext import escape

    client = None if client_cert is None else ClientCert(cert=client_cert, key=client_key)
    try:
        return scan(openssl, target, trusted=trusted, client=client)
    except NoTls as failure:
        raise DiagnosticError(
            [
                diagnostic(
                    NO_TLS_ON_PORT,
                    escape(f"no TLS on this port: {failure}"),
                    None,
                    path=str(target),
                    hint="this may be a plain (non-TLS) listener or another service; check the "
                    "port (fcsec probe needs the TLS port of a listener or of the database)",
                )
            ]
        ) from None
    except ScanError as failure:
        raise DiagnosticError(
            [
                diagnostic(
                    CANNOT_PROBE,
                    escape(f"cannot probe {failure}"),
                    None,
                    path=str(target),
                    hint="check the host, the port and that the server is running",
                )
            ]
        ) from None


def probe_tls(
    target: Target,
    *,
    spec: str | None = None,
    env: str | None = None,
    listener: str | None = None,
    database: bool = False,
    ca: str | None = None,
    client_cert: str | None = None,
    client_key: str | None = None,
    timeout: float = 10.0,
    warn: Callable[[Sequence[Diagnostic]], None] | None = None,
) -> TlsProbe:
    """Scan a TLS port (``fcsec probe HOST:PORT``) and, with ``spec``, compare it with the
    spec's ``listener`` or, with ``database``, its ``[database]`` block (``env``: the overlay).

    ``ca`` verifies the served chain; ``client_cert`` (with ``client_key`` when the key is not
    in it) is offered to a server that asks for one; ``timeout`` bounds each connection, in
    seconds. ``warn`` receives the spec's warnings once it is loaded, before the scan, which
    takes a few seconds. Raises ``DiagnosticError`` (see the module's description).
    """
    from fcsec.probe import compare, report, verdict

    if spec is not None and not (listener or database):
        raise ValueError("with a spec, say what is on this port: a listener or the database")
    _usable_files(ca, client_cert, client_key)
    openssl = _openssl(timeout)
    trusted = None if ca is None else _trusted(ca)
    expectation: Expectation | None = None
    warnings: tuple[Diagnostic, ...] = ()
    if spec is not None:
        expectation, warnings = _expectation(spec, env, listener, openssl.expand)
        if warn is not None:
            warn(warnings)
    result = _scan(openssl, target, trusted, client_cert, client_key)
    findings = compare.verification(result) + compare.completion(result)
    comparison = None
    if expectation is not None and spec is not None:
        findings = list(compare.compare(expectation, result)) + findings
        comparison = report.Comparison(
            spec=spec,
            expectation=expectation,
            aspects=verdict.aspects(expectation, result, findings),
        )
    return TlsProbe(scan=result, comparison=comparison, findings=tuple(findings), warnings=warnings)


def _explain(trip: RoundTrip, target: Target, client_cert: str | None, timeout: float) -> RoundTrip:
    """Tell "certificate required" from other handshake failures when no certificate was
    given: a TLS 1.2 server says only "handshake failure". Needs the openssl binary."""
    import shutil

    from fcsec.probe.mqtt import Reason
    from fcsec.probe.openssl import OpenSsl
    from fcsec.probe.scan import ClientCertMode, client_cert_mode

    if trip.reason not in (Reason.HANDSHAKE_FAILED, Reason.CONNECTION_CLOSED):
        return trip
    binary = shutil.which("openssl")
    if client_cert is not None or binary is None or len(trip.steps) > 1:
        return trip  # past the TLS connection, or a certificate was given: not the reason
    mode = client_cert_mode(OpenSsl(binary=binary, timeout=timeout), target)
    if mode is not ClientCertMode.REQUIRED:
        return trip
    return attrs.evolve(
        trip,
        reason=Reason.CERTIFICATE_REQUIRED,
        detail=f"the server requires a client certificate ({trip.reason.value} without one)",
    )


#: What to do about each reason a round trip fails for (anything else: the TLS settings).
_HINTS = {
    "certificate required": "give --client-cert and --client-key",
    "not authorized": "check the broker's authentication methods and ACLs for this client",
    "timeout": "check that the broker runs and that --timeout is long enough",
    "cannot connect": "check the host, the port and that the broker is running",
}


def probe_mqtt(
    target: Target,
    *,
    ca: str | None = None,
    client_cert: str | None = None,
    client_key: str | None = None,
    timeout: float = 10.0,
    topic: str | None = None,
) -> MqttProbe:
    """An MQTT round trip over TLS (``fcsec probe mqtts://HOST:PORT``, ``mqttwss://``):
    connect, subscribe, publish to ``topic`` (default ``fcsec/probe``) and receive it back.

    A failed round trip is an answer, not an exception: ``MqttProbe.failure`` says why. Raises
    ``DiagnosticError`` when a file cannot be used or paho-mqtt is not installed.
    """
    from fcsec.probe.mqtt import DEFAULT_TOPIC, MissingPaho, Options, round_trip
    from fcsec.safetext import escape

    _usable_files(ca, client_cert, client_key)
    options = Options(
        ca=ca, cert=client_cert, key=client_key, timeout=timeout, topic=topic or DEFAULT_TOPIC
    )
    try:
        trip = round_trip(target, options)
    except MissingPaho:
        raise DiagnosticError(
            [
                diagnostic(
                    NO_PAHO,
                    "paho-mqtt is not installed; fcsec probe needs it for mqtts:// and mqttwss://",
                    None,
                    hint="pip install 'fcsec[mqtt]' (or: pip install paho-mqtt)",
                )
            ]
        ) from None
    trip = _explain(trip, target, client_cert, timeout)
    failure = None
    if trip.reason is not None:
        hint = _HINTS.get(
            trip.reason.value, "check the TLS settings of the listener (fcsec probe HOST:PORT)"
        )
        failure = diagnostic(
            ROUND_TRIP_FAILED,
            escape(f"{target}: {trip.reason.value}: {trip.detail}"),
            None,
            path=escape(str(target)),
            hint=hint,
        )
    return MqttProbe(trip=trip, topic=options.topic, failure=failure)
