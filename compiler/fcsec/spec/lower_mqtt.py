"""Lowering of ``[mqtt]``: the broker's authentication methods and what they need.

The FairCom guide's rule on ``clientCertificate`` login: an mqtts or mqttwss listener that asks
for client certificates (``tls.client_ca``), and the database TLS block with a certificate.
"""

from __future__ import annotations

from fcsec.diagnostics import diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import MQTT_WITHOUT_CLIENT_CA, MQTT_WITHOUT_DATABASE_CERT
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.lower_context import Lowerer


def lower_mqtt(
    lowerer: Lowerer, listeners: tuple[ir.Listener, ...], database: ir.DatabaseTls | None
) -> ir.Mqtt | None:
    table = lowerer.table(lowerer.root, "mqtt")
    if table is None:
        return None
    found = lowerer.get(table, "authentication", ast.ArrayValue)
    if found is None:
        return ir.Mqtt(authentication=(), span=table.span)
    array, item = found
    methods: list[ir.AuthMethod] = []
    choices = tuple(method.value for method in ir.AuthMethod)
    for element in array.items:
        if not isinstance(element, ast.StringValue):
            continue
        try:
            method = ir.AuthMethod(element.value)
        except ValueError:
            message = f"`{element.value}` is not an MQTT authentication method"
            lowerer.bad_choice(element, message, "unknown method", choices)
            continue
        if method not in methods:
            methods.append(method)
        if method is ir.AuthMethod.CLIENT_CERTIFICATE:
            _client_certificate_needs(lowerer, element.span, listeners, database)
    return ir.Mqtt(authentication=tuple(methods), span=item.key_span)


def _client_certificate_needs(
    lowerer: Lowerer,
    span: Span,
    listeners: tuple[ir.Listener, ...],
    database: ir.DatabaseTls | None,
) -> None:
    mqtt_tls = [
        listener
        for listener in listeners
        if listener.protocol in (ir.Protocol.MQTTS, ir.Protocol.MQTTWSS)
        and listener.tls is not None
        and listener.tls.client_ca is not None
    ]
    if not mqtt_tls:
        lowerer.problems.append(
            diagnostic(
                MQTT_WITHOUT_CLIENT_CA,
                "MQTT clientCertificate authentication needs an mqtts or mqttwss listener with "
                "tls.client_ca: until one asks for client certificates, no client can log in "
                "with one",
                span,
                label="no listener asks for client certificates",
                hint='add `tls.client_ca = "NAME"` to your mqtts listener',
            )
        )
    if database is None or database.cert is None or not database.enabled:
        lowerer.problems.append(
            diagnostic(
                MQTT_WITHOUT_DATABASE_CERT,
                "MQTT clientCertificate authentication needs the database TLS block with a "
                "certificate (SERVER_CERTIFICATE_FILE), as the FairCom guide requires: without "
                "it, certificate logins are not expected to work",
                span,
                label="no [database] cert",
                hint='add [database] with `cert = "NAME"`; `tls_only` then defaults to true '
                "(SSL_CONNECTIONS_ONLY YES), which locks out every plain SQL, ISAM and CTDB "
                "client after the restart: add `tls_only = false` to keep them",
            )
        )
