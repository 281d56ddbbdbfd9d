"""A lossless JSON scanner: every value and member of services.json with its character span.

``scan`` reads RFC 8259 JSON and returns a tree of frozen nodes that remember where each value,
member name and member starts and ends in the text. The editor uses those spans to rewrite only
the parts fcsec manages and to copy every other byte as it stands. The scanner runs in linear time
with an explicit stack, so a deeply nested file cannot overflow Python's stack. Whatever is not
JSON (a trailing comma, a comment, single quotes, NaN, a truncated file) becomes one FCS301
diagnostic that points at the exact line and column, with a hint.

It must never change, normalise or re-serialise text, and it knows nothing about FairCom.
"""

from __future__ import annotations

import json
import re

import attrs

from fcsec.diagnostics import DiagnosticError, Related, diagnostic
from fcsec.rule_ids import SERVICES_NOT_JSON
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


@attrs.frozen(kw_only=True)
class ScalarNode:
    """A string, number, ``true``, ``false`` or ``null``, decoded, with its span."""

    start: int
    end: int
    value: Scalar


@attrs.frozen(kw_only=True)
class MemberNode:
    """One ``"key": value`` member; it spans from the key's opening quote to the value's end."""

    key: str
    key_start: int
    key_end: int
    value: Node

    @property
    def start(self) -> int:
        return self.key_start

    @property
    def end(self) -> int:
        return self.value.end


@attrs.frozen(kw_only=True)
class ObjectNode:
    """An object from its ``{`` to its ``}``; members in file order, duplicate keys included."""

    start: int
    end: int
    members: tuple[MemberNode, ...]

    def members_named(self, key: str) -> tuple[MemberNode, ...]:
        return tuple(member for member in self.members if member.key == key)


@attrs.frozen(kw_only=True)
class ArrayNode:
    """An array from its ``[`` to its ``]``."""

    start: int
    end: int
    items: tuple[Node, ...]


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


@attrs.define
class _Frame:
    """An object or array whose closing bracket has not been read yet."""

    start: int
    is_object: bool
    children: list[Node] = attrs.Factory(list)
    members: list[MemberNode] = attrs.Factory(list)
    key: str = ""
    key_start: int = 0
    key_end: int = 0
    comma: int = -1


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

    # --- errors ---------------------------------------------------------------------------------

    def _fail(
        self,
        message: str,
        start: int,
        end: int | None = None,
        *,
        hint: str | None = None,
        label: str = "",
        related: tuple[tuple[int, str], ...] = (),
    ) -> DiagnosticError:
        span = self.source.span(start, start if end is None else end)
        notes = tuple(
            Related(span=self.source.span(at, at + 1), message=note) for at, note in related
        )
        return DiagnosticError(
            [diagnostic(SERVICES_NOT_JSON, message, span, hint=hint, label=label, related=notes)]
        )

    def _found(self, pos: int) -> str:
        if pos >= self.length:
            return "the end of the file"
        char = self.text[pos]
        if char == '"':
            return "a string"
        word = _WORD.match(self.text, pos)
        if word is not None:
            return f"`{word.group()}`"
        if char.isprintable() and not char.isspace():
            return f"`{char}`"
        return f"the character U+{ord(char):04X}"

    def _opened_at(self, frame: _Frame) -> tuple[tuple[int, str], ...]:
        kind = "object" if frame.is_object else "array"
        line, column = self.source.line_col(frame.start)
        return ((frame.start, f"the {kind} opened at line {line}, column {column}"),)

    def _unexpected_end(self, stack: list[_Frame]) -> DiagnosticError:
        if not stack:
            return self._fail(
                "the file ends where a JSON value should start",
                self.length,
                hint="the file looks cut short; restore it from a backup or finish the value",
            )
        frame = stack[-1]
        kind = "object" if frame.is_object else "array"
        closer = "}" if frame.is_object else "]"
        line, _ = self.source.line_col(frame.start)
        return self._fail(
            f"the file ends before the {kind} opened at line {line} is closed",
            self.length,
            hint=f"the file looks cut short; restore it from a backup or close the {kind} "
            f"with `{closer}`",
            related=self._opened_at(frame),
        )

    def _bad_value(self, pos: int, stack: list[_Frame]) -> DiagnosticError:
        if pos >= self.length:
            return self._unexpected_end(stack)
        char = self.text[pos]
        if char == "'":
            return self._fail(
                "JSON strings need double quotes, found `'`",
                pos,
                pos + 1,
                hint='write the text between double quotes: "like this"',
            )
        if char == "/":
            return self._fail(
                "JSON has no comments",
                pos,
                pos + 1,
                hint="remove the comment (FairCom does not read comments in services.json)",
            )
        if char in "-0123456789":
            extent = _NUMBER_LIKE.match(self.text, pos)
            end = extent.end() if extent is not None else pos + 1
            return self._fail(
                f"`{self.text[pos:end]}` is not a valid JSON number",
                pos,
                end,
                hint="write a plain decimal number such as 8443 (no leading zeros, no `+`, "
                "digits after a `.`)",
            )
        word = _WORD.match(self.text, pos)
        if word is not None:
            spelled = word.group()
            hints = {
                "True": "JSON spells it `true`",
                "False": "JSON spells it `false`",
                "None": "JSON spells it `null`",
                "NaN": "JSON has no NaN or Infinity; use a number or a string",
                "Infinity": "JSON has no NaN or Infinity; use a number or a string",
            }
            return self._fail(
                f"`{spelled}` is not a JSON value",
                pos,
                word.end(),
                hint=hints.get(spelled, 'put text between double quotes: "like this"'),
            )
        if char in "}]," and stack:
            return self._fail(
                f"expected a value, found `{char}`",
                pos,
                pos + 1,
                hint="write the missing value, or remove the extra comma or colon",
            )
        return self._fail(
            f"expected a JSON value, found {self._found(pos)}",
            pos,
            pos + 1,
            hint='a value is a "string", a number, true, false, null, an object or an array',
        )

    def _bad_string(self, pos: int) -> DiagnosticError:
        """Explain why the string starting at ``pos`` is not a JSON string."""
        text = self.text
        opener = ((pos, "the string starts here"),)
        index = pos + 1
        while index < self.length:
            char = text[index]
            if char == "\\":
                escaped = text[index + 1 : index + 2]
                if escaped and escaped in '"\\/bfnrt':
                    index += 2
                    continue
                if escaped == "u":
                    digits = re.match(r"[0-9a-fA-F]{0,4}", text[index + 2 : index + 6])
                    count = len(digits.group()) if digits is not None else 0
                    if count == 4:
                        index += 6
                        continue
                    return self._fail(
                        "`\\u` needs four hexadecimal digits",
                        index,
                        index + 2 + count,
                        hint="write it as \\u followed by four hex digits, e.g. \\u00e9",
                    )
                return self._fail(
                    f"invalid escape `\\{escaped}` in a string",
                    index,
                    index + 1 + len(escaped),
                    hint="write a backslash as two backslashes, e.g. "
                    '"C:\\\\faircom\\\\server\\\\cert.pem"',
                )
            if char in "\n\r":
                return self._fail(
                    "the string is not closed before the end of the line",
                    index,
                    index,
                    label='expected `"` here',
                    hint='add the missing `"` (a JSON string cannot span lines)',
                    related=opener,
                )
            if ord(char) < 0x20:
                name = "a tab" if char == "\t" else f"the control character U+{ord(char):04X}"
                written = "\\t" if char == "\t" else f"\\u{ord(char):04x}"
                return self._fail(
                    f"{name} inside a string must be escaped",
                    index,
                    index + 1,
                    hint=f"write it as `{written}`",
                )
            if char == '"':  # pragma: no cover - the regular expression would have matched
                break
            index += 1
        return self._fail(
            "the file ends inside a string",
            self.length,
            hint='the file looks cut short, or a closing `"` is missing',
            related=opener,
        )

    # --- tokens ---------------------------------------------------------------------------------

    def _skip(self, pos: int) -> int:
        match = _WHITESPACE.match(self.text, pos)
        return match.end() if match is not None else pos

    def _string(self, pos: int) -> tuple[str, int]:
        match = _STRING.match(self.text, pos)
        if match is None:
            raise self._bad_string(pos)
        raw = match.group()
        value: str = json.loads(raw) if "\\" in raw else raw[1:-1]
        return value, match.end()

    def _scalar(self, pos: int, stack: list[_Frame]) -> ScalarNode:
        text = self.text
        char = text[pos] if pos < self.length else ""
        if char == '"':
            value, end = self._string(pos)
            return ScalarNode(start=pos, end=end, value=value)
        if char and char in "-0123456789":
            match = _NUMBER.match(text, pos)
            extent = _NUMBER_LIKE.match(text, pos)
            if match is None or extent is None or extent.end() != match.end():
                raise self._bad_value(pos, stack)
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
        raise self._bad_value(pos, stack)

    # --- the state machine ----------------------------------------------------------------------

    def run(self) -> Node:
        text = self.text
        length = self.length
        start = 1 if text.startswith(_BOM) else 0  # RFC 8259 §8.1: a parser may ignore a BOM
        pos = self._skip(start)
        if pos >= length:
            raise self._fail(
                "the file holds no JSON value",
                pos,
                hint="services.json must hold one JSON object: `{ ... }`",
            )
        stack: list[_Frame] = []
        state = _VALUE
        while True:
            pos = self._skip(pos)
            completed: Node | None = None
            if state in (_VALUE, _ARRAY_FIRST, _ARRAY_NEXT):
                char = text[pos] if pos < length else ""
                if char == "]" and state == _ARRAY_FIRST:
                    completed = self._close(stack, pos)
                elif char == "]" and state == _ARRAY_NEXT:
                    raise self._trailing_comma(stack[-1], "]")
                elif char == "{":
                    stack.append(_Frame(start=pos, is_object=True))
                    state = _OBJECT_FIRST
                    pos += 1
                    continue
                elif char == "[":
                    stack.append(_Frame(start=pos, is_object=False))
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
                    raise self._trailing_comma(frame, "}")
                elif char == '"':
                    frame.key, frame.key_end = self._string(pos)
                    frame.key_start = pos
                    colon = self._skip(frame.key_end)
                    if colon >= length:
                        raise self._unexpected_end(stack)
                    if text[colon] != ":":
                        raise self._fail(
                            f"expected `:` after the member name, found {self._found(colon)}",
                            colon,
                            colon + 1,
                            hint='write members as "name": value',
                        )
                    state = _VALUE
                    pos = colon + 1
                    continue
                elif pos >= length:
                    raise self._unexpected_end(stack)
                else:
                    hint = 'put the member name between double quotes: "name": value'
                    if char == "/":
                        hint = "remove the comment (JSON has no comments)"
                    raise self._fail(
                        f"expected a member name in double quotes, found {self._found(pos)}",
                        pos,
                        pos + 1,
                        hint=hint,
                    )
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
                    raise self._bad_separator(frame, pos)
            # A value is complete: attach it to its parent, or finish the document.
            assert completed is not None
            if not stack:
                rest = self._skip(completed.end)
                if rest < length:
                    raise self._fail(
                        f"unexpected {self._found(rest)} after the end of the JSON document",
                        rest,
                        rest + 1,
                        hint="services.json holds exactly one object; remove what follows "
                        "its closing `}`",
                    )
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

    def _close(self, stack: list[_Frame], pos: int) -> Node:
        frame = stack.pop()
        if frame.is_object:
            return ObjectNode(start=frame.start, end=pos + 1, members=tuple(frame.members))
        return ArrayNode(start=frame.start, end=pos + 1, items=tuple(frame.children))

    def _trailing_comma(self, frame: _Frame, closer: str) -> DiagnosticError:
        return self._fail(
            f"trailing comma before `{closer}`",
            frame.comma,
            frame.comma + 1,
            hint="remove this comma: JSON allows no comma after the last "
            + ("member" if frame.is_object else "element"),
        )

    def _bad_separator(self, frame: _Frame, pos: int) -> DiagnosticError:
        closer = "}" if frame.is_object else "]"
        where = "member" if frame.is_object else "element"
        if pos >= self.length:
            return self._unexpected_end([frame])
        char = self.text[pos]
        starts_next = char == '"' if frame.is_object else char in '"{[-0123456789tfn'
        if starts_next:
            last = frame.members[-1].end if frame.is_object else frame.children[-1].end
            line, column = self.source.line_col(pos)
            return self._fail(
                f"missing `,` after this {where}",
                last,
                last,
                label="expected `,` here",
                hint=f"add a comma between the {where}s",
                related=((pos, f"the next {where} starts at line {line}, column {column}"),),
            )
        return self._fail(
            f"expected `,` or `{closer}` after the {where}, found {self._found(pos)}",
            pos,
            pos + 1,
            hint=f"add a comma before the next {where}, or close the "
            + ("object" if frame.is_object else "array")
            + f" with `{closer}`",
            related=self._opened_at(frame),
        )
