"""Configuration rules (FCS601-FCS611, FCS613): choices of the spec that leave connections
unprotected.

Each rule reads the lowered spec and points at the setting that caused the finding (or, when the
spec leaves the setting out, at the table that would hold it). Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Callable

from fcsec.diagnostics import Related
from fcsec.ir import nodes as ir
from fcsec.lint.context import LintContext
from fcsec.lint.findings import Finding, finding
from fcsec.rule_ids import (
    ANONYMOUS_MQTT,
    ANONYMOUS_PLAIN_MQTT,
    DATABASE_TLS_OFF,
    DEBUG_LOG,
    DISABLED_DATABASE,
    NO_TLS_LISTENER,
    OPTIONAL_CLIENT_CERT,
    PLAIN_DATABASE,
    PLAIN_MQTT_PASSWORDS,
    PLAIN_TWIN,
    SHARED_MEMORY_BESIDE_TLS_ONLY,
)
from fcsec.source import Span

_TWIN = {
    ir.Protocol.HTTP: ir.Protocol.HTTPS,
    ir.Protocol.MQTT: ir.Protocol.MQTTS,
    ir.Protocol.MQTTWS: ir.Protocol.MQTTWSS,
}


def _listener_span(context: LintContext, listener: ir.Listener) -> Span | None:
    return context.locate.span("listeners", listener.name, "enabled")


def _related(span: Span | None, message: str) -> tuple[Related, ...]:
    return () if span is None else (Related(span=span, message=message),)


def _method_span(context: LintContext, method: ir.AuthMethod) -> Span | None:
    return context.locate.element(
        ("mqtt", "authentication"), lambda text: text == method.value
    ) or context.locate.span("mqtt", "authentication")


def plain_twins(context: LintContext) -> list[Finding]:
    listeners = context.spec.listeners
    found: list[Finding] = []
    for plain in listeners:
        twin_protocol = _TWIN.get(plain.protocol)
        if twin_protocol is None or not plain.enabled:
            continue
        twin = next(
            (other for other in listeners if other.protocol is twin_protocol and other.enabled),
            None,
        )
        if twin is None:
            continue
        found.append(
            finding(
                PLAIN_TWIN,
                f"listener `{plain.name}` ({plain.protocol.value}, port {plain.port}) is enabled "
                f"beside its TLS twin `{twin.name}` ({twin.protocol.value}, port {twin.port}): "
                "clients can still connect without encryption",
                _listener_span(context, plain),
                key=f"listeners.{plain.name}.enabled",
                label="plain listener on",
                hint=f"set `enabled = false` in [listeners.{plain.name}]",
                related=_related(
                    context.locate.span("listeners", twin.name), f"listeners.{twin.name}"
                ),
            )
        )
    return found


def no_tls_listener(context: LintContext) -> list[Finding]:
    listeners = context.spec.listeners
    secure = [listener for listener in listeners if listener.protocol.uses_tls]
    plain_on = [
        listener for listener in listeners if not listener.protocol.uses_tls and listener.enabled
    ]
    if not secure or not plain_on or any(listener.enabled for listener in secure):
        return []
    first = secure[0]
    names = ", ".join(listener.name for listener in plain_on)
    return [
        finding(
            NO_TLS_LISTENER,
            f"every TLS listener is disabled while {names} "
            f"{'is' if len(plain_on) == 1 else 'are'} on: the app server speaks only plain "
            "text",
            _listener_span(context, first),
            key="listeners:no-tls",
            label="TLS listener off",
            hint=f"enable [listeners.{first.name}], or disable the plain listeners",
            related=tuple(
                Related(span=span, message=f"listeners.{listener.name} is on")
                for listener in plain_on
                if (span := context.locate.span("listeners", listener.name)) is not None
            ),
        )
    ]


def _methods(context: LintContext) -> tuple[ir.AuthMethod, ...]:
    mqtt = context.spec.mqtt
    return () if mqtt is None else mqtt.authentication


def anonymous_mqtt(context: LintContext) -> list[Finding]:
    if ir.AuthMethod.NONE not in _methods(context):
        return []
    found: list[Finding] = []
    for listener in context.spec.listeners:
        if listener.protocol not in (ir.Protocol.MQTTS, ir.Protocol.MQTTWSS):
            continue
        if not listener.enabled or listener.tls is None or listener.tls.client_ca is not None:
            continue
        found.append(
            finding(
                ANONYMOUS_MQTT,
                f"listener `{listener.name}` asks for no client certificate and "
                'mqtt.authentication includes "none": anyone who reaches port '
                f"{listener.port} can connect without credentials",
                _method_span(context, ir.AuthMethod.NONE),
                key=f"mqtt.authentication:none:{listener.name}",
                label="anonymous login",
                hint=f'remove "none", or add `tls.client_ca` to [listeners.{listener.name}]',
                related=_related(
                    context.locate.span("listeners", listener.name), f"listeners.{listener.name}"
                ),
            )
        )
    return found


def anonymous_plain_mqtt(context: LintContext) -> list[Finding]:
    if ir.AuthMethod.NONE not in _methods(context):
        return []
    plain = [
        listener
        for listener in context.spec.listeners
        if listener.protocol in (ir.Protocol.MQTT, ir.Protocol.MQTTWS) and listener.enabled
    ]
    if not plain:
        return []
    names = ", ".join(f"`{listener.name}` (port {listener.port})" for listener in plain)
    return [
        finding(
            ANONYMOUS_PLAIN_MQTT,
            'mqtt.authentication includes "none" while plain MQTT is on: anyone who reaches '
            f"{names} can connect without credentials and without encryption",
            _method_span(context, ir.AuthMethod.NONE),
            key="mqtt.authentication:none:plain",
            label="anonymous login in clear text",
            hint='remove "none", and set `enabled = false` on the plain MQTT listeners',
            related=tuple(
                Related(span=span, message=f"listeners.{listener.name} is on")
                for listener in plain
                if (span := context.locate.span("listeners", listener.name)) is not None
            ),
        )
    ]


def plain_mqtt_passwords(context: LintContext) -> list[Finding]:
    if ir.AuthMethod.PASSWORD not in _methods(context):
        return []
    found: list[Finding] = []
    for listener in context.spec.listeners:
        if listener.protocol not in (ir.Protocol.MQTT, ir.Protocol.MQTTWS) or not listener.enabled:
            continue
        found.append(
            finding(
                PLAIN_MQTT_PASSWORDS,
                f"listener `{listener.name}` ({listener.protocol.value}) is enabled and "
                'mqtt.authentication includes "password": passwords cross the network in clear '
                "text",
                _listener_span(context, listener),
                key=f"listeners.{listener.name}:password",
                label="passwords in clear text",
                hint=f"set `enabled = false` in [listeners.{listener.name}] and use "
                f"{_TWIN[listener.protocol].value}",
                related=_related(
                    _method_span(context, ir.AuthMethod.PASSWORD), "mqtt.authentication"
                ),
            )
        )
    return found


def plain_database(context: LintContext) -> list[Finding]:
    database = context.spec.database
    if database is None or not database.enabled or database.tls_only:
        return []
    written = "false" if database.tls_only is False else '"faircom-default"'
    return [
        finding(
            PLAIN_DATABASE,
            f"`tls_only = {written}` lets SQL, ISAM and CTDB clients connect without TLS "
            "(SSL_CONNECTIONS_ONLY NO)",
            context.locate.span("database", "tls_only"),
            key="database.tls_only",
            label="plain connections allowed",
            hint="set `tls_only = true`, or allow FCS601 in [lint] with the reason",
        )
    ]


def shared_memory(context: LintContext) -> list[Finding]:
    database = context.spec.database
    if database is None or not database.enabled or not database.tls_only:
        return []
    if database.shared_memory is False:
        return []
    locate = context.locate
    if database.shared_memory is None:
        span = locate.span("database", "tls_only")
        setting = "`tls_only = true`" if locate.has("database", "tls_only") else "tls_only"
        message = (
            f"{setting} (SSL_CONNECTIONS_ONLY YES) does not cover shared memory, which "
            "ctsrvr.cfg keeps as it is (the vendor file turns it on): shared memory is never "
            "encrypted and local clients silently use it"
        )
    else:
        span = locate.span("database", "shared_memory")
        message = (
            "`shared_memory = true` beside `tls_only`: shared memory is never encrypted and "
            "local clients silently use it"
        )
    return [
        finding(
            SHARED_MEMORY_BESIDE_TLS_ONLY,
            message,
            span,
            key="database.shared_memory",
            label="shared memory on",
            hint="add `shared_memory = false` to [database] unless local clients need it",
        )
    ]


def debug_log(context: LintContext) -> list[Finding]:
    database = context.spec.database
    if database is None or not database.enabled or database.debug_log is None:
        return []
    if not context.production:
        return []
    where = "the base spec" if context.env is None else f"environment `{context.env}`"
    return [
        finding(
            DEBUG_LOG,
            f"`debug_log` writes a TLS debug log in production ({where})",
            context.locate.span("database", "debug_log"),
            key="database.debug_log",
            label="debug log",
            hint="move `debug_log` to a development overlay, e.g. [env.dev]",
        )
    ]


def optional_client_cert(context: LintContext) -> list[Finding]:
    database = context.spec.database
    if database is None or not database.enabled or database.x509_login is None:
        return []
    if database.verify_client_certs is True:
        return []
    state = (
        "`verify_client_certs = false`"
        if database.verify_client_certs is False
        else "no `verify_client_certs = true`"
    )
    return [
        finding(
            OPTIONAL_CLIENT_CERT,
            f"x509_login with {state}: the client certificate stays optional and clients "
            "still log in with passwords",
            context.locate.span("database", "x509_login"),
            key="database.x509_login",
            label="client certificate optional",
            hint="add `verify_client_certs = true` to [database]",
        )
    ]


def disabled_database(context: LintContext) -> list[Finding]:
    database = context.spec.database
    if database is None or database.enabled:
        return []
    settings = [name for name in context.locate.keys("database") if name != "enabled"]
    if not settings:
        return [
            finding(
                DATABASE_TLS_OFF,
                "[database] is disabled: SQL, ISAM and CTDB connections are not encrypted "
                "(compile keeps the SSL block of ctsrvr.cfg commented out)",
                context.locate.span("database", "enabled"),
                key="database.enabled",
                label="database TLS off",
                hint="remove `enabled = false` once the server has a certificate",
            )
        ]
    return [
        finding(
            DISABLED_DATABASE,
            "[database] is disabled: SQL, ISAM and CTDB connections are not encrypted and "
            f"{', '.join(f'`{name}`' for name in settings)} "
            f"{'has' if len(settings) == 1 else 'have'} no effect",
            context.locate.span("database", "enabled"),
            key="database.enabled",
            label="TLS block disabled",
            hint="remove `enabled = false`, or the settings that do nothing",
        )
    ]


CHECKS: tuple[Callable[[LintContext], list[Finding]], ...] = (
    plain_database,
    plain_twins,
    anonymous_mqtt,
    shared_memory,
    debug_log,
    optional_client_cert,
    disabled_database,
    no_tls_listener,
    plain_mqtt_passwords,
    anonymous_plain_mqtt,
)


def check(context: LintContext) -> list[Finding]:
    """Every configuration finding of one lowered spec."""
    return [found for check_one in CHECKS for found in check_one(context)]
