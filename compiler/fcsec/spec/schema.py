"""The keys of the spec language v1 as data: name, type, default, and the FairCom setting.

One table serves three readers: the structural check in lowering (unknown keys with "did you
mean", wrong types, missing required keys; a FairCom setting name written as a key gets the spec
key that writes it, from the ``faircom`` column through ``writers``), the check of ``[env.NAME]``
overlay keys, and the test that keeps ``docs/language.md`` in step with the language. Nothing
here reads spec text.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import Final

from fcsec.record import Record


class Kind(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    BOOLEAN_OR_DEFAULT = 'boolean or "faircom-default"'
    STRING_LIST = "array of strings"
    STRING_OR_LIST = "string or array of strings"
    CIPHERS = 'string, array of strings, or { openssl = "..." }'
    RULE_LIST = 'array of { rule = "...", reason = "..." }'
    TABLE = "table"
    NAMED_TABLES = "tables named by you"


def with_article(text: str) -> str:
    """``text`` after "a" or "an" (by its first letter): ``an integer``, ``a table``."""
    return ("an " if text[0] in "aeiou" else "a ") + text


class Key(Record):
    """One key of the language: its name, type, documentation, default and FairCom setting."""

    __slots__ = (
        "_by_name",
        "_required",
        "children",
        "default",
        "doc",
        "example",
        "faircom",
        "kind",
        "name",
        "required",
    )
    # ``_by_name`` and ``_required`` are derived from ``children``: not compared, not shown.
    _compared = ("name", "kind", "doc", "default", "faircom", "required", "example", "children")

    def __init__(
        self,
        *,
        name: str,
        kind: Kind,
        doc: str,
        default: str = "none",
        faircom: str = "",
        required: bool = False,
        example: str = "",
        children: tuple[Key, ...] = (),
    ) -> None:
        self.name: Final = name
        self.kind: Final = kind
        self.doc: Final = doc
        self.default: Final = default
        self.faircom: Final = faircom
        self.required: Final = required
        self.example: Final = example
        self.children: Final = children
        # Every key of a spec is looked up here.
        self._by_name: Final = {key.name: key for key in reversed(children)}
        self._required: Final = tuple(key for key in children if key.required)

    def child(self, name: str) -> Key | None:
        return self._by_name.get(name)

    def required_children(self) -> tuple[Key, ...]:
        return self._required

    def child_names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.children)


def _k(name: str, kind: Kind, doc: str, **kwargs: object) -> Key:
    return Key(name=name, kind=kind, doc=doc, **kwargs)  # type: ignore[arg-type]


S, INT, B = Kind.STRING, Kind.INTEGER, Kind.BOOLEAN

_TLS = _k(
    "tls",
    Kind.TABLE,
    "TLS settings of a secure listener (https, mqtts, mqttwss).",
    faircom='services.json listener "tls" object',
    children=(
        _k(
            "cert",
            S,
            "Name of a [certs.NAME] entry: the certificate the listener serves.",
            required=True,
            example='"server"',
            faircom="tls.certificateFilename or tls.serverCertificateFilename (by product and "
            "version), plus tls.privateKeyFilename from the cert's key",
        ),
        _k(
            "client_ca",
            S,
            "Name of a [certs.NAME] entry holding the CA that signs client "
            "certificates; clients must then present a certificate.",
            example='"client_ca"',
            faircom="tls.certificateAuthoritiesFilename",
        ),
        _k(
            "ciphers",
            Kind.STRING_OR_LIST,
            "A [ciphers.NAME] entry, a built-in policy name, or a "
            "list of suites (IANA or OpenSSL names).",
            default='"tlsref-intermediate"',
            example='"strict"',
            faircom="tls.allowedCipherSuites",
        ),
        _k(
            "client_cert",
            S,
            "Client certificate file the listener uses (the guide's MQTTS "
            "example), or the name of a [certs.NAME] entry whose file is used.",
            example='"adminClient.pem"',
            faircom="tls.clientCertificateFilename",
        ),
    ),
)

_X509 = _k(
    "x509_login",
    Kind.TABLE,
    "Log in database users by their client certificate.",
    example='{ path = "CN" }',
    faircom="x509_AUTHENTICATION YES and the X509_* keywords",
    children=(
        _k(
            "path",
            S,
            "Subject RDN that becomes the user name (CN, emailAddress, ...).",
            required=True,
            example='"CN"',
            faircom="x509_PATH",
        ),
        _k(
            "prefix",
            S,
            "Required prefix of that value, stripped from the user name.",
            faircom="X509_PREFIX",
        ),
        _k(
            "delimiter",
            S,
            "Required suffix of that value, stripped from the user name.",
            faircom="X509_DELIMITER",
        ),
        _k(
            "requirement_path",
            S,
            "Subject RDN that must be present.",
            faircom="X509_REQUIREMENT_PATH",
        ),
        _k(
            "requirement",
            S,
            "Value that RDN must have (case-insensitive; spaces allowed).",
            faircom="X509_REQUIREMENT",
        ),
    ),
)

LANGUAGE = _k(
    "",
    Kind.TABLE,
    "A spec file.",
    children=(
        _k("fcsec", INT, "Language version. Only 1 exists.", required=True, example="1"),
        _k(
            "server",
            Kind.TABLE,
            "The FairCom server this spec configures.",
            children=(
                _k(
                    "product",
                    S,
                    "faircom-db, faircom-edge or faircom-mq. With version, picks the "
                    "spelling of the certificate key in services.json; without it, compile "
                    "keeps the spelling the file uses.",
                    example='"faircom-db"',
                ),
                _k("version", S, 'Server version, e.g. "13" or "5.1".', example='"13"'),
                _k(
                    "root",
                    S,
                    "The <faircom> folder (a relative path is relative to the spec file's "
                    "folder); relative file names resolve in <root>/server, and compile writes "
                    "to <root>/config when no --config-dir is given.",
                    example='"/opt/faircom"',
                ),
                _k(
                    "hostname",
                    S,
                    "Name clients use; checked against the certificate by fcsec check.",
                    example='"db.example.com"',
                ),
            ),
        ),
        _k(
            "certs",
            Kind.NAMED_TABLES,
            "Certificates, each declared once and used by name.",
            children=(
                _k(
                    "file",
                    S,
                    "PEM certificate file; may embed the key and the chain.",
                    required=True,
                    example='"serverCert.pem"',
                    faircom="certificateFilename / serverCertificateFilename; "
                    "SERVER_CERTIFICATE_FILE",
                ),
                _k(
                    "key",
                    S,
                    "Private key file, when the key is not embedded in file.",
                    example='"serverKey.pem"',
                    faircom="privateKeyFilename; SERVER_PRIVATE_KEY_FILE",
                ),
                _k(
                    "key_store",
                    S,
                    "Encrypted key store holding the key's password (ctsrvr.cfg only).",
                    example='"ctsrvr.fkf"',
                    faircom="SERVER_ENCRYPTED_STORE_FILE",
                ),
            ),
        ),
        _k(
            "ciphers",
            Kind.NAMED_TABLES,
            "Cipher policies, each declared once and used by name.",
            children=(
                _k(
                    "profile",
                    S,
                    "A built-in policy: tlsref-modern, tlsref-intermediate, "
                    "nist-800-52r2, nist-800-52r2-aead, faircom-maximal, faircom-minimal, "
                    "faircom-https-example, "
                    "faircom-default.",
                    example='"tlsref-intermediate"',
                ),
                _k(
                    "suites",
                    Kind.STRING_LIST,
                    "An explicit list of suites, by IANA or OpenSSL name.",
                    example='["TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"]',
                ),
            ),
        ),
        _k(
            "listeners",
            Kind.NAMED_TABLES,
            "App-server listeners; the table name is the serviceName.",
            faircom='services.json "listeners" array',
            children=(
                _k(
                    "protocol",
                    S,
                    "http, https, mqtt, mqtts, mqttws or mqttwss.",
                    required=True,
                    example='"https"',
                    faircom="protocol",
                ),
                _k(
                    "port",
                    INT,
                    "TCP port, 1-65535; TLS and non-TLS listeners need different ports.",
                    required=True,
                    example="8443",
                    faircom="port (a JSON number)",
                ),
                _k(
                    "enabled",
                    B,
                    "Whether the server opens the listener.",
                    default="true",
                    example="true",
                    faircom="enabled",
                ),
                _k(
                    "description",
                    S,
                    "Free text.",
                    default="a vendor-style sentence naming the port and protocol",
                    faircom="description",
                ),
                _TLS,
            ),
        ),
        _k(
            "mqtt",
            Kind.TABLE,
            "The MQTT broker.",
            children=(
                _k(
                    "authentication",
                    Kind.STRING_LIST,
                    "Allowed methods: none, password, clientCertificate.",
                    example='["clientCertificate"]',
                    faircom="mqtt.authenticationMethods",
                ),
            ),
        ),
        _k(
            "database",
            Kind.TABLE,
            "TLS for SQL, ISAM and CTDB connections.",
            faircom="ctsrvr.cfg SUBSYSTEM COMM_PROTOCOL SSL { ... }",
            children=(
                _k(
                    "cert",
                    S,
                    "Name of a [certs.NAME] entry; required while the block is enabled.",
                    example='"server"',
                    faircom="SERVER_CERTIFICATE_FILE (+ SERVER_PRIVATE_KEY_FILE, "
                    "SERVER_ENCRYPTED_STORE_FILE)",
                ),
                _k(
                    "tls_only",
                    Kind.BOOLEAN_OR_DEFAULT,
                    'Refuse unencrypted TCP connections. "faircom-default" writes no '
                    "SSL_CONNECTIONS_ONLY line: the server's own default (NO), as fcsec import "
                    "writes it for a block without the keyword.",
                    example="true",
                    default="true (FairCom's own default is NO)",
                    faircom="SSL_CONNECTIONS_ONLY",
                ),
                _k(
                    "ciphers",
                    Kind.CIPHERS,
                    "A [ciphers.NAME] entry, a built-in policy, a list of "
                    'suites, or { openssl = "..." } for a raw OpenSSL string (warned: its meaning '
                    "depends on the server's OpenSSL build). Only TLS <= 1.2 suites are written.",
                    default='"tlsref-intermediate"',
                    faircom="SSL_CIPHERS",
                ),
                _k(
                    "verify_client_certs",
                    B,
                    "Require clients to present a certificate.",
                    example="true",
                    default="not written (the server decides)",
                    faircom="VERIFY_CLIENT_CERTIFICATE",
                ),
                _X509,
                _k("debug_log", S, "TLS debug log file.", example='"ssl.log"', faircom="DEBUG_LOG"),
                _k(
                    "shared_memory",
                    B,
                    example="false",
                    doc="false comments out COMM_PROTOCOL FSHAREMM (shared memory is "
                    "never encrypted); true restores it.",
                    default="not touched",
                    faircom="COMM_PROTOCOL FSHAREMM",
                ),
                _k(
                    "enabled",
                    B,
                    example="true",
                    doc="false keeps the block, disabled the vendor's way.",
                    default="true",
                    faircom=";SUBSYSTEM COMM_PROTOCOL SSL {",
                ),
            ),
        ),
        _k(
            "lint",
            Kind.TABLE,
            "Settings of `fcsec check`.",
            children=(
                _k(
                    "allow",
                    Kind.RULE_LIST,
                    "Findings accepted on purpose, each with the reason a reviewer reads: "
                    "a warning or error of an allowed rule is reported as allowed and does not "
                    "fail the check.",
                    example='[{ rule = "FCS601", reason = "legacy SQL clients on the LAN" }]',
                ),
            ),
        ),
        _k(
            "env",
            Kind.NAMED_TABLES,
            "Overlays: dotted keys that patch the base spec, applied with --env NAME.",
            example="database.tls_only = false",
        ),
    ),
)


def walk(key: Key = LANGUAGE, prefix: str = "") -> list[tuple[str, Key]]:
    """Every key with its dotted path; named tables appear as ``NAME``."""
    out: list[tuple[str, Key]] = []
    for child in key.children:
        path = f"{prefix}{child.name}"
        out.append((path, child))
        if child.kind is Kind.NAMED_TABLES and child.children:
            out.extend(walk(child, f"{path}.NAME."))
        elif child.kind is Kind.TABLE:
            out.extend(walk(child, f"{path}."))
    return out


# A FairCom setting name in the ``faircom`` column: a services.json key (camelCase) or a ctsrvr.cfg
# keyword (words joined by ``_``). Plain words there ("protocol", "port") are English too.
# (Compiled by ``re`` on first use: by ``fcsec import`` and the hints for an unknown key.)
_SETTING = r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+"


def setting_names(key: Key) -> tuple[str, ...]:
    """The FairCom settings ``key`` writes, as its ``faircom`` column names them."""
    return tuple(dict.fromkeys(re.findall(_SETTING, key.faircom)))


def folded(name: str) -> str:
    """A setting name in any spelling (``tls.certificateFilename``, ``ssl_ciphers``), folded."""
    return name.rsplit(".", 1)[-1].replace("_", "").replace("-", "").casefold()


class Writer(Record):
    """A spec key that writes a FairCom setting: ``path`` is dotted, named tables as ``NAME``."""

    __slots__ = ("key", "path", "setting")
    _compared = ("setting", "path", "key")

    def __init__(self, *, setting: str, path: str, key: Key) -> None:
        self.setting: Final = setting
        self.path: Final = path
        self.key: Final = key

    @property
    def config_file(self) -> str:
        return "services.json" if "_" not in self.setting else "ctsrvr.cfg"


@functools.cache
def _writers_by_setting() -> dict[str, tuple[Writer, ...]]:
    found: dict[str, list[Writer]] = {}
    for path, key in walk():
        if key.kind in (Kind.TABLE, Kind.NAMED_TABLES) and not key.example:
            continue  # a section, not a key one writes a value to
        for setting in setting_names(key):
            found.setdefault(folded(setting), []).append(
                Writer(setting=setting, path=path, key=key)
            )
    return {name: tuple(writers) for name, writers in found.items()}


def writers(name: str) -> tuple[Writer, ...]:
    """The spec keys that write the FairCom setting ``name`` (any spelling), in schema order."""
    return _writers_by_setting().get(folded(name), ())
