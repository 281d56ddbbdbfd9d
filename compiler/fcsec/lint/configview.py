"""What the server will read after compile: listeners, MQTT login methods and database TLS.

``read_effective`` reads the text of services.json and ctsrvr.cfg as they will be after
``fcsec compile`` (or as they are, for an audit without a spec) and keeps, for every part, the
place a finding should point at: the spec setting that writes a managed part, the line of the
current config file for every other part (unmanaged parts are byte-identical before and after
compile, so their place in the file on disk is exact).

The reader is lenient where the editors are strict: it reads what the server would read and
never refuses a part because fcsec could not manage it. It never judges a setting (the rules in
``fcsec.lint.config_file_rules`` do) and never reads the file system.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from fcsec.cfg.cst import Block, Entry, key_of
from fcsec.cfg.edit import ssl_document
from fcsec.cfg.model import BlockView, view
from fcsec.diagnostics import Diagnostic, DiagnosticError
from fcsec.lint.locate import Locator
from fcsec.services.scan import ArrayNode, MemberNode, Node, ObjectNode, ScalarNode, scan
from fcsec.source import SourceFile, Span

if TYPE_CHECKING:
    from fcsec.api import Output

SERVICES_JSON = "services.json"
CTSRVR_CFG = "ctsrvr.cfg"
CERT_KEYS = ("certificateFilename", "serverCertificateFilename")
TLS_PROTOCOLS = frozenset({"https", "mqtts", "mqttwss"})
SSL_CLASS = "COMM_PROTOCOL"
SSL_NAME = "SSL"

#: The spec setting that writes each keyword of the SSL block (where a managed finding points).
_SPEC_KEY = {
    "SERVER_CERTIFICATE_FILE": "cert",
    "SERVER_PRIVATE_KEY_FILE": "cert",
    "SERVER_ENCRYPTED_STORE_FILE": "cert",
    "DEBUG_LOG": "debug_log",
    "SSL_CONNECTIONS_ONLY": "tls_only",
    "VERIFY_CLIENT_CERTIFICATE": "verify_client_certs",
    "X509_AUTHENTICATION": "x509_login",
    "X509_PATH": "x509_login",
    "X509_PREFIX": "x509_login",
    "X509_DELIMITER": "x509_login",
    "X509_REQUIREMENT_PATH": "x509_login",
    "X509_REQUIREMENT": "x509_login",
    "SSL_CIPHERS": "ciphers",
}


@attrs.frozen(kw_only=True)
class Named:
    """A string value with the place it is written (a suite name, an MQTT method)."""

    value: str
    span: Span | None = attrs.field(default=None, eq=False)


@attrs.frozen(kw_only=True)
class ListenerPart:
    """One listener of services.json as the server reads it."""

    name: str
    protocol: str
    port: int | None
    enabled: bool
    #: Whether the file says ``enabled`` at all (an absent member is read as on).
    enabled_written: bool
    cert: str | None = None
    client_ca: str | None = None
    #: ``allowedCipherSuites`` split into names; None when the listener has none.
    suites: tuple[Named, ...] | None = None
    #: True when the spec names this listener: compile writes it.
    managed: bool = False
    span: Span | None = attrs.field(default=None, eq=False)
    enabled_span: Span | None = attrs.field(default=None, eq=False)
    port_span: Span | None = attrs.field(default=None, eq=False)
    tls_span: Span | None = attrs.field(default=None, eq=False)

    @property
    def uses_tls(self) -> bool:
        return self.protocol in TLS_PROTOCOLS

    @property
    def where(self) -> str:
        """How a message names it: ``listener `mqtt1883` (mqtt, port 1883)``."""
        port = f", port {self.port}" if self.port is not None else ""
        unsaid = "" if self.enabled_written else ", no `enabled`: read as on"
        return f"listener `{self.name}` ({self.protocol or 'no protocol'}{port}{unsaid})"


@attrs.frozen(kw_only=True)
class MethodsPart:
    """``mqtt.authenticationMethods``."""

    methods: tuple[Named, ...]
    managed: bool = False
    span: Span | None = attrs.field(default=None, eq=False)

    def find(self, method: str) -> Named | None:
        return next((named for named in self.methods if named.value == method), None)


@attrs.frozen(kw_only=True)
class SettingPart:
    """One active ``KEYWORD value`` line (of the SSL block or the top level)."""

    keyword: str
    value: str
    span: Span | None = attrs.field(default=None, eq=False)
    #: Where the value starts in the file (for spans of its parts); None for a managed line.
    value_start: int | None = attrs.field(default=None, eq=False)

    @property
    def key(self) -> str:
        return key_of(self.keyword)


@attrs.frozen(kw_only=True)
class DatabasePart:
    """The ``SUBSYSTEM COMM_PROTOCOL SSL`` block and the protocols around it."""

    #: False when ctsrvr.cfg has no SSL block (enabled or not).
    block_found: bool
    enabled: bool
    #: True when the spec has [database]: compile writes the block.
    managed: bool
    header_span: Span | None = attrs.field(default=None, eq=False)
    #: The active lines of an enabled block, in file order.
    settings: tuple[SettingPart, ...] = ()
    #: Uncommented lines inside a disabled block: what FairCom does with them is undocumented.
    stray: tuple[SettingPart, ...] = ()
    #: The active top-level ``COMM_PROTOCOL`` lines, in file order.
    protocols: tuple[SettingPart, ...] = ()
    #: True when the spec says ``shared_memory``: compile writes the FSHAREMM lines.
    shared_memory_managed: bool = False

    def setting(self, keyword: str) -> SettingPart | None:
        key = key_of(keyword)
        return next((part for part in self.settings if part.key == key), None)

    def is_yes(self, keyword: str) -> bool:
        part = self.setting(keyword)
        return part is not None and key_of(part.value) == "YES"

    @property
    def shared_memory(self) -> tuple[SettingPart, ...]:
        return tuple(part for part in self.protocols if key_of(part.value) == "FSHAREMM")


@attrs.frozen(kw_only=True)
class Effective:
    """The configuration as it will be after compile, and what could not be read."""

    #: The current files by name (None: absent); unmanaged places point into these.
    files: Mapping[str, SourceFile | None]
    listeners: tuple[ListenerPart, ...] | None = None
    methods: MethodsPart | None = None
    database: DatabasePart | None = None
    #: Problems of a file that keep it from being read (not JSON, broken blocks).
    problems: tuple[Diagnostic, ...] = ()
    #: Whether a spec took part (then managed parts point at it).
    with_spec: bool = False


# --- services.json -----------------------------------------------------------------------------


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


@attrs.frozen(kw_only=True)
class ServicesParts:
    """What one services.json text says about listeners and MQTT login."""

    listeners: tuple[ListenerPart, ...]
    methods: MethodsPart | None


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


# --- ctsrvr.cfg --------------------------------------------------------------------------------


def _setting(entry: Entry) -> SettingPart:
    span = entry.span
    start = None
    if span is not None:
        start = span.start + len(entry.indent) + len(entry.keyword) + len(entry.sep)
    return SettingPart(keyword=entry.keyword, value=entry.value, span=span, value_start=start)


def _ssl_block(blocks: tuple[BlockView, ...]) -> BlockView | None:
    found = [block for block in blocks if block.is_named(SSL_CLASS, SSL_NAME)]
    return next((block for block in found if block.enabled), found[0] if found else None)


def read_database(source: SourceFile) -> tuple[DatabasePart, tuple[Diagnostic, ...]]:
    """The SSL block and the COMM_PROTOCOL lines of one ctsrvr.cfg text (never raises)."""
    document = ssl_document(source)
    config = view(document)
    block = _ssl_block(config.blocks)
    protocols = tuple(
        _setting(part.line) for part in config.settings if part.key == key_of(SSL_CLASS)
    )
    if block is None:
        return (
            DatabasePart(block_found=False, enabled=False, managed=False, protocols=protocols),
            document.diagnostics,
        )
    entries = tuple(line for line in block.block.body if isinstance(line, Entry))
    settings = tuple(_setting(entry) for entry in entries)
    return (
        DatabasePart(
            block_found=True,
            enabled=block.enabled,
            managed=False,
            header_span=_header_span(block.block),
            settings=settings if block.enabled else (),
            stray=() if block.enabled else settings,
            protocols=protocols,
        ),
        document.diagnostics,
    )


def _header_span(block: Block) -> Span | None:
    return block.header.span


# --- managed parts point at the spec ------------------------------------------------------------


def _spec_listener(
    part: ListenerPart, locate: Locator | None, path: Callable[[str], tuple[str, ...]]
) -> ListenerPart:
    """A managed listener, with its places moved to the spec."""
    if locate is None:
        return attrs.evolve(part, managed=True)
    name = part.name
    suites = part.suites
    if suites is not None:
        at = locate.span("listeners", name, "tls", "ciphers")
        suites = tuple(attrs.evolve(named, span=at) for named in suites)
    return attrs.evolve(
        part,
        managed=True,
        suites=suites,
        span=locate.span("listeners", name),
        enabled_span=locate.span(*path(name)),
        port_span=locate.span("listeners", name, "port"),
        tls_span=locate.span("listeners", name, "tls", "cert"),
    )


def managed_listeners(
    after: tuple[ListenerPart, ...],
    before: tuple[ListenerPart, ...],
    names: frozenset[str],
    locate: Locator | None,
) -> tuple[ListenerPart, ...]:
    """The listeners after compile: managed ones pointing at the spec, the others at the line of
    the current file where they stand unchanged."""
    waiting: dict[str, list[ListenerPart]] = {}
    for part in before:
        waiting.setdefault(part.name, []).append(part)
    result: list[ListenerPart] = []
    for part in after:
        if part.name in names:
            result.append(_spec_listener(part, locate, lambda name: ("listeners", name, "enabled")))
            continue
        same = waiting.get(part.name)
        result.append(same.pop(0) if same else part)
    return tuple(result)


def managed_methods(part: MethodsPart | None, locate: Locator | None) -> MethodsPart | None:
    """The MQTT methods compile writes, pointing at the spec's ``[mqtt] authentication``."""
    if part is None:
        return None
    if locate is None:
        return attrs.evolve(part, managed=True)
    whole = locate.span("mqtt", "authentication")

    def element(method: str) -> Span | None:
        found = locate.element(("mqtt", "authentication"), method.__eq__)
        return found or whole

    return MethodsPart(
        methods=tuple(attrs.evolve(named, span=element(named.value)) for named in part.methods),
        managed=True,
        span=whole,
    )


def managed_database(
    after: DatabasePart,
    before: DatabasePart | None,
    locate: Locator | None,
    shared_memory_managed: bool,
) -> DatabasePart:
    """The SSL block after compile (managed: its places move to the spec); unmanaged
    COMM_PROTOCOL lines keep their place in the current file."""

    def moved(part: SettingPart) -> SettingPart:
        if locate is None:
            return part
        where = _SPEC_KEY.get(part.key)
        span = locate.span("database", where) if where else locate.span("database")
        return SettingPart(keyword=part.keyword, value=part.value, span=span)

    kept = before.protocols if before is not None else after.protocols
    protocols = kept
    if shared_memory_managed:
        spec_span = locate.span("database", "shared_memory") if locate is not None else None
        protocols = (
            *(part for part in kept if key_of(part.value) != "FSHAREMM"),
            *(
                SettingPart(keyword=part.keyword, value=part.value, span=spec_span or part.span)
                for part in after.protocols
                if key_of(part.value) == "FSHAREMM"
            ),
        )
    return attrs.evolve(
        after,
        managed=True,
        header_span=locate.span("database", "enabled") if locate is not None else None,
        settings=tuple(moved(part) for part in after.settings),
        stray=tuple(moved(part) for part in after.stray),
        protocols=protocols,
        shared_memory_managed=shared_memory_managed,
    )


# --- the whole configuration --------------------------------------------------------------------

MANAGED_METHODS = "mqtt.authenticationMethods"
MANAGED_SHARED_MEMORY = "COMM_PROTOCOL FSHAREMM"


def read_effective(
    current: Mapping[str, SourceFile | None],
    outputs: Sequence[Output] = (),
    locate: Locator | None = None,
    *,
    written: bool = False,
) -> Effective:
    """The configuration after compile: ``outputs`` (from ``fcsec.api.render_outputs``) over the
    ``current`` files (None: absent). Without outputs, the files as they are (an audit).

    Unmanaged parts point at their lines in ``current``; with ``written`` (the outputs are on
    disk now) at their lines in the new text."""
    by_name = {output.name: output for output in outputs}
    problems: list[Diagnostic] = []
    listeners: tuple[ListenerPart, ...] | None = None
    methods: MethodsPart | None = None
    database: DatabasePart | None = None

    services = current.get(SERVICES_JSON)
    planned = by_name.get(SERVICES_JSON)
    before_services = _services_or_problems(services, problems)
    if planned is not None:
        after = _services_or_problems(_after(services, SERVICES_JSON, planned.after), problems)
        if after is not None:
            names = frozenset(
                item.removeprefix("listeners.")
                for item in planned.managed
                if item.startswith("listeners.")
            )
            old = before_services.listeners if before_services is not None else ()
            if written:
                old, before_services = after.listeners, after
            listeners = managed_listeners(after.listeners, old, names, locate)
            methods = (
                managed_methods(after.methods, locate)
                if MANAGED_METHODS in planned.managed
                else (before_services.methods if before_services is not None else after.methods)
            )
    elif before_services is not None:
        listeners, methods = before_services.listeners, before_services.methods

    ctsrvr = current.get(CTSRVR_CFG)
    before_db = None
    if ctsrvr is not None:
        before_db, found = read_database(ctsrvr)
        problems.extend(found)
    planned = by_name.get(CTSRVR_CFG)
    if planned is not None:
        after_db, _ = read_database(_after(ctsrvr, CTSRVR_CFG, planned.after))
        before_db = after_db if written else before_db
        database = managed_database(
            after_db, before_db, locate, MANAGED_SHARED_MEMORY in planned.managed
        )
    else:
        database = before_db
    return Effective(
        files=current,
        listeners=listeners,
        methods=methods,
        database=database,
        problems=tuple(problems),
        with_spec=locate is not None,
    )


def _after(current: SourceFile | None, name: str, text: str) -> SourceFile:
    return SourceFile(current.name if current is not None else name, text)


def _services_or_problems(
    source: SourceFile | None, problems: list[Diagnostic]
) -> ServicesParts | None:
    if source is None:
        return None
    try:
        return read_services(source)
    except DiagnosticError as failure:
        problems.extend(failure.diagnostics)
        return None
