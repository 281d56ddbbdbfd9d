"""``fcsec probe``: check a running server's TLS, or make an MQTT round trip over TLS.

``HOST:PORT`` scans TLS versions, suites, the certificate chain and the client-certificate
requirement with the openssl binary and, with ``--spec``, compares them with the spec (exit 1
on a difference). A port without a TLS handshake is an error (FCS713), never an empty "ok";
the chain is verified with ``cryptography`` against ``--ca``, never by openssl's word.
``mqtts://`` and ``mqttwss://`` targets make a paho-mqtt round trip (exit 1 with the reason
when it fails). With ``--format json``, stdout holds exactly one JSON document whatever
happens after the arguments are parsed. The work is done by ``fcsec.probe.run`` (``probe_tls``,
``probe_mqtt``); this module handles the arguments and renders. docs/probe.md has the details.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fcsec.commands.common import EXIT_INPUT, EXIT_OK, Context, Usage, print_diagnostics
from fcsec.diagnostics import DiagnosticError, error

if TYPE_CHECKING:
    from fcsec.diagnostics import Diagnostic
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
    if args.target.scheme is Scheme.TLS:
        return _scan(args, context)
    return _round_trip(args, context)


def _scan(args: argparse.Namespace, context: Context) -> int:
    from fcsec.probe import report
    from fcsec.probe.run import probe_tls

    def warn(warnings: Sequence[Diagnostic]) -> None:
        print_diagnostics(warnings, context.color)

    probed = probe_tls(
        args.target,
        spec=args.spec,
        env=args.env,
        listener=args.listener,
        database=args.database,
        ca=args.ca,
        client_cert=args.client_cert,
        client_key=args.client_key,
        timeout=args.timeout,
        warn=warn,
    )
    result, comparison, findings = probed.scan, probed.comparison, probed.findings
    if args.format == "json":
        sys.stdout.write(report.to_json(result, comparison, findings))
    elif args.format == "github":
        from fcsec.probe import github, verdict

        aspects = None if comparison is None else comparison.aspects
        sys.stdout.write(report.to_text(result, comparison, findings))
        sys.stdout.write(
            github.render(verdict.group(findings), verdict.headline(aspects, findings))
        )
    else:
        sys.stdout.write(report.to_text(result, comparison, findings))
        sys.stdout.flush()
        print_diagnostics(report.diagnostics(findings, str(args.target)), context.color)
    return EXIT_INPUT if probed.differs else EXIT_OK


def _round_trip(args: argparse.Namespace, context: Context) -> int:
    import json

    from fcsec.probe.run import probe_mqtt
    from fcsec.safetext import escape

    probed = probe_mqtt(
        args.target,
        ca=args.ca,
        client_cert=args.client_cert,
        client_key=args.client_key,
        timeout=args.timeout,
        topic=args.topic,
    )
    trip = probed.trip
    target = str(args.target)
    if args.format == "json":
        document = {
            "format_version": 1,
            "target": escape(target),
            "topic": escape(probed.topic),
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
    if probed.failure is None:
        return EXIT_OK
    if args.format == "github":
        from fcsec.probe.github import render_failure

        sys.stdout.write(render_failure([probed.failure]))
    print_diagnostics([probed.failure], context.color)
    return EXIT_INPUT
