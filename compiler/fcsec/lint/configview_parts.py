"""The parts of the configuration that the config-file rules judge, each with its place.

``fcsec.lint.configview`` fills them from services.json and ctsrvr.cfg as they will be after
compile: a listener (``ListenerPart``), the MQTT login methods (``MethodsPart``), the SSL block
and the ``COMM_PROTOCOL`` lines (``DatabasePart``), all in one ``Effective``. Every part keeps
the span a finding should point at, and whether the spec manages it.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from fcsec.cfg.cst import key_of
from fcsec.diagnostics import Diagnostic
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
