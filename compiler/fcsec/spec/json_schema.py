"""The JSON Schema of the spec language, for editors: generated from ``fcsec.spec.schema``.

``render()`` builds the text of ``schemas/fcsec.schema.json`` from the key table of
``fcsec.spec.schema`` (every key, its type, its description with the FairCom setting it writes
and its default), the IR's closed vocabularies (protocols, products, MQTT authentication methods)
and the built-in cipher policies (``policy_names()``). The file is generated once and shipped in
the wheel; ``fcsec schema`` prints the shipped file, and a test fails while it and ``render()``
differ (``python scripts/gen_spec_schema.py`` rewrites it).

Dialect: the file declares draft 2020-12 but uses only keywords that mean the same in draft 7,
because taplo (and so VS Code's Even Better TOML) gives a schema declaring 2020-12 draft 7
semantics: no ``$ref`` (every schema is written out where it applies, so no keyword sits beside
a reference), no ``prefixItems``, ``dependentRequired`` or ``unevaluatedProperties``.
``KEYWORDS`` lists what is used; a test holds the file to it (docs/editors.md).

The schema checks the shape fcsec checks before it resolves names (unknown keys, types, required
keys, closed choices, empty strings and control characters, port range, the language version)
and three rules about which keys go together (a TLS protocol needs ``tls``, a plain one has none;
``[ciphers.NAME]`` has exactly one of ``profile`` and ``suites``; an enabled ``[database]`` needs
``cert``). Whether a name refers to a declared certificate or policy, a suite exists, or a port is
used twice is for ``fcsec check``.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

from fcsec.spec.schema import LANGUAGE, Key, Kind

__all__ = ["DIALECT", "KEYWORDS", "RESOURCE", "build", "render"]

#: The shipped file, inside the package ``fcsec`` (read with ``fcsec.packagedata``).
RESOURCE = "schemas/fcsec.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Every keyword the schema uses: each means the same in draft 7 and draft 2020-12.
KEYWORDS = frozenset(
    {
        "$schema",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "type",
        "enum",
        "const",
        "pattern",
        "minimum",
        "maximum",
        "items",
        "minItems",
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "not",
        "anyOf",
        "oneOf",
        "allOf",
        "if",
        "then",
        "else",
    }
)

Schema = dict[str, Any]

# What fcsec refuses in any string (FCS033) and in a name (a [listeners.NAME] and the like).
_CONTROL = "[\\x00-\\x1f\\x7f]"
_UNSAFE_IN_NAME = "[\\x00-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]"
# A string with a character that is not white space: fcsec refuses blank values (FCS034).
_NOT_BLANK = "\\S"
_RULE_ID = "^FCS[0-9]{3}$"
# Keys whose value may be blank.
_BLANK_ALLOWED = frozenset({"listeners.NAME.description"})
# Lists of cipher suites: an empty list allows no connection (FCS028).
_SUITE_LISTS = frozenset({"ciphers.NAME.suites", "listeners.NAME.tls.ciphers", "database.ciphers"})


def _choices() -> dict[str, tuple[str, ...]]:
    """The closed vocabularies, by dotted key path (``NAME`` for a name the user chose)."""
    from fcsec.ciphers.policies import policy_names
    from fcsec.ir.nodes import AuthMethod, Product, Protocol

    return {
        "server.product": tuple(product.value for product in Product),
        "listeners.NAME.protocol": tuple(protocol.value for protocol in Protocol),
        "ciphers.NAME.profile": policy_names(),
        "mqtt.authentication": tuple(method.value for method in AuthMethod),
    }


def _toml_value(text: str) -> tuple[bool, object]:
    """``text`` read as one TOML value: (True, value), or (False, None) when it is prose."""
    try:
        return True, tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return False, None


def _default(key: Key) -> tuple[bool, object]:
    """The default of ``key`` as a value, when its ``default`` column starts with one.

    ``true (FairCom's own default is NO)`` gives ``true``; prose (``not touched``) gives none.
    """
    if key.default == "none":
        return False, None
    return _toml_value(key.default.split(" (", 1)[0])


def _description(key: Key) -> str:
    parts = [key.doc]
    if key.faircom:
        becomes = "Becomes" if key.kind in (Kind.TABLE, Kind.NAMED_TABLES) else "FairCom setting"
        parts.append(f"{becomes}: {key.faircom}.")
    if key.default != "none":
        parts.append(f"Default: {key.default}.")
    return " ".join(parts)


class _Builder:
    def __init__(self) -> None:
        self.choices = _choices()
        self.tls_protocols = tuple(
            protocol for protocol in self.choices["listeners.NAME.protocol"] if _uses_tls(protocol)
        )

    # --- values ----------------------------------------------------------------------------------
    def string(self, path: str) -> Schema:
        schema: Schema = {"type": "string"}
        choices = self.choices.get(path)
        if choices is not None:
            schema["enum"] = list(choices)
            return schema
        if path not in _BLANK_ALLOWED:
            schema["pattern"] = _NOT_BLANK
        schema["not"] = {"type": "string", "pattern": _CONTROL}
        return schema

    def string_list(self, path: str) -> Schema:
        item: Schema = {"type": "string"}
        choices = self.choices.get(path)
        if choices is not None:
            item["enum"] = list(choices)
        else:
            item.update(self.string(path))
        schema: Schema = {"type": "array", "items": item}
        if path in _SUITE_LISTS:
            schema["minItems"] = 1
        return schema

    def value(self, key: Key, path: str, require: bool) -> Schema:
        kind = key.kind
        if kind is Kind.STRING:
            return self.string(path)
        if kind is Kind.INTEGER:
            if path == "fcsec":
                from fcsec.spec.lower import LANGUAGE_VERSION

                return {"type": "integer", "const": LANGUAGE_VERSION}
            if path == "listeners.NAME.port":
                return {"type": "integer", "minimum": 1, "maximum": 65535}
            return {"type": "integer"}
        if kind is Kind.BOOLEAN:
            return {"type": "boolean"}
        if kind is Kind.BOOLEAN_OR_DEFAULT:
            from fcsec.ciphers.policies import FAIRCOM_DEFAULT

            return {"type": ["boolean", "string"], "enum": [True, False, FAIRCOM_DEFAULT]}
        if kind is Kind.STRING_LIST:
            return self.string_list(path)
        if kind is Kind.STRING_OR_LIST:
            return {"anyOf": [self.string(path), self.string_list(path)]}
        if kind is Kind.CIPHERS:
            openssl: Schema = {
                "type": "object",
                "properties": {"openssl": self.string(f"{path}.openssl")},
                "additionalProperties": False,
            }
            if require:
                openssl["required"] = ["openssl"]
            return {"anyOf": [self.string(path), self.string_list(path), openssl]}
        if kind is Kind.RULE_LIST:
            rule = self.string(f"{path}.rule")
            rule["pattern"] = _RULE_ID
            entry: Schema = {
                "type": "object",
                "properties": {"rule": rule, "reason": self.string(f"{path}.reason")},
                "required": ["rule", "reason"],
                "additionalProperties": False,
            }
            return {"type": "array", "items": entry}
        if kind is Kind.NAMED_TABLES:
            if key is _ENV:
                entry = {"description": _description(key)}
                entry.update(self.table(_OVERLAY, "", require=False))
            else:
                entry = self.table(key, f"{path}.NAME", require=require)
            return {
                "type": "object",
                "propertyNames": {"not": {"type": "string", "pattern": _UNSAFE_IN_NAME}},
                "additionalProperties": entry,
            }
        return self.table(key, path, require=require)

    # --- tables ----------------------------------------------------------------------------------
    def table(self, key: Key, path: str, *, require: bool) -> Schema:
        schema: Schema = {}
        if key.doc and key is not LANGUAGE:
            schema["description"] = _description(key)
        schema["type"] = "object"
        properties: Schema = {}
        for child in key.children:
            child_path = f"{path}.{child.name}" if path else child.name
            properties[child.name] = self.key(child, child_path, require)
        schema["properties"] = properties
        required = [child.name for child in key.required_children()]
        if require and required:
            schema["required"] = required
        schema["additionalProperties"] = False
        if require:
            rules = self.together(path)
            if rules:
                # Always under allOf: tombi reads an `if` beside `properties` as a closed table.
                schema["allOf"] = rules
        return schema

    def key(self, key: Key, path: str, require: bool) -> Schema:
        schema: Schema = {"description": _description(key)}
        found, default = _default(key)
        if found:
            schema["default"] = default
        if key.example and key.kind is not Kind.NAMED_TABLES:
            found, example = _toml_value(key.example)
            if found:
                schema["examples"] = [example]
        value = self.value(key, path, require)
        value.pop("description", None)  # the key's own description says it, with its setting
        schema.update(value)
        return schema

    def together(self, path: str) -> list[Schema]:
        """The rules about keys that go together in the table at ``path`` (base spec only)."""
        if path == "listeners.NAME":
            plain = [
                protocol
                for protocol in self.choices["listeners.NAME.protocol"]
                if protocol not in self.tls_protocols
            ]
            return [
                {
                    "if": _has("protocol", {"enum": list(self.tls_protocols)}),
                    "then": {"required": ["tls"]},
                },
                {
                    "if": _has("protocol", {"enum": plain}),
                    "then": {"not": {"required": ["tls"]}},
                },
            ]
        if path == "ciphers.NAME":
            return [{"oneOf": [{"required": ["profile"]}, {"required": ["suites"]}]}]
        if path == "database":
            return [{"if": _has("enabled", {"const": False}), "else": {"required": ["cert"]}}]
        return []


def _has(name: str, value: Schema) -> Schema:
    return {"properties": {name: value}, "required": [name]}


def _uses_tls(protocol: str) -> bool:
    from fcsec.ir.nodes import Protocol

    return Protocol(protocol).uses_tls


_ENV = LANGUAGE.child("env")
# What an [env.NAME] overlay may set: every section but the version and the overlays, each key
# optional (an overlay patches the base spec; the merged spec is checked as a whole).
_OVERLAY = Key(
    name="",
    kind=Kind.TABLE,
    doc="",
    children=tuple(key for key in LANGUAGE.children if key.name not in ("fcsec", "env")),
)


def build() -> Schema:
    """The schema as JSON data."""
    body = _Builder().table(LANGUAGE, "", require=True)
    return {
        "$schema": DIALECT,
        "$comment": "Generated from fcsec.spec.schema by `python scripts/gen_spec_schema.py`; "
        "printed by `fcsec schema`. Do not edit.",
        "title": "fcsec spec, language version 1",
        "description": "A spec file of fcsec (*.fcsec): the TLS settings of a FairCom server, "
        "compiled into services.json and ctsrvr.cfg. Keys: docs/language.md.",
        **body,
    }


def render() -> str:
    """The text of the shipped schema file: two-space indented, ASCII, a final newline."""
    return json.dumps(build(), indent=2, ensure_ascii=True) + "\n"
