"""Apply TOML's table rules to the syntax AST: one nested table tree, or located errors.

TOML forbids defining a key twice, declaring a table twice, reopening a table made by dotted
keys, and adding to an inline table or array after the fact. A context-free grammar cannot see
any of that, so it is checked here, with the same rules as Python's ``tomllib`` (so that every
spec fcsec accepts is valid TOML). Nothing here knows fcsec's keys.
"""

from __future__ import annotations

from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic
from fcsec.rule_ids import DEFINED_TWICE, TOO_DEEP
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.table_flags import Flag, Flags, InlineFlags
from fcsec.spec.table_tree import Item, Scalar, Table, TableBuilder

__all__ = [
    "MAX_DEPTH",
    "Assembler",
    "Item",
    "PlainValue",
    "Scalar",
    "Table",
    "assemble",
    "to_plain",
]

MAX_DEPTH = 32


class _Overwrite(Exception):
    def __init__(self, span: Span) -> None:
        self.span = span


def _nest(root: TableBuilder, key: ast.Key, count: int) -> TableBuilder:
    """Walk (creating) the first ``count`` parts of ``key``; raise _Overwrite on a non-table."""
    table = root
    for part in key.parts[:count]:
        entry = table.items.get(part.text)
        if entry is None:
            child = TableBuilder(key_span=part.span)
            table.items[part.text] = child
            table = child
            continue
        if not isinstance(entry, TableBuilder):
            raise _Overwrite(entry.key_span)
        table = entry
    return table


class Assembler:
    """TOML's table rules applied statement by statement (``assemble``, and
    ``fcsec.spec.tree_parse``, which hands the common lines to ``add_plain`` unparsed)."""

    def __init__(self) -> None:
        self.root = TableBuilder()
        self.flags = Flags()
        self.header: tuple[str, ...] = ()
        self.current = self.root  # the table of ``header``, where its keys go
        # Tables made by a two-part dotted key (``tls.cert = ...``) in this section, by name.
        self._dotted: dict[str, TableBuilder] = {}
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
        if self.flags.has(key, Flag.EXPLICIT | Flag.FROZEN):
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
        root: TableBuilder,
        header: tuple[str, ...],
        flags: Flags,
        base: TableBuilder | None = None,
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
                table.items[stem.text].key_span,
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
            inner = self._inline(value)
            inner.key_span = stem.span
            table.items[stem.text] = inner
            flags.set(header + names, Flag.FROZEN, recursive=True)
        else:
            table.items[stem.text] = Item(stem.text, stem.span, value)
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

    def _inline(self, value: ast.InlineTableValue) -> TableBuilder:
        inner = TableBuilder(span=value.span)
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
                made = self.current.items[parts[0].text]
                assert isinstance(made, TableBuilder)
                self._dotted[parts[0].text] = made

    def _plain(self, keyval: ast.KeyVal) -> bool:
        """``add_plain`` of a one- or two-part ``key = scalar``; False for any other."""
        parts, value = keyval.key.parts, keyval.value
        if not isinstance(value, _SCALARS):
            return False
        if len(parts) == 1:
            return self.add_plain(None, None, parts[0].text, parts[0].span, value)
        if len(parts) == 2:
            first, stem = parts
            return self.add_plain(first.text, first.span, stem.text, stem.span, value)
        return False

    def add_plain(
        self,
        dotted: str | None,
        dotted_span: Span | None,
        name: str,
        span: Span,
        value: ast.ScalarValue,
    ) -> bool:
        """Add the most common statements the short way: ``name = scalar`` (``dotted`` None)
        and ``dotted.name = scalar`` (the spans: where ``dotted`` and ``name`` are written),
        each new to its table. True when the statement is done with: added, or under a header
        that was refused; False leaves it to ``statement``, whose ``keyval`` words any problem.

        Of ``keyval``'s checks only one can fail for a one-part key, or for ``dotted.name``
        once ``dotted.x`` was accepted in this section: the name may be taken. A one-part key
        makes no table; the header's own table is never closed (``table`` refused the header if
        it was); a table that a dotted key of this section made was checked by ``keyval`` then,
        and nothing in the section can close it or declare it. The first ``dotted.x`` of a
        section goes to ``_open_dotted``.
        """
        if self._skip:
            return True
        if dotted is None:
            table: TableBuilder | None = self.current
            depth = len(self.header) + 1
        else:
            table = self._dotted.get(dotted)
            depth = len(self.header) + 2
            if table is None:
                assert dotted_span is not None
                return depth <= MAX_DEPTH and self._open_dotted(
                    dotted, dotted_span, name, span, value
                )
        if table is None or depth > MAX_DEPTH or name in table.items:
            return False
        table.items[name] = Item(name, span, value)
        return True

    def _open_dotted(
        self, dotted: str, dotted_span: Span, name: str, span: Span, value: ast.ScalarValue
    ) -> bool:
        """``dotted.name = scalar`` where ``dotted`` is new to the section's table: what
        ``keyval`` does when its checks pass (the container is neither declared nor closed),
        and False, having changed nothing, when one may fail."""
        current = self.current
        container = (*self.header, dotted)
        if dotted in current.items or self.flags.has(container, Flag.EXPLICIT | Flag.FROZEN):
            return False
        self.flags.add_pending(container, Flag.EXPLICIT)
        made = current.items[dotted] = TableBuilder(key_span=dotted_span)
        made.items[name] = Item(name, span, value)
        self._dotted[dotted] = made
        return True

    def open_table(self, names: tuple[str, ...], spans: tuple[Span, ...], span: Span) -> bool:
        """The header ``[names]`` (``spans``: its parts', ``span``: its own) the short way: what
        ``statement`` does with it when its checks pass, and False, having changed nothing the
        header's ``statement`` would not, when one fails (``statement`` then words it)."""
        flags = self.flags
        flags.finalize_pending()
        if len(names) > MAX_DEPTH or flags.has(names, Flag.EXPLICIT | Flag.FROZEN):
            return False
        table = self.root
        for index, name in enumerate(names):
            entry = table.items.get(name)
            if entry is None:  # the rest is new: nothing can fail from here
                for new, new_span in zip(names[index:], spans[index:], strict=True):
                    child = TableBuilder(key_span=new_span)
                    table.items[new] = child
                    table = child
                break
            if not isinstance(entry, TableBuilder):
                return False
            table = entry
        flags.set(names, Flag.EXPLICIT, recursive=False)
        self._dotted = {}
        table.span = table.span or span
        self.header = names
        self.current = table
        self._skip = False
        return True

    def finish(self) -> Table:
        """The table tree of the statements added; raise DiagnosticError listing every clash."""
        if self.problems:
            raise DiagnosticError(self.problems)
        return self.root.freeze()


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


def _first_definition(root: TableBuilder, path: tuple[str, ...]) -> Span | None:
    """Where the table at ``path`` was made: its header or inline table, else its key."""
    table = root
    key_span: Span | None = None
    for name in path:
        entry = table.items.get(name)
        if entry is None:
            return None
        key_span = entry.key_span
        if not isinstance(entry, TableBuilder):
            return key_span
        table = entry
    return table.span or key_span


def _nest_path(root: TableBuilder, path: tuple[str, ...]) -> TableBuilder:
    table = root
    for name in path:
        entry = table.items[name]
        assert isinstance(entry, TableBuilder)
        table = entry
    return table


def assemble(document: ast.Document) -> Table:
    """Build the table tree of a parsed spec; raise DiagnosticError listing every clash.

    Nothing is kept between calls: a caller that needs the tree again keeps it (``fcsec check``
    parses and assembles a spec once, and hands the tree to every environment's lowering and to
    the locating of findings: the ``tree`` arguments of ``fcsec.api``).
    """
    assembler = Assembler()
    for statement in document.statements:
        assembler.statement(statement)
    return assembler.finish()


PlainValue = str | int | bool | list["PlainValue"] | dict[str, "PlainValue"]


def to_plain(value: Table | Scalar | ast.Value) -> PlainValue:
    """The value as plain Python data, as ``tomllib`` would return it."""
    if isinstance(value, Table):
        return {item.name: to_plain(item.value) for item in value.items}
    if isinstance(value, ast.ArrayValue):
        return [to_plain(item) for item in value.items]
    if isinstance(value, ast.InlineTableValue):
        return to_plain(Assembler()._inline(value).freeze())
    return value.value
