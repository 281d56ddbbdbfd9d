"""A lossless JSON scanner: every value and member of services.json with its character span.

``scan`` reads RFC 8259 JSON and returns a tree of frozen nodes that remember where each value,
member name and member starts and ends in the text. The editor uses those spans to rewrite only
the parts fcsec manages and to copy every other byte as it stands. The scanner runs in linear time
with an explicit stack, so a deeply nested file cannot overflow Python's stack. Whatever is not
JSON (a trailing comma, a comment, single quotes, NaN, a truncated file) becomes one FCS301
diagnostic that points at the exact line and column, with a hint (``fcsec.services.scan_errors``
words it).

It must never change, normalise or re-serialise text, and it knows nothing about FairCom.
"""

from __future__ import annotations

import json
import re
from typing import Final

from fcsec.record import Record
from fcsec.services.scan_errors import ScanErrors
from fcsec.source import SourceFile

Scalar = str | int | float | bool | None

_WHITESPACE = re.compile(r"[ \t\n\r]*+")
# Possessive quantifiers: a failed match gives up at once instead of backtracking.
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*+"')
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?+(?:[eE][+-]?+[0-9]++)?+")
_NUMBER_LIKE = re.compile(r"[-+0-9A-Za-z.]*+")
_WORD = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*+")
_LITERALS: dict[str, Scalar] = {"true": True, "false": False, "null": None}
_BOM = "\ufeff"


class ScalarNode(Record):
    """A string, number, ``true``, ``false`` or ``null``, decoded, with its span."""

    __slots__ = ("end", "start", "value")
    _compared = ("start", "end", "value")

    def __init__(self, *, start: int, end: int, value: Scalar) -> None:
        self.start: Final = start
        self.end: Final = end
        self.value: Final = value


class MemberNode(Record):
    """One ``"key": value`` member; it spans from the key's opening quote to the value's end."""

    __slots__ = ("key", "key_end", "key_start", "value")
    _compared = ("key", "key_start", "key_end", "value")

    def __init__(self, *, key: str, key_start: int, key_end: int, value: Node) -> None:
        self.key: Final = key
        self.key_start: Final = key_start
        self.key_end: Final = key_end
        self.value: Final = value

    @property
    def start(self) -> int:
        return self.key_start

    @property
    def end(self) -> int:
        return self.value.end


class ObjectNode(Record):
    """An object from its ``{`` to its ``}``; members in file order, duplicate keys included."""

    __slots__ = ("end", "members", "start")
    _compared = ("start", "end", "members")

    def __init__(self, *, start: int, end: int, members: tuple[MemberNode, ...]) -> None:
        self.start: Final = start
        self.end: Final = end
        self.members: Final = members

    def members_named(self, key: str) -> tuple[MemberNode, ...]:
        return tuple(member for member in self.members if member.key == key)


class ArrayNode(Record):
    """An array from its ``[`` to its ``]``."""

    __slots__ = ("end", "items", "start")
    _compared = ("start", "end", "items")

    def __init__(self, *, start: int, end: int, items: tuple[Node, ...]) -> None:
        self.start: Final = start
        self.end: Final = end
        self.items: Final = items


Node = ScalarNode | ObjectNode | ArrayNode


def kind_of(node: Node) -> str:
    """The JSON type of a node with its article, for messages (``an array``, ``a string``)."""
    if isinstance(node, ObjectNode):
        return "an object"
    if isinstance(node, ArrayNode):
        return "an array"
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "a string"


def scan(source: SourceFile) -> Node:
    """Scan the text as one JSON value; raise ``DiagnosticError`` (FCS301) if it is not JSON."""
    return _Scanner(source).run()


def to_python(node: Node) -> object:
    """The plain Python value of a node, as ``json.loads`` builds it (the last duplicate key wins).

    Iterative like the scanner, so a deeply nested document cannot overflow the stack.
    """
    holder: list[object] = [None]
    pending: list[tuple[Node, list[object] | dict[str, object], int | str]] = [(node, holder, 0)]
    while pending:
        current, parent, slot = pending.pop()
        built: object
        if isinstance(current, ScalarNode):
            built = current.value
        elif isinstance(current, ObjectNode):
            mapping: dict[str, object] = {}
            for member in current.members:
                mapping[member.key] = None
            # Pushed in reverse so members are filled in file order and the last duplicate wins.
            pending.extend((m.value, mapping, m.key) for m in reversed(current.members))
            built = mapping
        else:
            items: list[object] = [None] * len(current.items)
            pending.extend((item, items, i) for i, item in enumerate(current.items))
            built = items
        if isinstance(parent, dict):
            assert isinstance(slot, str)
            parent[slot] = built
        else:
            assert isinstance(slot, int)
            parent[slot] = built
    return holder[0]


class Frame(Record):
    """An object or array whose closing bracket has not been read yet."""

    __slots__ = (
        "children",
        "comma",
        "is_object",
        "key",
        "key_end",
        "key_start",
        "members",
        "start",
    )
    _compared = (
        "start",
        "is_object",
        "children",
        "members",
        "key",
        "key_start",
        "key_end",
        "comma",
    )

    def __init__(
        self,
        start: int,
        is_object: bool,
        children: list[Node] | None = None,
        members: list[MemberNode] | None = None,
        key: str = "",
        key_start: int = 0,
        key_end: int = 0,
        comma: int = -1,
    ) -> None:
        self.start: int = start
        self.is_object: bool = is_object
        self.children: list[Node] = [] if children is None else children
        self.members: list[MemberNode] = [] if members is None else members
        self.key: str = key
        self.key_start: int = key_start
        self.key_end: int = key_end
        self.comma: int = comma


# What the scanner expects next.
_VALUE = 0  # a value: the document itself, or after `:`
_ARRAY_FIRST = 1  # after `[`: a value or `]`
_ARRAY_NEXT = 2  # after `,` in an array: a value
_OBJECT_FIRST = 3  # after `{`: a member name or `}`
_OBJECT_NEXT = 4  # after `,` in an object: a member name
_AFTER = 5  # after a complete value inside an object or array: `,` or the closing bracket


class _Scanner:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = source.text
        self.length = len(source.text)
        self.errors = ScanErrors(source)

    # --- tokens ---------------------------------------------------------------------------------

    def _skip(self, pos: int) -> int:
        match = _WHITESPACE.match(self.text, pos)
        return match.end() if match is not None else pos

    def _string(self, pos: int) -> tuple[str, int]:
        match = _STRING.match(self.text, pos)
        if match is None:
            raise self.errors.bad_string(pos)
        raw = match.group()
        value: str = json.loads(raw) if "\\" in raw else raw[1:-1]
        return value, match.end()

    def _scalar(self, pos: int, stack: list[Frame]) -> ScalarNode:
        text = self.text
        char = text[pos] if pos < self.length else ""
        if char == '"':
            value, end = self._string(pos)
            return ScalarNode(start=pos, end=end, value=value)
        if char and char in "-0123456789":
            match = _NUMBER.match(text, pos)
            extent = _NUMBER_LIKE.match(text, pos)
            if match is None or extent is None or extent.end() != match.end():
                raise self.errors.bad_value(pos, stack)
            raw = match.group()
            number: int | float
            if any(c in raw for c in ".eE"):
                number = float(raw)
            else:
                try:
                    number = int(raw)
                except ValueError:  # more digits than Python converts by default
                    number = float(raw)
            return ScalarNode(start=pos, end=match.end(), value=number)
        word = _WORD.match(text, pos)
        if word is not None and word.group() in _LITERALS:
            return ScalarNode(start=pos, end=word.end(), value=_LITERALS[word.group()])
        raise self.errors.bad_value(pos, stack)

    # --- the state machine ----------------------------------------------------------------------

    def run(self) -> Node:
        text = self.text
        length = self.length
        start = 1 if text.startswith(_BOM) else 0  # RFC 8259 §8.1: a parser may ignore a BOM
        pos = self._skip(start)
        if pos >= length:
            raise self.errors.no_value(pos)
        stack: list[Frame] = []
        state = _VALUE
        while True:
            pos = self._skip(pos)
            completed: Node | None = None
            if state in (_VALUE, _ARRAY_FIRST, _ARRAY_NEXT):
                char = text[pos] if pos < length else ""
                if char == "]" and state == _ARRAY_FIRST:
                    completed = self._close(stack, pos)
                elif char == "]" and state == _ARRAY_NEXT:
                    raise self.errors.trailing_comma(stack[-1], "]")
                elif char == "{":
                    stack.append(Frame(start=pos, is_object=True))
                    state = _OBJECT_FIRST
                    pos += 1
                    continue
                elif char == "[":
                    stack.append(Frame(start=pos, is_object=False))
                    state = _ARRAY_FIRST
                    pos += 1
                    continue
                else:
                    completed = self._scalar(pos, stack)
            elif state in (_OBJECT_FIRST, _OBJECT_NEXT):
                frame = stack[-1]
                char = text[pos] if pos < length else ""
                if char == "}" and state == _OBJECT_FIRST:
                    completed = self._close(stack, pos)
                elif char == "}":
                    raise self.errors.trailing_comma(frame, "}")
                elif char == '"':
                    frame.key, frame.key_end = self._string(pos)
                    frame.key_start = pos
                    colon = self._skip(frame.key_end)
                    if colon >= length:
                        raise self.errors.unexpected_end(stack)
                    if text[colon] != ":":
                        raise self.errors.missing_colon(colon)
                    state = _VALUE
                    pos = colon + 1
                    continue
                elif pos >= length:
                    raise self.errors.unexpected_end(stack)
                else:
                    raise self.errors.bad_member_name(pos)
            else:  # _AFTER
                frame = stack[-1]
                closer = "}" if frame.is_object else "]"
                char = text[pos] if pos < length else ""
                if char == ",":
                    frame.comma = pos
                    state = _OBJECT_NEXT if frame.is_object else _ARRAY_NEXT
                    pos += 1
                    continue
                if char == closer:
                    completed = self._close(stack, pos)
                else:
                    raise self.errors.bad_separator(frame, pos)
            # A value is complete: attach it to its parent, or finish the document.
            assert completed is not None
            if not stack:
                rest = self._skip(completed.end)
                if rest < length:
                    raise self.errors.after_document(rest)
                return completed
            parent = stack[-1]
            if parent.is_object:
                parent.members.append(
                    MemberNode(
                        key=parent.key,
                        key_start=parent.key_start,
                        key_end=parent.key_end,
                        value=completed,
                    )
                )
            else:
                parent.children.append(completed)
            state = _AFTER
            pos = completed.end

    def _close(self, stack: list[Frame], pos: int) -> Node:
        frame = stack.pop()
        if frame.is_object:
            return ObjectNode(start=frame.start, end=pos + 1, members=tuple(frame.members))
        return ArrayNode(start=frame.start, end=pos + 1, items=tuple(frame.children))
