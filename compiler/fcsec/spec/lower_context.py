"""What every part of lowering shares: the table tree, typed access to it, the problems found.

Types and unknown keys were checked before (``fcsec.spec.structure``), so an accessor that finds
a value of the wrong type answers None and reports nothing; only a value that is none of a key's
choices is reported here (``choice``, ``bad_choice``). ``certs`` and ``policies`` hold the names
the spec declares, filled by ``fcsec.spec.lower_names`` before any section refers to them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

from fcsec.diagnostics import Diagnostic, diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import BAD_CHOICE
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.document import Item, Table
from fcsec.suggest import closest, did_you_mean

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


class Lowerer:
    """One lowering of one table tree; every problem is collected, none is raised."""

    def __init__(self, root: Table, start: Span) -> None:
        self.root = root
        self.start = start
        self.problems: list[Diagnostic] = []
        self.certs: dict[str, ir.CertRef] = {}
        self.policies: dict[str, ir.CipherPolicy] = {}

    @staticmethod
    def get(table: Table | None, name: str, kind: type[T]) -> tuple[T, Item] | None:
        if table is None:
            return None
        item = table.get(name)
        if item is None or not isinstance(item.value, kind):
            return None
        return item.value, item

    # string, boolean and table are read for every listener: each looks its key up once, with
    # no call or tuple between (what ``get`` would give, without it).

    def string(self, table: Table | None, name: str) -> str | None:
        item = None if table is None else table.get(name)
        value = None if item is None else item.value
        return value.value if isinstance(value, ast.StringValue) else None

    def boolean(self, table: Table | None, name: str, default: T) -> bool | T:
        item = None if table is None else table.get(name)
        value = None if item is None else item.value
        return value.value if isinstance(value, ast.BoolValue) else default

    def table(self, table: Table | None, name: str) -> Table | None:
        item = None if table is None else table.get(name)
        value = None if item is None else item.value
        return value if isinstance(value, Table) else None

    def named(self, name: str) -> list[tuple[str, Table, Span]]:
        """The ``[name.NAME]`` tables of a top-level section: name, table, span."""
        section = self.table(self.root, name)
        if section is None:
            return []
        return [
            (item.name, item.value, item.value.span or item.key_span)
            for item in section
            if isinstance(item.value, Table)
        ]

    def choice(self, table: Table | None, name: str, members: Mapping[str, T]) -> T | None:
        """The member of an enum that the string at ``name`` is the value of (``members``: the
        enum's members by value, as ``members`` gives them)."""
        found = self.get(table, name, ast.StringValue)
        if found is None:
            return None
        value = found[0]
        member = members.get(value.value)
        if member is None:
            message = f"`{value.value}` is not a valid {name}"
            self.bad_choice(value, message, f"unknown {name}", tuple(members))
        return member

    def bad_choice(
        self, value: ast.StringValue, message: str, label: str, choices: tuple[str, ...]
    ) -> None:
        """Report a value that is none of ``choices``, with the closest one as a hint."""
        guess = closest(value.value, choices)
        self.problems.append(
            diagnostic(
                BAD_CHOICE,
                message,
                value.span,
                label=label,
                hint=did_you_mean(guess, then=f"valid: {', '.join(choices)}"),
            )
        )


def members(enum: type[E]) -> dict[str, E]:
    """The members of an enum by their string values, for ``Lowerer.choice``: one dict lookup
    a value, where calling the enum costs a lookup and three calls."""
    return {member.value: member for member in enum}


def use_span(item: Item) -> Span:
    """Where a value is used: the value itself when it has a span, else its key."""
    span = getattr(item.value, "span", None)
    return span if isinstance(span, Span) else item.key_span
