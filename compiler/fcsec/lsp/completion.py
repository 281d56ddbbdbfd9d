"""Completion: the keys valid where the cursor is, and the values a key takes.

The text being typed rarely parses, so the place is read from the cursor's own statement: the
nearest ``[table]`` header above it (that one line parsed by fcsec's parser), then the keys,
``=``, brackets and quotes between that header and the cursor (``_Scan``). What is offered
comes from the compiler: keys from ``fcsec.spec.schema``, protocols, products and MQTT methods
from the IR's enums, policies from ``fcsec.ciphers.policies``, suites from the registry (the
weak ones marked as ``fcsec check`` judges them), rule ids from ``fcsec.rules``, and the names
the spec declares in ``[certs.NAME]``, ``[ciphers.NAME]`` and ``[listeners.NAME]``.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Sequence

import attrs
from lsprotocol import types

from fcsec.lsp import cursor
from fcsec.lsp.diagnostics import lsp_range
from fcsec.lsp.documents import Snapshot
from fcsec.source import SourceFile
from fcsec.spec import syntax as ast
from fcsec.spec.schema import LANGUAGE, Key, Kind

_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


@attrs.define
class _Frame:
    """A statement, an inline table entry or an array being written."""

    prefix: cursor.Path = ()
    key_text: str = ""
    key: cursor.Path = ()
    after_eq: bool = False
    array: bool = False
    inline: bool = False

    def path(self) -> cursor.Path:
        return self.prefix + self.key


def _split_key(text: str) -> cursor.Path:
    return tuple(part.strip().strip("\"'") for part in text.split("."))


@attrs.frozen(kw_only=True)
class Context:
    """Where the cursor is: in a header, at a key, or at a value (``path``: the key's)."""

    kind: str  # "header", "key" or "value"
    path: cursor.Path
    partial: str
    start: int  # offset of the text the completion replaces
    quote: str | None = None
    in_array: bool = False


def _header(line: str) -> cursor.Path | None:
    """The names of a ``[table]`` header line, read by fcsec's parser (None: not a header)."""
    from fcsec.diagnostics import DiagnosticError
    from fcsec.spec.parser import parse_document

    try:
        document = parse_document(SourceFile("<header>", line.strip() + "\n"))
    except DiagnosticError:
        return None
    statements = document.statements
    if len(statements) == 1 and isinstance(statements[0], ast.TableHeader):
        return statements[0].key.names
    return None


def _trailing_word(text: str) -> str:
    end = len(text)
    start = end
    while start > 0 and text[start - 1] in _WORD:
        start -= 1
    return text[start:end]


def context(text: str, offset: int, starts: Sequence[int]) -> Context | None:
    """What the cursor at ``offset`` is completing, or None (in a comment, a quoted key, ...).

    ``starts``: the offsets where the text's lines start (``LineIndex.starts``)."""
    line = bisect.bisect_right(starts, offset) - 1
    before = text[starts[line] : offset]
    if before.lstrip().startswith("[") and "=" not in before:
        typed = before.lstrip()[1:]
        partial = typed.rsplit(".", 1)[-1]
        parts = _split_key(typed)[:-1] if "." in typed else ()
        return Context(kind="header", path=parts, partial=partial, start=offset - len(partial))
    header: cursor.Path = ()
    region = 0
    for above in range(line - 1, -1, -1):
        end = starts[above + 1]
        candidate = text[starts[above] : end].strip()
        if candidate.startswith("[") and not candidate.startswith("[["):
            names = _header(candidate)
            if names is not None:
                header, region = names, end
                break
    return _Scan(text, region, offset, header).result()


class _Scan:
    """Brackets, quotes, ``=`` and keys from the start of the section to the cursor."""

    def __init__(self, text: str, start: int, offset: int, header: cursor.Path) -> None:
        self.text, self.start, self.offset = text, start, offset
        self.stack = [_Frame(prefix=header)]
        self.header = header
        self.quote: str | None = None
        self.quote_start = 0
        self.comment = False

    def _newline(self) -> None:
        self.quote = None
        self.comment = False
        if len(self.stack) == 1:
            self.stack[0] = _Frame(prefix=self.header)

    def _char(self, index: int, char: str) -> None:
        frame = self.stack[-1]
        if char in "\"'":
            self.quote, self.quote_start = char, index
            if not frame.after_eq and not frame.array:
                frame.key_text += char
        elif char == "#":
            self.comment = True
        elif frame.array:
            if char == "[":
                self.stack.append(_Frame(prefix=frame.prefix, key=frame.key, array=True))
            elif char == "{":
                self.stack.append(_Frame(prefix=frame.path(), inline=True))
            elif char == "]" and len(self.stack) > 1:
                self.stack.pop()
        elif not frame.after_eq:
            if char == "=":
                frame.after_eq, frame.key = True, _split_key(frame.key_text)
            elif char == "}" and frame.inline:
                self.stack.pop()
            elif char == ",":
                frame.key_text = ""
            else:
                frame.key_text += char
        elif char == "[":
            self.stack.append(_Frame(prefix=frame.prefix, key=frame.key, array=True))
        elif char == "{":
            self.stack.append(_Frame(prefix=frame.path(), inline=True))
        elif char == "," and frame.inline:
            frame.key_text, frame.key, frame.after_eq = "", (), False
        elif char in "}]" and len(self.stack) > 1:
            self.stack.pop()

    def result(self) -> Context | None:
        text = self.text
        index = self.start
        while index < self.offset:
            char = text[index]
            if char in "\r\n":
                self._newline()
            elif self.comment:
                pass
            elif self.quote is not None:
                if char == "\\" and self.quote == '"':
                    index += 1
                elif char == self.quote:
                    self.quote = None
            else:
                self._char(index, char)
            index += 1
        if self.comment:
            return None
        frame = self.stack[-1]
        if self.quote is not None:
            if not frame.after_eq and not frame.array:
                return None  # inside a quoted key
            partial = text[self.quote_start + 1 : self.offset]
            return Context(
                kind="value",
                path=frame.path(),
                partial=partial,
                start=self.quote_start + 1,
                quote=self.quote,
                in_array=frame.array,
            )
        partial = _trailing_word(text[self.start : self.offset])
        if frame.array or frame.after_eq:
            return Context(
                kind="value",
                path=frame.path(),
                partial=partial,
                start=self.offset - len(partial),
                in_array=frame.array,
            )
        typed = frame.key_text.lstrip()
        if " " in typed.strip() or "\t" in typed.strip():
            return None
        parts = _split_key(typed)
        last = typed.rsplit(".", 1)[-1]
        return Context(
            kind="key",
            path=frame.prefix + parts[:-1],
            partial=last,
            start=self.offset - len(last),
        )


# --- what the spec declares ---------------------------------------------------------------


def declared_names(snapshot: Snapshot, section: str) -> list[str]:
    """The names of ``[section.NAME]`` tables (``certs``, ``ciphers``, ``listeners``, ``env``):
    from the syntax tree, or, while the text does not parse, from its header lines."""
    document = snapshot.syntax
    names: dict[str, None] = {}
    if document is not None:
        for place in cursor.places(document):
            if isinstance(place, cursor.KeyAt):
                path = place.path if section == "env" else cursor.language_path(place.path)
                if len(path) == 2 and path[0] == section:
                    names.setdefault(path[1], None)
        return list(names)
    for line in snapshot.text.splitlines():
        stripped = line.strip()
        if stripped.startswith(f"[{section}."):
            header = _header(stripped)
            if header is not None and len(header) >= 2:
                names.setdefault(header[1], None)
    return list(names)


# --- items ----------------------------------------------------------------------------------


def _edit(snapshot: Snapshot, where: Context, offset: int, text: str) -> types.TextEdit:
    return types.TextEdit(range=lsp_range(snapshot.index, where.start, offset), new_text=text)


def _key_item(key: Key, snapshot: Snapshot, where: Context, offset: int) -> types.CompletionItem:
    table = key.kind in (Kind.TABLE, Kind.NAMED_TABLES)
    detail = key.kind.value + (" (required)" if key.required else "")
    documentation = key.doc + (f"\n\nFairCom setting: {key.faircom}" if key.faircom else "")
    insert = key.name + ("." if table and where.kind == "key" else "")
    if not table and where.kind == "key":
        insert += " = "
    return types.CompletionItem(
        label=key.name,
        kind=types.CompletionItemKind.Module if table else types.CompletionItemKind.Property,
        detail=detail,
        documentation=documentation,  # plain text: every client shows it
        text_edit=_edit(snapshot, where, offset, insert),
        sort_text=f"{0 if key.required else 1}{key.name}",
    )


def _name_item(
    name: str, detail: str, snapshot: Snapshot, where: Context, offset: int
) -> types.CompletionItem:
    return types.CompletionItem(
        label=name,
        kind=types.CompletionItemKind.Reference,
        detail=detail,
        text_edit=_edit(snapshot, where, offset, name),
    )


def _table_keys(path: cursor.Path, snapshot: Snapshot) -> tuple[list[Key], list[str], str]:
    """The keys and names valid in the table at ``path`` (as written, env prefix kept)."""
    language = cursor.language_path(path)
    if path[:1] == ("env",) and len(path) == 1:
        return [], declared_names(snapshot, "env"), "environment"
    if not language:
        keys = [key for key in LANGUAGE.children if not (path and key.name in ("fcsec", "env"))]
        return keys, [], ""
    found = cursor.schema_key(language)
    if found is None:
        return [], [], ""
    if found.key.kind is Kind.NAMED_TABLES and not found.name and len(language) == 1:
        section = language[0]
        return [], declared_names(snapshot, section), f"[{section}.NAME]"
    if found.name or found.key.kind is Kind.TABLE:
        return list(found.key.children), [], ""
    return [], [], ""


def _keys(snapshot: Snapshot, where: Context, offset: int) -> list[types.CompletionItem]:
    keys, names, detail = _table_keys(where.path, snapshot)
    if where.kind == "header":
        keys = [key for key in keys if key.kind in (Kind.TABLE, Kind.NAMED_TABLES)]
        language = cursor.language_path(where.path)
        if language[:1] in (("listeners",), ("certs",), ("ciphers",)) and len(language) == 1:
            names = declared_names(snapshot, language[0])
    items = [_key_item(key, snapshot, where, offset) for key in keys]
    items += [_name_item(name, detail, snapshot, where, offset) for name in names]
    return items


@functools.cache
def _suite_items() -> tuple[tuple[str, str, bool, str], ...]:
    """(name, detail, weak, sort key) of every suite name the registry knows."""
    from fcsec.ciphers.registry import all_suites
    from fcsec.lint.cipher_suites import suite_problems

    found: list[tuple[str, str, bool, str]] = []
    for suite in all_suites():
        problems = suite_problems(suite)
        weak = bool(problems)
        verdict = ", ".join(rule for rule, _ in problems) if weak else "no weakness"
        detail = f"{suite.tls_version.value} {suite.encryption}; fcsec check: {verdict}"
        for name in suite.names:
            found.append((name, detail, weak, f"{int(weak)}{name}"))
    return tuple(found)


def _values(snapshot: Snapshot, where: Context, offset: int) -> list[types.CompletionItem]:
    from fcsec.ciphers.policies import policy, policy_names
    from fcsec.ir.nodes import AuthMethod, Product, Protocol
    from fcsec.rules import RULES

    path = cursor.language_path(where.path)
    last = path[-1] if path else ""
    found = cursor.schema_key(path)
    kind = found.key.kind if found is not None and not found.name else None
    choices: list[tuple[str, str, types.CompletionItemKind]] = []
    weak: set[str] = set()
    sort: dict[str, str] = {}
    enum_kind = types.CompletionItemKind.EnumMember

    def strings(values: Iterable[str], detail: str, kind: types.CompletionItemKind) -> None:
        choices.extend((value, detail, kind) for value in values)

    if path[:2] == ("lint", "allow") and last == "rule":
        for rule in RULES.values():
            choices.append((rule.id, rule.title, types.CompletionItemKind.Constant))
    elif last == "protocol":
        strings((p.value for p in Protocol), "protocol", enum_kind)
    elif last == "product":
        strings((p.value for p in Product), "product", enum_kind)
    elif last == "authentication":
        strings((m.value for m in AuthMethod), "MQTT authentication", enum_kind)
    elif last in ("cert", "client_ca", "client_cert") and not where.in_array:
        strings(
            declared_names(snapshot, "certs"), "[certs.NAME]", types.CompletionItemKind.Reference
        )
    elif (last == "suites" and where.in_array) or (last == "ciphers" and where.in_array):
        for name, detail, is_weak, key in _suite_items():
            choices.append((name, detail, types.CompletionItemKind.Constant))
            sort[name] = key
            if is_weak:
                weak.add(name)
    elif last in ("ciphers", "profile") and not where.in_array:
        if last == "ciphers":
            strings(
                declared_names(snapshot, "ciphers"),
                "[ciphers.NAME]",
                types.CompletionItemKind.Reference,
            )
        for name in policy_names():
            found_policy = policy(name)
            title = found_policy.title if found_policy is not None else ""
            choices.append((name, f"built-in: {title}", enum_kind))
    elif kind is Kind.BOOLEAN or kind is Kind.BOOLEAN_OR_DEFAULT:
        if where.quote is None:
            choices += [("true", "boolean", enum_kind), ("false", "boolean", enum_kind)]
        if kind is Kind.BOOLEAN_OR_DEFAULT:
            choices.append(("faircom-default", "the server's own default", enum_kind))
    elif last == "fcsec" and len(path) == 1 and where.quote is None:
        choices.append(("1", "language version", enum_kind))
    following = snapshot.text[offset : offset + 1]
    items = []
    for value, detail, item_kind in choices:
        literal = value in ("true", "false", "1") and kind is not None and kind is not Kind.STRING
        if where.quote is not None:
            text = value if following == where.quote else value + where.quote
        else:
            text = value if literal else f'"{value}"'
        items.append(
            types.CompletionItem(
                label=value,
                kind=item_kind,
                detail=detail,
                text_edit=_edit(snapshot, where, offset, text),
                filter_text=value,
                sort_text=sort.get(value),
                tags=[types.CompletionItemTag.Deprecated] if value in weak else None,
            )
        )
    return items


def complete(snapshot: Snapshot, line: int, character: int) -> types.CompletionList:
    """What may be written at the position."""
    offset = snapshot.index.offset(line, character)
    where = context(snapshot.text, offset, snapshot.index.starts)
    items: list[types.CompletionItem] = []
    if where is not None:
        items = (
            _values(snapshot, where, offset)
            if where.kind == "value"
            else _keys(snapshot, where, offset)
        )
    return types.CompletionList(is_incomplete=False, items=items)
