"""What the config files say, as plain facts, and what the spec language cannot say about them.

``services_facts`` reads the listeners and ``mqtt.authenticationMethods`` of services.json,
``database_facts`` the ``SUBSYSTEM COMM_PROTOCOL SSL`` block of ctsrvr.cfg, ``server_facts`` the
product and version of the vendor's header comment of ctsrvr.cfg. Each part that fcsec
could not manage without changing a byte (a listener without ``enabled``, ``SSL_CONNECTIONS_ONLY
yes`` in lower case, a member written twice, ...) is left out with a warning (FCS801) that points
at it; the rest becomes facts. The rules mirror what the editors of ``fcsec.services`` and
``fcsec.cfg`` would change; ``fcsec.importer.pipeline`` checks the outcome by compiling.

Nothing here decides names or spellings of the spec (``fcsec.importer.build`` does).
"""

from __future__ import annotations

import re
from collections import Counter

import attrs

from fcsec.cfg.cst import key_of
from fcsec.cfg.model import BlockView, view
from fcsec.cfg.parse import parse
from fcsec.cfg.plan import SSL_BLOCK_CLASS, SSL_BLOCK_NAME, SSL_KEYWORDS
from fcsec.diagnostics import Diagnostic, DiagnosticError, Severity, diagnostic
from fcsec.rule_ids import IMPORT_LEFT_OUT, IMPORT_NOTE
from fcsec.services.plan import TLS_KEYS
from fcsec.services.scan import ArrayNode, MemberNode, Node, ObjectNode, ScalarNode, kind_of, scan
from fcsec.source import SourceFile, Span

PROTOCOLS = ("http", "https", "mqtt", "mqtts", "mqttws", "mqttwss")
TLS_PROTOCOLS = ("https", "mqtts", "mqttwss")
METHODS = ("none", "password", "clientCertificate")
CERT_KEYS = ("certificateFilename", "serverCertificateFilename")
_SSL_KEYS = frozenset(key_of(keyword) for keyword in SSL_KEYWORDS)
_LISTENER_KEYS = ("serviceName", "description", "port", "protocol", "enabled", "tls")


def speakable(text: str) -> bool:
    """Whether a spec can hold ``text`` as a file name or other value fcsec checks.

    Not blank (FCS034), no control character (FCS033), no lone surrogate (TOML is UTF-8).
    """
    return bool(text.strip()) and not any(
        ord(char) < 0x20 or ord(char) == 0x7F or 0xD800 <= ord(char) <= 0xDFFF for char in text
    )


def note(
    message: str, span: Span | None, *, path: str | None = None, hint: str | None = None
) -> Diagnostic:
    """An information about a choice the importer made."""
    return diagnostic(IMPORT_NOTE, message, span, path=path, hint=hint)


@attrs.frozen(kw_only=True)
class TlsFacts:
    """A listener's ``tls`` object; ``suites`` None when it has no ``allowedCipherSuites``."""

    cert_key: str
    cert_file: str
    private_key: str | None = None
    client_ca: str | None = None
    suites: tuple[str, ...] | None = None
    client_cert: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ListenerFacts:
    name: str
    protocol: str
    port: int
    enabled: bool
    description: str | None
    tls: TlsFacts | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ServicesFacts:
    """The listeners fcsec can manage, in file order, and the MQTT methods (None: none)."""

    listeners: tuple[ListenerFacts, ...] = ()
    methods: tuple[str, ...] | None = None
    methods_span: Span | None = attrs.field(default=None, eq=False, repr=False)
    notes: tuple[Diagnostic, ...] = ()


@attrs.frozen(kw_only=True)
class X509Facts:
    path: str
    prefix: str | None = None
    delimiter: str | None = None
    requirement_path: str | None = None
    requirement: str | None = None


@attrs.frozen(kw_only=True)
class DatabaseFacts:
    """The SSL block's settings; None for a keyword the block does not set."""

    enabled: bool
    cert_file: str | None = None
    private_key: str | None = None
    key_store: str | None = None
    debug_log: str | None = None
    tls_only: bool | None = None
    verify_client_certs: bool | None = None
    x509: X509Facts | None = None
    ciphers: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ServerFacts:
    """What the header comment of ctsrvr.cfg says: the product (a spec value) and version."""

    product: str
    version: str
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


# The vendor's first line (faircom-formats.md §3):
# `; FairCom <DB|EDGE> Server Configuration File - v<ver> Build(<yymmdd>)`.
_HEADER = re.compile(
    r";[ \t]*FairCom[ \t]+(DB|EDGE|MQ)[ \t]+Server[ \t]+Configuration[ \t]+File\b[^\r\n]*?"
    r"[ \t]v(\d+(?:\.\d+)*)\b",
    re.IGNORECASE,
)
_PRODUCTS = {"db": "faircom-db", "edge": "faircom-edge", "mq": "faircom-mq"}


def server_facts(source: SourceFile) -> ServerFacts | None:
    """The product and version the vendor's header names, when the file opens with it.

    Only the comment lines before the first setting are read: a header further down was pasted
    from another file.
    """
    position = 0
    for line in source.text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith(";"):
            return None
        found = _HEADER.match(line.lstrip())
        if found is not None:
            start = position + len(line) - len(line.lstrip())
            return ServerFacts(
                product=_PRODUCTS[found.group(1).lower()],
                version=found.group(2),
                span=source.span(start, start + len(stripped)),
            )
        position += len(line)
    return None


# --- services.json -----------------------------------------------------------------------------


class _Skip(Exception):
    """This part cannot be managed: the warning says why."""

    def __init__(self, message: str, span: Span | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic(IMPORT_LEFT_OUT, message, span, hint=hint)


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
            raise _Skip(
                f"{what} has `{key}` {len(members)} times; fcsec would keep the first and drop "
                "the others",
                self.key_span(members[1]),
                "delete the extra members (JSON readers take the last one), then import again",
            )
        return members[0] if members else None

    def string(self, member: MemberNode, what: str, *, check: bool = True) -> str:
        node = member.value
        if not isinstance(node, ScalarNode) or not isinstance(node.value, str):
            raise _Skip(
                f"{what}: `{member.key}` is {kind_of(node)}, not a string",
                self.span(node),
            )
        if check and not speakable(node.value):
            raise _Skip(
                f"{what}: `{member.key}` is empty or holds a control character, which a spec "
                "cannot name",
                self.span(node),
            )
        return node.value

    def listener(self, item: ObjectNode, name: str) -> ListenerFacts:
        what = f"listener `{name}`"
        for key in _LISTENER_KEYS:
            self.one(item, key, what)
        protocol_member = self.one(item, "protocol", what)
        if protocol_member is None:
            raise _Skip(f"{what} has no `protocol`", self.span(item))
        protocol = self.string(protocol_member, what)
        if protocol not in PROTOCOLS:
            raise _Skip(
                f"{what}: protocol `{protocol}` is not one fcsec knows",
                self.span(protocol_member.value),
                f"fcsec knows {', '.join(PROTOCOLS)}",
            )
        port = self._port(item, what)
        enabled_member = self.one(item, "enabled", what)
        if enabled_member is None:
            raise _Skip(
                f"{what} has no `enabled` member; fcsec always writes one",
                self.span(item),
                'add `"enabled": true` (the server\'s reading) to the listener, then import again',
            )
        enabled = enabled_member.value
        if not isinstance(enabled, ScalarNode) or not isinstance(enabled.value, bool):
            raise _Skip(
                f"{what}: `enabled` is {kind_of(enabled)}, not true or false", self.span(enabled)
            )
        description_member = self.one(item, "description", what)
        if description_member is None:
            raise _Skip(
                f"{what} has no `description`; fcsec always writes one",
                self.span(item),
                "add a description to the listener, then import again",
            )
        description = self.string(description_member, what, check=False)
        tls_member = self.one(item, "tls", what)
        tls: TlsFacts | None = None
        if protocol in TLS_PROTOCOLS:
            if tls_member is None:
                raise _Skip(f"{what} uses {protocol} but has no `tls` object", self.span(item))
            tls = self._tls(tls_member, what)
        elif tls_member is not None:
            raise _Skip(
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
            raise _Skip(f"{what} has no `port`", self.span(item))
        node = member.value
        value = node.value if isinstance(node, ScalarNode) else None
        if type(value) is not int or not 1 <= value <= 65535:
            raise _Skip(
                f"{what}: port {self.source.text[node.start : node.end]} is not a TCP port "
                "written as a whole number",
                self.span(node),
            )
        return value

    def _tls(self, member: MemberNode, what: str) -> TlsFacts:
        node = member.value
        if not isinstance(node, ObjectNode):
            raise _Skip(f"{what}: `tls` is {kind_of(node)}, not an object", self.span(node))
        for key in TLS_KEYS:
            self.one(node, key, what)
        spelled = [key for key in CERT_KEYS if node.members_named(key)]
        if len(spelled) != 1:
            raise _Skip(
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
            raise _Skip(
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
            raise _Skip("services.json has `mqtt` more than once", self.key_span(sections[1]))
        mqtt = sections[0].value
        if not isinstance(mqtt, ObjectNode):
            raise _Skip(f"`mqtt` is {kind_of(mqtt)}, not an object", self.span(mqtt))
        member = self.one(mqtt, "authenticationMethods", "`mqtt`")
        if member is None:
            return None, None
        value = member.value
        names: list[str] = []
        if isinstance(value, ArrayNode):
            for element in value.items:
                if not isinstance(element, ScalarNode) or element.value not in METHODS:
                    raise _Skip(
                        "`mqtt.authenticationMethods` holds "
                        f"{self.source.text[element.start : element.end]}, not one of "
                        f"{', '.join(METHODS)}",
                        self.span(element),
                    )
                names.append(str(element.value))
        else:
            raise _Skip(
                f"`mqtt.authenticationMethods` is {kind_of(value)}, not an array", self.span(value)
            )
        repeated = [name for name, count in Counter(names).items() if count > 1]
        if repeated:
            raise _Skip(
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
        return ServicesFacts(notes=_unreadable(failure, "services.json"))
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
    except _Skip as skip:
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
    problem: _Skip | None = None
    if len(sections) > 1:
        problem = _Skip(
            "services.json has `listeners` more than once; no listener is imported",
            reader.key_span(sections[1]),
        )
    elif not isinstance(whole, ArrayNode):
        problem = _Skip(
            f"`listeners` is {kind_of(whole)}, not an array; no listener is imported",
            reader.span(whole),
        )
    else:
        odd = next((item for item in whole.items if not isinstance(item, ObjectNode)), None)
        if odd is not None:
            problem = _Skip(
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
        except _Skip as skip:
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


def _unreadable(failure: DiagnosticError, name: str) -> tuple[Diagnostic, ...]:
    """A file fcsec cannot edit: its problems as warnings, and what that means for the spec."""
    first = failure.diagnostics[0]
    return (
        *(attrs.evolve(problem, severity=Severity.WARNING) for problem in failure.diagnostics),
        diagnostic(
            IMPORT_LEFT_OUT,
            f"{name} is not imported: fcsec cannot edit it until the problem above is fixed, so "
            "the spec leaves it alone",
            first.span,
            path=first.path,
        ),
    )


# --- ctsrvr.cfg --------------------------------------------------------------------------------


def database_facts(source: SourceFile) -> tuple[DatabaseFacts | None, tuple[Diagnostic, ...]]:
    """The SSL block when a spec can manage it unchanged, and why not otherwise."""
    document = parse(source)
    if document.diagnostics:
        return None, _unreadable(DiagnosticError(document.diagnostics), "ctsrvr.cfg")
    blocks = view(document).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME)
    if not blocks:
        return None, (
            note(
                "ctsrvr.cfg has no SUBSYSTEM COMM_PROTOCOL SSL block; the spec has no "
                "[database] and leaves ctsrvr.cfg alone",
                None,
                path=source.name,
                hint="add [database] to the spec to have fcsec write the block",
            ),
        )
    if len(blocks) > 1:
        header = blocks[1].block.header.span
        return None, (
            diagnostic(
                IMPORT_LEFT_OUT,
                "ctsrvr.cfg has two SSL blocks; [database] is not imported",
                header,
                hint="delete one of them, then import again",
            ),
        )
    block = blocks[0]
    header = block.block.header.span
    managed = [setting for setting in block.settings if setting.key in _SSL_KEYS]
    if not block.enabled and not managed:
        return None, (
            note(
                "the SSL block is disabled and sets nothing; the spec has no [database] and "
                "leaves ctsrvr.cfg alone",
                header,
                hint="add [database] to the spec to have fcsec enable the block",
            ),
        )
    if not block.enabled:
        # fcsec writes a disabled block with every line commented out (what a server makes of
        # active lines under `;SUBSYSTEM` is undocumented), so `enabled = false` would change them.
        keywords = ", ".join(dict.fromkeys(setting.keyword for setting in managed))
        return None, (
            diagnostic(
                IMPORT_LEFT_OUT,
                f"the SSL block is disabled (;SUBSYSTEM) but {keywords} stay active lines; fcsec "
                "comments out every line of a disabled block, so [database] is not imported",
                header,
                hint="comment those lines out (;KEYWORD value) or enable the block, then import "
                "again",
            ),
        )
    try:
        return _BlockReader(block).facts(), ()
    except _Skip as skip:
        return None, (skip.diagnostic,)


class _BlockReader:
    """The managed keywords of one SSL block, each set at most once."""

    def __init__(self, block: BlockView) -> None:
        self.block = block
        self.values: dict[str, str] = {}
        self.spans: dict[str, Span | None] = {}
        for setting in block.settings:
            if setting.key not in _SSL_KEYS:
                continue
            if setting.key in self.values:
                raise _Skip(
                    f"the SSL block sets {setting.keyword} twice; fcsec would keep one line, so "
                    "[database] is not imported",
                    setting.line.span,
                    "delete one of the lines (FairCom reads the last), then import again",
                )
            self.values[setting.key] = setting.value
            self.spans[setting.key] = setting.line.span

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is not None and not speakable(value):
            raise _Skip(
                f"{key} holds a control character, which a spec cannot name; [database] is not "
                "imported",
                self.spans[key],
            )
        return value

    def yes_no(self, key: str) -> bool | None:
        value = self.values.get(key)
        if value is None:
            return None
        if value not in ("YES", "NO"):
            fixed = "YES" if value.upper() == "YES" else "NO"
            raise _Skip(
                f"{key} is `{value}`; fcsec writes YES or NO, so [database] is not imported",
                self.spans[key],
                f"write `{key} {fixed}` if that is what you mean, then import again",
            )
        return value == "YES"

    def facts(self) -> DatabaseFacts:
        block = self.block
        cert = self.text("SERVER_CERTIFICATE_FILE")
        for key in ("SERVER_PRIVATE_KEY_FILE", "SERVER_ENCRYPTED_STORE_FILE"):
            if key in self.values and cert is None:
                raise _Skip(
                    f"the SSL block sets {key} without SERVER_CERTIFICATE_FILE; [database] is "
                    "not imported",
                    self.spans[key],
                )
        if block.enabled and cert is None:
            raise _Skip(
                "the SSL block is enabled without SERVER_CERTIFICATE_FILE, which fcsec "
                "requires; [database] is not imported",
                block.block.header.span,
            )
        return DatabaseFacts(
            enabled=block.enabled,
            cert_file=cert,
            private_key=self.text("SERVER_PRIVATE_KEY_FILE"),
            key_store=self.text("SERVER_ENCRYPTED_STORE_FILE"),
            debug_log=self.text("DEBUG_LOG"),
            tls_only=self.yes_no("SSL_CONNECTIONS_ONLY"),
            verify_client_certs=self.yes_no("VERIFY_CLIENT_CERTIFICATE"),
            x509=self.x509(),
            ciphers=self.text("SSL_CIPHERS"),
            span=block.block.header.span,
        )

    def x509(self) -> X509Facts | None:
        login = self.values.get("X509_AUTHENTICATION")
        options = [key for key in _X509_OPTIONS if key in self.values]
        if login is None:
            if options:
                raise _Skip(
                    f"the SSL block sets {options[0]} without x509_AUTHENTICATION YES; "
                    "[database] is not imported",
                    self.spans[options[0]],
                )
            return None
        if login != "YES":
            raise _Skip(
                f"x509_AUTHENTICATION is `{login}`; fcsec writes the line only as YES, so "
                "[database] is not imported",
                self.spans["X509_AUTHENTICATION"],
                "delete the line (off is the server's default), then import again",
            )
        path = self.text("X509_PATH")
        if path is None:
            raise _Skip(
                "x509_AUTHENTICATION YES without x509_PATH; [database] is not imported",
                self.spans["X509_AUTHENTICATION"],
            )
        return X509Facts(
            path=path,
            prefix=self.text("X509_PREFIX"),
            delimiter=self.text("X509_DELIMITER"),
            requirement_path=self.text("X509_REQUIREMENT_PATH"),
            requirement=self.text("X509_REQUIREMENT"),
        )


_X509_OPTIONS = (
    "X509_PATH",
    "X509_PREFIX",
    "X509_DELIMITER",
    "X509_REQUIREMENT_PATH",
    "X509_REQUIREMENT",
)
