"""Decode TOML basic strings (the escapes the grammar admits) into their values.

The grammar has already checked the escape syntax; this module only checks what a regular
expression cannot: that a \\u or \\U escape names a Unicode scalar value.
"""

from __future__ import annotations

_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class BadEscape(ValueError):
    """A \\u or \\U escape that is not a Unicode scalar value; ``offset`` is in the token."""

    def __init__(self, offset: int, escape: str) -> None:
        super().__init__(escape)
        self.offset = offset
        self.escape = escape


def decode_basic_string(token: str) -> str:
    """Return the value of a ``"..."`` token; raise BadEscape for a non-scalar code point."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    out: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        kind = body[index + 1]
        if kind in _SIMPLE:
            out.append(_SIMPLE[kind])
            index += 2
            continue
        width = 4 if kind == "u" else 8
        digits = body[index + 2 : index + 2 + width]
        code = int(digits, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise BadEscape(index + 1, "\\" + kind + digits)
        out.append(chr(code))
        index += 2 + width
    return "".join(out)
