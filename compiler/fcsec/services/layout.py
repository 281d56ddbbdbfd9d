"""The text of a services.json container rebuilt from its original pieces and new children.

The editor (``fcsec.services.edit``) decides what each child of an object or array becomes: a
``Keep`` copies an existing child (or replaces its value's text), an ``Add`` is a new child. A
``Layout`` writes the container: every kept child brings the whitespace before it and before its
comma, so an unchanged child is copied, never re-serialised, and an unchanged container comes back
byte-identical; a new child copies the indentation of its neighbour and the file's style.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from fcsec.record import Record
from fcsec.services.plan import JsonValue
from fcsec.services.render import Style, render_member, render_value
from fcsec.services.scan import ArrayNode, MemberNode, Node, ObjectNode

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What may precede an empty container on its line for new children to go on lines of their own:
# indentation and, for a member's value, the member's name.
_OWNER_OPENS_LINE = re.compile(r'[ \t]*+(?:"(?:[^"\\]|\\.)*+"[ \t]*+:[ \t]*+)?+')


class Keep(Record):
    """An existing child, copied; ``text`` replaces a member's value or an element when given."""

    __slots__ = ("index", "text")
    _compared = ("index", "text")

    def __init__(self, *, index: int, text: str | None = None) -> None:
        self.index: Final = index
        self.text: Final = text


class Add(Record):
    """A new child: a member when ``key`` is set, an array element otherwise."""

    __slots__ = ("key", "value")
    _compared = ("key", "value")

    def __init__(self, *, key: str | None, value: JsonValue) -> None:
        self.key: Final = key
        self.value: Final = value


Slot = Keep | Add


class Layout:
    """Lines and containers of one text, written in one style."""

    def __init__(self, text: str, style: Style) -> None:
        self.text = text
        self.style = style

    def line_start(self, pos: int) -> int:
        return max(self.text.rfind("\n", 0, pos), self.text.rfind("\r", 0, pos)) + 1

    def line_indent(self, pos: int) -> str:
        """The spaces and TABs that open the line holding ``pos``."""
        start = self.line_start(pos)
        line = self.text[start:pos]
        return line[: len(line) - len(line.lstrip(" \t"))]

    def starts_line(self, pos: int) -> bool:
        return self.text[self.line_start(pos) : pos].strip(" \t") == ""

    def _new_lead(self, model: str, *, at_end: bool) -> tuple[str, str, bool]:
        """Whitespace before a new child, its indentation, and whether it stays on one line.

        ``model`` is the whitespace before a neighbouring child; the new child takes its
        indentation. A child appended after the last one also copies a blank line before it (the
        vendor separates top-level sections that way); elsewhere it gets a plain line break.
        """
        breaks = len(_LINE_BREAK.findall(model))
        if breaks == 0:
            return model, "", True
        indent = _LINE_BREAK.split(model)[-1]
        count = min(breaks, 2) if at_end else 1
        return self.style.newline * count + indent, indent, False

    def rebuild(self, node: ObjectNode | ArrayNode, slots: Sequence[Slot]) -> str:
        """The text of ``node`` with its children laid out as ``slots`` say.

        Children that are not in ``slots`` are dropped with their comma. Kept children bring the
        whitespace before them and before their comma, so an unchanged container comes back
        byte-identical.
        """
        text = self.text
        is_object = isinstance(node, ObjectNode)
        children: Sequence[MemberNode | Node]
        children = node.members if isinstance(node, ObjectNode) else node.items
        open_char, close_char = ("{", "}") if is_object else ("[", "]")
        if all(isinstance(slot, Keep) and slot.text is None for slot in slots) and [
            slot.index for slot in slots if isinstance(slot, Keep)
        ] == list(range(len(children))):
            return text[node.start : node.end]

        if not children:
            adds = [slot for slot in slots if isinstance(slot, Add)]
            if not adds:
                return text[node.start : node.end]
            if not _OWNER_OPENS_LINE.fullmatch(text, self.line_start(node.start), node.start):
                # `{ "a": 1, "tls": {} }`: the new members stay on the line too.
                members = ", ".join(self._render_add(add, "", True, ": ") for add in adds)
                return f"{open_char} {members} {close_char}"
            outer = self.line_indent(node.start)
            # The vendor writes an object element at its key's indentation (`\t{`).
            inner = outer + self.style.indent if is_object else outer
            lead = self.style.newline + inner
            parts = [lead + self._render_add(add, inner, False, ": ") for add in adds]
            return open_char + ",".join(parts) + self.style.newline + outer + close_char

        leads: list[str] = []
        tails: list[str] = []
        after = node.start + 1
        for index, child in enumerate(children):
            leads.append(text[after : child.start])
            if index + 1 < len(children):
                comma = text.index(",", child.end)
                tails.append(text[child.end : comma])
                after = comma + 1
            else:
                tails.append("")
        trail = text[children[-1].end : node.end - 1]
        colon = ": "
        if isinstance(node, ObjectNode):
            between = text[node.members[0].key_end : node.members[0].value.start]
            if not _LINE_BREAK.search(between):
                colon = between

        out = [open_char]
        for position, slot in enumerate(slots):
            if isinstance(slot, Keep):
                child = children[slot.index]
                out.append(leads[slot.index])
                if slot.text is None:
                    out.append(text[child.start : child.end])
                elif isinstance(child, MemberNode):
                    out.append(text[child.start : child.value.start] + slot.text)
                else:
                    out.append(slot.text)
                tail = tails[slot.index]
            else:
                at_end = not any(isinstance(later, Keep) for later in slots[position:])
                model = leads[self._neighbour(slots, position)]
                lead, indent, inline = self._new_lead(model, at_end=at_end)
                out.append(lead + self._render_add(slot, indent, inline, colon))
                tail = ""
            if position + 1 < len(slots):
                out.append(tail + ",")
        out.append(trail + close_char)
        return "".join(out)

    @staticmethod
    def _neighbour(slots: Sequence[Slot], position: int) -> int:
        """The existing child whose leading whitespace a new child at ``position`` copies."""
        for slot in reversed(slots[:position]):
            if isinstance(slot, Keep):
                return slot.index
        for slot in slots[position + 1 :]:
            if isinstance(slot, Keep):
                return slot.index
        return 0

    def _render_add(self, slot: Add, indent: str, inline: bool, colon: str) -> str:
        if slot.key is None:
            return render_value(slot.value, indent=indent, style=self.style, inline=inline)
        return render_member(
            slot.key, slot.value, indent=indent, style=self.style, inline=inline, colon=colon
        )
