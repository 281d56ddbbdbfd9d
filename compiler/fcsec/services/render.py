"""Render new services.json text in FairCom's own style, and detect the style of an existing file.

FairCom ships services.json indented with TABs, array elements of objects at the indentation of
their key (``\\t"listeners": [`` / ``\\t{``), nested objects opened on the key's line
(``"tls": {``), arrays written one element per line except ``authenticationMethods``, which the
vendor writes on one line (``[ "none", "password", "clientCertificate" ]``), LF line endings and a
final newline (faircom-formats.md §1.8). New text in an existing file follows that file's
indentation unit and dominant line ending instead (``detect_style``).

Strings are rendered with ``json.dumps(ensure_ascii=False)``: nobody escapes a Windows path by hand.
This module only produces text for values fcsec writes; it never reads or edits existing JSON.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Final

from fcsec.record import Record
from fcsec.services.plan import JsonObject, JsonValue
from fcsec.source import dominant_line_ending

# Arrays the vendor writes on one line; every other array gets one element per line.
ONE_LINE_ARRAYS: frozenset[str] = frozenset({"authenticationMethods"})

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Style(Record):
    """One level of indentation and the line ending new text uses."""

    __slots__ = ("indent", "newline")
    _compared = ("indent", "newline")

    def __init__(self, *, indent: str = "\t", newline: str = "\n") -> None:
        self.indent: Final = indent
        self.newline: Final = newline


VENDOR_STYLE = Style()


def detect_style(text: str) -> Style:
    """The indentation unit (a TAB or N spaces) and dominant line ending of existing text.

    Falls back to the vendor's TAB and LF for what the text does not show; a tie of line
    endings goes to the one that comes first (``fcsec.source.dominant_line_ending``).
    """
    newline = dominant_line_ending(text)
    tab_lines = 0
    space_lines = 0
    steps: Counter[int] = Counter()
    previous = 0
    for line in _LINE_BREAK.split(text):
        content = line.lstrip(" \t")
        if not content:
            continue  # blank lines and lines holding only whitespace say nothing
        leading = line[: len(line) - len(content)]
        if leading.startswith("\t"):
            tab_lines += 1
        elif leading.startswith(" "):
            space_lines += 1
            width = len(leading) - len(leading.lstrip(" "))
            if width > previous:
                steps[width - previous] += 1
            previous = width
            continue
        previous = 0
    if space_lines > tab_lines and steps:
        most = max(steps.values())
        unit = min(step for step, count in steps.items() if count == most)
        return Style(indent=" " * unit, newline=newline)
    return Style(indent="\t", newline=newline)


def render_scalar(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def render_value(
    value: JsonValue,
    *,
    indent: str,
    style: Style,
    inline: bool = False,
    one_line: bool = False,
) -> str:
    """The text of a value whose first line sits after a key on a line indented by ``indent``.

    ``inline`` writes the whole value on one line (for files that keep an object on one line);
    ``one_line`` writes an array on one line, the vendor's style for ``authenticationMethods``.
    """
    if isinstance(value, tuple):
        return _render_array(value, indent=indent, style=style, inline=inline or one_line)
    if isinstance(value, JsonObject):
        return _render_object(value, indent=indent, style=style, inline=inline)
    return render_scalar(value)


def render_member(
    key: str,
    value: JsonValue,
    *,
    indent: str,
    style: Style,
    inline: bool = False,
    colon: str = ": ",
) -> str:
    """``"key": value`` for a member on a line indented by ``indent``."""
    rendered = render_value(
        value, indent=indent, style=style, inline=inline, one_line=key in ONE_LINE_ARRAYS
    )
    return f"{render_scalar(key)}{colon}{rendered}"


def render_document(members: JsonObject, style: Style = VENDOR_STYLE) -> str:
    """A new services.json: one top-level object, a blank line between sections, final newline."""
    newline = style.newline
    rendered = [
        style.indent + render_member(key, value, indent=style.indent, style=style)
        for key, value in members.members
    ]
    body = ("," + newline * 2).join(rendered)
    return "{" + newline + body + (newline if rendered else "") + "}" + newline


def _render_array(items: tuple[JsonValue, ...], *, indent: str, style: Style, inline: bool) -> str:
    if not items:
        return "[]"
    if inline:
        inner = ", ".join(
            render_value(item, indent=indent, style=style, inline=True) for item in items
        )
        return f"[ {inner} ]"
    lines = []
    for item in items:
        # The vendor writes an object element at its key's indentation (`\t{`), a scalar deeper.
        at = indent if isinstance(item, JsonObject) else indent + style.indent
        lines.append(at + render_value(item, indent=at, style=style))
    newline = style.newline
    return "[" + newline + ("," + newline).join(lines) + newline + indent + "]"


def _render_object(value: JsonObject, *, indent: str, style: Style, inline: bool) -> str:
    if not value.members:
        return "{}"
    if inline:
        inner = ", ".join(
            render_member(key, item, indent=indent, style=style, inline=True)
            for key, item in value.members
        )
        return f"{{ {inner} }}"
    inner_indent = indent + style.indent
    newline = style.newline
    lines = [
        inner_indent + render_member(key, item, indent=inner_indent, style=style)
        for key, item in value.members
    ]
    return "{" + newline + ("," + newline).join(lines) + newline + indent + "}"
