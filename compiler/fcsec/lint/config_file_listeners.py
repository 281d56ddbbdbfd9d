"""The config-file rules of services.json: its listeners and MQTT login.

Plain listeners beside TLS ones (FCS602, FCS609, FCS610), anonymous MQTT login (FCS603,
FCS611), TLS without a certificate (FCS615) and one port for two listeners (FCS616), over every
listener of the file after compile, unmanaged ones included.
"""

from __future__ import annotations

from collections.abc import Iterable

from fcsec.diagnostics import Related
from fcsec.lint.config_file_context import FileRules, Found, make_found, part_key, related_to
from fcsec.lint.configview_parts import ListenerPart, MethodsPart
from fcsec.rule_ids import (
    ANONYMOUS_MQTT,
    ANONYMOUS_PLAIN_MQTT,
    NO_TLS_LISTENER,
    PLAIN_MQTT_PASSWORDS,
    PLAIN_TWIN,
    SHARED_PORT,
    TLS_WITHOUT_CERT_FILE,
)

__all__ = [
    "anonymous_mqtt",
    "anonymous_plain_mqtt",
    "no_certificate",
    "no_tls_listener",
    "plain_mqtt_passwords",
    "plain_twins",
    "shared_ports",
]

_TWIN = {"http": "https", "mqtt": "mqtts", "mqttws": "mqttwss"}
_PLAIN_MQTT = ("mqtt", "mqttws")
_TLS_MQTT = ("mqtts", "mqttwss")


def plain_twins(rules: FileRules) -> Iterable[Found]:
    on = [listener for listener in rules.listeners() if listener.enabled]
    for plain in on:
        twin_protocol = _TWIN.get(plain.protocol)
        twin = next((other for other in on if other.protocol == twin_protocol), None)
        if twin is None:
            continue
        yield make_found(
            PLAIN_TWIN,
            f"{plain.where} is enabled beside its TLS twin {twin.where}: clients can still "
            "connect without encryption",
            plain.enabled_span,
            (plain, twin),
            key=part_key(plain, f"listeners.{plain.name}.enabled"),
            label="plain listener on",
            hint=rules.file_hint(plain, 'set `"enabled": false`', "`enabled = false`"),
            related=related_to(twin.span, f"{twin.name} is on"),
        )


def no_tls_listener(rules: FileRules) -> Iterable[Found]:
    listeners = rules.listeners()
    secure = [listener for listener in listeners if listener.uses_tls]
    plain_on = [listener for listener in listeners if not listener.uses_tls and listener.enabled]
    if not plain_on or any(listener.enabled for listener in secure):
        return
    names = ", ".join(f"`{listener.name}`" for listener in plain_on)
    verb = "is" if len(plain_on) == 1 else "are"
    if secure:
        first = secure[0]
        message = f"every TLS listener is disabled while {names} {verb} on"
        span, label = first.enabled_span, "TLS listener off"
        hint = f"enable `{first.name}`, or disable the plain listeners"
    else:
        first = plain_on[0]
        message = f"services.json has no TLS listener while {names} {verb} on"
        span, label = first.span, "no TLS listener"
        hint = "add an https, mqtts or mqttwss listener to the spec, or disable these"
    yield make_found(
        NO_TLS_LISTENER,
        f"{message}: the app server speaks only plain text",
        span,
        (*secure, *plain_on),
        key=part_key(first, "listeners:no-tls"),
        label=label,
        hint=hint,
        related=tuple(
            Related(span=listener.span, message=f"{listener.name} is on")
            for listener in plain_on
            if listener.span is not None and listener is not first
        ),
    )


def plain_mqtt_passwords(rules: FileRules) -> Iterable[Found]:
    methods = rules.methods()
    password = methods.find("password") if methods is not None else None
    if methods is None or password is None:
        return
    for listener in rules.listeners():
        if listener.protocol not in _PLAIN_MQTT or not listener.enabled:
            continue
        yield make_found(
            PLAIN_MQTT_PASSWORDS,
            f'{listener.where} is enabled and mqtt.authenticationMethods includes "password": '
            "passwords cross the network in clear text",
            listener.enabled_span,
            (listener, methods),
            key=part_key(listener, f"listeners.{listener.name}:password"),
            label="passwords in clear text",
            hint=rules.file_hint(
                listener,
                'set `"enabled": false`',
                f"`enabled = false`, and use {_TWIN[listener.protocol]}",
            ),
            related=related_to(password.span, "mqtt.authenticationMethods"),
        )


def anonymous_mqtt(rules: FileRules) -> Iterable[Found]:
    methods = rules.methods()
    none = methods.find("none") if methods is not None else None
    if methods is None or none is None:
        return
    for listener in rules.listeners():
        if listener.protocol not in _TLS_MQTT or not listener.enabled:
            continue
        if listener.client_ca is not None:
            continue
        yield make_found(
            ANONYMOUS_MQTT,
            f"{listener.where} asks for no client certificate and "
            'mqtt.authenticationMethods includes "none": anyone who reaches it can connect '
            "without credentials",
            none.span,
            (listener, methods),
            key=part_key(methods, f"mqtt.authentication:none:{listener.name}"),
            label="anonymous login",
            hint=_methods_hint(methods, rules.with_spec),
            related=related_to(listener.span, listener.name),
        )


def anonymous_plain_mqtt(rules: FileRules) -> Iterable[Found]:
    methods = rules.methods()
    none = methods.find("none") if methods is not None else None
    if methods is None or none is None:
        return
    plain = [
        listener
        for listener in rules.listeners()
        if listener.protocol in _PLAIN_MQTT and listener.enabled
    ]
    if not plain:
        return
    names = ", ".join(listener.where for listener in plain)
    yield make_found(
        ANONYMOUS_PLAIN_MQTT,
        'mqtt.authenticationMethods includes "none" while plain MQTT is on: anyone who '
        f"reaches {names} can connect without credentials and without encryption",
        none.span,
        (methods, *plain),
        key=part_key(methods, "mqtt.authentication:none:plain"),
        label="anonymous login in clear text",
        hint=_methods_hint(methods, rules.with_spec) + ", and disable the plain listeners",
        related=tuple(
            Related(span=listener.span, message=f"{listener.name} is on")
            for listener in plain
            if listener.span is not None
        ),
    )


def no_certificate(rules: FileRules) -> Iterable[Found]:
    for listener in rules.listeners():
        if not listener.uses_tls or not listener.enabled or listener.cert is not None:
            continue
        yield make_found(
            TLS_WITHOUT_CERT_FILE,
            f"{listener.where} uses TLS but names no certificate file (certificateFilename "
            "or serverCertificateFilename): the server falls back to its documented default "
            "./web/fccert.pem, the self-signed certificate shipped with every install",
            listener.tls_span,
            (listener,),
            key=part_key(listener, f"listeners.{listener.name}.tls"),
            label="no certificate",
            hint=rules.file_hint(
                listener, "name your certificate file in `tls`", '`tls.cert = "NAME"`'
            ),
        )


def shared_ports(rules: FileRules) -> Iterable[Found]:
    first_on: dict[int, ListenerPart] = {}
    for listener in rules.listeners():
        if not listener.enabled or listener.port is None:
            continue
        other = first_on.setdefault(listener.port, listener)
        if other is listener or other.name == listener.name:
            continue
        yield make_found(
            SHARED_PORT,
            f"{listener.where} and {other.where} are both enabled on port {listener.port}: "
            "only one of them can listen there",
            listener.port_span,
            (listener, other),
            key=part_key(listener, f"listeners.{listener.name}.port:{listener.port}"),
            label=f"also used by {other.name}",
            hint="give one of them another port, or disable one",
            related=related_to(other.port_span, f"{other.name} uses port {listener.port}"),
        )


def _methods_hint(methods: MethodsPart, with_spec: bool) -> str:
    if methods.managed:
        return 'remove "none" from mqtt.authentication'
    if with_spec:
        return (
            'remove "none" from authenticationMethods in services.json, or set '
            "[mqtt] authentication in the spec so compile manages it"
        )
    return 'remove "none" from mqtt.authenticationMethods in services.json'
