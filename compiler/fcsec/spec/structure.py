"""Check a table tree against the language's keys: unknown keys, wrong types, missing keys.

Runs on the base spec and on each ``[env.NAME]`` overlay before anything is resolved, and
reports every problem at once. Unknown keys get the closest known name ("did you mean"); an
unknown key that is a FairCom setting (``SSL_CIPHERS``, ``tls.certificateFilename``, in any case)
gets the spec key that writes it instead, from the schema's ``faircom`` column. This module knows
the shape of the language (``fcsec.spec.schema``), not what the keys mean.
"""

from __future__ import annotations

import re

from fcsec.ciphers.policies import FAIRCOM_DEFAULT
from fcsec.diagnostics import Diagnostic, diagnostic
from fcsec.rule_ids import (
    CONTROL_CHARACTER,
    EMPTY_VALUE,
    MISSING_KEY,
    UNKNOWN_KEY,
    UNKNOWN_OVERLAY_KEY,
    WRONG_TYPE,
)
from fcsec.safetext import plain
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.document import Item, Table
from fcsec.spec.schema import LANGUAGE, Key, Kind, Writer, with_article, writers
from fcsec.suggest import closest, did_you_mean


def describe(value: Table | ast.Value | object) -> str:
    if isinstance(value, Table):
        return "a table"
    if isinstance(value, ast.StringValue):
        return "a string"
    if isinstance(value, ast.IntValue):
        return "an integer"
    if isinstance(value, ast.BoolValue):
        return "a boolean"
    if isinstance(value, ast.ArrayValue):
        return "an array"
    return "a value"


def value_span(value: Table | ast.Value | object, fallback: Span) -> Span:
    span = getattr(value, "span", None)
    return span if isinstance(span, Span) else fallback


def _is_string_list(value: object) -> bool:
    return isinstance(value, ast.ArrayValue) and all(
        isinstance(item, ast.StringValue) for item in value.items
    )


def kind_matches(kind: Kind, value: object) -> bool:
    if kind is Kind.STRING:
        return isinstance(value, ast.StringValue)
    if kind is Kind.INTEGER:
        return isinstance(value, ast.IntValue)
    if kind is Kind.BOOLEAN:
        return isinstance(value, ast.BoolValue)
    if kind is Kind.BOOLEAN_OR_DEFAULT:
        return isinstance(value, ast.BoolValue) or (
            isinstance(value, ast.StringValue) and value.value == FAIRCOM_DEFAULT
        )
    if kind is Kind.STRING_LIST:
        return _is_string_list(value)
    if kind is Kind.RULE_LIST:
        return isinstance(value, ast.ArrayValue) and all(
            isinstance(item, ast.InlineTableValue) for item in value.items
        )
    if kind is Kind.STRING_OR_LIST:
        return isinstance(value, ast.StringValue) or _is_string_list(value)
    if kind is Kind.CIPHERS:
        return isinstance(value, (ast.StringValue, Table)) or _is_string_list(value)
    return isinstance(value, Table)


def _is_control(char: str) -> bool:
    return ord(char) < 0x20 or ord(char) == 0x7F


# The characters _is_control accepts, searched in C (every string value is checked).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What a name ([listeners.NAME], [certs.NAME], ...) must not hold: C0 and C1 controls, DEL, and
# the bidirectional overrides that make text read otherwise than it is stored.
# (Compiled by ``re`` when a name is not plain ASCII: most are.)
_UNSAFE_IN_NAME = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


# (Compiled by ``re`` for the first string with an escape.)
_ESCAPE = r'\\(?:[btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})'


def _control_escape(span: Span) -> Span | None:
    """The first escape of a basic string that stands for a control character (`\\f`)."""
    raw = span.source.text[span.start : span.end]
    if not raw.startswith('"'):
        return None
    for match in re.finditer(_ESCAPE, raw):
        escape = match.group()
        if escape[1] in "btnfr" or (escape[1] in "uU" and _is_control(chr(int(escape[2:], 16)))):
            start = span.start + match.start()
            return Span(source=span.source, start=start, end=start + len(escape))
    return None


def _plainly_fine(kind: Kind, value: object) -> bool:
    """True for the commonest values, which need no further look: an integer or a boolean where
    one belongs, a string where one belongs that is neither blank nor holds a control character.
    (Everything else goes through ``_Checker.item``, which also words the problems.)"""
    if isinstance(value, ast.StringValue):
        return (
            # ``ciphers`` may name a policy; compared by identity (an enum hashes in Python)
            (kind is Kind.STRING or kind is Kind.CIPHERS or kind is Kind.STRING_OR_LIST)
            and not value.value.isspace()
            and value.value != ""
            and _CONTROL.search(value.value) is None
        )
    if kind is Kind.INTEGER:
        return isinstance(value, ast.IntValue)
    return kind is Kind.BOOLEAN and isinstance(value, ast.BoolValue)


_CIPHERS_TABLE = Key(
    name="ciphers",
    kind=Kind.TABLE,
    doc="",
    children=(Key(name="openssl", kind=Kind.STRING, doc="", required=True),),
)


class _Checker:
    def __init__(self, unknown_rule: str, overlay: str | None = None) -> None:
        self.unknown_rule = unknown_rule
        self.overlay = overlay
        self.problems: list[Diagnostic] = []

    def table(
        self, table: Table, key: Key, path: str, *, require: bool = True, at: Span | None = None
    ) -> None:
        for item in table:
            child = key.child(item.name)
            if child is None:
                self._unknown(item, key, path)
            elif child.kind is Kind.TABLE and isinstance(item.value, Table):
                # What ``item`` does with a table where one belongs, without its other checks.
                self.table(
                    item.value, child, f"{path}{item.name}.", require=require, at=item.key_span
                )
            elif not _plainly_fine(child.kind, item.value):
                self.item(item, child, f"{path}{item.name}", require=require)
        if require:
            for child in key.required_children():
                if table.get(child.name) is None:
                    self._missing(table, child, path, at)

    def item(self, item: Item, key: Key, path: str, *, require: bool) -> None:
        value = item.value
        if not kind_matches(key.kind, value):
            self._wrong_type(item, key, path)
            return
        if isinstance(value, ast.StringValue):
            self._string(value, path)
            return
        if isinstance(value, ast.ArrayValue):
            for element in value.items:
                if isinstance(element, ast.StringValue):
                    self._string(element, path)
        if key.kind is Kind.RULE_LIST and isinstance(value, ast.ArrayValue):
            self._rule_list(value, path)
        if not isinstance(value, Table):
            return
        if key.kind is Kind.CIPHERS:
            self.table(value, _CIPHERS_TABLE, f"{path}.", require=require, at=item.key_span)
        elif key.kind is Kind.NAMED_TABLES:
            # Overlays are checked on their own (see check_overlay); here only that they are tables.
            overlays = key.name == "env" and path == "env"
            for named in value:
                if not plain(named.name) and (unsafe := re.search(_UNSAFE_IN_NAME, named.name)):
                    self.problems.append(
                        diagnostic(
                            CONTROL_CHARACTER,
                            f"the name `{path}.{named.name}` contains the control character "
                            f"U+{ord(unsafe.group()):04X}",
                            named.key_span,
                            label="control character in a name",
                            hint="names are written into the config files and shown in "
                            "terminals: use letters, digits, `-` and `_`",
                        )
                    )
                if not isinstance(named.value, Table):
                    self.problems.append(
                        diagnostic(
                            WRONG_TYPE,
                            f"`{path}.{named.name}` must be a table",
                            value_span(named.value, named.key_span),
                            label=f"found {describe(named.value)}",
                            hint=f"write it as a section: [{path}.{named.name}]",
                        )
                    )
                    continue
                if overlays:
                    continue
                self.table(
                    named.value, key, f"{path}.{named.name}.", require=require, at=named.key_span
                )
        else:
            self.table(value, key, f"{path}.", require=require, at=item.key_span)

    def _rule_list(self, array: ast.ArrayValue, path: str) -> None:
        for entry in array.items:
            if not isinstance(entry, ast.InlineTableValue):
                continue
            names = [keyval.key.dotted() for keyval in entry.entries]
            for keyval in entry.entries:
                if keyval.key.dotted() not in ("rule", "reason"):
                    guess = closest(keyval.key.dotted(), ("rule", "reason"))
                    self.problems.append(
                        diagnostic(
                            self.unknown_rule,
                            f"unknown key `{keyval.key.dotted()}` in an entry of `{path}`",
                            keyval.key.span,
                            label="unknown key",
                            hint=did_you_mean(guess, otherwise="keys: rule, reason"),
                        )
                    )
                elif not isinstance(keyval.value, ast.StringValue):
                    self.problems.append(
                        diagnostic(
                            WRONG_TYPE,
                            f"`{keyval.key.dotted()}` in `{path}` must be a string",
                            keyval.value.span,
                            label=f"found {describe(keyval.value)}",
                        )
                    )
                else:
                    self._string(keyval.value, f"{path}.{keyval.key.dotted()}")
            for required in ("rule", "reason"):
                if required not in names:
                    self.problems.append(
                        diagnostic(
                            MISSING_KEY,
                            f"an entry of `{path}` needs `{required}`",
                            entry.span,
                            label=f"`{required}` missing",
                            hint="accepting a risk needs the rule id and the reason: "
                            '{ rule = "FCS601", reason = "why this is acceptable here" }',
                        )
                    )

    def _string(self, value: ast.StringValue, path: str) -> None:
        if not value.value.strip() and not path.endswith("description"):
            self.problems.append(
                diagnostic(
                    EMPTY_VALUE,
                    f"the value of `{path}` is empty",
                    value.span,
                    label="empty",
                    hint="give a value, or leave the key out",
                )
            )
            return
        if _CONTROL.search(value.value):
            escape = _control_escape(value.span)
            shown = "" if escape is None else escape.source.text[escape.start : escape.end]
            self.problems.append(
                diagnostic(
                    CONTROL_CHARACTER,
                    f"the value of `{path}` contains a control character (from a backslash escape)",
                    escape or value.span,
                    label=f"`{shown}` is a control character" if shown else "control character",
                    hint="a backslash in double quotes starts an escape (\\f, \\b, \\n...): "
                    "write Windows paths in single quotes, 'C:\\faircom\\ca.pem'",
                )
            )

    def _unknown(self, item: Item, parent: Key, path: str) -> None:
        names = parent.child_names()
        if parent.kind is Kind.CIPHERS or parent is _CIPHERS_TABLE:
            names = ("openssl",)
        guess = closest(item.name, names)
        where = f"in [{path.rstrip('.')}]" if path else "at the top level"
        if self.overlay is not None:
            where = f"{where} (overlay [env.{self.overlay}]): no such key in the language"
        hint = did_you_mean(guess, otherwise=f"known keys: {', '.join(names)}")
        label = "unknown key"
        found = writers(item.name)
        if found:
            label = f"a {found[0].config_file} setting, not a spec key"
            hint = _faircom_hint(item.name, found, path, self.overlay)
        self.problems.append(
            diagnostic(
                self.unknown_rule,
                f"unknown key `{item.name}` {where}",
                item.key_span,
                label=label,
                hint=hint,
            )
        )

    def _wrong_type(self, item: Item, key: Key, path: str) -> None:
        example = f"; for example `{key.name} = {key.example}`" if key.example else ""
        expected, hint = key.kind.value, f"write {with_article(key.kind.value)}{example}"
        if key.kind in (Kind.TABLE, Kind.NAMED_TABLES):
            expected = "table"
            section = f"[{path}.NAME]" if key.kind is Kind.NAMED_TABLES else f"[{path}]"
            hint = f"write it as a section: {section}"
        self.problems.append(
            diagnostic(
                WRONG_TYPE,
                f"`{path}` must be {with_article(expected)}, found {describe(item.value)}",
                value_span(item.value, item.key_span),
                label=f"expected {expected}",
                hint=hint,
            )
        )

    def _missing(self, table: Table, key: Key, path: str, at: Span | None) -> None:
        where = f"[{path.rstrip('.')}]" if path else "the spec"
        # A table made by dotted keys has no header: point at its name in the first dotted key.
        span = table.span or at or (table.items[0].key_span if table.items else None)
        if span is None:
            return
        example = f"`{key.name} = {key.example}`" if key.example else f"`{key.name} = ...`"
        self.problems.append(
            diagnostic(
                MISSING_KEY,
                f"{where} needs `{key.name}`",
                span,
                label=f"`{key.name}` missing",
                hint=f"add {example}",
            )
        )


def _section(parts: list[str]) -> int:
    """How many leading parts of a dotted path name its section: [database], [listeners.NAME]."""
    top = LANGUAGE.child(parts[0]) if parts else None
    named = top is not None and top.kind is Kind.NAMED_TABLES
    return min(len(parts), 2 if named else 1)


def _faircom_hint(name: str, found: tuple[Writer, ...], path: str, overlay: str | None) -> str:
    """Which spec key writes the FairCom setting ``name``, said from where the user wrote it.

    ``path`` is the dotted path of the table holding the key (``listeners.https8443.tls.``); a
    writer in the same section comes first and takes the section's real name.
    """
    here = [part for part in path.split(".") if part]
    here_section = here[: _section(here)]
    choices: list[tuple[bool, str]] = []
    for writer in found:
        parts = writer.path.split(".")
        cut = _section(parts)
        section, rest = parts[:cut], parts[cut:]
        same = len(here_section) == len(section) and all(
            mine == theirs or theirs == "NAME"
            for mine, theirs in zip(here_section, section, strict=True)
        )
        if same:
            section = here_section
        value = writer.key.example or "..."
        if overlay is not None:
            text = f"`{'.'.join(section + rest)} = {value}` in [env.{overlay}]"
        else:
            text = f"`{'.'.join(rest)} = {value}` under [{'.'.join(section)}]"
        choices.append((not same, text))
    choices.sort(key=lambda choice: choice[0])
    spelled = found[0].setting
    told = f"`{name}` is the {found[0].config_file} setting"
    if spelled != name:
        told += f" `{spelled}`"
    return f"{told}; in the spec write " + ", or ".join(text for _, text in choices)


def check_structure(table: Table) -> list[Diagnostic]:
    """Every unknown key, wrong type and missing required key of the base spec."""
    checker = _Checker(UNKNOWN_KEY)
    for item in table:
        child = LANGUAGE.child(item.name)
        if child is None:
            checker._unknown(item, LANGUAGE, "")
        else:
            checker.item(item, child, item.name, require=True)
    return checker.problems


_OVERLAY_ROOT = Key(
    name="",
    kind=Kind.TABLE,
    doc="",
    children=tuple(key for key in LANGUAGE.children if key.name not in ("fcsec", "env")),
)


def check_overlay(overlay: Table, env_name: str) -> list[Diagnostic]:
    """Every overlay key that does not exist in the language, and every wrong type."""
    checker = _Checker(UNKNOWN_OVERLAY_KEY, overlay=env_name)
    for item in overlay:
        child = _OVERLAY_ROOT.child(item.name)
        if child is None:
            checker._unknown(item, _OVERLAY_ROOT, "")
        else:
            checker.item(item, child, item.name, require=False)
    return checker.problems
