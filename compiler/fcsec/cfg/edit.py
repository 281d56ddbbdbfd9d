"""Write an ``SslBlockPlan`` into a ctsrvr.cfg with the change a careful person would make.

This follows the FairCom guide ("Enable TLS for SQL, ISAM, and CTDB"): the
``SUBSYSTEM COMM_PROTOCOL SSL`` block is edited where it stands (the vendor ships it disabled, so
its header and the settings the plan sets are uncommented), or appended when the file has none.
Inside the block a line that is already right keeps every byte, a changed value changes only that
line, a missing setting goes to its place in ``SSL_KEYWORDS`` order, and a managed setting the plan
does not set is deleted; comments and other keywords stay. ``COMM_PROTOCOL FSHAREMM`` is commented
out or restored at the top level when the plan says so.

It never touches any other line (the Locality law), never reformats, never reads or writes files,
and refuses, with diagnostics, a file whose structure it cannot be sure of (FCS201-FCS204).
Applying the same plan twice gives the result of applying it once; a plan the file already
satisfies returns the input string unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TypeGuard, TypeVar

import attrs

from fcsec.cfg.cst import (
    COMMENT_MARKER,
    SUBSYSTEM,
    WHITESPACE,
    Blank,
    Block,
    BlockClose,
    BlockOpen,
    BodyLine,
    Comment,
    Document,
    Entry,
    Item,
    Line,
    key_of,
    split_words,
)
from fcsec.cfg.model import BlockView, dominant_eol, dominant_eol_in, view
from fcsec.cfg.parse import parse_line, parse_sparse
from fcsec.cfg.plan import SSL_BLOCK_CLASS, SSL_BLOCK_NAME, SSL_KEYWORDS, SslBlockPlan
from fcsec.cfg.render import render_content
from fcsec.diagnostics import Diagnostic, DiagnosticError, Related, error
from fcsec.rules import RULES
from fcsec.source import SourceFile

_SSL_KEYS: tuple[str, ...] = tuple(key_of(keyword) for keyword in SSL_KEYWORDS)
_RANK: dict[str, int] = {key: rank for rank, key in enumerate(_SSL_KEYS)}
_COMM_PROTOCOL = "COMM_PROTOCOL"
_FSHAREMM = "FSHAREMM"
_F_TCPIP = "F_TCPIP"
_TOP = -1  # the insertion slot right after the block's header
_Line = TypeVar("_Line", bound=Line)


def apply_ssl_plan(source: SourceFile, plan: SslBlockPlan) -> str:
    """Return the text of ``source`` with ``plan`` applied.

    Raises ``DiagnosticError`` with the file's structural diagnostics (FCS201-FCS203) or with
    FCS204 when it has two SSL blocks, and ``ValueError`` for a plan that breaks its contract.
    """
    _check_plan(plan)
    # Only the lines the edit looks at are parsed (block braces, COMM_PROTOCOL lines, the SSL
    # block, their neighbours and the last line): a 100,000-line file costs a regex scan, not
    # 100,000 line nodes. tests/cfg/test_laws.py holds this to the result of a full parse.
    sparse = parse_sparse(source, _MARKS, _is_ssl_header)
    if sparse.document.diagnostics:
        raise DiagnosticError(sparse.document.diagnostics)
    edited = edit_document(sparse.document, plan, eol=dominant_eol_in(source.text))
    text = sparse.render(edited)
    return source.text if text == source.text else text


# The lines the edit reads: block braces and COMM_PROTOCOL keywords (in any letter case).
_MARKS = ("{", "}", "comm_protocol")


def _is_ssl_header(header: BlockOpen) -> bool:
    block = Block(header=header)
    return bool(view(Document(items=(block,))).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME))


def edit_document(document: Document, plan: SslBlockPlan, *, eol: str | None = None) -> Document:
    """Apply ``plan`` to a document without structural problems (see ``apply_ssl_plan``).

    New lines end in ``eol``, by default the line ending most lines of the document use.
    """
    ssl = _ssl_block(document)
    eol = dominant_eol(document) if eol is None else eol
    items, prelude = _shared_memory(list(document.items), plan.shared_memory, eol)
    if ssl is None:
        items = _append(items, prelude, _new_block(plan, eol), eol)
    else:
        index = next(index for index, item in enumerate(items) if item is ssl)
        spacer = (Blank(eol=eol),) if prelude else ()
        items[index : index + 1] = [*prelude, *spacer, _edit_block(ssl, plan, eol)]
    return attrs.evolve(document, items=_keep_line_breaks(items))


def _check_plan(plan: SslBlockPlan) -> None:
    seen: set[str] = set()
    for keyword, value in plan.settings:
        key = key_of(keyword)
        if key not in _RANK:
            raise ValueError(f"{keyword!r} is not a keyword of the SSL block")
        if key in seen:
            raise ValueError(f"{keyword!r} is set twice")
        seen.add(key)
        if not value or value.strip(WHITESPACE) != value or "\r" in value or "\n" in value:
            raise ValueError(f"{keyword} needs a one-line value without outer blanks: {value!r}")


def _ssl_block(document: Document) -> Block | None:
    blocks = view(document).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME)
    if len(blocks) > 1:
        raise DiagnosticError(_duplicate_blocks(blocks))
    return blocks[0].block if blocks else None


def _duplicate_blocks(blocks: tuple[BlockView, ...]) -> tuple[Diagnostic, ...]:
    rule = RULES["FCS204"]
    first = blocks[0].block.header.span
    related = (Related(span=first, message="the first SSL block"),) if first else ()
    return tuple(
        error(rule.id, rule.title, extra.block.header.span, hint=rule.fix, related=related)
        for extra in blocks[1:]
    )


# --- the SSL block --------------------------------------------------------------------------------


def _new_line(keyword: str, value: str, indent: str, eol: str) -> Entry:
    return Entry(indent=indent, keyword=keyword, sep=" ", value=value, eol=eol)


def _new_block(plan: SslBlockPlan, eol: str) -> Block:
    header = BlockOpen(
        marker="" if plan.enabled else COMMENT_MARKER,
        keyword=SUBSYSTEM,
        words=f"{SSL_BLOCK_CLASS} {SSL_BLOCK_NAME}",
        eol=eol,
    )
    wanted = _wanted(plan)
    body = tuple(
        _new_line(keyword, wanted[key], "", eol)
        for keyword, key in zip(SSL_KEYWORDS, _SSL_KEYS, strict=True)
        if key in wanted
    )
    return Block(header=header, body=body, close=BlockClose(eol=eol))


def _wanted(plan: SslBlockPlan) -> dict[str, str]:
    return {key_of(keyword): value for keyword, value in plan.settings}


def _edit_block(block: Block, plan: SslBlockPlan, eol: str) -> Block:
    header = block.header
    if plan.enabled and header.marker:
        header = attrs.evolve(header, marker="", span=None)
    elif not plan.enabled and not header.marker:
        # The vendor's way: `;` in the first column (faircom-formats.md §2.3).
        header = attrs.evolve(header, indent="", marker=COMMENT_MARKER, span=None)
    return attrs.evolve(block, header=header, body=_edit_body(block.body, _wanted(plan), eol))


def _set_value(line: Entry | Comment, value: str) -> Entry:
    """The line as an active setting of ``value``, keeping its indent, spelling and separator."""
    return Entry(
        indent=line.indent,
        keyword=line.keyword,
        sep=line.sep or " ",
        value=value,
        trailing=line.trailing,
        eol=line.eol,
    )


def _block_indent(body: tuple[BodyLine, ...]) -> str:
    """The indentation of the block's setting lines: active ones first, then commented ones."""
    for line in body:
        if isinstance(line, Entry):
            return line.indent
    for line in body:
        if isinstance(line, Comment) and key_of(line.keyword) in _RANK:
            return line.indent
    return ""


def _edit_body(
    body: tuple[BodyLine, ...], wanted: dict[str, str], eol: str
) -> tuple[BodyLine, ...]:
    active: defaultdict[str, list[tuple[int, Entry]]] = defaultdict(list)
    commented: defaultdict[str, list[tuple[int, Comment]]] = defaultdict(list)
    last_line: dict[str, int] = {}  # managed key -> index of its last line, commented or not
    for index, line in enumerate(body):
        if not isinstance(line, Entry | Comment) or key_of(line.keyword) not in _RANK:
            continue
        key = key_of(line.keyword)
        if isinstance(line, Entry):
            active[key].append((index, line))
        else:
            commented[key].append((index, line))
        last_line[key] = index

    replaced: dict[int, BodyLine | None] = {}  # None deletes the line
    missing: list[str] = []
    for key in _SSL_KEYS:
        value = wanted.get(key)
        candidates: list[tuple[int, Entry | Comment]] = [*active.get(key, ())] or [
            *commented.get(key, ())
        ]
        if value is None:
            replaced.update((index, None) for index, _ in active.get(key, ()))
        elif not candidates:
            missing.append(key)
        else:
            # Prefer a line that already holds the value; drop duplicate active lines.
            keep, chosen = next(
                ((i, line) for i, line in candidates if line.value == value), candidates[0]
            )
            replaced.update((index, None) for index, _ in active.get(key, ()) if index != keep)
            if not (isinstance(chosen, Entry) and chosen.value == value):
                replaced[keep] = _set_value(chosen, value)

    inserted = _insertions(missing, wanted, last_line, _block_indent(body), eol)
    if not replaced and not inserted:
        return body
    out: list[BodyLine] = list(inserted.get(_TOP, ()))
    for index, line in enumerate(body):
        kept = replaced.get(index, line)
        if kept is not None:
            out.append(kept)
        out.extend(inserted.get(index, ()))
    return tuple(out)


def _insertions(
    missing: list[str], wanted: dict[str, str], last_line: dict[str, int], indent: str, eol: str
) -> dict[int, list[BodyLine]]:
    """New lines by slot: each goes after the line of the nearest preceding managed keyword."""
    slots: defaultdict[int, list[BodyLine]] = defaultdict(list)
    slot_of = dict(last_line)
    for key in missing:  # in SSL_KEYWORDS order, so a new line can anchor the next one
        rank = _RANK[key]
        slot = next(
            (slot_of[previous] for previous in reversed(_SSL_KEYS[:rank]) if previous in slot_of),
            _TOP,
        )
        slots[slot].append(_new_line(SSL_KEYWORDS[rank], wanted[key], indent, eol))
        slot_of[key] = slot
    return slots


# --- whole-file changes ---------------------------------------------------------------------------


def _keep_line_breaks(items: list[Item]) -> tuple[Item, ...]:
    """The items, with no lone CR followed by an empty line that ends in LF.

    Those two would read back as one line ending in CRLF. The parser never yields such a pair,
    so one can only arise where the edit added or deleted a line; the empty line then ends in CR.
    """
    fixed: list[Item] = []
    previous = ""
    for item in items:
        if isinstance(item, Block):
            body: list[BodyLine] = []
            previous = item.header.eol
            for line in item.body:
                body.append(_after(previous, line))
                previous = line.eol
            if any(new is not old for new, old in zip(body, item.body, strict=True)):
                item = attrs.evolve(item, body=tuple(body))
            previous = item.close.eol if item.close is not None else previous
            fixed.append(item)
        else:
            fixed.append(_after(previous, item))
            previous = item.eol
    return tuple(fixed)


def _after(previous_eol: str, line: _Line) -> _Line:
    merges = previous_eol == "\r" and line.eol == "\n"
    if merges and isinstance(line, Blank) and not line.whitespace:
        return attrs.evolve(line, eol="\r", span=None)
    return line


def _with_eol(item: Item, eol: str) -> Item:
    """The item with a line ending on its last line (a file may lack a final newline)."""
    if isinstance(item, Block):
        if item.close is not None and not item.close.eol:
            return attrs.evolve(item, close=attrs.evolve(item.close, eol=eol))
        return item
    return item if item.eol else attrs.evolve(item, eol=eol)


def _append(items: list[Item], prelude: tuple[Entry, ...], block: Block, eol: str) -> list[Item]:
    """The file, one blank line (unless it ends in one), the prelude and a blank line, the block."""
    if items:
        items[-1] = _with_eol(items[-1], eol)
        if not isinstance(items[-1], Blank):
            items.append(Blank(eol=eol))
    spacer = (Blank(eol=eol),) if prelude else ()
    return [*items, *prelude, *spacer, block]


def _is_shared_memory(item: Item) -> TypeGuard[Entry]:
    return (
        isinstance(item, Entry)
        and key_of(item.keyword) == _COMM_PROTOCOL
        and key_of(item.value) == _FSHAREMM
    )


def _is_commented_shared_memory(item: Item) -> TypeGuard[Comment]:
    if not isinstance(item, Comment):
        return False
    words = split_words(f"{item.keyword} {item.value}")
    return tuple(key_of(word) for word in words) == (_COMM_PROTOCOL, _FSHAREMM)


def _is_protocol(item: Item) -> TypeGuard[Entry]:
    return isinstance(item, Entry) and key_of(item.keyword) == _COMM_PROTOCOL


def _comment_out(line: Entry) -> Comment:
    """``;`` in the first column before the line's own bytes: certain to read as a comment."""
    commented = parse_line(COMMENT_MARKER + render_content(line), line.eol)
    assert isinstance(commented, Comment)
    return commented


def _uncomment(line: Comment) -> Entry:
    restored = parse_line(
        line.indent + line.keyword + line.sep + line.value + line.trailing, line.eol
    )
    assert isinstance(restored, Entry)
    return restored


def _protocol_like(line: Entry, value: str, eol: str) -> Entry:
    """A ``COMM_PROTOCOL value`` line styled like ``line`` (indent, spelling, alignment)."""
    return Entry(
        indent=line.indent, keyword=line.keyword, sep=line.sep or " ", value=value, eol=eol
    )


def _shared_memory(
    items: list[Item], want: bool | None, eol: str
) -> tuple[list[Item], tuple[Entry, ...]]:
    """Top-level ``COMM_PROTOCOL FSHAREMM`` as the plan wants it.

    Returns the items and the lines to put right before the SSL block. Shared memory is never
    encrypted, so ``SSL_CONNECTIONS_ONLY`` alone leaves local clients in clear text.
    """
    if want is None:
        return items, ()
    if not want:
        return [_comment_out(item) if _is_shared_memory(item) else item for item in items], ()
    if any(_is_shared_memory(item) for item in items):
        return items, ()
    # Any COMM_PROTOCOL line turns off the implicit F_TCPIP default (faircom-formats.md §2.5), so
    # shared memory must never become the only protocol: that would shut TCP, and TLS with it.
    has_protocol = any(_is_protocol(item) for item in items)
    for index, item in enumerate(items):
        if _is_commented_shared_memory(item):
            restored = _uncomment(item)
            tcp = () if has_protocol else (_protocol_like(restored, _F_TCPIP, restored.eol or eol),)
            items[index : index + 1] = [*tcp, restored]
            return items, ()
    if has_protocol:
        last = max(index for index, item in enumerate(items) if _is_protocol(item))
        anchor = items[last]
        assert isinstance(anchor, Entry)
        items[last : last + 1] = [_with_eol(anchor, eol), _protocol_like(anchor, _FSHAREMM, eol)]
        return items, ()
    return items, (
        _new_line(_COMM_PROTOCOL, _F_TCPIP, "", eol),
        _new_line(_COMM_PROTOCOL, _FSHAREMM, "", eol),
    )
