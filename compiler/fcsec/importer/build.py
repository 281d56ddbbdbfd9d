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

The result is an ``ir.Spec``, what lowering would build from the spec text: the importer is
the inverse of lowering, and ``fcsec.spec.writer`` (the one IR-to-TOML writer) writes it, with
the end-of-line comments collected here. Nothing here writes text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import attrs

from fcsec.backends.products import CURRENT, EDGE_STYLE, certificate_key
from fcsec.backends.services_json import vendor_description
from fcsec.diagnostics import Diagnostic, diagnostic
from fcsec.importer.ciphers import listener_policy, server_default, ssl_ciphers_policy
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
from fcsec.spec.lower import LANGUAGE_VERSION

_PRODUCT_OF = {EDGE_STYLE: ir.Product.FAIRCOM_EDGE, CURRENT: ir.Product.FAIRCOM_DB}
_SPELLING_OF = {product: spelling for spelling, product in _PRODUCT_OF.items()}
_EXTENSIONS = re.compile(r"\.(pem|crt|cer|der|key|p12|pfx|fkf)$", re.IGNORECASE)
_NOT_BARE = re.compile(r"[^A-Za-z0-9_-]+")

#: The end-of-line comments of the written spec, by key path.
Comments = dict[tuple[str, ...], str]


@attrs.frozen(kw_only=True)
class Built:
    """The spec the facts say, the comments its text carries, and what it manages."""

    spec: ir.Spec
    comments: Comments = attrs.field(factory=dict)
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


class _Cert:
    """A certificate being named; ``key_store`` may still be learnt from the SSL block."""

    __slots__ = ("file", "key", "key_store", "name")

    def __init__(self, name: str, file: str, key: str | None) -> None:
        self.name, self.file, self.key = name, file, key
        self.key_store: str | None = None


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
        cert = _Cert(self._name(file), file, key)
        self.certs.append(cert)
        return cert

    def by_file(self, file: str) -> _Cert:
        """A certificate named only for its file (a client CA): any entry with that file."""
        found = [cert for cert in self.certs if cert.file == file]
        if found:
            return min(found, key=lambda cert: cert.key is not None)
        return self.serving(file, None)

    def frozen(self) -> dict[str, ir.CertRef]:
        """The IR certificates by name, once every use is known."""
        return {
            cert.name: ir.CertRef(
                name=cert.name, file=cert.file, key=cert.key, key_store=cert.key_store
            )
            for cert in self.certs
        }


def _product(
    listeners: list[ListenerFacts], notes: list[Diagnostic]
) -> tuple[ir.Product | None, list[ListenerFacts]]:
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
                f"server.product = {_PRODUCT_OF[chosen].value}: most listeners spell the "
                f"certificate key {chosen}",
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
) -> list[tuple[ListenerFacts, ir.CipherPolicy | None]]:
    out: list[tuple[ListenerFacts, ir.CipherPolicy | None]] = []
    for listener in listeners:
        if listener.tls is None:
            out.append((listener, None))
            continue
        if listener.tls.suites is None:
            out.append((listener, server_default()))
            continue
        said = listener_policy(listener.tls.suites)
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


def _name_certs(
    listeners: list[tuple[ListenerFacts, ir.CipherPolicy | None]], database: DatabaseFacts | None
) -> _Certs:
    """Name every certificate in the order the spec uses them: listeners first, then the block."""
    reserved = [
        listener.tls.client_cert
        for listener, _ in listeners
        if listener.tls is not None and listener.tls.client_cert is not None
    ]
    certs = _Certs(reserved)
    for listener, _ in listeners:
        if listener.tls is not None:
            certs.serving(listener.tls.cert_file, listener.tls.private_key)
            if listener.tls.client_ca is not None:
                certs.by_file(listener.tls.client_ca)
    if database is not None and database.cert_file is not None:
        certs.serving(database.cert_file, database.private_key).key_store = database.key_store
    return certs


def _listener(
    listener: ListenerFacts,
    ciphers: ir.CipherPolicy | None,
    certs: _Certs,
    named: dict[str, ir.CertRef],
) -> ir.Listener:
    vendor = vendor_description(
        ir.Listener(name=listener.name, protocol=ir.Protocol(listener.protocol), port=listener.port)
    )
    description = listener.description
    if description is None or description == vendor or not speakable(description):
        description = None
    tls = None
    if listener.tls is not None:
        facts = listener.tls
        assert ciphers is not None
        client_ca = certs.by_file(facts.client_ca).name if facts.client_ca is not None else None
        tls = ir.Tls(
            cert=named[certs.serving(facts.cert_file, facts.private_key).name],
            client_ca=named[client_ca] if client_ca is not None else None,
            ciphers=ciphers,
            client_cert=facts.client_cert,
        )
    return ir.Listener(
        name=listener.name,
        protocol=ir.Protocol(listener.protocol),
        port=listener.port,
        enabled=listener.enabled,
        description=description,
        tls=tls,
    )


def _database(
    database: DatabaseFacts, certs: _Certs, named: dict[str, ir.CertRef], comments: Comments
) -> ir.DatabaseTls:
    cert = None
    if database.cert_file is not None:
        cert = named[certs.serving(database.cert_file, database.private_key).name]
    if database.tls_only is None:
        comments["database", "tls_only"] = "no SSL_CONNECTIONS_ONLY line"
    if database.ciphers is None:
        comments["database", "ciphers"] = "no SSL_CIPHERS line"
    if not database.enabled:
        comments["database", "enabled"] = "the block stays disabled (;SUBSYSTEM)"
    login = database.x509
    return ir.DatabaseTls(
        cert=cert,
        tls_only=database.tls_only,
        ciphers=(
            server_default() if database.ciphers is None else ssl_ciphers_policy(database.ciphers)
        ),
        verify_client_certs=database.verify_client_certs,
        x509_login=None
        if login is None
        else ir.X509Login(
            path=login.path,
            prefix=login.prefix,
            delimiter=login.delimiter,
            requirement_path=login.requirement_path,
            requirement=login.requirement,
        ),
        debug_log=database.debug_log,
        enabled=database.enabled,
    )


def _server(
    header: ServerFacts | None,
    spelled: ir.Product | None,
    root: str | None,
    notes: list[Diagnostic],
    comments: Comments,
) -> ir.Server:
    """``product``, ``version`` and ``root``: what the files and the folder say about the server."""
    if header is None:
        if spelled is not None:
            comments["server", "product"] = "from the certificate key spelling of services.json"
        return ir.Server(product=spelled, root=root)
    chosen = ir.Server(product=ir.Product(header.product), version=header.version)
    spelling = _SPELLING_OF.get(spelled) if spelled is not None else None
    if spelling is None or certificate_key(chosen) == spelling:
        comments["server", "product"] = "from the ctsrvr.cfg header"
        return ir.Server(product=chosen.product, version=header.version, root=root)
    notes.append(
        note(
            f"no [server] product: the ctsrvr.cfg header names {header.product} "
            f"{header.version}, which fcsec writes {certificate_key(chosen)}, but the "
            f"listeners spell {spelling}; without a product, compile keeps their spelling",
            header.span,
        )
    )
    return ir.Server(version=header.version, root=root)


def build(
    services: ServicesFacts | None,
    database: DatabaseFacts | None,
    exclusions: Exclusions = Exclusions(),
    *,
    server: ServerFacts | None = None,
    root: str | None = None,
) -> Built:
    """The spec these facts say, and the notes about what was left out and why."""
    notes: list[Diagnostic] = []
    comments: Comments = {}
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
    certs = _name_certs(listeners, database)
    named = certs.frozen()
    methods = services.methods if services is not None and not exclusions.mqtt else None
    spec = ir.Spec(
        version=LANGUAGE_VERSION,
        server=_server(server, product, root, notes, comments),
        certs=tuple(named.values()),
        listeners=tuple(
            _listener(listener, ciphers, certs, named) for listener, ciphers in listeners
        ),
        mqtt=(
            None
            if methods is None
            else ir.Mqtt(authentication=tuple(ir.AuthMethod(method) for method in methods))
        ),
        database=_database(database, certs, named, comments) if database is not None else None,
    )
    return Built(
        spec=spec,
        comments=comments,
        notes=tuple(notes),
        listeners=tuple(listener.name for listener, _ in listeners),
        mqtt=methods is not None,
        database=database is not None,
    )
