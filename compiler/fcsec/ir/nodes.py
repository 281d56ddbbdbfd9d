"""The typed IR: what the spec means, independent of how it was written or where it goes.

Every node is a frozen, keyword-only attrs class; sequences are tuples; closed vocabularies are
enums. Each node keeps the span of the spec text it came from for diagnostics, excluded from
equality, so an IR parsed from text equals one built by hand. The IR knows FairCom's concepts
(listeners, the database TLS block) but no file syntax of the spec or of the targets.
"""

from __future__ import annotations

import enum

import attrs

from fcsec.ciphers.policies import PolicyKind
from fcsec.ciphers.registry import Suite
from fcsec.source import Span


class Product(enum.Enum):
    FAIRCOM_DB = "faircom-db"
    FAIRCOM_EDGE = "faircom-edge"
    FAIRCOM_MQ = "faircom-mq"


class Protocol(enum.Enum):
    HTTP = "http"
    HTTPS = "https"
    MQTT = "mqtt"
    MQTTS = "mqtts"
    MQTTWS = "mqttws"
    MQTTWSS = "mqttwss"

    @property
    def uses_tls(self) -> bool:
        return self in _SECURE


# A tuple, not a set: ``in`` finds a member by identity, a set would hash it in Python (and a
# name in the class body would be a member); asked of every listener several times a run.
_SECURE = (Protocol.HTTPS, Protocol.MQTTS, Protocol.MQTTWSS)


class AuthMethod(enum.Enum):
    NONE = "none"
    PASSWORD = "password"
    CLIENT_CERTIFICATE = "clientCertificate"


@attrs.frozen(kw_only=True)
class Server:
    product: Product | None = None
    version: str | None = None
    root: str | None = None
    hostname: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class CertRef:
    """A certificate declared once in ``[certs.NAME]`` and used by name."""

    name: str
    file: str
    key: str | None = None
    key_store: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class CipherPolicy:
    """The suites a connection may use: a list, a raw OpenSSL string, or the server's default.

    ``name`` is the policy's name when it came from ``[ciphers.NAME]`` or a built-in profile,
    None for a list written in place.
    """

    name: str | None
    kind: PolicyKind
    suites: tuple[Suite, ...] = ()
    openssl: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Tls:
    cert: CertRef
    client_ca: CertRef | None = None
    ciphers: CipherPolicy
    client_cert: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Listener:
    """One app-server listener; ``name`` is its serviceName."""

    name: str
    protocol: Protocol
    port: int
    enabled: bool = True
    description: str | None = None
    tls: Tls | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Mqtt:
    authentication: tuple[AuthMethod, ...]
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class X509Login:
    path: str
    prefix: str | None = None
    delimiter: str | None = None
    requirement_path: str | None = None
    requirement: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class DatabaseTls:
    """The ctsrvr.cfg ``SUBSYSTEM COMM_PROTOCOL SSL`` block (SQL, ISAM, CTDB).

    ``tls_only`` None is the server's own default: no ``SSL_CONNECTIONS_ONLY`` line (FairCom
    then reads NO).
    """

    cert: CertRef | None
    tls_only: bool | None = True
    ciphers: CipherPolicy
    verify_client_certs: bool | None = None
    x509_login: X509Login | None = None
    debug_log: str | None = None
    shared_memory: bool | None = None
    enabled: bool = True
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Allowance:
    """A finding accepted on purpose in ``[lint] allow``, with the reason reviewers read."""

    rule: str
    reason: str
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Spec:
    """A whole spec after the overlay of ``env`` (None: the base spec) has been applied."""

    version: int
    server: Server
    certs: tuple[CertRef, ...] = ()
    ciphers: tuple[CipherPolicy, ...] = ()
    listeners: tuple[Listener, ...] = ()
    mqtt: Mqtt | None = None
    database: DatabaseTls | None = None
    allow: tuple[Allowance, ...] = ()
    env: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)
