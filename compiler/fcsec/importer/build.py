"""Decide how the spec says the facts: names, the product, policies, and what is left out.

Certificates get one ``[certs.NAME]`` per file (and private key), named after the file and
shared by every listener and the SSL block that use it. ``[server] product`` and ``version`` come
from the header comment of ctsrvr.cfg; without one, the product follows the spelling of the
listeners' certificate key (``serverCertificateFilename``: FairCom Edge, ``certificateFilename``:
FairCom DB). With both spellings in one file the majority wins and the other listeners are left
out, named in a warning; a header whose product fcsec would spell otherwise than the file gives
no product (compile then keeps the file's spelling), said in a note. ``root`` is what
``fcsec.importer.root`` inferred. Settings the file leaves out are written as the
server's default on purpose (``ciphers = "faircom-default"``, ``tls_only = "faircom-default"``),
so compiling adds nothing. A listener on a port already taken, and ``clientCertificate`` MQTT
login without what the language requires for it, are left out too.

The result is a list of tables for ``fcsec.importer.write``; nothing here writes text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import attrs

from fcsec.backends.products import CURRENT, EDGE_STYLE, certificate_key
from fcsec.backends.services_json import vendor_description
from fcsec.ciphers.policies import SERVER_DEFAULT
from fcsec.diagnostics import Diagnostic, diagnostic
from fcsec.importer.ciphers import listener_suites, ssl_ciphers_setting
from fcsec.importer.facts import (
    DatabaseFacts,
    ListenerFacts,
    ServerFacts,
    ServicesFacts,
    note,
    speakable,
)
from fcsec.ir import nodes as ir
from fcsec.rule_ids import IMPORT_LEFT_OUT

TomlValue = str | int | bool | tuple[str, ...] | dict[str, str]

_PRODUCT_OF = {EDGE_STYLE: ir.Product.FAIRCOM_EDGE.value, CURRENT: ir.Product.FAIRCOM_DB.value}
_SPELLING_OF = {product: spelling for spelling, product in _PRODUCT_OF.items()}
_EXTENSIONS = re.compile(r"\.(pem|crt|cer|der|key|p12|pfx|fkf)$", re.IGNORECASE)
_NOT_BARE = re.compile(r"[^A-Za-z0-9_-]+")


@attrs.frozen(kw_only=True)
class Entry:
    """``path = value`` inside a table; ``comment`` goes at the end of the line."""

    path: tuple[str, ...]
    value: TomlValue
    comment: str | None = None


@attrs.frozen(kw_only=True)
class Section:
    """A table (``header`` None: the keys before the first table) and its keys, in order."""

    header: tuple[str, ...] | None
    entries: tuple[Entry, ...]


@attrs.frozen(kw_only=True)
class Built:
    sections: tuple[Section, ...]
    notes: tuple[Diagnostic, ...] = ()
    listeners: tuple[str, ...] = ()
    mqtt: bool = False
    database: bool = False


@attrs.frozen(kw_only=True)
class Exclusions:
    """Parts the pipeline found it must leave out after all (a safety net; normally empty)."""

    listeners: frozenset[str] = frozenset()
    mqtt: bool = False
    database: bool = False


@attrs.define
class _Cert:
    name: str
    file: str
    key: str | None = None
    key_store: str | None = None


class _Certs:
    """Certificates by file and key, named once, in the order first used."""

    def __init__(self, reserved: Iterable[str]) -> None:
        self.certs: list[_Cert] = []
        self.taken: set[str] = set(reserved)

    def _name(self, file: str) -> str:
        stem = re.split(r"[\\/]", file)[-1]
        stem = _EXTENSIONS.sub("", stem)
        base = _NOT_BARE.sub("-", stem).strip("-") or "cert"
        name, count = base, 1
        while name in self.taken:
            count += 1
            name = f"{base}-{count}"
        self.taken.add(name)
        return name

    def serving(self, file: str, key: str | None) -> _Cert:
        """The certificate a server presents: file and private key together."""
        for cert in self.certs:
            if cert.file == file and cert.key == key:
                return cert
        cert = _Cert(name=self._name(file), file=file, key=key)
        self.certs.append(cert)
        return cert

    def by_file(self, file: str) -> _Cert:
        """A certificate named only for its file (a client CA): any entry with that file."""
        found = [cert for cert in self.certs if cert.file == file]
        if found:
            return min(found, key=lambda cert: cert.key is not None)
        return self.serving(file, None)

    def named_file(self, file: str) -> str | None:
        return next((cert.name for cert in self.certs if cert.file == file), None)


def _product(
    listeners: list[ListenerFacts], notes: list[Diagnostic]
) -> tuple[str | None, list[ListenerFacts]]:
    spellings = Counter(listener.tls.cert_key for listener in listeners if listener.tls)
    if not spellings:
        return None, listeners
    ranked = sorted(spellings, key=lambda key: (-spellings[key], key != CURRENT))
    chosen = ranked[0]
    kept: list[ListenerFacts] = []
    for listener in listeners:
        if listener.tls is not None and listener.tls.cert_key != chosen:
            notes.append(
                diagnostic(
                    IMPORT_LEFT_OUT,
                    f"listener `{listener.name}` spells the certificate key "
                    f"{listener.tls.cert_key}, the other listeners {chosen}; one spec writes one "
                    "spelling, so this listener is not imported",
                    listener.tls.span,
                    hint="FairCom reads one spelling per build: use the same key in every "
                    "listener, then import again",
                )
            )
            continue
        kept.append(listener)
    if len(spellings) > 1:
        notes.append(
            note(
                f"server.product = {_PRODUCT_OF[chosen]}: most listeners spell the certificate "
                f"key {chosen}",
                None,
                path="services.json",
            )
        )
    return _PRODUCT_OF[chosen], kept


def _free_ports(listeners: list[ListenerFacts], notes: list[Diagnostic]) -> list[ListenerFacts]:
    used: dict[int, str] = {}
    kept: list[ListenerFacts] = []
    for listener in listeners:
        other = used.get(listener.port)
        if other is not None:
            notes.append(
                diagnostic(
                    IMPORT_LEFT_OUT,
                    f"listener `{listener.name}` uses port {listener.port} like `{other}`; a spec "
                    "gives every listener its own port, so it is not imported",
                    listener.span,
                )
            )
            continue
        used[listener.port] = listener.name
        kept.append(listener)
    return kept


def _with_ciphers(
    listeners: list[ListenerFacts], notes: list[Diagnostic]
) -> list[tuple[ListenerFacts, TomlValue | None]]:
    out: list[tuple[ListenerFacts, TomlValue | None]] = []
    for listener in listeners:
        if listener.tls is None:
            out.append((listener, None))
            continue
        if listener.tls.suites is None:
            out.append((listener, SERVER_DEFAULT))
            continue
        said = listener_suites(listener.tls.suites)
        if said is None:
            notes.append(
                diagnostic(
                    IMPORT_LEFT_OUT,
                    f"listener `{listener.name}`: fcsec would write its allowedCipherSuites "
                    "differently (an empty list, a suite twice, an unknown name, or a TLS 1.2 "
                    "suite by its IANA name), so it is not imported",
                    listener.tls.span,
                    hint="name TLS 1.3 suites by their standard names and older ones by their "
                    "OpenSSL names, as the FairCom guide does",
                )
            )
            continue
        out.append((listener, said))
    return out


def _listener_entries(
    listener: ListenerFacts, ciphers: TomlValue | None, certs: _Certs
) -> tuple[Entry, ...]:
    entries = [
        Entry(path=("protocol",), value=listener.protocol),
        Entry(path=("port",), value=listener.port),
        Entry(path=("enabled",), value=listener.enabled),
    ]
    vendor = vendor_description(
        ir.Listener(name=listener.name, protocol=ir.Protocol(listener.protocol), port=listener.port)
    )
    description = listener.description
    if description is not None and description != vendor and speakable(description):
        entries.append(Entry(path=("description",), value=description))
    tls = listener.tls
    if tls is not None:
        entries.append(
            Entry(path=("tls", "cert"), value=certs.serving(tls.cert_file, tls.private_key).name)
        )
        if tls.client_ca is not None:
            entries.append(
                Entry(path=("tls", "client_ca"), value=certs.by_file(tls.client_ca).name)
            )
        assert ciphers is not None
        entries.append(Entry(path=("tls", "ciphers"), value=ciphers))
        if tls.client_cert is not None:
            named = certs.named_file(tls.client_cert)
            entries.append(Entry(path=("tls", "client_cert"), value=named or tls.client_cert))
    return tuple(entries)


def _database_entries(database: DatabaseFacts, certs: _Certs) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    if database.cert_file is not None:
        cert = certs.serving(database.cert_file, database.private_key)
        cert.key_store = database.key_store
        entries.append(Entry(path=("cert",), value=cert.name))
    if database.tls_only is None:
        entries.append(
            Entry(path=("tls_only",), value=SERVER_DEFAULT, comment="no SSL_CONNECTIONS_ONLY line")
        )
    else:
        entries.append(Entry(path=("tls_only",), value=database.tls_only))
    if database.ciphers is None:
        entries.append(
            Entry(path=("ciphers",), value=SERVER_DEFAULT, comment="no SSL_CIPHERS line")
        )
    else:
        entries.append(Entry(path=("ciphers",), value=ssl_ciphers_setting(database.ciphers)))
    if database.verify_client_certs is not None:
        entries.append(Entry(path=("verify_client_certs",), value=database.verify_client_certs))
    login = database.x509
    if login is not None:
        fields = {"path": login.path}
        for name in ("prefix", "delimiter", "requirement_path", "requirement"):
            value = getattr(login, name)
            if value is not None:
                fields[name] = value
        entries.append(Entry(path=("x509_login",), value=fields))
    if database.debug_log is not None:
        entries.append(Entry(path=("debug_log",), value=database.debug_log))
    if not database.enabled:
        entries.append(
            Entry(path=("enabled",), value=False, comment="the block stays disabled (;SUBSYSTEM)")
        )
    return tuple(entries)


def _server_entries(
    header: ServerFacts | None, spelled: str | None, root: str | None, notes: list[Diagnostic]
) -> tuple[Entry, ...]:
    """``product``, ``version`` and ``root``: what the files and the folder say about the server."""
    entries: list[Entry] = []
    if header is None:
        if spelled is not None:
            entries.append(
                Entry(
                    path=("product",),
                    value=spelled,
                    comment="from the certificate key spelling of services.json",
                )
            )
    else:
        chosen = ir.Server(product=ir.Product(header.product), version=header.version)
        spelling = _SPELLING_OF.get(spelled) if spelled is not None else None
        if spelling is None or certificate_key(chosen) == spelling:
            entries.append(
                Entry(path=("product",), value=header.product, comment="from the ctsrvr.cfg header")
            )
        else:
            notes.append(
                note(
                    f"no [server] product: the ctsrvr.cfg header names {header.product} "
                    f"{header.version}, which fcsec writes {certificate_key(chosen)}, but the "
                    f"listeners spell {spelling}; without a product, compile keeps their spelling",
                    header.span,
                )
            )
        entries.append(Entry(path=("version",), value=header.version))
    if root is not None:
        entries.append(Entry(path=("root",), value=root))
    return tuple(entries)


def build(
    services: ServicesFacts | None,
    database: DatabaseFacts | None,
    exclusions: Exclusions = Exclusions(),
    *,
    server: ServerFacts | None = None,
    root: str | None = None,
) -> Built:
    """The spec's tables for these facts, and the notes about what was left out and why."""
    notes: list[Diagnostic] = []
    candidates = [
        listener
        for listener in (services.listeners if services is not None else ())
        if listener.name not in exclusions.listeners
    ]
    candidates = _free_ports(candidates, notes)
    product, candidates = _product(candidates, notes)
    listeners = _with_ciphers(candidates, notes)
    if exclusions.database:
        database = None
    reserved = [
        listener.tls.client_cert
        for listener, _ in listeners
        if listener.tls is not None and listener.tls.client_cert is not None
    ]
    certs = _Certs(reserved)
    listener_sections = [
        Section(
            header=("listeners", listener.name), entries=_listener_entries(listener, ciphers, certs)
        )
        for listener, ciphers in listeners
    ]
    database_entries = _database_entries(database, certs) if database is not None else None
    methods = services.methods if services is not None and not exclusions.mqtt else None

    sections = [Section(header=None, entries=(Entry(path=("fcsec",), value=1),))]
    server_entries = _server_entries(server, product, root, notes)
    if server_entries:
        sections.append(Section(header=("server",), entries=server_entries))
    for cert in certs.certs:
        entries = [Entry(path=("file",), value=cert.file)]
        if cert.key is not None:
            entries.append(Entry(path=("key",), value=cert.key))
        if cert.key_store is not None:
            entries.append(Entry(path=("key_store",), value=cert.key_store))
        sections.append(Section(header=("certs", cert.name), entries=tuple(entries)))
    sections.extend(listener_sections)
    if methods is not None:
        sections.append(
            Section(header=("mqtt",), entries=(Entry(path=("authentication",), value=methods),))
        )
    if database_entries is not None:
        sections.append(Section(header=("database",), entries=database_entries))
    return Built(
        sections=tuple(sections),
        notes=tuple(notes),
        listeners=tuple(listener.name for listener, _ in listeners),
        mqtt=methods is not None,
        database=database_entries is not None,
    )
