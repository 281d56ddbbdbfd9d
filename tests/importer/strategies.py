"""Hypothesis strategies: config folders to import, from the plausible to the hand-mangled.

``services_files()`` writes listeners the way FairCom and its users do: the vendor's members and
descriptions, one certificate key spelling per file (sometimes both), certificates shared between
listeners, cipher lists from the built-in policies or by hand (sometimes in a form fcsec would
write differently), the user's own members, ``mqtt.authenticationMethods``; now and then a
listener without ``enabled``, a repeated member, a port used twice or a number for a string. It
lays the file out with ``tests.services.strategies.emit`` (TABs or spaces, CRLF, blank lines).
``ctsrvr_files()`` writes a ctsrvr.cfg around an SSL block, active or disabled, whose keywords
come in any case, with YES and yes, commented lines, unknown keywords, x509 options and cipher
strings from the policies or by hand. ``folders()`` combines them, either file possibly absent;
``spec_folders()`` are the files ``fcsec compile`` writes for a generated valid spec.
"""

from __future__ import annotations

import attrs
from hypothesis import strategies as st
from tests.cfg.strategies import documents as mangled_cfg_documents
from tests.fmt.strategies import specs
from tests.services.strategies import Obj, emit, layouts
from tests.services.strategies import files as mangled_services

from fcsec.api import CTSRVR_CFG, SERVICES_JSON, load_spec, render_outputs
from fcsec.backends.ctsrvr_cfg import ssl_ciphers
from fcsec.backends.services_json import allowed_cipher_suites, vendor_description
from fcsec.cfg.render import render
from fcsec.ciphers.policies import PolicyKind, policy, policy_names
from fcsec.ir import nodes as ir
from fcsec.source import SourceFile

PROTOCOLS = ("http", "https", "mqtt", "mqtts", "mqttws", "mqttwss")
TLS = ("https", "mqtts", "mqttwss")
NAMES = ("http8080", "https8443", "mqtt1883", "mqtts8883", "mqttws9001", "mqttwss9002", "admin ü")
FILES = (
    "./web/fccert.pem",
    "serverCert.pem",
    "ca.pem",
    "C:\\faircom\\server\\cert.pem",
    "Zertifikat-ß.pem",
    "it's here.pem",
    "adminClient.pem",
    "",
)
HAND_SUITES = (
    "TLS_AES_256_GCM_SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",  # a TLS 1.2 suite by its IANA name
    "AES256-GCM-SHA38",  # the guide's typo
    "ecdhe-rsa-aes128-gcm-sha256",
)


@attrs.frozen(kw_only=True)
class Folder:
    """The texts of a config folder; None: the file is absent."""

    services: str | None
    ctsrvr: str | None

    def sources(self) -> tuple[SourceFile | None, SourceFile | None]:
        return (
            None if self.services is None else SourceFile("services.json", self.services),
            None if self.ctsrvr is None else SourceFile("ctsrvr.cfg", self.ctsrvr),
        )


def _policies(kind: PolicyKind) -> list[ir.CipherPolicy]:
    found = []
    for name in policy_names():
        builtin = policy(name)
        assert builtin is not None
        if builtin.kind is kind:
            found.append(
                ir.CipherPolicy(
                    name=name, kind=kind, suites=builtin.suites, openssl=builtin.openssl
                )
            )
    return found


_LISTENER_LISTS = [allowed_cipher_suites(p) for p in _policies(PolicyKind.SUITES)]
_SSL_STRINGS = [
    text
    for p in _policies(PolicyKind.SUITES) + _policies(PolicyKind.OPENSSL_STRING)
    if (text := ssl_ciphers(p)) is not None
]


@st.composite
def _suites(draw: st.DrawFn) -> object:
    choice = draw(st.integers(0, 9))
    if choice < 4:
        return list(draw(st.sampled_from(_LISTENER_LISTS)) or ())
    if choice < 8:
        return draw(st.lists(st.sampled_from(HAND_SUITES), max_size=3))
    return draw(st.sampled_from(("TLS_AES_256_GCM_SHA384", None, 3)))


@st.composite
def _tls(draw: st.DrawFn, spelling: str, files: list[str]) -> Obj:
    members: list[tuple[str, object]] = [(spelling, draw(st.sampled_from(files)))]
    if draw(st.integers(0, 9)) == 0:
        other = (
            "serverCertificateFilename"
            if spelling == "certificateFilename"
            else ("certificateFilename")
        )
        members.append((other, draw(st.sampled_from(files))))
    if draw(st.booleans()):
        members.append(("privateKeyFilename", draw(st.sampled_from(files))))
    if draw(st.booleans()):
        members.append(("certificateAuthoritiesFilename", draw(st.sampled_from(files))))
    if draw(st.booleans()):
        members.append(("allowedCipherSuites", draw(_suites())))
    if draw(st.integers(0, 3)) == 0:
        members.append(("clientCertificateFilename", draw(st.sampled_from(files))))
    if draw(st.integers(0, 5)) == 0:
        members.insert(draw(st.integers(0, len(members))), ("tlsOptions", {"x": 1}))
    return Obj(tuple(members))


@st.composite
def _listener(draw: st.DrawFn, name: str, port: int, spelling: str, files: list[str]) -> Obj:
    protocol = draw(st.sampled_from(PROTOCOLS))
    listener = ir.Listener(name=name, protocol=ir.Protocol(protocol), port=port)
    description = draw(
        st.sampled_from(
            (
                vendor_description(listener),
                vendor_description(listener),
                "My API",
                "tab\there",
                None,
                7,
            )
        )
    )
    members: list[tuple[str, object]] = [("serviceName", name)]
    if description is not None:
        members.append(("description", description))
    members.append(("port", draw(st.sampled_from((port, port, port, float(port), str(port))))))
    members.append(("protocol", protocol))
    if draw(st.integers(0, 9)) > 0:
        members.append(("enabled", draw(st.booleans())))
    if protocol in TLS or draw(st.integers(0, 9)) == 0:
        members.append(("tls", draw(_tls(spelling, files))))
    if draw(st.integers(0, 4)) == 0:
        members.insert(draw(st.integers(1, len(members))), ("bindAddress", "0.0.0.0"))
    if draw(st.integers(0, 14)) == 0:
        members.append(("enabled", True))
    return Obj(tuple(members))


@st.composite
def _services_tree(draw: st.DrawFn) -> Obj:
    names = draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=5))
    spelling = draw(st.sampled_from(("certificateFilename", "serverCertificateFilename")))
    files = draw(st.lists(st.sampled_from(FILES), min_size=1, max_size=3, unique=True))
    ports = draw(st.lists(st.integers(1, 65535), min_size=len(names), max_size=len(names)))
    if len(ports) > 1 and draw(st.integers(0, 9)) == 0:
        ports[-1] = ports[0]
    listeners = [
        draw(_listener(name, port, spelling, files))
        for name, port in zip(names, ports, strict=True)
    ]
    if listeners and draw(st.integers(0, 14)) == 0:
        listeners.append(listeners[0])  # a listener pasted twice
    sections: list[tuple[str, object]] = [("listeners", listeners)]
    sections.append(("applicationRoot", "./web/apps/"))
    if draw(st.booleans()):
        methods = draw(st.lists(st.sampled_from(("none", "password", "clientCertificate"))))
        mqtt: list[tuple[str, object]] = [("authenticationMethods", methods)]
        mqtt.append(("defaultMaxInflightMessages", 20))
        sections.append(("mqtt", Obj(tuple(mqtt))))
    return Obj(tuple(sections))


@st.composite
def services_files(draw: st.DrawFn) -> str:
    return emit(draw(_services_tree()), draw(layouts))


# --- ctsrvr.cfg -----------------------------------------------------------------------------------

_CASES = (str, str, str.lower, str.title)


@st.composite
def _ssl_line(draw: st.DrawFn) -> str:
    keyword, value = draw(
        st.sampled_from(
            (
                ("SERVER_CERTIFICATE_FILE", "ctree_ssl.pem"),
                ("SERVER_CERTIFICATE_FILE", "C:\\faircom\\server\\my cert.pem"),
                ("SERVER_PRIVATE_KEY_FILE", "ctree_ssl.key"),
                ("SERVER_ENCRYPTED_STORE_FILE", "ctsrvr.fkf"),
                ("DEBUG_LOG", "ssl.log"),
                ("SSL_CONNECTIONS_ONLY", "YES"),
                ("SSL_CONNECTIONS_ONLY", "NO"),
                ("SSL_CONNECTIONS_ONLY", "yes"),
                ("VERIFY_CLIENT_CERTIFICATE", "YES"),
                ("VERIFY_CLIENT_CERTIFICATE", "NO"),
                ("x509_AUTHENTICATION", "YES"),
                ("x509_AUTHENTICATION", "NO"),
                ("x509_PATH", "CN"),
                ("X509_PREFIX", "user-"),
                ("X509_REQUIREMENT_PATH", "O"),
                ("X509_REQUIREMENT", "Example Plant"),
                ("SSL_CIPHERS", draw(st.sampled_from(_SSL_STRINGS))),
                ("SSL_CIPHERS", "AES256-SHA256:AES256-GCM-SHA38:DHE-RSA-AES256-SHA256"),
                ("SSL_CIPHERS", "ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA256"),
                ("SSL_CIPHERS", "TLS_AES_256_GCM_SHA384"),
                ("SSL_CIPHERS", "ALL:!aNULL:!eNULL:@STRENGTH"),
                ("SSL_OPTION", "FOO"),
            )
        )
    )
    keyword = draw(st.sampled_from(_CASES))(keyword)
    indent = draw(st.sampled_from(("", "", "\t", "    ")))
    marker = ";" if draw(st.integers(0, 4)) == 0 else ""
    sep = draw(st.sampled_from((" ", "\t", "      ")))
    trailing = draw(st.sampled_from(("", "", " ")))
    return f"{indent}{marker}{keyword}{sep}{value}{trailing}"


@st.composite
def _clean_ssl_lines(draw: st.DrawFn) -> list[str]:
    """Each keyword at most once, with a value fcsec writes the same way."""
    lines = ["SERVER_CERTIFICATE_FILE " + draw(st.sampled_from(("ctree_ssl.pem", "my cert.pem")))]
    if draw(st.booleans()):
        lines.append("SERVER_PRIVATE_KEY_FILE ctree_ssl.key")
    if draw(st.booleans()):
        lines.append("SSL_CONNECTIONS_ONLY " + draw(st.sampled_from(("YES", "NO"))))
    if draw(st.booleans()):
        lines.append("VERIFY_CLIENT_CERTIFICATE YES")
    if draw(st.booleans()):
        lines += ["x509_AUTHENTICATION YES", "x509_PATH CN"]
        if draw(st.booleans()):
            lines += ["X509_REQUIREMENT_PATH O", "X509_REQUIREMENT Example Plant"]
    if draw(st.booleans()):
        lines.append("SSL_CIPHERS " + draw(st.sampled_from(_SSL_STRINGS)))
    return list(draw(st.permutations(lines)))


@st.composite
def _ssl_block(draw: st.DrawFn) -> list[str]:
    enabled = draw(st.booleans())
    header = ("" if enabled else ";") + draw(
        st.sampled_from(("SUBSYSTEM COMM_PROTOCOL SSL {", "subsystem comm_protocol ssl {"))
    )
    body = draw(st.one_of(_clean_ssl_lines(), st.lists(_ssl_line(), max_size=8)))
    if enabled and draw(st.booleans()):
        body.insert(0, "SERVER_CERTIFICATE_FILE ctree_ssl.pem")
    if draw(st.booleans()):
        body.insert(
            draw(st.integers(0, len(body))), ";This is the file name in your server's directory"
        )
    return [header, *body, "}"]


@st.composite
def ctsrvr_files(draw: st.DrawFn) -> str:
    lines = ["SERVER_NAME FAIRCOMS", "COMM_PROTOCOL F_TCPIP", "COMM_PROTOCOL FSHAREMM", ""]
    blocks = draw(st.integers(0, 10))
    if blocks > 0:
        lines += draw(_ssl_block())
    if blocks == 10:
        lines += ["", *draw(_ssl_block())]
    lines += ["", "; End of File"]
    newline = draw(st.sampled_from(("\n", "\r\n", "\r")))
    return newline.join(lines) + draw(st.sampled_from((newline, "")))


# --- folders --------------------------------------------------------------------------------------


@st.composite
def folders(draw: st.DrawFn) -> Folder:
    """A plausible or mangled config folder with at least one of the two files."""
    services = draw(
        st.one_of(services_files(), services_files(), mangled_services().map(lambda f: f[0]))
    )
    ctsrvr = draw(st.one_of(ctsrvr_files(), ctsrvr_files(), mangled_cfg_documents().map(render)))
    which = draw(st.sampled_from(("both", "both", "services", "ctsrvr")))
    return Folder(
        services=services if which in ("both", "services") else None,
        ctsrvr=ctsrvr if which in ("both", "ctsrvr") else None,
    )


@st.composite
def spec_folders(draw: st.DrawFn) -> Folder:
    """The config files ``fcsec compile`` writes for a valid spec into an empty folder."""
    spec = load_spec(SourceFile("spec.fcsec", draw(specs()).text)).spec
    empty: dict[str, SourceFile | None] = {SERVICES_JSON: None, CTSRVR_CFG: None}
    written = {output.name: output.after for output in render_outputs(spec, empty)}
    if not written:
        written[CTSRVR_CFG] = "SERVER_NAME FAIRCOMS\n"
    return Folder(services=written.get(SERVICES_JSON), ctsrvr=written.get(CTSRVR_CFG))
