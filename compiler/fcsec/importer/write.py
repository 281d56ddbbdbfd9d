"""Write the imported spec as TOML text, in the layout ``fcsec fmt`` keeps.

Keys, strings and long arrays are written by tomli-w; this module only lays them out: table
headers, dotted ``tls.*`` keys as the docs write them, short arrays and inline tables on one
line, a Windows path in single quotes (a literal string, no escapes to read), a comment at the
end of a line where a choice needs one. ``fcsec fmt --check`` passes on the result.
"""

from __future__ import annotations

import tomli_w

from fcsec.importer.build import Entry, Section, TomlValue

HEADER = (
    "# Written by `fcsec import` from the existing config files: compiling this spec changes",
    "# no byte of them. From now on, change the spec and let `fcsec compile` write the files.",
)
_WIDTH = 100
_DUMMY = 0


def key_text(name: str) -> str:
    """One key part as tomli-w writes it: bare when it can be, else quoted."""
    line = tomli_w.dumps({name: _DUMMY})
    return line[: -len(f" = {_DUMMY}\n")]


def _string(text: str) -> str:
    literal_ok = "\\" in text and "'" not in text and text.isprintable()
    return f"'{text}'" if literal_ok else tomli_w.dumps({"k": text})[len("k = ") : -1]


def value_text(value: TomlValue, prefix_width: int = 0) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool | int):
        return tomli_w.dumps({"k": value})[len("k = ") : -1]
    if isinstance(value, dict):
        inner = ", ".join(f"{key_text(name)} = {_string(item)}" for name, item in value.items())
        return "{ " + inner + " }"
    one_line = "[" + ", ".join(_string(item) for item in value) + "]"
    if prefix_width + len(one_line) <= _WIDTH:
        return one_line
    return tomli_w.dumps({"k": list(value)})[len("k = ") : -1]


def _entry(entry: Entry) -> str:
    key = ".".join(key_text(part) for part in entry.path)
    line = f"{key} = {value_text(entry.value, len(key) + 3)}"
    return line + (f"  # {entry.comment}" if entry.comment else "")


def write_spec(sections: tuple[Section, ...]) -> str:
    """The spec text of ``sections``, with the header comment saying where it came from."""
    blocks = ["\n".join(HEADER)]
    for section in sections:
        lines = []
        if section.header is not None:
            lines.append("[" + ".".join(key_text(part) for part in section.header) + "]")
        lines.extend(_entry(entry) for entry in section.entries)
        if section.header is None:
            blocks[0] += "\n" + "\n".join(lines)
        else:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
