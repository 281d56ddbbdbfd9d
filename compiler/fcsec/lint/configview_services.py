"""Reading one services.json text: its listeners and ``mqtt.authenticationMethods``.

Lenient where the editor is strict: it reads what the server would read. Every part points at
its place in the text; ``fcsec.lint.configview_managed`` moves managed ones to the spec.
"""

from __future__ import annotations

from typing import Final

from fcsec.lint.configview_parts import ListenerPart, MethodsPart, Named
from fcsec.record import Record
from fcsec.services.scan import ArrayNode, MemberNode, Node, ObjectNode, ScalarNode, scan
from fcsec.source import SourceFile, Span

__all__ = ["CERT_KEYS", "ServicesParts", "read_services", "split_names"]

CERT_KEYS = ("certificateFilename", "serverCertificateFilename")


def _member(node: ObjectNode, key: str) -> MemberNode | None:
    found = node.members_named(key)
    return found[-1] if found else None  # json.loads keeps the last duplicate


def _string(node: Node | None) -> str | None:
    if isinstance(node, ScalarNode) and isinstance(node.value, str):
        return node.value
    return None


def _span(source: SourceFile, node: Node | MemberNode | None) -> Span | None:
    return None if node is None else source.span(node.start, node.end)


def _port(node: Node | None) -> int | None:
    if isinstance(node, ScalarNode):
        value = node.value
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().isdigit():
            return int(value)
    return None


def _suites(source: SourceFile, node: Node | None) -> tuple[Named, ...] | None:
    if isinstance(node, ArrayNode):
        return tuple(
            Named(value=item.value, span=_span(source, item))
            for item in node.items
            if isinstance(item, ScalarNode) and isinstance(item.value, str) and item.value
        )
    text = _string(node)
    if text is None or node is None:
        return None
    raw = source.text[node.start + 1 : node.end - 1]
    return split_names(text, source, node.start + 1 if raw == text else None, node)


def split_names(
    text: str, source: SourceFile | None, start: int | None, whole: Node | None = None
) -> tuple[Named, ...]:
    """The names of a ``:``/``,``/space separated cipher list, each with its own span when the
    text is written without escapes at ``start`` of ``source``."""
    names: list[Named] = []
    position = 0
    for part in text.replace(",", ":").replace(" ", ":").split(":"):
        if part:
            span: Span | None = None
            if source is not None and start is not None:
                span = source.span(start + position, start + position + len(part))
            elif source is not None and whole is not None:
                span = _span(source, whole)
            names.append(Named(value=part, span=span))
        position += len(part) + 1
    return tuple(names)


def _listener(source: SourceFile, item: ObjectNode, index: int) -> ListenerPart:
    name_node = _member(item, "serviceName")
    name = _string(name_node.value if name_node else None) or f"listeners[{index}]"
    protocol = (_string(_value(item, "protocol")) or "").lower()
    enabled_member = _member(item, "enabled")
    enabled_value = enabled_member.value if enabled_member is not None else None
    enabled = not (isinstance(enabled_value, ScalarNode) and enabled_value.value is False)
    tls_member = _member(item, "tls")
    tls = tls_member.value if tls_member is not None else None
    cert = client_ca = None
    suites = None
    if isinstance(tls, ObjectNode):
        cert = next(
            (text for key in CERT_KEYS if (text := _string(_value(tls, key))) and text.strip()),
            None,
        )
        client_ca = _string(_value(tls, "certificateAuthoritiesFilename")) or None
        suites = _suites(source, _value(tls, "allowedCipherSuites"))
    port_member = _member(item, "port")
    return ListenerPart(
        name=name,
        protocol=protocol,
        port=_port(port_member.value if port_member else None),
        enabled=enabled,
        enabled_written=enabled_member is not None,
        cert=cert,
        client_ca=client_ca,
        suites=suites,
        span=_span(source, name_node.value if name_node else item),
        enabled_span=_span(source, enabled_member) or _span(source, name_node or item),
        port_span=_span(source, port_member) or _span(source, name_node or item),
        tls_span=_span(source, tls_member) or _span(source, name_node or item),
    )


def _value(node: ObjectNode, key: str) -> Node | None:
    member = _member(node, key)
    return None if member is None else member.value


class ServicesParts(Record):
    """What one services.json text says about listeners and MQTT login."""

    __slots__ = ("listeners", "methods")
    _compared = ("listeners", "methods")

    def __init__(self, *, listeners: tuple[ListenerPart, ...], methods: MethodsPart | None) -> None:
        self.listeners: Final = listeners
        self.methods: Final = methods


def read_services(source: SourceFile) -> ServicesParts:
    """The listeners and MQTT methods of one services.json text; raises DiagnosticError (FCS301)
    when it is not JSON."""
    root = scan(source)
    listeners: list[ListenerPart] = []
    methods: MethodsPart | None = None
    if not isinstance(root, ObjectNode):
        return ServicesParts(listeners=(), methods=None)
    array = _value(root, "listeners")
    if isinstance(array, ArrayNode):
        listeners = [
            _listener(source, item, index)
            for index, item in enumerate(array.items)
            if isinstance(item, ObjectNode)
        ]
    mqtt = _value(root, "mqtt")
    if isinstance(mqtt, ObjectNode):
        member = _member(mqtt, "authenticationMethods")
        if member is not None and isinstance(member.value, ArrayNode):
            methods = MethodsPart(
                methods=tuple(
                    Named(value=item.value, span=_span(source, item))
                    for item in member.value.items
                    if isinstance(item, ScalarNode) and isinstance(item.value, str)
                ),
                span=_span(source, member),
            )
    return ServicesParts(listeners=tuple(listeners), methods=methods)
