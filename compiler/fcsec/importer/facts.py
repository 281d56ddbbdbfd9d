"""What the config files say, as plain facts, and the helpers of their two readers.

The facts are what a spec can manage of services.json (``ServicesFacts``: the listeners and
``mqtt.authenticationMethods``) and of ctsrvr.cfg (``DatabaseFacts``: the ``SUBSYSTEM
COMM_PROTOCOL SSL`` block; ``ServerFacts``: the product and version of the vendor's header
comment). One reader per file format makes them: ``fcsec.importer.services_json`` and
``fcsec.importer.ctsrvr_cfg``. Each part that fcsec could not manage without changing a byte (a
listener without ``enabled``, ``SSL_CONNECTIONS_ONLY yes`` in lower case, a member written
twice, ...) is left out with a warning (FCS801, ``Skip``) that points at it; the rest becomes
facts. The rules mirror what the editors of ``fcsec.services`` and ``fcsec.cfg`` would change;
``fcsec.importer.pipeline`` checks the outcome by compiling.

Nothing here decides names or spellings of the spec (``fcsec.importer.build`` does).
"""

from __future__ import annotations

import attrs

from fcsec.diagnostics import Diagnostic, DiagnosticError, Severity, diagnostic
from fcsec.record import replace
from fcsec.rule_ids import IMPORT_LEFT_OUT, IMPORT_NOTE
from fcsec.source import Span


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


class Skip(Exception):
    """This part cannot be managed: the warning says why."""

    def __init__(self, message: str, span: Span | None, hint: str | None = None) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic(IMPORT_LEFT_OUT, message, span, hint=hint)


def unreadable(failure: DiagnosticError, name: str) -> tuple[Diagnostic, ...]:
    """A file fcsec cannot edit: its problems as warnings, and what that means for the spec."""
    first = failure.diagnostics[0]
    return (
        *(replace(problem, severity=Severity.WARNING) for problem in failure.diagnostics),
        diagnostic(
            IMPORT_LEFT_OUT,
            f"{name} is not imported: fcsec cannot edit it until the problem above is fixed, so "
            "the spec leaves it alone",
            first.span,
            path=first.path,
        ),
    )


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
