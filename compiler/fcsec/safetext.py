"""Untrusted text made safe for a terminal or a CI log: the one escaping function of fcsec.

Spec strings, keys, file names, rule names and what a probed server sends can hold control
characters. Printed raw, an escape sequence clears the screen, sets the window title or hides a
line of a CI log; a lone carriage return overwrites what was printed before it. Every renderer
passes such text through ``escape`` before it writes it, so a control character is shown as
its Python escape (``\\x1b``, ``\\r``, ``\\u202e``) and never acts. JSON output goes through
``escape_json`` instead, which writes the same characters as JSON escapes (``\\u001b``).

This module never decides *what* is untrusted: renderers call it on every piece of text that
came from outside fcsec (names, values, paths, messages that quote them).
"""

from __future__ import annotations

import re

__all__ = ["escape", "escape_json", "escape_multiline", "plain"]

# C0 controls (tab and line feed kept by ``escape_multiline`` only), DEL, C1 controls (U+009B is
# CSI on terminals that read them in UTF-8), the Unicode format characters that reorder or hide
# text (bidi overrides and isolates, zero-width marks, line and paragraph separators, tag
# characters), and lone surrogates (bytes that were not UTF-8, or a JSON "\ud800"): printed, they
# would fail to encode.
_HIDDEN = "\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff"
_TAGS = "|[\U000e0000-\U000e007f]"
# Patterns, compiled by ``re`` on first use (its cache keeps them): most runs print only
# printable ASCII, which ``plain`` passes without them.
_UNSAFE = f"[\x00-\x1f\x7f-\x9f{_HIDDEN}]{_TAGS}"
_UNSAFE_IN_BLOCK = f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_HIDDEN}]{_TAGS}"
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def plain(text: str) -> bool:
    """Whether ``text`` is printable ASCII only (space included): nothing to escape, and no
    character a name must not hold. A test in C, before any pattern is compiled."""
    return text.isascii() and text.isprintable()


def _show(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape(text: str) -> str:
    """``text`` with every control or invisible formatting character written as an escape.

    For one-line values: a name, a path, a message. Printable text, including non-ASCII
    letters, is unchanged, and so is a backslash: the result is for people to read, not to parse
    back. ``escape(escape(x)) == escape(x)``, since the result holds no character to rewrite.
    """
    if plain(text) or re.search(_UNSAFE, text) is None:
        return text
    return re.sub(_UNSAFE, _show, text)


def escape_multiline(text: str) -> str:
    """Like ``escape``, but keeps line feeds and tabs: for a block of lines (a spec snippet)."""
    if (
        plain(text.replace("\n", " ").replace("\t", " "))
        or re.search(_UNSAFE_IN_BLOCK, text) is None
    ):
        return text
    return re.sub(_UNSAFE_IN_BLOCK, _show, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # a JSON string writes a character beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_json(document: str) -> str:
    """A JSON document from ``json.dumps(..., ensure_ascii=False)`` with no unsafe character.

    ``json.dumps`` escapes C0 controls but writes DEL, C1 controls, bidi overrides and lone
    surrogates raw when ``ensure_ascii`` is off. Such characters can only stand inside JSON
    strings, where ``\\uXXXX`` means the same character, so the document parses to the same
    value. Line feeds between tokens (the indentation) stay; a raw one cannot be in a string.
    """
    if re.search(_UNSAFE_IN_BLOCK, document) is None:
        return document
    return re.sub(_UNSAFE_IN_BLOCK, _json_escape, document)
