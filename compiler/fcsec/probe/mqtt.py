"""An MQTT round trip over TLS with paho-mqtt: connect, subscribe, publish, receive, disconnect.

The flow of the FairCom guide's paho script, driven step by step with bounded waits instead of
sleeps. Each failure is named by one of a few fixed reasons (``Reason``) with the detail the TLS
library or the broker gave. paho-mqtt is imported only here, when a round trip runs.
"""

from __future__ import annotations

import enum
import secrets
import ssl
import time
from collections.abc import Callable
from typing import Any

import attrs

from fcsec.probe.target import Scheme, Target

DEFAULT_TOPIC = "fcsec/probe"
# CONNACK return codes (MQTT 3.1.1) and reason codes (MQTT 5) that mean "who you are is not
# allowed": bad user name or password, not authorized.
_NOT_AUTHORIZED = frozenset({4, 5, 134, 135})
_TICK = 0.05


class Reason(enum.Enum):
    CANNOT_CONNECT = "cannot connect"
    HANDSHAKE_FAILED = "handshake failed"
    CERTIFICATE_REQUIRED = "certificate required"
    NOT_AUTHORIZED = "not authorized"
    TIMEOUT = "timeout"
    CONNECTION_CLOSED = "connection closed"


class MissingPaho(Exception):
    """paho-mqtt is not installed."""


@attrs.frozen(kw_only=True)
class RoundTrip:
    steps: tuple[str, ...]
    reason: Reason | None = None
    detail: str | None = None
    verified: bool = False

    @property
    def ok(self) -> bool:
        return self.reason is None


@attrs.define
class _State:
    """What the callbacks saw; mutable, owned by one round trip."""

    connack: int | None = None
    suback_failed: bool | None = None
    received: bool = False
    disconnected: bool = False
    errors: list[str] = attrs.field(factory=list)


def _context(ca: str | None, cert: str | None, key: str | None) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca is not None:
        context.load_verify_locations(cafile=ca)
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if cert is not None:
        context.load_cert_chain(certfile=cert, keyfile=key)
    return context


def _tls_reason(error: ssl.SSLError, had_cert: bool) -> tuple[Reason, str]:
    text = str(error.reason or error)
    if "CERTIFICATE_REQUIRED" in text.upper():
        return Reason.CERTIFICATE_REQUIRED, "the server requires a client certificate"
    if isinstance(error, ssl.SSLCertVerificationError):
        return (
            Reason.HANDSHAKE_FAILED,
            f"the server's certificate does not verify: {error.verify_message}",
        )
    if not had_cert and "HANDSHAKE_FAILURE" in text.upper():
        return Reason.HANDSHAKE_FAILED, f"{text} (the server may require a client certificate)"
    return Reason.HANDSHAKE_FAILED, text


@attrs.frozen(kw_only=True)
class Options:
    ca: str | None = None
    cert: str | None = None
    key: str | None = None
    timeout: float = 10.0
    topic: str = DEFAULT_TOPIC


def _client(target: Target, options: Options, state: _State) -> Any:
    try:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion
    except ImportError:
        raise MissingPaho() from None

    client = mqtt.Client(
        CallbackAPIVersion.VERSION2,
        client_id=f"fcsec-probe-{secrets.token_hex(6)}",
        transport="websockets" if target.scheme is Scheme.MQTTWSS else "tcp",
        protocol=mqtt.MQTTv311,
    )
    client.tls_set_context(_context(options.ca, options.cert, options.key))
    if options.ca is None:
        client.tls_insecure_set(True)
    if target.scheme is Scheme.MQTTWSS:
        client.ws_set_options(path=target.path)
    client.connect_timeout = options.timeout

    def on_connect(_c: Any, _u: Any, _f: Any, code: Any, _p: Any) -> None:
        state.connack = int(code.value)

    def on_subscribe(_c: Any, _u: Any, _m: Any, codes: Any, _p: Any) -> None:
        state.suback_failed = any(code.is_failure for code in codes)

    def on_disconnect(_c: Any, _u: Any, _f: Any, _code: Any, _p: Any) -> None:
        state.disconnected = True

    def on_log(_c: Any, _u: Any, level: int, text: str) -> None:
        if level == mqtt.MQTT_LOG_ERR:
            state.errors.append(text)

    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_disconnect = on_disconnect
    client.on_log = on_log
    return client


def _wait(client: Any, state: _State, deadline: float, done: Callable[[], bool]) -> bool:
    """Run paho's loop until ``done()``, the connection drops, or the deadline; True if done."""
    while time.monotonic() < deadline:
        if done():
            return True
        if state.disconnected:
            return False
        code = client.loop(timeout=_TICK)
        if code != 0 and not done():
            state.disconnected = True
            return False
    return done()


def _lost(state: _State, had_cert: bool, waiting_for: str) -> tuple[Reason, str]:
    for text in state.errors:
        if "certificate required" in text.lower():
            return Reason.CERTIFICATE_REQUIRED, "the server requires a client certificate"
    for text in state.errors:
        if "alert" in text.lower():
            return Reason.HANDSHAKE_FAILED, text
    hint = "" if had_cert else " (the server may require a client certificate)"
    return Reason.CONNECTION_CLOSED, f"the server closed the connection before {waiting_for}{hint}"


def round_trip(target: Target, options: Options) -> RoundTrip:
    """Connect, subscribe, publish, receive and disconnect; the first failure ends the trip.

    Raises MissingPaho when paho-mqtt is not installed.
    """
    state = _State()
    client = _client(target, options, state)
    had_cert = options.cert is not None
    payload = secrets.token_hex(16).encode("ascii")
    steps: list[str] = []
    verified = options.ca is not None

    def failed(reason: Reason, detail: str) -> RoundTrip:
        return RoundTrip(steps=tuple(steps), reason=reason, detail=detail, verified=verified)

    def on_message(_c: Any, _u: Any, message: Any) -> None:
        if message.topic == options.topic and message.payload == payload:
            state.received = True

    client.on_message = on_message
    deadline = time.monotonic() + options.timeout
    try:
        client.connect(target.host, target.port, keepalive=max(10, int(options.timeout) * 2))
    except ssl.SSLError as error:
        return failed(*_tls_reason(error, had_cert))
    except TimeoutError:
        return failed(Reason.TIMEOUT, f"no TLS connection within {options.timeout:g} s")
    except OSError as error:
        if type(error).__name__ == "WebsocketConnectionError":  # paho's, an OSError
            return failed(Reason.HANDSHAKE_FAILED, f"the WebSocket upgrade failed: {error}")
        return failed(Reason.CANNOT_CONNECT, error.strerror or str(error))
    steps.append("TLS connection")
    try:
        if not _wait(client, state, deadline, lambda: state.connack is not None):
            if state.disconnected:
                return failed(*_lost(state, had_cert, "its CONNACK"))
            return failed(Reason.TIMEOUT, f"no CONNACK within {options.timeout:g} s")
        if state.connack != 0:
            refused = f"the broker refused the connection (CONNACK code {state.connack})"
            if state.connack in _NOT_AUTHORIZED:
                return failed(Reason.NOT_AUTHORIZED, refused)
            return failed(Reason.CONNECTION_CLOSED, refused)
        steps.append("CONNACK accepted")
        client.subscribe(options.topic, qos=1)
        if not _wait(client, state, deadline, lambda: state.suback_failed is not None):
            if state.disconnected:
                return failed(*_lost(state, had_cert, "its SUBACK"))
            return failed(Reason.TIMEOUT, f"no SUBACK within {options.timeout:g} s")
        if state.suback_failed:
            return failed(
                Reason.NOT_AUTHORIZED, f"the broker refused the subscription to {options.topic}"
            )
        steps.append(f"subscribed to {options.topic}")
        client.publish(options.topic, payload, qos=1)
        steps.append("published")
        if not _wait(client, state, deadline, lambda: state.received):
            if state.disconnected:
                return failed(*_lost(state, had_cert, "the message came back"))
            return failed(
                Reason.TIMEOUT,
                f"the published message did not come back within {options.timeout:g} s "
                "(is this client allowed to publish and subscribe to the topic?)",
            )
        steps.append("received the message")
        client.disconnect()
        _wait(
            client, state, time.monotonic() + min(2.0, options.timeout), lambda: state.disconnected
        )
        steps.append("disconnected")
        return RoundTrip(steps=tuple(steps), verified=verified)
    finally:
        if not state.disconnected:
            client.disconnect()
        sock = client.socket()
        if sock is not None:
            sock.close()
