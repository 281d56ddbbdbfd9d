"""Why fcsec cannot edit a ctsrvr.cfg's SSL block: each problem with its line, column and fix.

fcsec edits the ``SUBSYSTEM COMM_PROTOCOL SSL`` block where it stands and appends one only when
the file has none (design.md). So before any edit, every line that looks like an SSL block in a
shape FairCom does not document must stop it: a one-line block, ``{`` on the next line, a setting
after ``{``, ``}`` sharing its line, a header commented with a blank after ``;``, a ``;}``, extra
header words (FCS205-FCS211). Editing around such a block would leave the server reading an
unknown mix, and appending would put a second block beside it. Together with the parser's
structural problems (FCS201-FCS203) and a second SSL block (FCS204), ``ssl_block_problems`` is
the one answer to "can this file's SSL block be edited safely?" (also for ``fcsec check``).
``unwritable_values`` answers the plan's side: a value that would end its line in ``}`` (FCS212).

Reads a ``cst.Document``, also one from ``parse_sparse`` (every line this module looks at holds
``{``, ``}`` or ``COMM_PROTOCOL``, or follows such a line, or belongs to the SSL block), and
never changes it.
"""

from __future__ import annotations

import re

from fcsec.cfg.cst import (
    COMMENT_MARKER,
    SUBSYSTEM,
    WHITESPACE,
    Block,
    BlockOpen,
    Comment,
    Document,
    Entry,
    Line,
    key_of,
    split_words,
)
from fcsec.cfg.model import BlockView, view
from fcsec.cfg.plan import SSL_BLOCK_CLASS, SSL_BLOCK_NAME, SslBlockPlan
from fcsec.cfg.render import render_content
from fcsec.diagnostics import Diagnostic, Related, diagnostic
from fcsec.rule_ids import (
    CFG_CLOSE_SHARES_LINE,
    CFG_COMMENTED_CLOSE,
    CFG_HEADER_EXTRA_WORDS,
    CFG_HEADER_WITHOUT_BRACE,
    CFG_ONE_LINE_BLOCK,
    CFG_SECOND_SSL_BLOCK,
    CFG_TEXT_AFTER_BRACE,
    CFG_UNREADABLE_COMMENTED_HEADER,
    CFG_VALUE_ENDS_IN_BRACE,
)
from fcsec.rules import RULES
from fcsec.source import Span

_HEADER = (SUBSYSTEM, key_of(SSL_BLOCK_CLASS), key_of(SSL_BLOCK_NAME))
_CANONICAL = f"{SUBSYSTEM} {SSL_BLOCK_CLASS} {SSL_BLOCK_NAME} {{"
# A brace is a token of its own even when glued to a word (`SSL{`, `NO}`).
_TOKEN = re.compile(r"[{}]|[^ \t{}]+")
_Token = tuple[str, int, int]  # text, start and end offset in the line's content


def ssl_block_problems(document: Document) -> tuple[Diagnostic, ...]:
    """Everything that keeps fcsec from editing the SSL block of ``document``, in file order.

    The parser's structural problems (FCS201-FCS203), a second SSL block (FCS204) and the
    unusual shapes of FCS205-FCS211. Empty when the file has at most one SSL block, in the shape
    of the vendor template, and nothing that looks like another one.
    """
    found = list(document.diagnostics)
    blocks = view(document).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME)
    found.extend(_duplicate_blocks(blocks))
    found.extend(_odd_lines(document))
    for block in blocks:
        found.extend(_odd_body(block.block))
    return tuple(sorted(found, key=_position))


def unwritable_values(plan: SslBlockPlan) -> tuple[Diagnostic, ...]:
    """FCS212 for each value of ``plan`` that would end its line in `}`: whether FairCom then
    closes the block there is unknown, so fcsec does not write such a line."""
    rule = RULES[CFG_VALUE_ENDS_IN_BRACE]
    return tuple(
        diagnostic(rule.id, f"{rule.title}: `{keyword} {value}`", None, hint=rule.fix)
        for keyword, value in plan.settings
        if value.endswith("}")
    )


def _position(problem: Diagnostic) -> tuple[int, str]:
    return (problem.span.start if problem.span is not None else -1, problem.rule)


def _problem(
    rule: str,
    message: str,
    span: Span | None,
    hint: str | None = None,
    related: tuple[Related, ...] = (),
) -> Diagnostic:
    return diagnostic(rule, message, span, hint=hint or RULES[rule].fix, related=related)


def _duplicate_blocks(blocks: tuple[BlockView, ...]) -> list[Diagnostic]:
    first = blocks[0].block.header.span if blocks else None
    related = (Related(span=first, message="the first SSL block"),) if first else ()
    return [
        _problem(
            CFG_SECOND_SSL_BLOCK,
            RULES[CFG_SECOND_SSL_BLOCK].title,
            extra.block.header.span,
            related=related,
        )
        for extra in blocks[1:]
    ]


def _tokens(text: str, start: int) -> list[_Token]:
    return [(match.group(), match.start(), match.end()) for match in _TOKEN.finditer(text, start)]


def _at(line: Line, start: int, end: int) -> Span | None:
    """The span of ``[start, end)`` of the line's content; None for a line built by hand."""
    if line.span is None:
        return None
    return Span(source=line.span.source, start=line.span.start + start, end=line.span.start + end)


def _is_header(tokens: list[_Token]) -> bool:
    return tuple(key_of(text) for text, _, _ in tokens[:3]) == _HEADER


# --- header look-alikes -------------------------------------------------------------------------


def _odd_lines(document: Document) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    lines = list(document.lines())
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if isinstance(line, BlockOpen):
            found.extend(_extra_words(line))
        elif isinstance(line, Entry | Comment):
            found.extend(_header_look_alike(line, following))
    return found


def _extra_words(header: BlockOpen) -> list[Diagnostic]:
    words = split_words(header.words)
    if len(words) <= 2 or tuple(key_of(word) for word in words[:2]) != _HEADER[1:]:
        return []
    content = render_content(header)
    tokens = _tokens(content, len(header.indent) + len(header.marker))
    first, last = tokens[3][1], tokens[-2][2]  # from the first extra word to the one before `{`
    extra = content[first:last]
    return [
        _problem(
            CFG_HEADER_EXTRA_WORDS,
            f"the SSL block header has words after `SSL`: `{extra}`",
            _at(header, first, last),
            f"write the header as `{header.marker}{_CANONICAL}`",
        )
    ]


def _header_look_alike(line: Entry | Comment, following: Line | None) -> list[Diagnostic]:
    # Most lines hold no `SUBSYSTEM` at all: skip them before tokenising. Only the keyword and
    # the value can hold a word (the other pieces are blanks and the `;`), and ``str.upper``
    # folds at least what ``key_of`` folds, so a line it finds nothing in has no such token.
    if _HEADER[0] not in line.keyword.upper() and _HEADER[0] not in line.value.upper():
        return []
    content = render_content(line)
    start = len(line.indent)
    if isinstance(line, Comment):
        start += len(line.marker)
    # A comment's keyword may be preceded by more `;` and blanks: `; SUBSYSTEM`, `;;SUBSYSTEM`.
    rest = content[start:].lstrip(COMMENT_MARKER + WHITESPACE)
    skipped = len(content) - start - len(rest)
    tokens = _tokens(content, start + skipped)
    if not _is_header(tokens):
        return []
    if isinstance(line, Comment) and skipped:
        marker_at = len(line.indent)
        return [
            _problem(
                CFG_UNREADABLE_COMMENTED_HEADER,
                f"the SSL block header starts with `{content[marker_at : tokens[0][2]]}`; "
                "FairCom disables a block only with `;SUBSYSTEM`, nothing in between",
                _at(line, marker_at, tokens[0][2]),
            )
        ]
    commented = "commented " if isinstance(line, Comment) else ""
    braces = [index for index, (text, _, _) in enumerate(tokens) if text == "{"]
    if not braces:
        return [_no_brace(line, tokens, following, commented)]
    opened = braces[0]
    after = tokens[opened + 1 :]
    if not after:  # a line ending in `{` is a header; this one is not: leave it to the parser
        return []
    closes = [index for index, (text, _, _) in enumerate(after) if text == "}"]
    if closes:
        close = after[closes[0]]
        inner = content[tokens[opened][2] : close[1]].strip(WHITESPACE)
        marker = line.marker if isinstance(line, Comment) else ""
        settings = f"then `{marker}{inner}` on its own line, " if inner else ""
        return [
            _problem(
                CFG_ONE_LINE_BLOCK,
                f"{commented}one-line SSL block: `{{` and `}}` share the header's line",
                _at(line, tokens[opened][1], close[2]),
                f"write `{marker}{_CANONICAL}` on one line, {settings}then `}}` alone on the "
                "last line",
            )
        ]
    first, last = after[0][1], after[-1][2]
    return [
        _problem(
            CFG_TEXT_AFTER_BRACE,
            f"{commented}SSL block header has text after `{{`: `{content[first:last]}`",
            _at(line, first, last),
        )
    ]


def _no_brace(
    line: Entry | Comment, tokens: list[_Token], following: Line | None, commented: str
) -> Diagnostic:
    end = tokens[-1][2]
    where = "the header line does not end with `{`"
    if following is not None and not isinstance(following, BlockOpen):
        next_tokens = _tokens(render_content(following), 0)
        if next_tokens and next_tokens[0][0] == "{":
            where = "`{` stands on the next line instead of at the end of the header"
    return _problem(
        CFG_HEADER_WITHOUT_BRACE,
        f"{commented}SSL block header without `{{`: {where}",
        _at(line, 0, end),
    )


# --- the body of an SSL block -------------------------------------------------------------------


def _odd_body(block: Block) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for line in block.body:
        content = render_content(line)
        if isinstance(line, Entry):
            tokens = _tokens(content, len(line.indent))
            braces = [token for token in (tokens[0], tokens[-1]) if token[0] == "}"]
            if braces:
                _, start, end = braces[0]
                found.append(
                    _problem(
                        CFG_CLOSE_SHARES_LINE,
                        f"`}}` shares its line with text: `{content.strip(WHITESPACE)}`",
                        _at(line, start, end),
                    )
                )
        elif isinstance(line, Comment):
            marker_at = len(line.indent)
            tokens = _tokens(content, marker_at + len(line.marker))
            if tokens and tokens[0][0] == "}":
                found.append(
                    _problem(
                        CFG_COMMENTED_CLOSE,
                        "`;}` is a comment and does not close the SSL block",
                        _at(line, marker_at, tokens[0][2]),
                    )
                )
    return found
