"""Hover text: what a key means, what a suite, a policy or a rule id stands for.

- a key: its type, default, meaning and the FairCom setting it becomes (``fcsec.spec.schema``);
- a cipher suite name (in a list, or a name inside an OpenSSL string): its IANA and OpenSSL
  names, TLS version, key exchange, authentication, cipher, MAC and fcsec's verdict (the
  weaknesses ``fcsec check`` reports, ``fcsec.lint.cipher_suites.suite_problems``);
- a policy name (built-in or ``[ciphers.NAME]``): its suites and where they come from;
- a certificate name: its files;
- a rule id in ``[lint] allow``: the rule's rationale and fix, as ``fcsec explain`` prints them.
"""

from __future__ import annotations

import re

from lsprotocol import types

from fcsec.ciphers.policies import Policy, PolicyKind, policy
from fcsec.ciphers.registry import KeyExchange, Suite, lookup
from fcsec.lsp import cursor
from fcsec.lsp.diagnostics import lsp_range
from fcsec.lsp.documents import Snapshot
from fcsec.spec import syntax as ast
from fcsec.spec.schema import LANGUAGE, Key, Kind

#: Keys whose string value names a ``[certs.NAME]`` entry (``client_cert`` may be a file too).
CERT_KEYS = frozenset({"cert", "client_ca", "client_cert"})
#: Keys whose string value names a policy: ``[ciphers.NAME]`` or built-in (``profile``: built-in).
POLICY_KEYS = frozenset({"ciphers", "profile"})
_TOKEN = re.compile(r"[^:, ]+")


def _key_text(path: cursor.Path, found: cursor.Found) -> str:
    key = found.key
    parts = [f"**`{'.'.join(path)}`**: {key.kind.value}" + (" (required)" if key.required else "")]
    parts.append(key.doc)
    if key.kind is not Kind.TABLE and key.kind is not Kind.NAMED_TABLES:
        parts.append(f"default: {key.default}")
    if key.faircom:
        parts.append(f"FairCom setting: `{key.faircom}`")
    if key.example:
        parts.append(f"example: `{key.name} = {key.example}`")
    return "\n\n".join(parts)


def _name_text(section: str, name: str, snapshot: Snapshot) -> str:
    if section == "ciphers":
        return _declared_policy(name, snapshot) or f"cipher policy `{name}`"
    if section == "certs":
        return _certificate(name, snapshot) or f"certificate `{name}`"
    return f"`{name}`"


def suite_text(suite: Suite) -> str:
    """The facts of one suite and fcsec's verdict on it, as Markdown."""
    from fcsec.lint.cipher_suites import suite_problems
    from fcsec.rules import RULES

    since = suite.tls_version.value + ("" if suite.is_tls13 else " and later")
    exchange = (
        "negotiated by the handshake (TLS 1.3)"
        if suite.key_exchange is KeyExchange.ANY
        else suite.key_exchange.value
    )
    rows = [
        ("IANA", f"`{suite.iana}`"),
        ("OpenSSL", f"`{suite.openssl}`" if suite.openssl else "none (OpenSSL never had it)"),
        ("code point", suite.code_point),
        ("TLS version", since),
        ("key exchange", exchange),
        ("authentication", suite.authentication.value),
        ("encryption", suite.encryption),
        ("MAC", suite.mac.value),
        ("forward secrecy", "yes" if suite.forward_secrecy else "no"),
        ("OpenSSL 3", suite.openssl_support.value),
    ]
    table = ["| | |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)]
    problems = suite_problems(suite)
    if problems:
        verdict = "fcsec check: " + "; ".join(
            f"{rule} {RULES[rule].title} ({detail})" for rule, detail in problems
        )
    else:
        verdict = "fcsec check: no weakness found"
    return "\n".join([f"**cipher suite `{suite.iana}`**", "", *table, "", verdict])


def policy_text(found: Policy) -> str:
    """A built-in policy: what it is, where it comes from, its suites."""
    lines = [f"**built-in cipher policy `{found.name}`**: {found.title}", "", found.source, ""]
    if found.kind is PolicyKind.SUITES:
        lines.append(f"{len(found.suites)} suites, in order:")
        lines.extend(f"- `{suite.listener_name}`" for suite in found.suites)
    elif found.kind is PolicyKind.OPENSSL_STRING:
        lines.append(f"OpenSSL cipher string: `{found.openssl}`")
    else:
        lines.append("writes no cipher setting: the server's own default applies")
    for group in found.excluded:
        lines += [
            "",
            f"left out ({len(group.suites)} suites): listed in {group.listed_in}, "
            f"but {group.reason}",
        ]
    return "\n".join(lines)


def _section_table(snapshot: Snapshot, section: str, name: str) -> dict[str, ast.Value]:
    """The values written for ``[section.NAME]`` (base spec and overlays alike)."""
    document = snapshot.syntax
    values: dict[str, ast.Value] = {}
    if document is None:
        return values
    for place in cursor.places(document):
        if isinstance(place, cursor.ValueAt):
            path = cursor.language_path(place.path)
            if len(path) == 3 and path[:2] == (section, name):
                values.setdefault(path[2], place.value)
    return values


def _declared_policy(name: str, snapshot: Snapshot) -> str | None:
    document = snapshot.syntax
    if document is None or name not in cursor.declared(document, "ciphers"):
        return None
    values = _section_table(snapshot, "ciphers", name)
    head = f"**cipher policy `{name}`**, declared in `[ciphers.{name}]`"
    profile = values.get("profile")
    if isinstance(profile, ast.StringValue):
        builtin = policy(profile.value)
        tail = policy_text(builtin) if builtin else f"profile `{profile.value}` (unknown)"
        return f"{head}: profile `{profile.value}`\n\n---\n\n{tail}"
    suites = [
        place.value.value
        for place in cursor.places(document)
        if isinstance(place, cursor.ValueAt)
        and isinstance(place.value, ast.StringValue)
        and cursor.language_path(place.path) == ("ciphers", name, "suites")
    ]
    return "\n".join([f"{head}: {len(suites)} suites", "", *(f"- `{item}`" for item in suites)])


def _certificate(name: str, snapshot: Snapshot) -> str | None:
    document = snapshot.syntax
    if document is None or name not in cursor.declared(document, "certs"):
        return None
    values = _section_table(snapshot, "certs", name)
    lines = [f"**certificate `{name}`**, declared in `[certs.{name}]`", ""]
    for key in ("file", "key", "key_store"):
        value = values.get(key)
        if isinstance(value, ast.StringValue):
            lines.append(f"- {key}: `{value.value}`")
    return "\n".join(lines)


def _openssl_token(value: ast.StringValue, offset: int, snapshot: Snapshot) -> Suite | None:
    """The suite named by the token under ``offset`` of an OpenSSL string written without
    escapes."""
    span = value.span
    raw = snapshot.text[span.start + 1 : span.end - 1]
    if raw != value.value:
        return None
    where = offset - span.start - 1
    for match in _TOKEN.finditer(raw):
        if match.start() <= where <= match.end():
            for part in match.group().lstrip("!-+").split("+"):
                suite = lookup(part)
                if suite is not None:
                    return suite
    return None


def _rule_text(rule_id: str) -> str | None:
    """The rule's explanation, as ``fcsec explain RULE`` prints it."""
    from fcsec.commands.explain import render

    return render(rule_id)


def _value_text(place: cursor.ValueAt, offset: int, snapshot: Snapshot) -> str | None:
    value = place.value
    if not isinstance(value, ast.StringValue):
        return None
    path = cursor.language_path(place.path)
    last = path[-1] if path else ""
    if path[:2] == ("lint", "allow") and last == "rule":
        return _rule_text(value.value.strip().upper())
    if last in CERT_KEYS and not place.in_array:
        return _certificate(value.value, snapshot)
    if last in POLICY_KEYS and not place.in_array:
        if last == "ciphers":
            declared = _declared_policy(value.value, snapshot)
            if declared is not None:
                return declared
        builtin = policy(value.value)
        if builtin is not None:
            return policy_text(builtin)
    suite = lookup(value.value)
    if suite is None and last == "openssl":
        suite = _openssl_token(value, offset, snapshot)
    return None if suite is None else suite_text(suite)


def _key_hover(place: cursor.KeyAt, snapshot: Snapshot) -> str | None:
    path = cursor.language_path(place.path)
    if place.path[:1] == ("env",) and len(place.path) <= 2:
        env: Key | None = LANGUAGE.child("env")
        if env is None:
            return None
        if len(place.path) == 2:
            return f"**overlay `[env.{place.path[1]}]`**\n\n{env.doc}"
        return _key_text(("env",), cursor.Found(key=env))
    found = cursor.schema_key(path)
    if found is None:
        return None
    if found.name:
        return _name_text(path[0], path[1], snapshot)
    shown = tuple(
        "NAME" if index == 1 and path[0] in ("certs", "ciphers", "listeners") else part
        for index, part in enumerate(path)
    )
    return _key_text(shown, found)


def hover(
    snapshot: Snapshot, line: int, character: int, *, markdown: bool = True
) -> types.Hover | None:
    """The hover of the place at the position, or None where there is nothing to say
    (``markdown``: whether the client shows Markdown; else the same text as plain text)."""
    document = snapshot.syntax
    if document is None:
        return None
    offset = snapshot.index.offset(line, character)
    place = cursor.place_at(document, offset)
    if place is None:
        return None
    if isinstance(place, cursor.KeyAt):
        text = _key_hover(place, snapshot)
    else:
        text = _value_text(place, offset, snapshot)
    if text is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText,
            value=text,
        ),
        range=lsp_range(snapshot.index, place.start, place.end),
    )
