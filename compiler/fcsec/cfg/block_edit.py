"""The edit of the ``SUBSYSTEM COMM_PROTOCOL SSL`` block itself: a new block, or one enabled or
disabled where it stands.

Inside an enabled block a line that is already right keeps every byte, a changed value changes
only that value (a trailing ``; note`` stays), a missing setting goes to its place in
``SSL_KEYWORDS`` order, and a managed setting the plan does not set is deleted; comments and other
keywords stay. Disabling comments out the header and every active line of the block, values
kept; enabling again uncomments the managed lines, so enable, disable, enable gives back the
enabled bytes.
"""

from __future__ import annotations

from collections import defaultdict

from fcsec.cfg.cst import (
    COMMENT_MARKER,
    SUBSYSTEM,
    WHITESPACE,
    Block,
    BlockClose,
    BlockOpen,
    BodyLine,
    Comment,
    Entry,
    key_of,
)
from fcsec.cfg.lines import comment_out, new_line
from fcsec.cfg.model import commented_setting, trailing_note
from fcsec.cfg.plan import SSL_BLOCK_CLASS, SSL_BLOCK_NAME, SSL_KEYWORDS, SslBlockPlan
from fcsec.record import replace

_SSL_KEYS: tuple[str, ...] = tuple(key_of(keyword) for keyword in SSL_KEYWORDS)
_RANK: dict[str, int] = {key: rank for rank, key in enumerate(_SSL_KEYS)}
_TOP = -1  # the insertion slot right after the block's header


def check_plan(plan: SslBlockPlan) -> None:
    """Raise ``ValueError`` unless each setting is a keyword of the block, once, on one line."""
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


def new_block(plan: SslBlockPlan, eol: str) -> Block:
    """The plan as a block; a disabled one has every setting commented, ready to be enabled."""
    header = BlockOpen(
        marker="" if plan.enabled else COMMENT_MARKER,
        keyword=SUBSYSTEM,
        words=f"{SSL_BLOCK_CLASS} {SSL_BLOCK_NAME}",
        eol=eol,
    )
    wanted = _wanted(plan)
    body: tuple[BodyLine, ...] = tuple(
        new_line(keyword, wanted[key], "", eol)
        for keyword, key in zip(SSL_KEYWORDS, _SSL_KEYS, strict=True)
        if key in wanted
    )
    if not plan.enabled:
        body = disable_body(body)
    return Block(header=header, body=body, close=BlockClose(eol=eol))


def _wanted(plan: SslBlockPlan) -> dict[str, str]:
    return {key_of(keyword): value for keyword, value in plan.settings}


def edit_block(block: Block, plan: SslBlockPlan, eol: str) -> Block:
    header = block.header
    if plan.enabled:
        if header.marker:
            header = replace(header, marker="", span=None)
        body = _enable_body(block.body, _wanted(plan), eol)
    else:
        if not header.marker:
            # The vendor's way: `;` in the first column (faircom-formats.md §2.3).
            header = replace(header, indent="", marker=COMMENT_MARKER, span=None)
        body = disable_body(block.body)
    if header is block.header and body is block.body:
        return block
    return replace(block, header=header, body=body)


def disable_body(body: tuple[BodyLine, ...]) -> tuple[BodyLine, ...]:
    """Every active line commented out, its value kept; comments and blank lines untouched.

    A commented header disables the block (faircom-formats.md §2.3), but what a server makes of
    active lines in a disabled block is not documented: none is left, managed or not. Enabling
    again restores the managed ones (they are commented settings to ``_enable_body``).
    """
    disabled = tuple(comment_out(line) if isinstance(line, Entry) else line for line in body)
    return body if disabled == body else disabled


def _set_value(line: Entry, value: str) -> Entry:
    """``line`` (a setting, or a commented one without its ``;``) set to ``value``.

    Keeps its indent, spelling, separator, trailing blanks and a trailing note (``; legacy``),
    unless the note holds a brace: ``KEYWORD value ;}`` would read as a line that closes the
    block (FCS209), so the edited file would be one fcsec itself refuses.
    """
    note = trailing_note(line.value)
    if "{" in note or "}" in note:
        note = ""
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
        slots[slot].append(new_line(SSL_KEYWORDS[rank], wanted[key], indent, eol))
        slot_of[key] = slot
    return slots
