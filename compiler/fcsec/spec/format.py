"""The canonical layout of a spec: what ``fcsec fmt`` writes.

One layout for every spec, so that two people's edits of the same file differ only where their
meaning differs:

* tables in the order of the language (``fcsec``, ``[server]``, ``[certs.*]``, ``[ciphers.*]``,
  ``[listeners.*]``, ``[mqtt]``, ``[database]``, ``[lint]``, ``[env.*]``); named tables keep
  their relative order, and a sub-table (``[listeners.a.tls]``) follows its table;
* keys within a table in the order of ``fcsec.spec.schema`` (unknown keys last, as written);
* ``key = value``, no indentation, one blank line between tables, the file's dominant line
  ending (``fcsec.source.dominant_line_ending``) on every line;
* dotted keys stay dotted and tables stay tables: only spacing changes inside a key;
* a quoted key part that could be bare is written bare; strings keep their quotes and escapes
  as written (literal stays literal); integers are written in plain decimal;
* an array written over several lines stays one item per line (four spaces, trailing comma);
  one written on one line stays on one line.

Comments stay with what they belong to. A comment at the end of a line stays on that line. A
run of comment lines directly above a statement moves with it; a run separated from the next
statement by a blank line stays after the statement above it (or at the top of the file). Inside
a multi-line array the same holds for its items.

Formatting never changes meaning: the result is parsed again and its TOML data compared with the
original's (named tables in order); a difference is a bug in fcsec and raises ``FormatterBug``.
Only syntax and TOML table errors stop the formatter; the meaning of keys is ``fcsec check``'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from fcsec.source import SourceFile, dominant_line_ending
from fcsec.spec import syntax as ast
from fcsec.spec.document import PlainValue, Table, assemble, to_plain
from fcsec.spec.parser import parse_document
from fcsec.spec.schema import LANGUAGE, Key, Kind

__all__ = ["FormatterBug", "format_spec", "format_text"]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_INDENT = "    "
_BLANK = ""  # a blank line in the output; comment lines always start with `#`
# The sections whose tables are named by the user: their order is part of the meaning.
_NAMED_SECTIONS = tuple(key.name for key in LANGUAGE.children if key.kind is Kind.NAMED_TABLES)

Rank = tuple[tuple[int, int], ...]


class FormatterBug(AssertionError):
    """The formatted text would mean something else than the original: a bug in fcsec."""


# --- comments --------------------------------------------------------------------------------


def _comment(segment: str) -> str | None:
    """The comment of a line segment that holds no string (between statements or items)."""
    at = segment.find("#")
    return None if at < 0 else segment[at:].rstrip(" \t\r")


def _split_lines(gap: str) -> list[str]:
    return [line.rstrip("\r") for line in gap.split("\n")]


@attrs.frozen(kw_only=True)
class _Gap:
    """The comments in the text between two statements (or two array items).

    ``trailing`` is on the line of the first one; ``groups`` are the runs of comment lines
    after it, split at blank lines; ``attached`` says whether the last run touches the second.
    """

    trailing: str | None
    groups: tuple[tuple[str, ...], ...]
    attached: bool


def _gap(text: str, *, after_something: bool, before_something: bool) -> _Gap:
    lines = _split_lines(text)
    trailing = _comment(lines[0]) if after_something else None
    middle = lines[1:] if after_something else lines
    if before_something and middle:
        middle = middle[:-1]  # the indentation before the next statement or item
    groups: list[tuple[str, ...]] = []
    run: list[str] = []
    attached = False
    for line in middle:
        found = _comment(line)
        if found is None:
            if run:
                groups.append(tuple(run))
                run = []
            attached = False
            continue
        run.append(found)
        attached = True
    if run:
        groups.append(tuple(run))
    return _Gap(trailing=trailing, groups=tuple(groups), attached=attached and before_something)


# --- ranks: the canonical order of keys and tables ---------------------------------------------


def rank(names: Sequence[str], seen: Callable[[tuple[str, ...]], int]) -> Rank:
    """The sort key of a dotted path: schema order where the schema knows it, else first seen.

    ``seen(prefix)`` is the position at which a path prefix first appeared in the document. A
    name the user chose (``certs.NAME``) and a key the schema does not know rank by it; unknown
    keys come after known ones. Inside ``[env.NAME]`` the walk starts again at the top.
    """
    key: Key | None = LANGUAGE
    expect_name = False
    out: list[tuple[int, int]] = []
    for depth, name in enumerate(names):
        prefix = tuple(names[: depth + 1])
        if key is None:
            out.append((1, seen(prefix)))
        elif expect_name:
            out.append((0, seen(prefix)))
            key = LANGUAGE if key.name == "env" else key
            expect_name = False
        else:
            child = key.child(name)
            if child is None:
                out.append((1, seen(prefix)))
            else:
                out.append((0, key.child_names().index(name)))
                expect_name = child.kind is Kind.NAMED_TABLES
            key = child
    return tuple(out)


# --- statements --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Statement:
    node: ast.KeyVal | ast.TableHeader
    path: tuple[str, ...]
    before: tuple[str, ...] = ()
    after: tuple[tuple[str, ...], ...] = ()
    trailing: str | None = None


@attrs.frozen(kw_only=True)
class _Section:
    """A ``[table]`` and its keys; ``trailer`` holds the comment runs after its last line."""

    header: _Statement
    keys: tuple[_Statement, ...]
    trailer: tuple[tuple[str, ...], ...] = ()


class _Formatter:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = source.text

    # --- keys and values ----------------------------------------------------------------------

    def _raw(self, start: int, end: int) -> str:
        return self.text[start:end]

    def key(self, key: ast.Key) -> str:
        parts = []
        for part in key.parts:
            raw = self._raw(part.span.start, part.span.end)
            quoted = raw[:1] in ("'", '"')
            parts.append(part.text if quoted and _BARE.fullmatch(part.text) else raw)
        return ".".join(parts)

    def value(self, value: ast.Value, indent: str, path: tuple[str, ...]) -> str:
        if isinstance(value, ast.StringValue):
            return self._raw(value.span.start, value.span.end)
        if isinstance(value, ast.BoolValue):
            return "true" if value.value else "false"
        if isinstance(value, ast.IntValue):
            return str(value.value)
        if isinstance(value, ast.ArrayValue):
            return self.array(value, indent, path)
        return self.inline_table(value, path)

    def _verbatim(self, value: ast.Value) -> str:
        return self._raw(value.span.start, value.span.end).replace("\r\n", "\n")

    def inline_table(self, value: ast.InlineTableValue, path: tuple[str, ...]) -> str:
        if "\n" in self._raw(value.span.start, value.span.end):
            # A multi-line array inside an inline table: rare enough to keep as written.
            return self._verbatim(value)
        if not value.entries:
            return "{}"
        order = {entry.key.names[:1]: index for index, entry in enumerate(value.entries)}

        def seen(prefix: tuple[str, ...]) -> int:
            return order.get(prefix[len(path) : len(path) + 1], len(order))

        entries = sorted(value.entries, key=lambda entry: rank(path + entry.key.names, seen))
        body = ", ".join(
            f"{self.key(entry.key)} = {self.value(entry.value, '', path + entry.key.names)}"
            for entry in entries
        )
        return "{ " + body + " }"

    def array(self, value: ast.ArrayValue, indent: str, path: tuple[str, ...]) -> str:
        span = value.span
        if "\n" not in self._raw(span.start, span.end):
            inner = ", ".join(self.value(item, indent, path) for item in value.items)
            return f"[{inner}]"
        items = value.items
        bounds = [
            span.start + 1,
            *(edge for item in items for edge in (item.span.start, item.span.end)),
            span.end - 1,
        ]
        gaps = [
            _gap(
                self._raw(bounds[2 * index], bounds[2 * index + 1]),
                after_something=True,
                before_something=index < len(items),
            )
            for index in range(len(items) + 1)
        ]
        inner_indent = indent + _INDENT
        opening = "[" + (f"  {gaps[0].trailing}" if gaps[0].trailing else "")
        lines = [opening]
        for index, item in enumerate(items):
            for group in gaps[index].groups:
                lines.extend(inner_indent + comment for comment in group)
            trailing = gaps[index + 1].trailing
            lines.append(
                inner_indent
                + self.value(item, inner_indent, path)
                + ","
                + (f"  {trailing}" if trailing else "")
            )
        for group in gaps[-1].groups:
            lines.extend(inner_indent + comment for comment in group)
        if len(lines) == 1 and not gaps[0].trailing:
            return "[]"
        lines.append(indent + "]")
        return "\n".join(lines)

    # --- statements ----------------------------------------------------------------------------

    def statements(
        self, document: ast.Document
    ) -> tuple[tuple[tuple[str, ...], ...], list[_Statement]]:
        """The statements with their comments, and the comment runs at the top of the file."""
        nodes = document.statements
        header_path: tuple[str, ...] = ()
        paths: list[tuple[str, ...]] = []
        for node in nodes:
            if isinstance(node, ast.TableHeader):
                header_path = node.key.names
                paths.append(header_path)
            else:
                paths.append(header_path + node.key.names)
        edges = [
            0,
            *(edge for node in nodes for edge in (node.span.start, node.span.end)),
            len(self.text),
        ]
        gaps = [
            _gap(
                self._raw(edges[2 * index], edges[2 * index + 1]),
                after_something=index > 0,
                before_something=index < len(nodes),
            )
            for index in range(len(nodes) + 1)
        ]
        top: tuple[tuple[str, ...], ...] = ()
        out: list[_Statement] = []
        for index in range(len(nodes) + 1):
            gap = gaps[index]
            groups = gap.groups
            before: tuple[str, ...] = ()
            if gap.attached and index < len(nodes):
                groups, before = groups[:-1], groups[-1]
            if index == 0:
                top = groups
            else:
                out[-1] = attrs.evolve(out[-1], after=groups, trailing=gap.trailing)
            if index < len(nodes):
                out.append(_Statement(node=nodes[index], path=paths[index], before=before))
        return top, out

    def render_statement(self, statement: _Statement) -> list[str]:
        node = statement.node
        lines = list(statement.before)
        if isinstance(node, ast.TableHeader):
            text = f"[{self.key(node.key)}]"
        else:
            value = self.value(node.value, "", statement.path)
            text = f"{self.key(node.key)} = {value}"
        if statement.trailing:
            text += f"  {statement.trailing}"
        lines.extend(text.split("\n"))
        lines.extend(_trailer(statement.after))
        return lines


def _sections(
    statements: list[_Statement],
) -> tuple[tuple[_Statement, ...], tuple[tuple[str, ...], ...], list[_Section]]:
    """The keys before the first table, their trailer, and the tables.

    The comment runs after the last line of a table stay at the end of that table, whichever
    key ends up last.
    """
    root: list[_Statement] = []
    sections: list[_Section] = []
    for statement in statements:
        if isinstance(statement.node, ast.TableHeader):
            sections.append(_Section(header=statement, keys=()))
        elif sections:
            current = sections[-1]
            sections[-1] = attrs.evolve(current, keys=(*current.keys, statement))
        else:
            root.append(statement)
    trailer: tuple[tuple[str, ...], ...] = ()
    if root:
        trailer, root[-1] = root[-1].after, attrs.evolve(root[-1], after=())
    for index, section in enumerate(sections):
        if section.keys:
            *rest, final = section.keys
            keys = (*rest, attrs.evolve(final, after=()))
            sections[index] = attrs.evolve(section, keys=keys, trailer=final.after)
        else:
            header = attrs.evolve(section.header, after=())
            sections[index] = attrs.evolve(section, header=header, trailer=section.header.after)
    return tuple(root), trailer, sections


def _trailer(groups: tuple[tuple[str, ...], ...]) -> list[str]:
    lines: list[str] = []
    for group in groups:
        lines.extend(group)
        lines.append(_BLANK)
    return lines


def _first_seen(statements: list[_Statement]) -> dict[tuple[str, ...], int]:
    seen: dict[tuple[str, ...], int] = {}
    for position, statement in enumerate(statements):
        for depth in range(1, len(statement.path) + 1):
            seen.setdefault(statement.path[:depth], position)
    return seen


def _tidy(lines: list[str]) -> list[str]:
    """No blank line at either end, never two in a row."""
    out: list[str] = []
    for line in lines:
        if line == _BLANK and (not out or out[-1] == _BLANK):
            continue
        out.append(line)
    while out and out[-1] == _BLANK:
        out.pop()
    return out


def format_spec(source: SourceFile) -> str:
    """The spec in the canonical layout; raise DiagnosticError on a syntax or TOML error."""
    document = parse_document(source)
    original = assemble(document)
    formatter = _Formatter(source)
    top, statements = formatter.statements(document)
    seen_at = _first_seen(statements)

    def seen(prefix: tuple[str, ...]) -> int:
        return seen_at.get(prefix, len(seen_at))

    def key_rank(statement: _Statement) -> Rank:
        return rank(statement.path, seen)

    def section_rank(section: _Section) -> Rank:
        if not section.keys:
            return key_rank(section.header)
        return min(key_rank(statement) for statement in section.keys)

    root, root_trailer, sections = _sections(statements)
    lines = _trailer(top)
    for statement in sorted(root, key=key_rank):
        lines.extend(formatter.render_statement(statement))
    lines.extend(_trailer(root_trailer))
    for section in sorted(sections, key=section_rank):
        lines.append(_BLANK)
        lines.extend(formatter.render_statement(section.header))
        for statement in sorted(section.keys, key=key_rank):
            lines.extend(formatter.render_statement(statement))
        lines.extend(_trailer(section.trailer))
    tidy = _tidy(lines)
    newline = dominant_line_ending(source.text)
    result = newline.join(tidy) + newline if tidy else ""
    _verify(source, result, original)
    return result


def format_text(text: str, name: str = "<spec>") -> str:
    """``format_spec`` of a string (for tests and tools)."""
    return format_spec(SourceFile(name, text))


# --- the safety net ----------------------------------------------------------------------------


def _named_orders(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    """The order of every user-named table: certs, ciphers, listeners, env, and in each env."""
    orders: list[tuple[str, tuple[str, ...]]] = []
    for name in _NAMED_SECTIONS:
        item = table.get(name)
        if item is None or not isinstance(item.value, Table):
            continue
        orders.append((name, item.value.names()))
        if name == "env":
            for overlay in item.value:
                if isinstance(overlay.value, Table):
                    orders.extend(
                        (f"env.{overlay.name}.{inner}", names)
                        for inner, names in _named_orders(overlay.value)
                    )
    return orders


def _meaning(table: Table) -> tuple[PlainValue, list[tuple[str, tuple[str, ...]]]]:
    return to_plain(table), _named_orders(table)


def _verify(source: SourceFile, result: str, original: Table) -> None:
    from fcsec.diagnostics import DiagnosticError

    try:
        formatted = assemble(parse_document(SourceFile(source.name, result)))
    except DiagnosticError as failure:
        raise FormatterBug(
            f"fcsec fmt produced a spec it cannot read ({failure.diagnostics[0].message})"
        ) from failure
    if _meaning(formatted) != _meaning(original):
        raise FormatterBug("fcsec fmt would change the meaning of the spec")
