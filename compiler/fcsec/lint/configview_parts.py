"""The parts of the configuration that the config-file rules judge, each with its place.

``fcsec.lint.configview`` fills them from services.json and ctsrvr.cfg as they will be after
compile: a listener (``ListenerPart``), the MQTT login methods (``MethodsPart``), the SSL block
and the ``COMM_PROTOCOL`` lines (``DatabasePart``), all in one ``Effective``. Every part keeps
the span a finding should point at, and whether the spec manages it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from fcsec.cfg.cst import key_of
from fcsec.diagnostics import Diagnostic
from fcsec.record import Record
from fcsec.source import SourceFile, Span

__all__ = [
    "CTSRVR_CFG",
    "SERVICES_JSON",
    "TLS_PROTOCOLS",
    "DatabasePart",
    "Effective",
    "ListenerPart",
    "MethodsPart",
    "Named",
    "SettingPart",
]

SERVICES_JSON = "services.json"
CTSRVR_CFG = "ctsrvr.cfg"
TLS_PROTOCOLS = frozenset({"https", "mqtts", "mqttwss"})


class Named(Record):
    """A string value with the place it is written (a suite name, an MQTT method)."""

    __slots__ = ("span", "value")
    _compared = ("value",)

    def __init__(self, *, value: str, span: Span | None = None) -> None:
        self.value: Final = value
        self.span: Final = span


class ListenerPart(Record):
    """One listener of services.json as the server reads it."""

    __slots__ = (
        "cert",
        "client_ca",
        "enabled",
        "enabled_span",
        "enabled_written",
        "managed",
        "name",
        "port",
        "port_span",
        "protocol",
        "span",
        "suites",
        "tls_span",
    )
    _compared = (
        "name",
        "protocol",
        "port",
        "enabled",
        "enabled_written",
        "cert",
        "client_ca",
        "suites",
        "managed",
    )

    def __init__(
        self,
        *,
        name: str,
        protocol: str,
        port: int | None,
        enabled: bool,
        enabled_written: bool,
        cert: str | None = None,
        client_ca: str | None = None,
        suites: tuple[Named, ...] | None = None,
        managed: bool = False,
        span: Span | None = None,
        enabled_span: Span | None = None,
        port_span: Span | None = None,
        tls_span: Span | None = None,
    ) -> None:
        self.name: Final = name
        self.protocol: Final = protocol
        self.port: Final = port
        self.enabled: Final = enabled
        #: Whether the file says ``enabled`` at all (an absent member is read as on).
        self.enabled_written: Final = enabled_written
        self.cert: Final = cert
        self.client_ca: Final = client_ca
        #: ``allowedCipherSuites`` split into names; None when the listener has none.
        self.suites: Final = suites
        #: True when the spec names this listener: compile writes it.
        self.managed: Final = managed
        self.span: Final = span
        self.enabled_span: Final = enabled_span
        self.port_span: Final = port_span
        self.tls_span: Final = tls_span

    @property
    def uses_tls(self) -> bool:
        return self.protocol in TLS_PROTOCOLS

    @property
    def where(self) -> str:
        """How a message names it: ``listener `mqtt1883` (mqtt, port 1883)``."""
        port = f", port {self.port}" if self.port is not None else ""
        unsaid = "" if self.enabled_written else ", no `enabled`: read as on"
        return f"listener `{self.name}` ({self.protocol or 'no protocol'}{port}{unsaid})"


class MethodsPart(Record):
    """``mqtt.authenticationMethods``."""

    __slots__ = ("managed", "methods", "span")
    _compared = ("methods", "managed")

    def __init__(
        self,
        *,
        methods: tuple[Named, ...],
        managed: bool = False,
        span: Span | None = None,
    ) -> None:
        self.methods: Final = methods
        self.managed: Final = managed
        self.span: Final = span

    def find(self, method: str) -> Named | None:
        return next((named for named in self.methods if named.value == method), None)


class SettingPart(Record):
    """One active ``KEYWORD value`` line (of the SSL block or the top level)."""

    __slots__ = ("keyword", "span", "value", "value_start")
    _compared = ("keyword", "value")

    def __init__(
        self,
        *,
        keyword: str,
        value: str,
        span: Span | None = None,
        value_start: int | None = None,
    ) -> None:
        self.keyword: Final = keyword
        self.value: Final = value
        self.span: Final = span
        #: Where the value starts in the file (for spans of its parts); None for a managed line.
        self.value_start: Final = value_start

    @property
    def key(self) -> str:
        return key_of(self.keyword)


class DatabasePart(Record):
    """The ``SUBSYSTEM COMM_PROTOCOL SSL`` block and the protocols around it."""

    __slots__ = (
        "block_found",
        "enabled",
        "header_span",
        "managed",
        "protocols",
        "settings",
        "shared_memory_managed",
        "stray",
    )
    _compared = (
        "block_found",
        "enabled",
        "managed",
        "settings",
        "stray",
        "protocols",
        "shared_memory_managed",
    )

    def __init__(
        self,
        *,
        block_found: bool,
        enabled: bool,
        managed: bool,
        header_span: Span | None = None,
        settings: tuple[SettingPart, ...] = (),
        stray: tuple[SettingPart, ...] = (),
        protocols: tuple[SettingPart, ...] = (),
        shared_memory_managed: bool = False,
    ) -> None:
        #: False when ctsrvr.cfg has no SSL block (enabled or not).
        self.block_found: Final = block_found
        self.enabled: Final = enabled
        #: True when the spec has [database]: compile writes the block.
        self.managed: Final = managed
        self.header_span: Final = header_span
        #: The active lines of an enabled block, in file order.
        self.settings: Final = settings
        #: Uncommented lines inside a disabled block: what FairCom does with them is undocumented.
        self.stray: Final = stray
        #: The active top-level ``COMM_PROTOCOL`` lines, in file order.
        self.protocols: Final = protocols
        #: True when the spec says ``shared_memory``: compile writes the FSHAREMM lines.
        self.shared_memory_managed: Final = shared_memory_managed

    def setting(self, keyword: str) -> SettingPart | None:
        key = key_of(keyword)
        return next((part for part in self.settings if part.key == key), None)

    def is_yes(self, keyword: str) -> bool:
        part = self.setting(keyword)
        return part is not None and key_of(part.value) == "YES"

    @property
    def shared_memory(self) -> tuple[SettingPart, ...]:
        return tuple(part for part in self.protocols if key_of(part.value) == "FSHAREMM")


class Effective(Record):
    """The configuration as it will be after compile, and what could not be read."""

    __slots__ = ("database", "files", "listeners", "methods", "problems", "with_spec")
    _compared = ("files", "listeners", "methods", "database", "problems", "with_spec")

    def __init__(
        self,
        *,
        files: Mapping[str, SourceFile | None],
        listeners: tuple[ListenerPart, ...] | None = None,
        methods: MethodsPart | None = None,
        database: DatabasePart | None = None,
        problems: tuple[Diagnostic, ...] = (),
        with_spec: bool = False,
    ) -> None:
        #: The current files by name (None: absent); unmanaged places point into these.
        self.files: Final = files
        self.listeners: Final = listeners
        self.methods: Final = methods
        self.database: Final = database
        #: Problems of a file that keep it from being read (not JSON, broken blocks).
        self.problems: Final = problems
        #: Whether a spec took part (then managed parts point at it).
        self.with_spec: Final = with_spec
