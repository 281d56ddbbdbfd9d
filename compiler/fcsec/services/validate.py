"""Check what fcsec wrote into services.json against the bundled JSON Schema (Draft 2020-12).

The schema (``fcsec/schemas/services.schema.json``) describes the parts fcsec writes: listeners
and ``mqtt.authenticationMethods``. The editor calls ``check_services`` on every result, scoped to
the parts it manages. A violation there is a bug in fcsec, never the user's fault, so it raises
``SchemaViolation`` (the CLI maps it to exit 70) instead of a diagnostic.

It must never import jsonschema at module import time (start-up speed), build the validator more
than once per process, or judge a part of the file outside the scope it is given: the user's own
listeners and sections are the user's business.

Importing jsonschema costs more than the rest of a ``fcsec compile`` together, so every result is
first checked by ``_Subset``: a small evaluator of exactly the keywords the bundled schema uses,
with jsonschema's meaning (types, ``bool`` is no integer, ...). When it finds nothing wrong in the
scope, that is the verdict; when it finds a violation there, or the schema uses a keyword it does
not know, jsonschema judges and words the error, so messages and paths are jsonschema's own.
``tests/services/test_validate.py`` holds the two to the same verdict on generated documents.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol

from fcsec.packagedata import read_text

SCHEMA_NAME = "services.schema.json"

PathPart = str | int
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class _SchemaError(Protocol):
    """What fcsec reads of a ``jsonschema.ValidationError``."""

    @property
    def absolute_path(self) -> Sequence[PathPart]: ...

    @property
    def message(self) -> str: ...


class _Validator(Protocol):
    def iter_errors(self, instance: object) -> Iterator[_SchemaError]: ...


class SchemaViolation(Exception):
    """fcsec produced a services.json whose managed parts break the schema: an internal error."""

    def __init__(self, json_path: str, message: str) -> None:
        self.json_path = json_path
        self.message = message
        super().__init__(f"{json_path}: {message}")


def json_path(parts: Iterable[PathPart]) -> str:
    """``$.listeners[1].tls.allowedCipherSuites`` for ``("listeners", 1, "tls", ...)``."""
    text = "$"
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            text += f".{part}"
        else:
            text += f"[{json.dumps(part, ensure_ascii=False)}]"
    return text


@functools.cache
def load_schema() -> dict[str, Any]:
    """The bundled services.json schema, read once per process."""
    schema: dict[str, Any] = json.loads(read_text("fcsec", f"schemas/{SCHEMA_NAME}"))
    return schema


@functools.cache
def _validator() -> _Validator:
    # Imported here, not at the top: jsonschema is slow to import and most runs start cold.
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

    validator: _Validator = Draft202012Validator(load_schema())
    return validator


class _Unsupported(Exception):
    """The schema uses a keyword (or a form of one) that ``_Subset`` does not evaluate."""


# Keywords that never make an instance invalid.
_ANNOTATIONS = frozenset({"$schema", "$comment", "$defs", "title", "description", "examples"})
_TYPES: dict[str, Callable[[object], bool]] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "integer": lambda value: (
        (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, float) and value.is_integer())
    ),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
}
_Check = Callable[[object, tuple[PathPart, ...], list[tuple[PathPart, ...]]], None]


class _Subset:
    """The bundled schema compiled to plain functions, for the keywords it uses.

    ``errors(document)`` lists the instance paths where jsonschema's ``iter_errors`` reports an
    error (``anyOf`` reports at the instance, as jsonschema does); building raises
    ``_Unsupported`` for a schema it cannot evaluate exactly.
    """

    def __init__(self, root: dict[str, Any]) -> None:
        self._root = root
        self._refs: dict[str, _Check] = {}
        self._check = self._compile(root)

    def errors(self, document: object) -> list[tuple[PathPart, ...]]:
        found: list[tuple[PathPart, ...]] = []
        self._check(document, (), found)
        return found

    def _compile(self, schema: object) -> _Check:
        if not isinstance(schema, dict):
            raise _Unsupported(repr(schema))
        checks = [self._keyword(name, value, schema) for name, value in schema.items()]
        active = [check for check in checks if check is not None]

        def check(
            value: object, path: tuple[PathPart, ...], out: list[tuple[PathPart, ...]]
        ) -> None:
            for one in active:
                one(value, path, out)

        return check

    def _ref(self, ref: object) -> _Check:
        if not isinstance(ref, str) or not ref.startswith("#/$defs/") or "~" in ref:
            raise _Unsupported(f"$ref {ref!r}")
        if ref not in self._refs:
            target = self._root.get("$defs", {}).get(ref[len("#/$defs/") :])
            if target is None:
                raise _Unsupported(f"$ref {ref!r}")
            # Compiled on first use; a placeholder first, so recursive schemas terminate.
            compiled: list[_Check] = []
            self._refs[ref] = lambda value, path, out: compiled[0](value, path, out)
            compiled.append(self._compile(target))
        return self._refs[ref]

    def _keyword(self, name: str, value: object, schema: dict[str, Any]) -> _Check | None:
        if name in _ANNOTATIONS:
            return None
        if name == "type":
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not all(n in _TYPES for n in names):
                raise _Unsupported(f"type {value!r}")
            tests = [_TYPES[n] for n in names]

            def type_(item: object, path: tuple[PathPart, ...], out: list[Any]) -> None:
                if not any(test(item) for test in tests):
                    out.append(path)

            return type_
        if name == "properties" and isinstance(value, dict):
            members = {key: self._compile(sub) for key, sub in value.items()}

            def properties(item: object, path: tuple[PathPart, ...], out: list[Any]) -> None:
                if isinstance(item, dict):
                    for key, check in members.items():
                        if key in item:
                            check(item[key], (*path, key), out)

            return properties
        if name == "required" and isinstance(value, list):
            keys = tuple(value)

            def required(item: object, path: tuple[PathPart, ...], out: list[Any]) -> None:
                if isinstance(item, dict):
                    out.extend(path for key in keys if key not in item)

            return required
        if name == "items" and isinstance(value, dict) and "prefixItems" not in schema:
            each = self._compile(value)

            def items(item: object, path: tuple[PathPart, ...], out: list[Any]) -> None:
                if isinstance(item, list):
                    for index, element in enumerate(item):
                        each(element, (*path, index), out)

            return items
        if name == "enum" and isinstance(value, list) and all(isinstance(v, str) for v in value):
            allowed = frozenset(value)

            def enum(item: object, path: tuple[PathPart, ...], out: list[Any]) -> None:
                if not (isinstance(item, str) and item in allowed):
                    out.append(path)

            return enum
        if name == "minLength" and isinstance(value, int) and not isinstance(value, bool):
            least = value

            def min_length(item: object, path: tuple[PathPart, ...], out: list[Any]) -> None:
                if isinstance(item, str) and len(item) < least:
                    out.append(path)

            return min_length
        if name in ("minimum", "maximum") and _TYPES["number"](value):
            bound = value
            number = _TYPES["number"]
            low = name == "minimum"

            def limit(item: object, path: tuple[PathPart, ...], out: list[Any]) -> None:
                if number(item) and (item < bound if low else item > bound):  # type: ignore[operator]
                    out.append(path)

            return limit
        if name == "anyOf" and isinstance(value, list) and value:
            branches = [self._compile(sub) for sub in value]

            def any_of(item: object, path: tuple[PathPart, ...], out: list[Any]) -> None:
                for branch in branches:
                    inner: list[tuple[PathPart, ...]] = []
                    branch(item, path, inner)
                    if not inner:
                        return
                out.append(path)

            return any_of
        if name == "$ref":
            return self._ref(value)
        raise _Unsupported(name)


@functools.cache
def _subset() -> _Subset | None:
    try:
        return _Subset(load_schema())
    except _Unsupported:
        return None


def _in_scope(path: tuple[PathPart, ...], prefixes: list[tuple[PathPart, ...]] | None) -> bool:
    return prefixes is None or any(path[: len(prefix)] == prefix for prefix in prefixes)


def check_services(document: object, *, scope: Iterable[Sequence[PathPart]] | None = None) -> None:
    """Raise ``SchemaViolation`` for the first schema error inside ``scope``.

    ``scope`` lists JSON paths (as tuples of keys and indexes); an error counts when its path
    starts with one of them. ``None`` checks the whole document.
    """
    prefixes = None if scope is None else [tuple(prefix) for prefix in scope]
    if prefixes == []:
        return
    subset = _subset()
    if subset is not None and not any(
        _in_scope(path, prefixes) for path in subset.errors(document)
    ):
        return
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped, unused-ignore]

    found = [
        problem
        for problem in _validator().iter_errors(document)
        if prefixes is None
        or any(tuple(problem.absolute_path)[: len(prefix)] == prefix for prefix in prefixes)
    ]
    if found:
        # best_match descends into anyOf to the branch that fits the value's type, so the path
        # names the element that is wrong, not just the member that holds it.
        worst: _SchemaError = best_match(found)
        raise SchemaViolation(json_path(worst.absolute_path), worst.message)
