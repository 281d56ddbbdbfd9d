"""Apply TOML's table rules to the syntax AST: one nested table tree, or located errors.

TOML forbids defining a key twice, declaring a table twice, reopening a table made by dotted
keys, and adding to an inline table or array after the fact. A context-free grammar cannot see
any of that, so it is checked here, with the same rules as Python's ``tomllib`` (so that every
spec fcsec accepts is valid TOML). Nothing here knows fcsec's keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic
from fcsec.record import Record
from fcsec.rule_ids import DEFINED_TWICE, TOO_DEEP
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.table_flags import Flag, Flags, InlineFlags

MAX_DEPTH = 32

Scalar = ast.StringValue | ast.IntValue | ast.BoolValue | ast.ArrayValue


class Item(Record):
    """One key of a table, where it was written, and its value (made positionally; a plain class
    like the syntax nodes, compared without its span)."""

    __slots__ = ("key_span", "name", "value")
    _compared = ("name", "value")

    def __init__(self, name: str, key_span: Span, value: Table | Scalar) -> None:
        self.name: Final = name
        self.key_span: Final = key_span
        self.value: Final = value


class Table(Record):
    """A TOML table in definition order, compared by its items.

    ``span`` is its header or inline text (None for a table made implicitly).
    """

    __slots__ = ("_index", "items", "span")
    _compared = ("items",)

    def __init__(
        self,
        *,
        items: tuple[Item, ...],
        span: Span | None = None,
        index: dict[str, Item] | None = None,
    ) -> None:
        self.items: Final = items
        self.span: Final = span
        # Name -> first item of that name: given by the assembler (which has it anyway), else
        # built on the first lookup, so that looking up every key of a table of N listeners is
        # O(N).
        self._index = index

    def get(self, name: str) -> Item | None:
        index = self._index
        if index is None:
            index = {}
            for item in self.items:
                index.setdefault(item.name, item)
            self._index = index
        return index.get(name)

    def names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.items)

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)


class _Builder:
    """A table under construction: ``items`` maps names to (key span, value or sub-builder)."""

    __slots__ = ("items", "span")

    def __init__(self, span: Span | None = None) -> None:
        self.span = span
        self.items: dict[str, tuple[Span, _Builder | Scalar]] = {}

    def freeze(self) -> Table:
        index = {
            name: Item(name, key_span, value.freeze() if isinstance(value, _Builder) else value)
            for name, (key_span, value) in self.items.items()
        }
        return Table(items=tuple(index.values()), span=self.span, index=index)


class _Overwrite(Exception):
    def __init__(self, span: Span) -> None:
        self.span = span


def _nest(root: _Builder, key: ast.Key, count: int) -> _Builder:
    """Walk (creating) the first ``count`` parts of ``key``; raise _Overwrite on a non-table."""
    table = root
    for part in key.parts[:count]:
        entry = table.items.get(part.text)
        if entry is None:
            child = _Builder()
            table.items[part.text] = (part.span, child)
            table = child
            continue
        value = entry[1]
        if not isinstance(value, _Builder):
            raise _Overwrite(entry[0])
        table = value
    return table


class _Assembler:
    def __init__(self) -> None:
        self.root = _Builder()
        self.flags = Flags()
        self.header: tuple[str, ...] = ()
        self.current = self.root  # the table of ``header``, where its keys go
        # Tables made by a two-part dotted key (``tls.cert = ...``) in this section, by name.
        self._dotted: dict[str, _Builder] = {}
        self.problems: list[Diagnostic] = []

    def _problem(
        self, message: str, span: Span, label: str, earlier: Span | None, fix: str | None = None
    ) -> None:
        hint = fix
        if earlier is not None and label == "not a table":
            hint = f"line {earlier.line} gives it a value that is not a table; rename one of them"
        elif earlier is not None:
            hint = f"first defined at line {earlier.line}; keep one of the two"
        self.problems.append(diagnostic(DEFINED_TWICE, message, span, label=label, hint=hint))

    def _too_long(self, key: ast.Key, header: tuple[str, ...]) -> bool:
        depth = len(header) + len(key.parts)
        if depth <= MAX_DEPTH:
            return False
        self.problems.append(
            diagnostic(
                TOO_DEEP,
                f"this key nests tables {depth} levels deep; fcsec allows {MAX_DEPTH}",
                key.span,
                label="too deep",
                hint="no fcsec key is nested this deep",
            )
        )
        return True

    def table(self, header: ast.TableHeader) -> None:
        self.flags.finalize_pending()
        key = header.key.names
        if self._too_long(header.key, ()):
            self.header = ()
            self._skip = True
            return
        if self.flags.has(key, Flag.EXPLICIT) or self.flags.has(key, Flag.FROZEN):
            self._problem(
                f"table [{header.key.dotted()}] is defined twice",
                header.span,
                "defined again here",
                _first_definition(self.root, key),
            )
            self.header = ()
            self._skip = True
            return
        self.flags.set(key, Flag.EXPLICIT, recursive=False)
        try:
            table = _nest(self.root, header.key, len(key))
        except _Overwrite as clash:
            self._problem(
                f"[{header.key.dotted()}] would overwrite a value",
                header.span,
                "not a table",
                clash.span,
            )
            self._skip = True
            return
        table.span = table.span or header.span
        self.header = key
        self.current = table
        self._skip = False

    _skip = False

    def keyval(
        self,
        keyval: ast.KeyVal,
        root: _Builder,
        header: tuple[str, ...],
        flags: Flags,
        base: _Builder | None = None,
    ) -> None:
        """Add one ``key = value`` under ``header``; ``base`` is the header's table if known."""
        key = keyval.key
        names = key.names
        if self._too_long(key, header):
            return
        for index in range(1, len(names)):
            container = header + names[:index]
            if flags.has(container, Flag.EXPLICIT):
                self._problem(
                    f"`{'.'.join(container)}` is already a table; a dotted key cannot add to it",
                    key.span,
                    "redefines a table",
                    None,
                    f"write `{'.'.join(names[index:])}` in the [{'.'.join(container)}] section",
                )
                return
            flags.add_pending(container, Flag.EXPLICIT)
        parent = header + names[:-1]
        if flags.has(parent, Flag.FROZEN):
            self._problem(
                f"`{'.'.join(parent)}` is an inline table or array and cannot be extended",
                key.span,
                "closed table",
                None,
                "add the key inside its `{ ... }`, or make it a [table] section",
            )
            return
        try:
            if base is None:
                base = root if header == () else _nest_path(root, header)
            table = _nest(base, key, len(names) - 1)
        except _Overwrite as clash:
            self._problem(
                f"`{key.dotted()}` would overwrite a value", key.span, "not a table", clash.span
            )
            return
        stem = key.parts[-1]
        if stem.text in table.items:
            self._problem(
                f"`{key.dotted()}` is defined twice",
                key.span,
                "defined again here",
                table.items[stem.text][0],
            )
            return
        value = keyval.value
        if ast.value_depth(value) > MAX_DEPTH:
            where, label = _first_too_deep(value)
            self.problems.append(
                diagnostic(
                    TOO_DEEP,
                    f"this value is nested {ast.value_depth(value)} levels deep; "
                    f"fcsec allows {MAX_DEPTH}",
                    where,
                    label=label,
                    hint="no fcsec key takes nested arrays or tables this deep",
                )
            )
            return
        if isinstance(value, ast.InlineTableValue):
            table.items[stem.text] = (stem.span, self._inline(value))
            flags.set(header + names, Flag.FROZEN, recursive=True)
        else:
            table.items[stem.text] = (stem.span, value)
            if isinstance(value, ast.ArrayValue):
                flags.set(header + names, Flag.FROZEN, recursive=True)
                self._array(value)

    def _array(self, value: ast.ArrayValue) -> None:
        """Check the inline tables inside an array (depth is bounded by MAX_DEPTH)."""
        for item in value.items:
            if isinstance(item, ast.InlineTableValue):
                self._inline(item)
            elif isinstance(item, ast.ArrayValue):
                self._array(item)

    def _inline(self, value: ast.InlineTableValue) -> _Builder:
        inner = _Builder(span=value.span)
        flags = Flags()
        for entry in value.entries:
            if flags.has(entry.key.names, Flag.FROZEN):
                self._problem(
                    f"`{entry.key.dotted()}` extends a closed inline table",
                    entry.key.span,
                    "closed table",
                    None,
                    "add the key inside its `{ ... }`",
                )
                continue
            self.keyval(entry, inner, (), InlineFlags(flags))
        return inner

    def statement(self, statement: ast.Statement) -> None:
        if isinstance(statement, ast.TableHeader):
            self._dotted = {}
            self.table(statement)
        elif not self._skip and not self._plain(statement):
            known = len(self.problems)
            self.keyval(statement, self.root, self.header, self.flags, self.current)
            parts = statement.key.parts
            if len(parts) == 2 and len(self.problems) == known:
                made = self.current.items[parts[0].text][1]
                assert isinstance(made, _Builder)
                self._dotted[parts[0].text] = made

    def _plain(self, keyval: ast.KeyVal) -> bool:
        """Add the most common statements the short way: ``name = scalar`` and, once ``name.x``
        was accepted in this section, ``name.y = scalar``, each new to its table.

        Of ``keyval``'s checks only one can fail for them: the name may be taken. A one-part key
        makes no table; the header's own table is never closed (``table`` refused the header if
        it was); a table that a dotted key of this section made was checked by ``keyval`` then,
        and nothing in the section can close it or declare it. False leaves the statement to
        ``keyval``, which also words any problem.
        """
        parts, value = keyval.key.parts, keyval.value
        if not isinstance(value, _SCALARS) or len(self.header) + len(parts) > MAX_DEPTH:
            return False
        if len(parts) == 1:
            table: _Builder | None = self.current
        elif len(parts) == 2:
            table = self._dotted.get(parts[0].text)
        else:
            return False
        stem = parts[-1]
        if table is None or stem.text in table.items:
            return False
        table.items[stem.text] = (stem.span, value)
        return True


_SCALARS = (ast.StringValue, ast.IntValue, ast.BoolValue)


def _first_too_deep(value: ast.Value) -> tuple[Span, str]:
    """The opening bracket of the first array or inline table nested beyond MAX_DEPTH."""
    for _ in range(MAX_DEPTH):
        if isinstance(value, ast.ArrayValue):
            children = list(value.items)
        elif isinstance(value, ast.InlineTableValue):
            children = [entry.value for entry in value.entries]
        else:
            children = []
        deeper = [child for child in children if ast.value_depth(child) > 0]
        if not deeper:  # the depth comes from dotted keys: point at the whole value
            return value.span, "too deep"
        value = max(deeper, key=ast.value_depth)
    span = Span(source=value.span.source, start=value.span.start, end=value.span.start + 1)
    return span, f"level {MAX_DEPTH + 1} starts here"


def _first_definition(root: _Builder, path: tuple[str, ...]) -> Span | None:
    """Where the table at ``path`` was made: its header or inline table, else its key."""
    table = root
    key_span: Span | None = None
    for name in path:
        entry = table.items.get(name)
        if entry is None:
            return None
        key_span, value = entry
        if not isinstance(value, _Builder):
            return key_span
        table = value
    return table.span or key_span


def _nest_path(root: _Builder, path: tuple[str, ...]) -> _Builder:
    table = root
    for name in path:
        value = table.items[name][1]
        assert isinstance(value, _Builder)
        table = value
    return table


def assemble(document: ast.Document) -> Table:
    """Build the table tree of a parsed spec; raise DiagnosticError listing every clash.

    Nothing is kept between calls: a caller that needs the tree again keeps it (``fcsec check``
    parses and assembles a spec once, and hands the tree to every environment's lowering and to
    the locating of findings: the ``tree`` arguments of ``fcsec.api``).
    """
    assembler = _Assembler()
    for statement in document.statements:
        assembler.statement(statement)
    if assembler.problems:
        raise DiagnosticError(assembler.problems)
    return assembler.root.freeze()


PlainValue = str | int | bool | list["PlainValue"] | dict[str, "PlainValue"]


def to_plain(value: Table | Scalar | ast.Value) -> PlainValue:
    """The value as plain Python data, as ``tomllib`` would return it."""
    if isinstance(value, Table):
        return {item.name: to_plain(item.value) for item in value.items}
    if isinstance(value, ast.ArrayValue):
        return [to_plain(item) for item in value.items]
    if isinstance(value, ast.InlineTableValue):
        return to_plain(_Assembler()._inline(value).freeze())
    return value.value
