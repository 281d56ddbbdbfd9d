"""``fcsec probe``: check a running server's TLS, or make an MQTT round trip over TLS.

``HOST:PORT`` scans TLS versions, suites, the certificate chain and the client-certificate
requirement with the openssl binary and, with ``--spec``, compares them with the spec (exit 1
on a difference). A port without a TLS handshake is an error (FCS713), never an empty "ok";
the chain is verified with ``cryptography`` against ``--ca``, never by openssl's word.
``mqtts://`` and ``mqttwss://`` targets make a paho-mqtt round trip (exit 1 with the reason
when it fails). With ``--format json``, stdout holds exactly one JSON document whatever
happens after the arguments are parsed. docs/probe.md has the details.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from fcsec.commands.common import EXIT_INPUT, EXIT_OK, Context, Usage, print_diagnostics
from fcsec.diagnostics import DiagnosticError, diagnostic, error
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

    from fcsec.diagnostics import Diagnostic
    from fcsec.ir import nodes as ir
    from fcsec.probe.expect import ExpectedCert
    from fcsec.probe.mqtt import RoundTrip
    from fcsec.probe.openssl import OpenSsl
    from fcsec.probe.target import Target

NAME = "probe"
HELP = "check a running server's TLS against the spec, or make an MQTT round trip"
#: Shown by `fcsec probe --help`.
EXAMPLES = (
    "fcsec probe db.example.com:8443 --spec security.fcsec --listener https8443 --ca pki/ca.pem",
    "fcsec probe mqtts://broker.example.com:8883 --ca pki/ca.pem",
)
#: The exit codes this command adds to 0, 1, 2 and 70.
EXIT_CODES = {1: "the server differs from the spec, speaks no TLS, or cannot be reached"}

#: A --ca file larger than this is refused unread (a CA bundle is well under 1 MB).
MAX_CA_BYTES = 10 * 1024 * 1024


def _target(text: str) -> Target:
    from fcsec.probe.target import parse_target

    try:
        return parse_target(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError("--timeout must be more than 0 and at most 600 seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target",
        metavar="TARGET",
        type=_target,
        help="HOST:PORT for a TLS scan; mqtts://HOST:PORT or mqttwss://HOST:PORT[/PATH] "
        "for an MQTT round trip",
    )
    parser.add_argument("--spec", metavar="SPEC", help="compare with this spec")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--listener", metavar="NAME", help="the spec's listener on this port")
    scope.add_argument(
        "--database", action="store_true", help="the spec's [database] block is on this port"
    )
    parser.add_argument("--env", metavar="NAME", help="apply the spec's overlay [env.NAME]")
    parser.add_argument("--ca", metavar="FILE", help="verify the server's chain with this CA")
    parser.add_argument("--client-cert", metavar="FILE", help="client certificate (PEM)")
    parser.add_argument(
        "--client-key", metavar="FILE", help="its private key (default: in --client-cert)"
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), json (one document) or github (the text report and GitHub "
        "Actions annotations)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="S",
        help="seconds for each connection or MQTT step (default 10)",
    )
    parser.add_argument("--topic", metavar="TOPIC", help="MQTT test topic (default fcsec/probe)")


def _check_usage(args: argparse.Namespace) -> None:
    from fcsec.probe.target import Scheme

    prefix = "fcsec probe: error:"
    if args.client_key and not args.client_cert:
        raise Usage(f"{prefix} --client-key needs --client-cert")
    mqtt = args.target.scheme is not Scheme.TLS
    if mqtt and (args.spec or args.listener or args.database or args.env):
        raise Usage(
            f"{prefix} an MQTT round trip takes no --spec; to compare the TLS settings of this "
            f"port, probe {args.target.address} --spec SPEC --listener NAME"
        )
    if not mqtt and args.topic:
        raise Usage(f"{prefix} --topic is for mqtts:// and mqttwss:// targets")
    if (args.listener or args.database or args.env) and not args.spec:
        raise Usage(f"{prefix} --listener, --database and --env need --spec")
    if args.spec and not (args.listener or args.database):
        raise Usage(
            f"{prefix} with --spec, say what is on this port: --listener NAME or --database"
        )


def _usable_tls_files(args: argparse.Namespace) -> None:
    """Load --ca and --client-cert/--client-key the way the handshakes will; FCS901 if not."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        if args.ca is not None:
            context.load_verify_locations(cafile=args.ca)
    except (ssl.SSLError, OSError) as exc:
        raise _unusable("--ca", args.ca, exc) from None
    try:
        if args.client_cert is not None:
            context.load_cert_chain(certfile=args.client_cert, keyfile=args.client_key)
    except (ssl.SSLError, OSError) as exc:
        raise _unusable("--client-cert/--client-key", args.client_cert, exc) from None


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


def run(args: argparse.Namespace, context: Context) -> int:
    """Probe; with ``--format json`` a failure still prints one JSON document on stdout, with
    ``github`` its annotations (the diagnostics go to stderr as for every command)."""
    try:
        return _run(args, context)
    except Exception as failure:
        if args.format != "text":
            _write_failure(args.format, str(args.target), _failure_diagnostics(failure))
        raise


def _failure_diagnostics(failure: Exception) -> list[Diagnostic]:
    if isinstance(failure, DiagnosticError):
        return list(failure.diagnostics)
    if isinstance(failure, Usage):
        return [error("usage", str(failure), None)]  # ids outside the catalogue
    message = f"internal error ({type(failure).__name__}: {failure})"
    return [error("internal", message, None)]


def _write_failure(form: str, target: str, diagnostics: list[Diagnostic]) -> None:
    from fcsec.probe.github import render_failure
    from fcsec.probe.report import error_json

    text = error_json(target, diagnostics) if form == "json" else render_failure(diagnostics)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except OSError:  # a closed stdout: the diagnostics still reach stderr
        pass


def _run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.probe.target import Scheme

    _check_usage(args)
    _readable(
        [("--ca", args.ca), ("--client-cert", args.client_cert), ("--client-key", args.client_key)]
    )
    _usable_tls_files(args)
    if args.target.scheme is Scheme.TLS:
        return _scan(args, context)
    return _round_trip(args, context)


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


def _scan(args: argparse.Namespace, context: Context) -> int:
    from fcsec.api import load_spec
    from fcsec.commands.common import read_spec
    from fcsec.probe import compare, report
    from fcsec.probe.expect import Expectation, for_database, for_listener, tls_listener
    from fcsec.probe.openssl import ClientCert
    from fcsec.probe.scan import NoTls, ScanError, scan
    from fcsec.safetext import escape

    openssl = _openssl(args.timeout)
    trusted = None if args.ca is None else _trusted(args.ca)
    expectation: Expectation | None = None
    if args.spec:
        loaded = load_spec(read_spec(args.spec), args.env)
        print_diagnostics(loaded.warnings, context.color)
        spec = loaded.spec
        root = spec.server.root
        if args.listener:
            tls = tls_listener(spec, args.listener).tls
            assert tls is not None
            cert = _cert_expectation(tls.cert, args.spec, root)
            expectation = for_listener(spec, args.listener, cert, openssl.expand)
        else:
            database_cert = spec.database.cert if spec.database is not None else None
            cert = _cert_expectation(database_cert, args.spec, root)
            expectation = for_database(spec, cert, openssl.expand)
    client = (
        None if args.client_cert is None else ClientCert(cert=args.client_cert, key=args.client_key)
    )
    try:
        result = scan(openssl, args.target, trusted=trusted, client=client)
    except NoTls as failure:
        raise DiagnosticError(
            [
                diagnostic(
                    NO_TLS_ON_PORT,
                    escape(f"no TLS on this port: {failure}"),
                    None,
                    path=str(args.target),
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
                    path=str(args.target),
                    hint="check the host, the port and that the server is running",
                )
            ]
        ) from None
    findings = compare.verification(result) + compare.completion(result)
    comparison = None
    if expectation is not None:
        findings = list(compare.compare(expectation, result)) + findings
        comparison = report.Comparison(
            spec=args.spec,
            expectation=expectation,
            aspects=compare.aspects(expectation, result, findings),
        )
    if args.format == "json":
        sys.stdout.write(report.to_json(result, comparison, findings))
    elif args.format == "github":
        from fcsec.probe import github

        aspects = None if comparison is None else comparison.aspects
        sys.stdout.write(report.to_text(result, comparison, findings))
        sys.stdout.write(
            github.render(compare.group(findings), compare.headline(aspects, findings))
        )
    else:
        sys.stdout.write(report.to_text(result, comparison, findings))
        sys.stdout.flush()
        print_diagnostics(report.diagnostics(findings, str(args.target)), context.color)
    return EXIT_INPUT if any(finding.difference for finding in findings) else EXIT_OK


def _explain(trip: RoundTrip, args: argparse.Namespace) -> RoundTrip:
    """Tell "certificate required" from other handshake failures when no certificate was
    given: a TLS 1.2 server says only "handshake failure". Needs the openssl binary."""
    import shutil

    import attrs

    from fcsec.probe.mqtt import Reason
    from fcsec.probe.openssl import OpenSsl
    from fcsec.probe.scan import ClientCertMode, client_cert_mode

    if trip.reason not in (Reason.HANDSHAKE_FAILED, Reason.CONNECTION_CLOSED):
        return trip
    binary = shutil.which("openssl")
    if args.client_cert is not None or binary is None or len(trip.steps) > 1:
        return trip  # past the TLS connection, or a certificate was given: not the reason
    mode = client_cert_mode(OpenSsl(binary=binary, timeout=args.timeout), args.target)
    if mode is not ClientCertMode.REQUIRED:
        return trip
    return attrs.evolve(
        trip,
        reason=Reason.CERTIFICATE_REQUIRED,
        detail=f"the server requires a client certificate ({trip.reason.value} without one)",
    )


def _round_trip(args: argparse.Namespace, context: Context) -> int:
    import json

    from fcsec.probe.mqtt import DEFAULT_TOPIC, MissingPaho, Options, round_trip
    from fcsec.safetext import escape

    options = Options(
        ca=args.ca,
        cert=args.client_cert,
        key=args.client_key,
        timeout=args.timeout,
        topic=args.topic or DEFAULT_TOPIC,
    )
    try:
        trip = round_trip(args.target, options)
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
    trip = _explain(trip, args)
    target = str(args.target)
    if args.format == "json":
        document = {
            "format_version": 1,
            "target": escape(target),
            "topic": escape(options.topic),
            "server_certificate_verified": trip.verified,
            "steps": [escape(step) for step in trip.steps],
            "reason": None if trip.reason is None else trip.reason.value,
            "detail": None if trip.detail is None else escape(trip.detail),
            "verdict": "ok" if trip.ok else "failed",
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        lines = [f"{target}: MQTT round trip"]
        lines += [f"  ok  {step}" for step in trip.steps]
        if not trip.verified:
            lines.append("  (server certificate not verified: give --ca to verify it)")
        lines.append("round trip ok" if trip.ok else "round trip failed")
        sys.stdout.write("\n".join(escape(line) for line in lines) + "\n")
        sys.stdout.flush()
    if trip.ok:
        return EXIT_OK
    assert trip.reason is not None
    hint = {
        "certificate required": "give --client-cert and --client-key",
        "not authorized": "check the broker's authentication methods and ACLs for this client",
        "timeout": "check that the broker runs and that --timeout is long enough",
        "cannot connect": "check the host, the port and that the broker is running",
    }.get(trip.reason.value, "check the TLS settings of the listener (fcsec probe HOST:PORT)")
    failed = diagnostic(
        ROUND_TRIP_FAILED,
        escape(f"{target}: {trip.reason.value}: {trip.detail}"),
        None,
        path=escape(target),
        hint=hint,
    )
    if args.format == "github":
        from fcsec.probe.github import render_failure

        sys.stdout.write(render_failure([failed]))
    print_diagnostics([failed], context.color)
    return EXIT_INPUT
