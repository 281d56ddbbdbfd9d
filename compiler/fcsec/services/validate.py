"""Check what fcsec wrote into services.json against the bundled JSON Schema (Draft 2020-12).

The schema (``fcsec/schemas/services.schema.json``) describes the parts fcsec writes: listeners
and ``mqtt.authenticationMethods``. The editor calls ``check_services`` on every result, scoped to
the parts it manages. A violation there is a bug in fcsec, never the user's fault, so it raises
``SchemaViolation`` (the CLI maps it to exit 70) instead of a diagnostic.

It must never import jsonschema at module import time (start-up speed), build the validator more
than once per process, or judge a part of the file outside the scope it is given: the user's own
listeners and sections are the user's business.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

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
    resource = importlib.resources.files("fcsec") / "schemas" / SCHEMA_NAME
    schema: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return schema


@functools.cache
def _validator() -> _Validator:
    # Imported here, not at the top: jsonschema is slow to import and most runs start cold.
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

    validator: _Validator = Draft202012Validator(load_schema())
    return validator


def check_services(document: object, *, scope: Iterable[Sequence[PathPart]] | None = None) -> None:
    """Raise ``SchemaViolation`` for the first schema error inside ``scope``.

    ``scope`` lists JSON paths (as tuples of keys and indexes); an error counts when its path
    starts with one of them. ``None`` checks the whole document.
    """
    prefixes = None if scope is None else [tuple(prefix) for prefix in scope]
    if prefixes == []:
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
