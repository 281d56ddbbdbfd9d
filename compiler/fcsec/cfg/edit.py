"""Write an ``SslBlockPlan`` into a ctsrvr.cfg with the change a careful person would make.

This follows the FairCom guide ("Enable TLS for SQL, ISAM, and CTDB"): the
``SUBSYSTEM COMM_PROTOCOL SSL`` block is edited where it stands (the vendor ships it disabled, so
its header and the settings the plan sets are uncommented), or appended when the file has none.
Inside an enabled block a line that is already right keeps every byte, a changed value changes
only that value (a trailing ``; note`` stays), a missing setting goes to its place in
``SSL_KEYWORDS`` order, and a managed setting the plan does not set is deleted; comments and other
keywords stay. Disabling comments out the header and every active line of the block, values
kept, ``;`` in the first column as the vendor does; enabling again uncomments the managed lines,
so enable, disable, enable gives back the enabled bytes. ``COMM_PROTOCOL FSHAREMM`` is commented
out or restored at the top level when the plan says so.

It never touches any other line (the Locality law), never reformats, never reads or writes files,
and refuses, with located diagnostics and before changing anything, a file whose SSL block it
cannot be sure of (``fcsec.cfg.shape``: FCS201-FCS211); it never adds a second SSL block.
Applying the same plan twice gives the result of applying it once; a plan the file already
satisfies returns the input string unchanged.
"""

from __future__ import annotations

import functools
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
from fcsec.cfg.model import (
    commented_setting,
    dominant_eol,
    dominant_eol_in,
    trailing_note,
    view,
)
from fcsec.cfg.parse import Sparse, parse_line, parse_sparse
from fcsec.cfg.plan import SSL_BLOCK_CLASS, SSL_BLOCK_NAME, SSL_KEYWORDS, SslBlockPlan
from fcsec.cfg.render import render_content
from fcsec.cfg.shape import ssl_block_problems
from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic
from fcsec.rule_ids import CFG_VALUE_ENDS_IN_BRACE
from fcsec.rules import RULES
from fcsec.source import SourceFile

_SSL_KEYS: tuple[str, ...] = tuple(key_of(keyword) for keyword in SSL_KEYWORDS)
_RANK: dict[str, int] = {key: rank for rank, key in enumerate(_SSL_KEYS)}
_COMM_PROTOCOL = "COMM_PROTOCOL"
_FSHAREMM = "FSHAREMM"
_F_TCPIP = "F_TCPIP"
_TOP = -1  # the insertion slot right after the block's header
_Line = TypeVar("_Line", bound=Line)


@attrs.frozen(kw_only=True)
class SslEdit:
    """The result of applying an ``SslBlockPlan`` to one file: the new text and what changed.

    ``text`` is the input string itself when nothing changed. ``shared_memory_managed`` says
    whether the plan governs ``COMM_PROTOCOL FSHAREMM`` in this file (it names a state and the
    file has such a line before or after the edit, active or commented), so a summary names that
    line only when it is there; ``shared_memory_changed`` whether one of those lines changed.
    """

    text: str
    block_changed: bool = False
    shared_memory_managed: bool = False
    shared_memory_changed: bool = False

    @property
    def managed(self) -> tuple[str, ...]:
        """What the plan manages in this file, as the compile summary names it."""
        return (
            (SSL_BLOCK_LABEL, SHARED_MEMORY_LABEL)
            if self.shared_memory_managed
            else (SSL_BLOCK_LABEL,)
        )

    @property
    def changed(self) -> tuple[str, ...]:
        """The managed parts whose lines changed, in the order of ``managed``."""
        parts = (
            (SSL_BLOCK_LABEL, self.block_changed),
            (SHARED_MEMORY_LABEL, self.shared_memory_changed),
        )
        return tuple(label for label, changed in parts if changed)


SSL_BLOCK_LABEL = f"SUBSYSTEM {SSL_BLOCK_CLASS} {SSL_BLOCK_NAME}"
SHARED_MEMORY_LABEL = "COMM_PROTOCOL FSHAREMM"


def apply_ssl_plan(source: SourceFile, plan: SslBlockPlan) -> str:
    """Return the text of ``source`` with ``plan`` applied (``edit_ssl(...).text``)."""
    return edit_ssl(source, plan).text


def edit_ssl(source: SourceFile, plan: SslBlockPlan) -> SslEdit:
    """Apply ``plan`` to ``source``; the new text and which managed parts changed.

    Raises ``DiagnosticError`` with every problem of ``fcsec.cfg.shape.ssl_block_problems``
    (a broken block structure, two SSL blocks, an SSL block in a shape fcsec does not edit),
    before changing anything, and ``ValueError`` for a plan that breaks its contract.
    """
    _check_plan(plan)
    # Only the lines the edit looks at are parsed (block braces, COMM_PROTOCOL lines, the SSL
    # block, their neighbours and the last line): a 100,000-line file costs a regex scan, not
    # 100,000 line nodes. tests/cfg/test_laws.py holds this to the result of a full parse.
    sparse = _ssl_sparse(source.name, source.text)
    edited, block_changed, shared_memory = _edit(
        sparse.document, plan, dominant_eol_in(source.text)
    )
    text = sparse.render(edited)
    return SslEdit(
        text=source.text if text == source.text else text,
        block_changed=block_changed,
        shared_memory_managed=shared_memory.managed,
        shared_memory_changed=shared_memory.changed,
    )


# The lines the edit reads: block braces and COMM_PROTOCOL keywords (in any letter case).
_MARKS = ("{", "}", "comm_protocol")


def ssl_document(source: SourceFile) -> Document:
    """The document of a ctsrvr.cfg as far as its SSL block and COMM_PROTOCOL lines go: those
    lines (and every block header) parsed exactly as ``parse`` parses them, with the same
    diagnostics, and each run of other lines one placeholder comment.

    One compile reads the text before and after the edit several times (the config-file rules,
    what changes for clients): the last two documents are kept, keyed by the file's name and
    text. Equal keys give equal documents, so callers in other threads get the same answer."""
    return _ssl_sparse(source.name, source.text).document


@functools.lru_cache(maxsize=2)
def _ssl_sparse(name: str, text: str) -> Sparse:
    """The sparse parse of the SSL block's lines (``edit_ssl`` and ``ssl_document`` share it)."""
    return parse_sparse(SourceFile(name, text), _MARKS, _is_ssl_header)


def _is_ssl_header(header: BlockOpen) -> bool:
    block = Block(header=header)
    return bool(view(Document(items=(block,))).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME))


def edit_document(document: Document, plan: SslBlockPlan, *, eol: str | None = None) -> Document:
    """Apply ``plan`` to a document (see ``edit_ssl``; raises the same diagnostics).

    New lines end in ``eol``, by default the line ending most lines of the document use.
    """
    return _edit(document, plan, dominant_eol(document) if eol is None else eol)[0]


def _edit(document: Document, plan: SslBlockPlan, eol: str) -> tuple[Document, bool, _SharedMemory]:
    problems = (*_unwritable(plan), *ssl_block_problems(document))
    if problems:
        raise DiagnosticError(problems)
    blocks = view(document).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME)
    ssl = blocks[0].block if blocks else None
    shared_memory = _shared_memory(list(document.items), plan.shared_memory, eol)
    items, prelude = shared_memory.items, shared_memory.prelude
    if ssl is None:
        items = _append(items, prelude, _new_block(plan, eol), eol)
        block_changed = True
    else:
        index = next(index for index, item in enumerate(items) if item is ssl)
        spacer = (Blank(eol=eol),) if prelude else ()
        edited = _edit_block(ssl, plan, eol)
        items[index : index + 1] = [*prelude, *spacer, edited]
        block_changed = edited is not ssl
    return attrs.evolve(document, items=_keep_line_breaks(items)), block_changed, shared_memory


def _unwritable(plan: SslBlockPlan) -> tuple[Diagnostic, ...]:
    """FCS212 for each value that would end its line in `}` (see ``fcsec.cfg.shape``)."""
    rule = RULES[CFG_VALUE_ENDS_IN_BRACE]
    return tuple(
        diagnostic(rule.id, f"{rule.title}: `{keyword} {value}`", None, hint=rule.fix)
        for keyword, value in plan.settings
        if value.endswith("}")
    )


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


# --- the SSL block --------------------------------------------------------------------------------


def _new_line(keyword: str, value: str, indent: str, eol: str) -> Entry:
    return Entry(indent=indent, keyword=keyword, sep=" ", value=value, eol=eol)


def _new_block(plan: SslBlockPlan, eol: str) -> Block:
    """The plan as a block; a disabled one has every setting commented, ready to be enabled."""
    header = BlockOpen(
        marker="" if plan.enabled else COMMENT_MARKER,
        keyword=SUBSYSTEM,
        words=f"{SSL_BLOCK_CLASS} {SSL_BLOCK_NAME}",
        eol=eol,
    )
    wanted = _wanted(plan)
    body: tuple[BodyLine, ...] = tuple(
        _new_line(keyword, wanted[key], "", eol)
        for keyword, key in zip(SSL_KEYWORDS, _SSL_KEYS, strict=True)
        if key in wanted
    )
    if not plan.enabled:
        body = _disable_body(body)
    return Block(header=header, body=body, close=BlockClose(eol=eol))


def _wanted(plan: SslBlockPlan) -> dict[str, str]:
    return {key_of(keyword): value for keyword, value in plan.settings}


def _edit_block(block: Block, plan: SslBlockPlan, eol: str) -> Block:
    header = block.header
    if plan.enabled:
        if header.marker:
            header = attrs.evolve(header, marker="", span=None)
        body = _enable_body(block.body, _wanted(plan), eol)
    else:
        if not header.marker:
            # The vendor's way: `;` in the first column (faircom-formats.md §2.3).
            header = attrs.evolve(header, indent="", marker=COMMENT_MARKER, span=None)
        body = _disable_body(block.body)
    if header is block.header and body is block.body:
        return block
    return attrs.evolve(block, header=header, body=body)


def _disable_body(body: tuple[BodyLine, ...]) -> tuple[BodyLine, ...]:
    """Every active line commented out, its value kept; comments and blank lines untouched.

    A commented header disables the block (faircom-formats.md §2.3), but what a server makes of
    active lines in a disabled block is not documented: none is left, managed or not. Enabling
    again restores the managed ones (they are commented settings to ``_enable_body``).
    """
    disabled = tuple(_comment_out(line) if isinstance(line, Entry) else line for line in body)
    return body if disabled == body else disabled


def _set_value(line: Entry, value: str) -> Entry:
    """``line`` (a setting, or a commented one without its ``;``) set to ``value``.

    Keeps its indent, spelling, separator, trailing blanks and a trailing note (``; legacy``).
    """
    note = trailing_note(line.value)
    if note and not note.startswith(tuple(WHITESPACE)):
        note = " " + note
    return Entry(
        indent=line.indent,
        keyword=line.keyword,
        sep=line.sep or " ",
        value=value + note,
        trailing=line.trailing,
        eol=line.eol,
    )


def _holds(line: Entry, value: str) -> bool:
    """Whether the setting ``line`` has ``value``, perhaps followed by a trailing note."""
    rest = line.value[len(value) :] if line.value.startswith(value) else None
    return rest is not None and (
        not rest or (rest[0] in WHITESPACE and trailing_note(rest) == rest)
    )


def _block_indent(settings: list[tuple[int, Entry, bool]]) -> str:
    """The indentation of the block's setting lines: active ones first, then commented ones."""
    for _, line, active in settings:
        if active:
            return line.indent
    return settings[0][1].indent if settings else ""


def _managed_settings(body: tuple[BodyLine, ...]) -> list[tuple[int, Entry, bool]]:
    """(index, setting, active) for each managed line of the body, commented ones uncommented."""
    found: list[tuple[int, Entry, bool]] = []
    for index, line in enumerate(body):
        setting = line if isinstance(line, Entry) else None
        if isinstance(line, Comment):
            setting = commented_setting(line)
        if setting is not None and key_of(setting.keyword) in _RANK:
            found.append((index, setting, isinstance(line, Entry)))
    return found


def _enable_body(
    body: tuple[BodyLine, ...], wanted: dict[str, str], eol: str
) -> tuple[BodyLine, ...]:
    settings = _managed_settings(body)
    active: defaultdict[str, list[tuple[int, Entry]]] = defaultdict(list)
    commented: defaultdict[str, list[tuple[int, Entry]]] = defaultdict(list)
    last_line: dict[str, int] = {}  # managed key -> index of its last line, commented or not
    for index, setting, is_active in settings:
        key = key_of(setting.keyword)
        (active if is_active else commented)[key].append((index, setting))
        last_line[key] = index

    replaced: dict[int, BodyLine | None] = {}  # None deletes the line
    missing: list[str] = []
    for key in _SSL_KEYS:
        value = wanted.get(key)
        candidates = [*active.get(key, ())] or [*commented.get(key, ())]
        if value is None:
            replaced.update((index, None) for index, _ in active.get(key, ()))
        elif not candidates:
            missing.append(key)
        else:
            # Prefer a line that already holds the value; drop duplicate active lines.
            keep, chosen = next(
                ((i, line) for i, line in candidates if _holds(line, value)), candidates[0]
            )
            replaced.update((index, None) for index, _ in active.get(key, ()) if index != keep)
            if not isinstance(body[keep], Entry):
                replaced[keep] = chosen if _holds(chosen, value) else _set_value(chosen, value)
            elif not _holds(chosen, value):
                replaced[keep] = _set_value(chosen, value)

    inserted = _insertions(missing, wanted, last_line, _block_indent(settings), eol)
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


@attrs.frozen(kw_only=True)
class _SharedMemory:
    """The top-level items after the shared-memory edit, and lines to put before the SSL block."""

    items: list[Item]
    prelude: tuple[Entry, ...] = ()
    managed: bool = False
    changed: bool = False


def _shared_memory(items: list[Item], want: bool | None, eol: str) -> _SharedMemory:
    """Top-level ``COMM_PROTOCOL FSHAREMM`` as the plan wants it.

    Shared memory is never encrypted, so ``SSL_CONNECTIONS_ONLY`` alone leaves local clients in
    clear text.
    """
    if want is None:
        return _SharedMemory(items=items)
    present = any(_is_shared_memory(item) or _is_commented_shared_memory(item) for item in items)
    if not want:
        edited = [_comment_out(item) if _is_shared_memory(item) else item for item in items]
        changed = any(new is not old for new, old in zip(edited, items, strict=True))
        return _SharedMemory(items=edited, managed=present, changed=changed)
    if any(_is_shared_memory(item) for item in items):
        return _SharedMemory(items=items, managed=True)
    # Any COMM_PROTOCOL line turns off the implicit F_TCPIP default (faircom-formats.md §2.5), so
    # shared memory must never become the only protocol: that would shut TCP, and TLS with it.
    has_protocol = any(_is_protocol(item) for item in items)
    for index, item in enumerate(items):
        if _is_commented_shared_memory(item):
            restored = _uncomment(item)
            tcp = () if has_protocol else (_protocol_like(restored, _F_TCPIP, restored.eol or eol),)
            items[index : index + 1] = [*tcp, restored]
            return _SharedMemory(items=items, managed=True, changed=True)
    if has_protocol:
        last = max(index for index, item in enumerate(items) if _is_protocol(item))
        anchor = items[last]
        assert isinstance(anchor, Entry)
        items[last : last + 1] = [_with_eol(anchor, eol), _protocol_like(anchor, _FSHAREMM, eol)]
        return _SharedMemory(items=items, managed=True, changed=True)
    prelude = (
        _new_line(_COMM_PROTOCOL, _F_TCPIP, "", eol),
        _new_line(_COMM_PROTOCOL, _FSHAREMM, "", eol),
    )
    return _SharedMemory(items=items, prelude=prelude, managed=True, changed=True)
