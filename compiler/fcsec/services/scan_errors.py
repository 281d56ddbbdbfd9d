"""Why a text is not JSON: the FCS301 explanations of ``fcsec.services.scan``.

The scanner stops at the first thing that is not RFC 8259 JSON and asks this module what to say:
one diagnostic at the exact line and column, with a hint in the words of the mistake (a trailing
comma, a comment, single quotes, NaN, a missing `,`, a file cut short). Each method returns the
``DiagnosticError`` for the scanner to raise. It reads the text and never changes it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fcsec.diagnostics import DiagnosticError, Related, diagnostic
from fcsec.rule_ids import SERVICES_NOT_JSON
from fcsec.source import SourceFile

if TYPE_CHECKING:
    from fcsec.services.scan import Frame

# Compiled by ``re`` when a file first needs an explanation (its cache keeps them).
_NUMBER_LIKE = r"[-+0-9A-Za-z.]*+"
_WORD = r"[A-Za-z_$][A-Za-z0-9_$]*+"


class ScanErrors:
    """The explanations for one text: each method answers one way the text is not JSON."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.text = source.text
        self.length = len(source.text)

    def fail(
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

    def found(self, pos: int) -> str:
        if pos >= self.length:
            return "the end of the file"
        char = self.text[pos]
        if char == '"':
            return "a string"
        word = re.compile(_WORD).match(self.text, pos)
        if word is not None:
            return f"`{word.group()}`"
        if char.isprintable() and not char.isspace():
            return f"`{char}`"
        return f"the character U+{ord(char):04X}"

    def opened_at(self, frame: Frame) -> tuple[tuple[int, str], ...]:
        kind = "object" if frame.is_object else "array"
        line, column = self.source.line_col(frame.start)
        return ((frame.start, f"the {kind} opened at line {line}, column {column}"),)

    def unexpected_end(self, stack: list[Frame]) -> DiagnosticError:
        if not stack:
            return self.fail(
                "the file ends where a JSON value should start",
                self.length,
                hint="the file looks cut short; restore it from a backup or finish the value",
            )
        frame = stack[-1]
        kind = "object" if frame.is_object else "array"
        closer = "}" if frame.is_object else "]"
        line, _ = self.source.line_col(frame.start)
        return self.fail(
            f"the file ends before the {kind} opened at line {line} is closed",
            self.length,
            hint=f"the file looks cut short; restore it from a backup or close the {kind} "
            f"with `{closer}`",
            related=self.opened_at(frame),
        )

    def bad_value(self, pos: int, stack: list[Frame]) -> DiagnosticError:
        if pos >= self.length:
            return self.unexpected_end(stack)
        char = self.text[pos]
        if char == "'":
            return self.fail(
                "JSON strings need double quotes, found `'`",
                pos,
                pos + 1,
                hint='write the text between double quotes: "like this"',
            )
        if char == "/":
            return self.fail(
                "JSON has no comments",
                pos,
                pos + 1,
                hint="remove the comment (FairCom does not read comments in services.json)",
            )
        if char in "-0123456789":
            extent = re.compile(_NUMBER_LIKE).match(self.text, pos)
            end = extent.end() if extent is not None else pos + 1
            return self.fail(
                f"`{self.text[pos:end]}` is not a valid JSON number",
                pos,
                end,
                hint="write a plain decimal number such as 8443 (no leading zeros, no `+`, "
                "digits after a `.`)",
            )
        word = re.compile(_WORD).match(self.text, pos)
        if word is not None:
            spelled = word.group()
            hints = {
                "True": "JSON spells it `true`",
                "False": "JSON spells it `false`",
                "None": "JSON spells it `null`",
                "NaN": "JSON has no NaN or Infinity; use a number or a string",
                "Infinity": "JSON has no NaN or Infinity; use a number or a string",
            }
            return self.fail(
                f"`{spelled}` is not a JSON value",
                pos,
                word.end(),
                hint=hints.get(spelled, 'put text between double quotes: "like this"'),
            )
        if char in "}]," and stack:
            return self.fail(
                f"expected a value, found `{char}`",
                pos,
                pos + 1,
                hint="write the missing value, or remove the extra comma or colon",
            )
        return self.fail(
            f"expected a JSON value, found {self.found(pos)}",
            pos,
            pos + 1,
            hint='a value is a "string", a number, true, false, null, an object or an array',
        )

    def bad_string(self, pos: int) -> DiagnosticError:
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
                    return self.fail(
                        "`\\u` needs four hexadecimal digits",
                        index,
                        index + 2 + count,
                        hint="write it as \\u followed by four hex digits, e.g. \\u00e9",
                    )
                return self.fail(
                    f"invalid escape `\\{escaped}` in a string",
                    index,
                    index + 1 + len(escaped),
                    hint="write a backslash as two backslashes, e.g. "
                    '"C:\\\\faircom\\\\server\\\\cert.pem"',
                )
            if char in "\n\r":
                return self.fail(
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
                return self.fail(
                    f"{name} inside a string must be escaped",
                    index,
                    index + 1,
                    hint=f"write it as `{written}`",
                )
            if char == '"':  # pragma: no cover - the regular expression would have matched
                break
            index += 1
        return self.fail(
            "the file ends inside a string",
            self.length,
            hint='the file looks cut short, or a closing `"` is missing',
            related=opener,
        )

    def trailing_comma(self, frame: Frame, closer: str) -> DiagnosticError:
        return self.fail(
            f"trailing comma before `{closer}`",
            frame.comma,
            frame.comma + 1,
            hint="remove this comma: JSON allows no comma after the last "
            + ("member" if frame.is_object else "element"),
        )

    def bad_separator(self, frame: Frame, pos: int) -> DiagnosticError:
        closer = "}" if frame.is_object else "]"
        where = "member" if frame.is_object else "element"
        if pos >= self.length:
            return self.unexpected_end([frame])
        char = self.text[pos]
        starts_next = char == '"' if frame.is_object else char in '"{[-0123456789tfn'
        if starts_next:
            last = frame.members[-1].end if frame.is_object else frame.children[-1].end
            line, column = self.source.line_col(pos)
            return self.fail(
                f"missing `,` after this {where}",
                last,
                last,
                label="expected `,` here",
                hint=f"add a comma between the {where}s",
                related=((pos, f"the next {where} starts at line {line}, column {column}"),),
            )
        return self.fail(
            f"expected `,` or `{closer}` after the {where}, found {self.found(pos)}",
            pos,
            pos + 1,
            hint=f"add a comma before the next {where}, or close the "
            + ("object" if frame.is_object else "array")
            + f" with `{closer}`",
            related=self.opened_at(frame),
        )

    def no_value(self, pos: int) -> DiagnosticError:
        return self.fail(
            "the file holds no JSON value",
            pos,
            hint="services.json must hold one JSON object: `{ ... }`",
        )

    def missing_colon(self, colon: int) -> DiagnosticError:
        return self.fail(
            f"expected `:` after the member name, found {self.found(colon)}",
            colon,
            colon + 1,
            hint='write members as "name": value',
        )

    def bad_member_name(self, pos: int) -> DiagnosticError:
        hint = 'put the member name between double quotes: "name": value'
        if self.text[pos] == "/":
            hint = "remove the comment (JSON has no comments)"
        return self.fail(
            f"expected a member name in double quotes, found {self.found(pos)}",
            pos,
            pos + 1,
            hint=hint,
        )

    def after_document(self, rest: int) -> DiagnosticError:
        return self.fail(
            f"unexpected {self.found(rest)} after the end of the JSON document",
            rest,
            rest + 1,
            hint="services.json holds exactly one object; remove what follows its closing `}`",
        )
