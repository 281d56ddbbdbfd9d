"""What every config-file rule shares: the configuration it judges and the ``Found`` it returns.

A rule of ``config_file_listeners``, ``config_file_database`` or ``config_file_suites`` takes a
``FileRules`` (the configuration after compile, read by ``fcsec.lint.configview``, and whether
this is production) and yields ``Found`` values: a finding and whether every part it is about is
managed by the spec.
"""

from __future__ import annotations

from typing import Final

from fcsec.diagnostics import Related
from fcsec.lint.configview_parts import DatabasePart, Effective, ListenerPart, MethodsPart
from fcsec.lint.findings import Finding, finding
from fcsec.record import Record
from fcsec.source import Span

__all__ = ["FileRules", "Found", "make_found", "part_key", "related_to"]


class Found(Record):
    """A finding and whether every part it is about is managed by the spec."""

    __slots__ = ("finding", "managed")
    _compared = ("finding", "managed")

    def __init__(self, *, finding: Finding, managed: bool) -> None:
        self.finding: Final = finding
        self.managed: Final = managed


class FileRules(Record):
    """The configuration a config-file rule judges."""

    __slots__ = ("effective", "production")
    _compared = ("effective", "production")

    def __init__(self, *, effective: Effective, production: bool) -> None:
        self.effective: Final = effective
        self.production: Final = production

    @property
    def with_spec(self) -> bool:
        return self.effective.with_spec

    def listeners(self) -> tuple[ListenerPart, ...]:
        return self.effective.listeners or ()

    def file_hint(self, listener: ListenerPart, change: str, spec_change: str) -> str:
        """How to fix a listener: in the spec when it is managed, else in services.json."""
        if listener.managed:
            return spec_change
        fix = f"in services.json, {change} for `{listener.name}`"
        if self.with_spec:
            fix += f", or add [listeners.{listener.name}] to the spec ({spec_change}) so "
            fix += "compile manages it"
        return fix

    def methods(self) -> MethodsPart | None:
        return self.effective.methods

    def database(self) -> DatabasePart | None:
        return self.effective.database

    def enabled_database(self) -> DatabasePart | None:
        database = self.database()
        return database if database is not None and database.enabled else None


def make_found(
    rule: str,
    message: str,
    span: Span | None,
    parts: tuple[object, ...],
    *,
    key: str,
    label: str,
    hint: str,
    related: tuple[Related, ...] = (),
) -> Found:
    """A finding, managed when every part in ``parts`` is."""
    managed = bool(parts) and all(getattr(part, "managed", False) for part in parts)
    return Found(
        finding=finding(rule, message, span, key=key, label=label, hint=hint, related=related),
        managed=managed,
    )


def part_key(part: object, path: str) -> str:
    """The logical place: the spec path for a managed part, else the file's part."""
    if getattr(part, "managed", False):
        return path
    if isinstance(part, DatabasePart) or path.startswith("database"):
        return f"ctsrvr.cfg:{path}"
    return f"services.json:{path}"


def related_to(span: Span | None, message: str) -> tuple[Related, ...]:
    """A related place when there is one."""
    return () if span is None else (Related(span=span, message=message),)
