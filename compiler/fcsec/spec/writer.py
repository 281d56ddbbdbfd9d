"""Write an IR spec as spec text: the inverse of lowering.

``write_spec(spec)`` is the one IR-to-TOML writer (``fcsec import`` uses it). Its law, tested
with hypothesis: for every spec the language accepts, lowering the written text gives the same
IR back (``load_spec(write_spec(spec)).spec == spec``, spans aside), and ``fcsec fmt`` leaves the
text as it is. What lowering filled in as a default is written out, so a reviewer reads every
setting (``enabled = true``, ``ciphers = "tlsref-intermediate"``).

The text is in the layout ``fcsec fmt`` keeps: tables and keys in the language's order, dotted
``tls.*`` keys as the docs write them, short arrays and inline tables on one line, a Windows path
in single quotes (a literal string, no escapes to read), a comment at the end of a line where the
caller gives one. Keys, strings and long arrays are spelled by tomli-w.

An IR that no text can say (a cipher policy with neither a name nor a list, a client
certificate file whose text is also a certificate's name) raises ``Unspeakable``; lowering never
builds one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import tomli_w

from fcsec.ciphers.policies import FAIRCOM_DEFAULT, PolicyKind, policy, policy_names
from fcsec.ir import nodes as ir

#: A value as the writer lays it out: an inline table is a mapping of strings.
Value = str | int | bool | tuple[str, ...] | dict[str, str | tuple[str, ...]]
#: A comment for the end of a key's line, by the key's full path: ``("database", "tls_only")``.
Comments = Mapping[tuple[str, ...], str]

_WIDTH = 100


class Unspeakable(ValueError):
    """This IR has no spec text (lowering never builds such an IR)."""


# --- one key, one value -------------------------------------------------------------------------


def key_text(name: str) -> str:
    """One key part as tomli-w writes it: bare when it can be, else quoted."""
    line = tomli_w.dumps({name: 0})
    return line[: -len(" = 0\n")]


def _string(text: str) -> str:
    literal_ok = "\\" in text and "'" not in text and text.isprintable()
    return f"'{text}'" if literal_ok else tomli_w.dumps({"k": text})[len("k = ") : -1]


def value_text(value: Value, prefix_width: int = 0) -> str:
    """``value`` as spec text; ``prefix_width``: what precedes it on the line (``key = ``)."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool | int):
        return tomli_w.dumps({"k": value})[len("k = ") : -1]
    if isinstance(value, dict):
        inner = ", ".join(f"{key_text(name)} = {value_text(item)}" for name, item in value.items())
        return "{ " + inner + " }"
    one_line = "[" + ", ".join(_string(item) for item in value) + "]"
    if prefix_width + len(one_line) <= _WIDTH:
        return one_line
    return tomli_w.dumps({"k": list(value)})[len("k = ") : -1]


# --- the spec's tables ---------------------------------------------------------------------------

_Entries = list[tuple[tuple[str, ...], Value]]


def _optional(entries: _Entries, path: tuple[str, ...], value: Value | None) -> None:
    if value is not None:
        entries.append((path, value))


def _suite_names(policy_: ir.CipherPolicy) -> tuple[str, ...]:
    return tuple(suite.listener_name for suite in policy_.suites)


def _is_builtin(name: str, found: ir.CipherPolicy) -> bool:
    """Whether the built-in policy ``name`` has exactly the suites or the string of ``found``."""
    builtin = policy(name)
    return (
        builtin is not None
        and builtin.kind is found.kind
        and builtin.suites == found.suites
        and builtin.openssl == found.openssl
    )


def _ciphers_value(found: ir.CipherPolicy, declared: Sequence[ir.CipherPolicy]) -> Value:
    """What a ``ciphers`` key says: a declared name, a built-in name, a list, or ``{openssl}``."""
    if found.name is not None and found in declared:
        return found.name
    name = found.name
    if name is not None and _is_builtin(name, found) and all(p.name != name for p in declared):
        return name
    if found.name is None and found.kind is PolicyKind.SUITES and found.suites:
        return _suite_names(found)
    if found.name is None and found.kind is PolicyKind.OPENSSL_STRING and found.openssl:
        return {"openssl": found.openssl}
    raise Unspeakable(f"no spec text names the cipher policy {found!r}")


def _declared_policy(found: ir.CipherPolicy) -> _Entries:
    """``[ciphers.NAME]``: the built-in profile it copies, or its list of suites."""
    for name in policy_names():
        if _is_builtin(name, found):
            return [(("profile",), name)]
    if found.kind is PolicyKind.SUITES and found.suites:
        return [(("suites",), _suite_names(found))]
    raise Unspeakable(f"[ciphers.{found.name}] is neither a built-in profile nor a list")


def _cert_name(cert: ir.CertRef, certs: Sequence[ir.CertRef]) -> str:
    if cert not in certs:
        raise Unspeakable(f"certificate {cert.name!r} is used but not declared")
    return cert.name


def _client_cert(file: str, certs: Sequence[ir.CertRef]) -> str:
    """A cert's name when one holds the file (lowering resolves it back), else the file."""
    for cert in certs:
        if cert.file == file:
            return cert.name
    if any(cert.name == file for cert in certs):
        raise Unspeakable(f"client_cert {file!r} is also the name of another certificate")
    return file


def _server(server: ir.Server) -> _Entries:
    entries: _Entries = []
    _optional(entries, ("product",), server.product.value if server.product else None)
    _optional(entries, ("version",), server.version)
    _optional(entries, ("root",), server.root)
    _optional(entries, ("hostname",), server.hostname)
    return entries


def _cert(cert: ir.CertRef) -> _Entries:
    entries: _Entries = [(("file",), cert.file)]
    _optional(entries, ("key",), cert.key)
    _optional(entries, ("key_store",), cert.key_store)
    return entries


def _listener(listener: ir.Listener, spec: ir.Spec) -> _Entries:
    entries: _Entries = [
        (("protocol",), listener.protocol.value),
        (("port",), listener.port),
        (("enabled",), listener.enabled),
    ]
    _optional(entries, ("description",), listener.description)
    tls = listener.tls
    if tls is not None:
        entries.append((("tls", "cert"), _cert_name(tls.cert, spec.certs)))
        if tls.client_ca is not None:
            entries.append((("tls", "client_ca"), _cert_name(tls.client_ca, spec.certs)))
        entries.append((("tls", "ciphers"), _ciphers_value(tls.ciphers, spec.ciphers)))
        if tls.client_cert is not None:
            entries.append((("tls", "client_cert"), _client_cert(tls.client_cert, spec.certs)))
    return entries


def _x509(login: ir.X509Login) -> dict[str, str | tuple[str, ...]]:
    fields: dict[str, str | tuple[str, ...]] = {"path": login.path}
    for name, value in (
        ("prefix", login.prefix),
        ("delimiter", login.delimiter),
        ("requirement_path", login.requirement_path),
        ("requirement", login.requirement),
    ):
        if value is not None:
            fields[name] = value
    return fields


def _database(database: ir.DatabaseTls, spec: ir.Spec) -> _Entries:
    entries: _Entries = []
    if database.cert is not None:
        entries.append((("cert",), _cert_name(database.cert, spec.certs)))
    tls_only: Value = FAIRCOM_DEFAULT if database.tls_only is None else database.tls_only
    entries.append((("tls_only",), tls_only))
    entries.append((("ciphers",), _ciphers_value(database.ciphers, spec.ciphers)))
    _optional(entries, ("verify_client_certs",), database.verify_client_certs)
    if database.x509_login is not None:
        entries.append((("x509_login",), _x509(database.x509_login)))
    _optional(entries, ("debug_log",), database.debug_log)
    _optional(entries, ("shared_memory",), database.shared_memory)
    if not database.enabled:  # a [database] table is an enabled block unless it says otherwise
        entries.append((("enabled",), False))
    return entries


def _allowances(allow: Sequence[ir.Allowance]) -> _Entries:
    items = ", ".join(
        "{ " + f"rule = {_string(entry.rule)}, reason = {_string(entry.reason)}" + " }"
        for entry in allow
    )
    return [(("allow",), _Raw(f"[{items}]"))]


class _Raw(str):
    """Text written as it is (an array of inline tables, which tomli-w lays out otherwise)."""


def _tables(spec: ir.Spec) -> list[tuple[tuple[str, ...], _Entries]]:
    tables: list[tuple[tuple[str, ...], _Entries]] = []
    server = _server(spec.server)
    if server:
        tables.append((("server",), server))
    tables.extend((("certs", cert.name), _cert(cert)) for cert in spec.certs)
    tables.extend((("ciphers", str(found.name)), _declared_policy(found)) for found in spec.ciphers)
    tables.extend(
        (("listeners", listener.name), _listener(listener, spec)) for listener in spec.listeners
    )
    if spec.mqtt is not None:
        methods = tuple(method.value for method in spec.mqtt.authentication)
        tables.append((("mqtt",), [(("authentication",), methods)]))
    if spec.database is not None:
        tables.append((("database",), _database(spec.database, spec)))
    if spec.allow:
        tables.append((("lint",), _allowances(spec.allow)))
    return tables


def _line(table: tuple[str, ...], path: tuple[str, ...], value: Value, comments: Comments) -> str:
    key = ".".join(key_text(part) for part in path)
    text = value if isinstance(value, _Raw) else value_text(value, len(key) + 3)
    comment = comments.get(table + path)
    return f"{key} = {text}" + (f"  # {comment}" if comment else "")


def write_spec(
    spec: ir.Spec, *, header: Sequence[str] = (), comments: Comments | None = None
) -> str:
    """The spec text of ``spec`` (its ``env`` is not written: the text is a base spec).

    ``header``: comment lines (without ``#``) at the top; ``comments``: end-of-line comments by
    full key path. Raises ``Unspeakable`` for an IR no text can say.
    """
    comments = comments or {}
    top = [f"# {line}" if line else "#" for line in header]
    top.append(_line((), ("fcsec",), spec.version, comments))
    blocks = ["\n".join(top)]
    for name, entries in _tables(spec):
        lines = ["[" + ".".join(key_text(part) for part in name) + "]"]
        lines.extend(_line(name, path, value, comments) for path, value in entries)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
