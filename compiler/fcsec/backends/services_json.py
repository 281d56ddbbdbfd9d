"""Backend: the IR's listeners and MQTT settings as a ServicesPlan for services.json.

One small function per IR node. It decides key names, key order and defaults (the vendor's
description sentence, the default cipher policy); the editor (``fcsec.services.edit``) decides
the bytes. Returns None when the spec manages nothing in services.json. What services.json cannot
hold is an error of the spec (FCS029, ``cipher_policy_problem``), which lowering reports with the
spec's other errors.
"""

from __future__ import annotations

from fcsec.backends.products import certificate_key, certificate_key_source
from fcsec.ciphers.policies import PolicyKind
from fcsec.diagnostics import Diagnostic, Related, diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import CANNOT_EXPRESS
from fcsec.services.plan import JsonObject, JsonValue, ListenerPlan, ServicesPlan
from fcsec.source import Span

# The sentences of the shipped Edge services.json, so a generated listener reads like the
# vendor's own (faircom-formats.md §1.3).
_PURPOSE = {
    ir.Protocol.HTTP: "insecure HTTP protocol for REST and Web Apps",
    ir.Protocol.HTTPS: "TLS-secured HTTPS protocol for REST and Web Apps",
    ir.Protocol.MQTT: "insecure MQTT protocol for the MQTT broker",
    ir.Protocol.MQTTS: "TLS-secured MQTTS protocol for the MQTT broker",
    ir.Protocol.MQTTWS: "WebSocket protocol for the MQTT broker",
    ir.Protocol.MQTTWSS: "TLS-secured WebSocket protocol for the MQTT broker",
}


def vendor_description(listener: ir.Listener) -> str:
    return (
        f"Port {listener.port} using {_PURPOSE[listener.protocol]} "
        "on all TCP/IP addresses bound to this server"
    )


def allowed_cipher_suites(policy: ir.CipherPolicy) -> tuple[str, ...] | None:
    """TLS 1.3 suites by standard name, older ones by OpenSSL name, as the guide writes them."""
    if policy.kind is not PolicyKind.SUITES:
        return None
    return tuple(suite.listener_name for suite in policy.suites)


def cipher_policy_problem(
    listener: str, ciphers: ir.CipherPolicy, at: Span, related: tuple[Related, ...]
) -> Diagnostic | None:
    """FCS029 when a listener's policy is an OpenSSL cipher string: services.json takes a list
    of suites. ``at`` is where the spec uses the policy, ``related`` where it declares it."""
    if ciphers.kind is not PolicyKind.OPENSSL_STRING:
        return None
    return diagnostic(
        CANNOT_EXPRESS,
        f"listener `{listener}`: services.json takes a list of suites, not an OpenSSL "
        "cipher string",
        at,
        related=related,
        label="OpenSSL string",
        hint="name a profile or list the suites",
    )


def _tls(tls: ir.Tls, server: ir.Server) -> JsonObject:
    members: list[tuple[str, JsonValue]] = [(certificate_key(server), tls.cert.file)]
    if tls.cert.key is not None:
        members.append(("privateKeyFilename", tls.cert.key))
    if tls.client_ca is not None:
        members.append(("certificateAuthoritiesFilename", tls.client_ca.file))
    suites = allowed_cipher_suites(tls.ciphers)
    if suites is not None:
        members.append(("allowedCipherSuites", suites))
    if tls.client_cert is not None:
        members.append(("clientCertificateFilename", tls.client_cert))
    return JsonObject(tuple(members))


def _listener(listener: ir.Listener, server: ir.Server) -> ListenerPlan:
    members: list[tuple[str, JsonValue]] = [
        ("serviceName", listener.name),
        ("description", listener.description or vendor_description(listener)),
        ("port", listener.port),
        ("protocol", listener.protocol.value),
        ("enabled", listener.enabled),
    ]
    if listener.tls is not None:
        members.append(("tls", _tls(listener.tls, server)))
    return ListenerPlan(
        service_name=listener.name,
        body=JsonObject(tuple(members)),
        description_is_default=listener.description is None,
    )


def plan_services(spec: ir.Spec) -> ServicesPlan | None:
    """The managed parts of services.json, or None when the spec has no listeners and no [mqtt]."""
    if not spec.listeners and spec.mqtt is None:
        return None
    return ServicesPlan(
        listeners=tuple(_listener(listener, spec.server) for listener in spec.listeners),
        authentication_methods=None
        if spec.mqtt is None
        else tuple(method.value for method in spec.mqtt.authentication),
        certificate_key_source=certificate_key_source(spec.server),
    )
