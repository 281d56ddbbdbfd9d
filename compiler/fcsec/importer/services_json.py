"""The reader of services.json: the listeners and MQTT methods a spec can manage unchanged.

``services_facts`` reads the listeners (their serviceName, protocol, port, ``enabled``,
description and ``tls`` object) and ``mqtt.authenticationMethods``. The protocols and methods
fcsec knows are those of the IR (``fcsec.ir.nodes``), the members it owns those of the
services.json plan (``fcsec.services.plan``). A part that fcsec could not manage without
changing a byte is left out with a warning (FCS801), the rest becomes ``ServicesFacts``.
"""

from __future__ import annotations

from collections import Counter

from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic
from fcsec.importer.facts import (
    ListenerFacts,
    ServicesFacts,
    Skip,
    TlsFacts,
    speakable,
    unreadable,
)
from fcsec.ir.nodes import AuthMethod, Protocol
from fcsec.rule_ids import IMPORT_LEFT_OUT
from fcsec.services.plan import CERTIFICATE_KEYS, LISTENER_KEYS, TLS_KEYS
from fcsec.services.scan import ArrayNode, MemberNode, Node, ObjectNode, ScalarNode, kind_of, scan
from fcsec.source import SourceFile, Span

PROTOCOLS = tuple(protocol.value for protocol in Protocol)
TLS_PROTOCOLS = tuple(protocol.value for protocol in Protocol if protocol.uses_tls)
METHODS = tuple(method.value for method in AuthMethod)


class _ServicesReader:
    def __init__(self, source: SourceFile) -> None:
        self.source = source

    def span(self, node: Node | MemberNode) -> Span:
        return self.source.span(node.start, node.end)

    def key_span(self, member: MemberNode) -> Span:
        return self.source.span(member.key_start, member.key_end)

    def one(self, item: ObjectNode, key: str, what: str) -> MemberNode | None:
        members = item.members_named(key)
        if len(members) > 1:
            raise Skip(
                f"{what} has `{key}` {len(members)} times; fcsec would keep the first and drop "
                "the others",
                self.key_span(members[1]),
                "delete the extra members (JSON readers take the last one), then import again",
            )
        return members[0] if members else None

    def string(self, member: MemberNode, what: str, *, check: bool = True) -> str:
        node = member.value
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
            raise Skip(
                f"{what}: `{member.key}` is {kind_of(node)}, not a string",
                self.span(node),
            )
        if check and not speakable(node.value):
            raise Skip(
                f"{what}: `{member.key}` is empty or holds a control character, which a spec "
                "cannot name",
                self.span(node),
            )
        return node.value

    def listener(self, item: ObjectNode, name: str) -> ListenerFacts:
        what = f"listener `{name}`"
        for key in LISTENER_KEYS:
            self.one(item, key, what)
        protocol_member = self.one(item, "protocol", what)
        if protocol_member is None:
            raise Skip(f"{what} has no `protocol`", self.span(item))
        protocol = self.string(protocol_member, what)
        if protocol not in PROTOCOLS:
            raise Skip(
                f"{what}: protocol `{protocol}` is not one fcsec knows",
                self.span(protocol_member.value),
                f"fcsec knows {', '.join(PROTOCOLS)}",
            )
        port = self._port(item, what)
        enabled_member = self.one(item, "enabled", what)
        if enabled_member is None:
            raise Skip(
                f"{what} has no `enabled` member; fcsec always writes one",
                self.span(item),
                'add `"enabled": true` (the server\'s reading) to the listener, then import again',
            )
        enabled = enabled_member.value
        if not isinstance(enabled, ScalarNode) or not isinstance(enabled.value, bool):
            raise Skip(
                f"{what}: `enabled` is {kind_of(enabled)}, not true or false", self.span(enabled)
            )
        description_member = self.one(item, "description", what)
        if description_member is None:
            raise Skip(
                f"{what} has no `description`; fcsec always writes one",
                self.span(item),
                "add a description to the listener, then import again",
            )
        description = self.string(description_member, what, check=False)
        tls_member = self.one(item, "tls", what)
        tls: TlsFacts | None = None
        if protocol in TLS_PROTOCOLS:
            if tls_member is None:
                raise Skip(f"{what} uses {protocol} but has no `tls` object", self.span(item))
            tls = self._tls(tls_member, what)
        elif tls_member is not None:
            raise Skip(
                f"{what} uses the plain protocol {protocol} and has a `tls` member, which fcsec "
                "would remove",
                self.key_span(tls_member),
            )
        return ListenerFacts(
            name=name,
            protocol=protocol,
            port=port,
            enabled=enabled.value,
            description=description,
            tls=tls,
            span=self.span(item),
        )

    def _port(self, item: ObjectNode, what: str) -> int:
        member = self.one(item, "port", what)
        if member is None:
            raise Skip(f"{what} has no `port`", self.span(item))
        node = member.value
        value = node.value if isinstance(node, ScalarNode) else None
        if type(value) is not int or not 1 <= value <= 65535:
            raise Skip(
                f"{what}: port {self.source.text[node.start : node.end]} is not a TCP port "
                "written as a whole number",
                self.span(node),
            )
        return value

    def _tls(self, member: MemberNode, what: str) -> TlsFacts:
        node = member.value
        if not isinstance(node, ObjectNode):
            raise Skip(f"{what}: `tls` is {kind_of(node)}, not an object", self.span(node))
        for key in TLS_KEYS:
            self.one(node, key, what)
        spelled = [key for key in CERTIFICATE_KEYS if node.members_named(key)]
        if len(spelled) != 1:
            raise Skip(
                f"{what}: `tls` names its certificate "
                + ("under both spellings" if spelled else "under neither spelling")
                + " (certificateFilename, serverCertificateFilename)",
                self.span(node),
            )
        cert = node.members_named(spelled[0])[0]

        def optional(key: str) -> str | None:
            found = node.members_named(key)
            return self.string(found[0], what) if found else None

        return TlsFacts(
            cert_key=spelled[0],
            cert_file=self.string(cert, what),
            private_key=optional("privateKeyFilename"),
            client_ca=optional("certificateAuthoritiesFilename"),
            suites=self._suites(node, what),
            client_cert=optional("clientCertificateFilename"),
            span=self.span(node),
        )

    def _suites(self, node: ObjectNode, what: str) -> tuple[str, ...] | None:
        found = node.members_named("allowedCipherSuites")
        if not found:
            return None
        value = found[0].value
        if not isinstance(value, ArrayNode) or not all(
            isinstance(item, ScalarNode) and isinstance(item.value, str) for item in value.items
        ):
            raise Skip(
                f"{what}: `allowedCipherSuites` is {kind_of(value)}; fcsec writes a list of "
                "suite names",
                self.span(value),
            )
        return tuple(str(item.value) for item in value.items if isinstance(item, ScalarNode))

    def methods(self, root: ObjectNode) -> tuple[tuple[str, ...] | None, Span | None]:
        sections = root.members_named("mqtt")
        if not sections:
            return None, None
        if len(sections) > 1:
            raise Skip("services.json has `mqtt` more than once", self.key_span(sections[1]))
        mqtt = sections[0].value
        if not isinstance(mqtt, ObjectNode):
            raise Skip(f"`mqtt` is {kind_of(mqtt)}, not an object", self.span(mqtt))
        member = self.one(mqtt, "authenticationMethods", "`mqtt`")
        if member is None:
            return None, None
        value = member.value
        names: list[str] = []
        if isinstance(value, ArrayNode):
            for element in value.items:
                if not isinstance(element, ScalarNode) or element.value not in METHODS:
                    raise Skip(
                        "`mqtt.authenticationMethods` holds "
                        f"{self.source.text[element.start : element.end]}, not one of "
                        f"{', '.join(METHODS)}",
                        self.span(element),
                    )
                names.append(str(element.value))
        else:
            raise Skip(
                f"`mqtt.authenticationMethods` is {kind_of(value)}, not an array", self.span(value)
            )
        repeated = [name for name, count in Counter(names).items() if count > 1]
        if repeated:
            raise Skip(
                f"`mqtt.authenticationMethods` lists `{repeated[0]}` twice; fcsec writes each "
                "method once",
                self.span(value),
            )
        return tuple(names), self.span(member)


def services_facts(source: SourceFile) -> ServicesFacts:
    """The listeners and MQTT methods of services.json that a spec can manage unchanged."""
    try:
        root = scan(source)
    except DiagnosticError as failure:
        return ServicesFacts(notes=unreadable(failure, "services.json"))
    reader = _ServicesReader(source)
    notes: list[Diagnostic] = []
    if not isinstance(root, ObjectNode):
        notes.append(
            diagnostic(
                IMPORT_LEFT_OUT,
                f"services.json holds {kind_of(root)}, not an object; nothing of it is imported",
                reader.span(root),
            )
        )
        return ServicesFacts(notes=tuple(notes))
    listeners = _listeners(reader, root, notes)
    try:
        methods, methods_span = reader.methods(root)
    except Skip as skip:
        notes.append(skip.diagnostic)
        methods, methods_span = None, None
    return ServicesFacts(
        listeners=listeners, methods=methods, methods_span=methods_span, notes=tuple(notes)
    )


def _listeners(
    reader: _ServicesReader, root: ObjectNode, notes: list[Diagnostic]
) -> tuple[ListenerFacts, ...]:
    sections = root.members_named("listeners")
    if not sections:
        return ()
    whole = sections[0].value
    problem: Skip | None = None
    if len(sections) > 1:
        problem = Skip(
            "services.json has `listeners` more than once; no listener is imported",
            reader.key_span(sections[1]),
        )
    elif not isinstance(whole, ArrayNode):
        problem = Skip(
            f"`listeners` is {kind_of(whole)}, not an array; no listener is imported",
            reader.span(whole),
        )
    else:
        odd = next((item for item in whole.items if not isinstance(item, ObjectNode)), None)
        if odd is not None:
            problem = Skip(
                f"`listeners` holds {kind_of(odd)}; fcsec edits the listeners only when every "
                "element is an object, so no listener is imported",
                reader.span(odd),
            )
    if problem is not None:
        notes.append(problem.diagnostic)
        return ()
    assert isinstance(whole, ArrayNode)
    named: list[tuple[str, ObjectNode]] = []
    for item in whole.items:
        assert isinstance(item, ObjectNode)
        name = _service_name(reader, item, notes)
        if name is not None:
            named.append((name, item))
    counts = Counter(name for name, _ in named)
    out: list[ListenerFacts] = []
    for name, item in named:
        if counts[name] > 1:
            notes.append(
                diagnostic(
                    IMPORT_LEFT_OUT,
                    f"{counts[name]} listeners are named `{name}`; none of them is imported",
                    reader.span(item),
                    hint="rename one of them, then import again",
                )
            )
            continue
        try:
            out.append(reader.listener(item, name))
        except Skip as skip:
            notes.append(skip.diagnostic)
    return tuple(out)


def _service_name(reader: _ServicesReader, item: ObjectNode, notes: list[Diagnostic]) -> str | None:
    members = item.members_named("serviceName")
    value = members[-1].value if members else None
    if not isinstance(value, ScalarNode) or not isinstance(value.value, str):
        notes.append(
            diagnostic(
                IMPORT_LEFT_OUT,
                "a listener without a `serviceName` string is not imported",
                reader.span(item),
            )
        )
        return None
    if not speakable(value.value):
        notes.append(
            diagnostic(
                IMPORT_LEFT_OUT,
                "a listener whose serviceName is empty or holds a "
                "control character is not imported",
                reader.span(value),
            )
        )
        return None
    return value.value
