"""Hypothesis strategies: valid specs written in many layouts, with comments to keep track of.

``specs()`` draws what a spec says (certificates, cipher policies, listeners, MQTT, the database
block, lint allowances, environments) so that it always compiles, and then writes it the way
people do: tables in any order, keys shuffled, ``tls`` as dotted keys, a sub-table or an inline
table, ``[server]`` keys dotted at the top, quoted and bare keys, literal and basic strings,
arrays on one line or over several with comments between the items, odd spacing and indentation,
blank lines, LF or CRLF, with or without a final newline. Every comment is unique, and the
generated spec records which statement each one belongs to.
"""

from __future__ import annotations

import re

import attrs
from hypothesis import strategies as st

_BARE = re.compile(r"[A-Za-z0-9_-]+")

CERT_NAMES = ("server", "client_ca", "edge-01", "zertifikat-ü", "a.b")
LISTENER_NAMES = ("https8443", "mqtts8883", "http8080", "mqttwss9002", "admin ü", "web")
FILES = (
    "serverCert.pem",
    "/Certs/ca.crt",
    "C:\\faircom\\server\\cert.pem",
    "Zertifikat-ß.pem",
    "with space.pem",
    "it's.pem",
    'quote".pem',
)
LISTENER_POLICIES = (
    "tlsref-intermediate",
    "nist-800-52r2",
    "faircom-https-example",
    "faircom-default",
)
DATABASE_POLICIES = ("tlsref-intermediate", "faircom-maximal", "faircom-minimal", "faircom-default")
SUITES_12 = (
    "ECDHE-RSA-AES256-GCM-SHA384",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "AES256-SHA256",
)
SUITES_13 = ("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")


@attrs.frozen(kw_only=True)
class Generated:
    """A spec text and where its comments belong.

    ``before`` maps a comment to the text its statement's line starts with (in the canonical
    layout); ``trailing`` maps a comment to the text of the line it ends; ``comments`` is every
    comment; ``envs`` the names of the environments.
    """

    text: str
    before: tuple[tuple[str, str], ...]
    trailing: tuple[tuple[str, str], ...]
    comments: tuple[str, ...]
    top: tuple[str, ...]
    envs: tuple[str, ...]


# --- writing TOML by hand ------------------------------------------------------------------------


def _basic(text: str) -> str:
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _can_be_literal(text: str) -> bool:
    return "'" not in text and not any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)


@st.composite
def _string(draw: st.DrawFn, text: str) -> str:
    if _can_be_literal(text) and draw(st.booleans()):
        return f"'{text}'"
    return _basic(text)


@st.composite
def _key_part(draw: st.DrawFn, name: str) -> str:
    if _BARE.fullmatch(name) and draw(st.integers(0, 3)) > 0:
        return name
    return draw(_string(name))


@st.composite
def _key(draw: st.DrawFn, names: tuple[str, ...]) -> tuple[str, str]:
    """The key as written, and as fcsec fmt writes it (bare where it can be, else as drawn)."""
    dot = draw(st.sampled_from((".", ".", " . ")))
    parts = [draw(_key_part(name)) for name in names]
    canonical = [
        name if _BARE.fullmatch(name) else part for name, part in zip(names, parts, strict=True)
    ]
    return dot.join(parts), ".".join(canonical)


# --- values ---------------------------------------------------------------------------------------

Value = str | int | bool | tuple[str, ...] | dict[str, object]


@st.composite
def _value_text(draw: st.DrawFn, value: object, notes: _Notes) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return draw(st.sampled_from((str(value), f"+{value}" if value else "0")))
    if isinstance(value, str):
        return draw(_string(value))
    if isinstance(value, tuple):
        items = [draw(_value_text(item, notes)) for item in value]
        if not draw(st.booleans()):
            return "[" + draw(st.sampled_from((", ", ",", " ,  "))).join(items) + "]"
        lines = ["[" + (" " + notes.comment("open") if draw(st.integers(0, 4)) == 0 else "")]
        last_comma = draw(st.booleans())
        for index, item in enumerate(items):
            if draw(st.integers(0, 3)) == 0:
                lines.append("  " + notes.comment("item"))
            line = "    " + item + ("," if index + 1 < len(items) or last_comma else "")
            if draw(st.integers(0, 3)) == 0:
                line += " " + notes.comment("item")
            lines.append(line)
        if draw(st.integers(0, 4)) == 0:
            lines.append("  " + notes.comment("close"))
        lines.append("]")
        return "\n".join(lines)
    assert isinstance(value, dict)
    entries = list(value.items())
    entries = draw(st.permutations(entries))
    body = ", ".join(
        f"{draw(_key_part(name))} = {draw(_value_text(inner, notes))}" for name, inner in entries
    )
    return "{" + (f" {body} " if body else "") + "}"


class _Notes:
    """Unique comments, and the record of where each belongs."""

    def __init__(self) -> None:
        self.count = 0
        self.all: list[str] = []
        self.before: list[tuple[str, str]] = []
        self.trailing: list[tuple[str, str]] = []

    def comment(self, kind: str) -> str:
        self.count += 1
        text = f"# {kind} {self.count}"
        self.all.append(text)
        return text


# --- what a spec says -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Statement:
    """One key (path relative to its table) or, with ``value`` None, a table header."""

    path: tuple[str, ...]
    value: object = None


@attrs.frozen(kw_only=True)
class _Table:
    header: tuple[str, ...] | None  # None: the keys before the first table
    keys: tuple[_Statement, ...]


@st.composite
def _certs(draw: st.DrawFn) -> dict[str, dict[str, object]]:
    names = draw(st.lists(st.sampled_from(CERT_NAMES), min_size=1, max_size=3, unique=True))
    certs: dict[str, dict[str, object]] = {}
    for name in names:
        body: dict[str, object] = {"file": draw(st.sampled_from(FILES))}
        if draw(st.booleans()):
            body["key"] = draw(st.sampled_from(FILES))
        if draw(st.integers(0, 3)) == 0:
            body["key_store"] = "ctsrvr.fkf"
        certs[name] = body
    return certs


@st.composite
def _ciphers(draw: st.DrawFn, database: bool) -> object:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.sampled_from(DATABASE_POLICIES if database else LISTENER_POLICIES))
    if choice == 1 and database:
        return {"openssl": "ALL:!aNULL:@STRENGTH"}
    pool = SUITES_12 if database else SUITES_12 + SUITES_13
    return tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True)))


@st.composite
def _listeners(draw: st.DrawFn, certs: list[str]) -> dict[str, dict[str, object]]:
    names = draw(st.lists(st.sampled_from(LISTENER_NAMES), max_size=3, unique=True))
    ports = draw(
        st.lists(st.integers(1, 65535), min_size=len(names), max_size=len(names), unique=True)
    )
    listeners: dict[str, dict[str, object]] = {}
    for name, port in zip(names, ports, strict=True):
        protocol = draw(st.sampled_from(("http", "https", "mqtt", "mqtts", "mqttws", "mqttwss")))
        body: dict[str, object] = {"protocol": protocol, "port": port}
        if draw(st.booleans()):
            body["enabled"] = draw(st.booleans())
        if draw(st.integers(0, 3)) == 0:
            body["description"] = draw(st.sampled_from(("Web API", "", 'Ports "8443"')))
        if protocol in ("https", "mqtts", "mqttwss"):
            tls: dict[str, object] = {"cert": draw(st.sampled_from(certs))}
            if draw(st.booleans()):
                tls["client_ca"] = draw(st.sampled_from(certs))
            if draw(st.booleans()):
                tls["ciphers"] = draw(_ciphers(database=False))
            if draw(st.integers(0, 3)) == 0:
                tls["client_cert"] = "adminClient.pem"
            body["tls"] = tls
        listeners[name] = body
    return listeners


@st.composite
def _database(draw: st.DrawFn, certs: list[str]) -> dict[str, object]:
    enabled = draw(st.booleans())
    body: dict[str, object] = {}
    if enabled or draw(st.booleans()):
        body["cert"] = draw(st.sampled_from(certs))
    if not enabled or draw(st.integers(0, 3)) == 0:
        body["enabled"] = enabled
    if draw(st.booleans()):
        body["tls_only"] = draw(st.sampled_from((True, False, "faircom-default")))
    if draw(st.booleans()):
        body["ciphers"] = draw(_ciphers(database=True))
    if draw(st.booleans()):
        body["verify_client_certs"] = draw(st.booleans())
    if draw(st.booleans()):
        login: dict[str, object] = {"path": "CN"}
        if draw(st.booleans()):
            login["prefix"] = "user-"
        if draw(st.booleans()):
            login["requirement_path"] = "O"
            login["requirement"] = "Example Plant"
        body["x509_login"] = login
    if draw(st.booleans()):
        body["debug_log"] = "ssl.log"
    if draw(st.booleans()):
        body["shared_memory"] = draw(st.booleans())
    return body


@st.composite
def _content(draw: st.DrawFn) -> dict[str, object]:
    content: dict[str, object] = {"fcsec": 1}
    if draw(st.booleans()):
        server: dict[str, object] = {}
        if draw(st.booleans()):
            server["product"] = draw(st.sampled_from(("faircom-db", "faircom-edge", "faircom-mq")))
        if draw(st.booleans()):
            server["version"] = draw(st.sampled_from(("13", "5.1")))
        if draw(st.booleans()):
            server["hostname"] = "db.example.com"
        content["server"] = server
    certs = draw(_certs())
    content["certs"] = certs
    if draw(st.booleans()):
        content["ciphers"] = {
            "strict": {"profile": "tlsref-intermediate"},
            "own": {"suites": ("ECDHE-RSA-AES256-GCM-SHA384",)},
        }
    listeners = draw(_listeners(list(certs)))
    if listeners:
        content["listeners"] = listeners
    if draw(st.booleans()):
        methods = draw(st.lists(st.sampled_from(("none", "password")), unique=True))
        content["mqtt"] = {"authentication": tuple(methods)} if draw(st.booleans()) else {}
    if draw(st.booleans()):
        content["database"] = draw(_database(list(certs)))
    if draw(st.integers(0, 3)) == 0:
        content["lint"] = {"allow": ({"rule": "FCS601", "reason": "legacy clients"},)}
    envs: dict[str, object] = {}
    for env in draw(st.lists(st.sampled_from(("dev", "prod", "test-1")), unique=True, max_size=2)):
        overlay: dict[str, object] = {}
        if "database" in content and draw(st.booleans()):
            overlay["database"] = {"tls_only": draw(st.booleans())}
        if listeners and draw(st.booleans()):
            name = draw(st.sampled_from(list(listeners)))
            overlay["listeners"] = {name: {"enabled": draw(st.booleans())}}
        if not overlay:
            overlay["server"] = {"hostname": f"{env}.example.com"}
        envs[env] = overlay
    if envs:
        content["env"] = envs
    return content


# --- layout ---------------------------------------------------------------------------------------

# Sections whose keys may be written as sub-tables or inline tables instead of dotted keys.
_NESTED = ("tls", "x509_login")


def _flatten(
    body: dict[str, object], prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], object]]:
    out: list[tuple[tuple[str, ...], object]] = []
    for name, value in body.items():
        if isinstance(value, dict) and name != "openssl" and "openssl" not in value:
            out.extend(_flatten(value, (*prefix, name)))
        else:
            out.append(((*prefix, name), value))
    return out


@st.composite
def _tables(draw: st.DrawFn, content: dict[str, object]) -> list[_Table]:
    root: list[_Statement] = [_Statement(path=("fcsec",), value=1)]
    tables: list[_Table] = []

    def add(header: tuple[str, ...], body: dict[str, object]) -> None:
        keys: list[_Statement] = []
        for name, value in body.items():
            if isinstance(value, dict) and name in _NESTED:
                style = draw(st.sampled_from(("dotted", "table", "inline")))
                if style == "table":
                    add((*header, name), value)
                    continue
                if style == "inline":
                    keys.append(_Statement(path=(name,), value=value))
                    continue
                keys.extend(
                    _Statement(path=(name, *path), value=inner) for path, inner in _flatten(value)
                )
                continue
            keys.append(_Statement(path=(name,), value=value))
        tables.append(_Table(header=header, keys=tuple(draw(st.permutations(keys)))))

    for section, body in content.items():
        if section == "fcsec":
            continue
        assert isinstance(body, dict)
        if section == "server" and body and draw(st.booleans()):
            root.extend(
                _Statement(path=("server", name), value=value) for name, value in body.items()
            )
        elif section in ("certs", "ciphers", "listeners"):
            for name, inner in body.items():
                assert isinstance(inner, dict)
                add((section, name), inner)
        elif section == "env":
            for name, overlay in body.items():
                assert isinstance(overlay, dict)
                statements = [
                    _Statement(path=path, value=value) for path, value in _flatten(overlay)
                ]
                tables.append(
                    _Table(header=("env", name), keys=tuple(draw(st.permutations(statements))))
                )
        else:
            add((section,), body)
    ordered = [_Table(header=None, keys=tuple(draw(st.permutations(root))))]
    return ordered + list(draw(st.permutations(tables)))


@st.composite
def specs(draw: st.DrawFn) -> Generated:
    """A valid spec in a drawn layout, with the comments it holds and where they belong."""
    content = draw(_content())
    notes = _Notes()
    lines: list[str] = []
    top: list[str] = []
    if draw(st.booleans()):
        top = [notes.comment("top"), notes.comment("top")]
        lines.extend(top)
        lines.append("")
    for table in draw(_tables(content)):
        statements: list[tuple[str, str]] = []  # (text, canonical start)
        if table.header is not None:
            header, canonical = draw(_key(table.header))
            spaced = draw(st.sampled_from(("[{}]", "[ {} ]", "[{}]")))
            statements.append((spaced.format(header), f"[{canonical}]"))
        for statement in table.keys:
            equal = draw(st.sampled_from((" = ", "=", " =  ", "\t=\t")))
            key, canonical = draw(_key(statement.path))
            text = key + equal + draw(_value_text(statement.value, notes))
            statements.append((text, canonical + " ="))
        for text, start in statements:
            if draw(st.integers(0, 4)) == 0:
                lines.append("")
            if draw(st.integers(0, 3)) == 0:
                comment = notes.comment("before")
                lines.append(draw(st.sampled_from(("", "  "))) + comment)
                notes.before.append((comment, start))
            indent = draw(st.sampled_from(("", "", "  ", "\t")))
            text_lines = text.split("\n")
            if draw(st.integers(0, 3)) == 0:
                comment = notes.comment("trailing")
                text_lines[-1] += draw(st.sampled_from((" ", "   ", "\t"))) + comment
                notes.trailing.append((comment, start))
            lines.append(indent + "\n".join(text_lines))
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
            lines.append(notes.comment("trailer"))
        lines.append("")
    newline = draw(st.sampled_from(("\n", "\r\n")))
    text = "\n".join(lines).rstrip("\n")
    if draw(st.booleans()):
        text += "\n"
    text = text.replace("\n", newline)
    envs = tuple(content["env"]) if isinstance(content.get("env"), dict) else ()
    return Generated(
        text=text,
        before=tuple(notes.before),
        trailing=tuple(notes.trailing),
        comments=tuple(notes.all),
        top=tuple(top),
        envs=envs,  # type: ignore[arg-type]
    )
