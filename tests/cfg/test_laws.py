"""The round-trip and edit laws of design.md, as hypothesis properties on generated and real files.

GetPut ``render(parse(t)) == t``; PutGet ``parse(render(doc)) == doc``; Locality (an edit changes
only the SSL block and the shared-memory protocol lines); Idempotence; Rejection (a file with
structural problems gets diagnostics with a line, never another exception); PutGet for the edit
(the result reads back as the plan); and a differential check of the model against a naive reader.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.cfg.strategies import (
    BOM,
    HOSTILE_RULES,
    documents,
    hostile_ssl_lines,
    plans,
    texts,
)

from fcsec.cfg.cst import Blank, Block, BlockOpen, Comment, Document, Entry, key_of, split_words
from fcsec.cfg.edit import apply_ssl_plan, edit_document
from fcsec.cfg.model import BlockView, commented_setting, trailing_note, view
from fcsec.cfg.parse import parse
from fcsec.cfg.plan import SSL_KEYWORDS, SslBlockPlan
from fcsec.cfg.render import render, render_content
from fcsec.diagnostics import DiagnosticError
from fcsec.record import replace
from fcsec.source import SourceFile

SSL_KEYS = {key_of(keyword) for keyword in SSL_KEYWORDS}
STRUCTURE_RULES = {"FCS201", "FCS202", "FCS203"}
# Every reason apply_ssl_plan may refuse a file (FCS212 is about the plan, never generated here).
REFUSAL_RULES = {*STRUCTURE_RULES, "FCS204", *HOSTILE_RULES}

# The samples fixture only names a folder; hypothesis may share it between examples.
with_samples = settings(
    suppress_health_check=[
        *settings().suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ]
)


def _apply(text: str, plan: SslBlockPlan) -> str:
    return apply_ssl_plan(SourceFile(name="ctsrvr.cfg", text=text), plan)


# --- GetPut / PutGet ------------------------------------------------------------------------------


@given(texts)
def test_get_put_holds_for_arbitrary_text(text: str) -> None:
    assert render(parse(text)) == text


@given(documents(ssl_blocks=(0, 1, 2)))
def test_get_put_holds_for_realistic_files(document: Document) -> None:
    text = render(document)
    assert render(parse(text)) == text


@given(st.one_of(documents(ssl_blocks=(0, 1, 2)), documents(problems=True)))
def test_put_get_holds_for_generated_trees(document: Document) -> None:
    assert parse(render(document)) == document


# --- the edit laws --------------------------------------------------------------------------------


def _is_protocol_line(line: object) -> bool:
    """A top-level line the shared-memory edit may touch or add."""
    if isinstance(line, Entry):
        return key_of(line.keyword) == "COMM_PROTOCOL" and key_of(line.value) in (
            "F_TCPIP",
            "FSHAREMM",
        )
    if isinstance(line, Comment):
        words = split_words(f"{line.keyword} {line.value}")
        return tuple(key_of(word) for word in words) == ("COMM_PROTOCOL", "FSHAREMM")
    return False


def _managed(document: Document) -> set[int]:
    """Indexes of the lines an edit may touch: the SSL block, protocol lines, blanks before them."""
    managed: set[int] = set()
    index = 0
    for item in document.items:
        if isinstance(item, Block):
            size = len(tuple(item.lines()))
            if view(Document(items=(item,))).find_blocks("COMM_PROTOCOL", "SSL"):
                managed.update(range(index, index + size))
            index += size
        else:
            if _is_protocol_line(item):
                managed.add(index)
            index += 1
    lines = list(document.lines())
    has_ssl = bool(view(document).find_blocks("COMM_PROTOCOL", "SSL"))
    if lines and isinstance(lines[-1], Blank) and not has_ssl:
        managed.add(len(lines) - 1)  # the blank line before a block appended after it
    for position, line in enumerate(lines[:-1]):
        following = lines[position + 1]
        before_managed = isinstance(following, BlockOpen) or _is_protocol_line(following)
        if isinstance(line, Blank) and position + 1 in managed and before_managed:
            managed.add(position)
    return managed


def assert_locality(before: str, after: str) -> None:
    """Every line outside the managed lines is unchanged, in the same order."""
    old_doc, new_doc = parse(before), parse(after)
    assert old_doc.bom == new_doc.bom
    old = [(render_content(line), line.eol) for line in old_doc.lines()]
    new = [(render_content(line), line.eol) for line in new_doc.lines()]
    old_managed, new_managed = _managed(old_doc), _managed(new_doc)
    last = len(old) - 1

    def same(i: int, line: tuple[str, str]) -> bool:
        # The last line may gain the line ending it lacked (new text is appended after it).
        return old[i][0] == line[0] and (old[i][1] == line[1] or (i == last and not old[i][1]))

    matcher = difflib.SequenceMatcher(
        None, [content for content, _ in old], [content for content, _ in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                assert same(i1 + offset, new[j1 + offset]) or i1 + offset in old_managed
        else:
            assert set(range(i1, i2)) <= old_managed, (tag, old[i1:i2])
            assert set(range(j1, j2)) <= new_managed, (tag, new[j1:j2])
    kept_old = [i for i in range(len(old)) if i not in old_managed]
    kept_new = [new[j] for j in range(len(new)) if j not in new_managed]
    assert len(kept_old) == len(kept_new)
    assert all(same(i, line) for i, line in zip(kept_old, kept_new, strict=True))


def _holds(value: str, wanted: str) -> bool:
    """The value is ``wanted``, perhaps with a trailing note that an edit keeps."""
    rest = value.removeprefix(wanted)
    return value.startswith(wanted) and (
        rest == "" or (rest[0] in " \t" and trailing_note(rest) == rest)
    )


def _block_settings(block: BlockView) -> list[tuple[str, str]]:
    """Managed (key, value) pairs of the block: active lines, or commented ones when disabled."""
    if block.enabled:
        entries = [setting.line for setting in block.settings]
    else:
        entries = [
            entry
            for line in block.block.body
            if isinstance(line, Comment) and (entry := commented_setting(line)) is not None
        ]
    return sorted((key_of(e.keyword), e.value) for e in entries if key_of(e.keyword) in SSL_KEYS)


def assert_reads_back_as_plan(before: str, after: str, plan: SslBlockPlan) -> None:
    old, new = view(parse(before)), view(parse(after))
    (block,) = new.find_blocks("COMM_PROTOCOL", "SSL")
    assert block.enabled == plan.enabled
    wanted = sorted((key_of(keyword), value) for keyword, value in plan.settings)
    if plan.enabled:
        managed = _block_settings(block)
        assert [key for key, _ in managed] == [key for key, _ in wanted]
        assert all(_holds(got, value) for (_, got), (_, value) in zip(managed, wanted, strict=True))
    else:
        # Disabled: no line of the block is active; an existing block keeps its values, a new
        # one holds the plan, commented.
        assert block.settings == ()
        if not old.find_blocks("COMM_PROTOCOL", "SSL"):
            assert _block_settings(block) == wanted
    protocols_before = [key_of(value) for value in old.values("COMM_PROTOCOL")]
    protocols = [key_of(value) for value in new.values("COMM_PROTOCOL")]
    if plan.shared_memory is None:
        assert protocols == protocols_before
    elif plan.shared_memory:
        assert "FSHAREMM" in protocols
        if not protocols_before:  # the implicit F_TCPIP must survive
            assert "F_TCPIP" in protocols
    else:
        assert "FSHAREMM" not in protocols
    others = [(s.keyword, s.value) for s in old.settings if s.key != "COMM_PROTOCOL"]
    assert others == [(s.keyword, s.value) for s in new.settings if s.key != "COMM_PROTOCOL"]


def assert_edit_laws(text: str, plan: SslBlockPlan) -> None:
    edited = edit_document(parse(text), plan)
    assert parse(render(edited)) == edited  # the edit builds only trees the parser would build
    once = _apply(text, plan)
    assert_locality(text, once)
    assert _apply(once, plan) == once
    assert_reads_back_as_plan(text, once, plan)


@given(documents(), plans())
def test_edit_laws_hold_for_realistic_files(document: Document, plan: SslBlockPlan) -> None:
    assert_edit_laws(render(document), plan)


@given(texts, plans())
def test_edit_of_arbitrary_text_succeeds_lawfully_or_is_rejected(
    text: str, plan: SslBlockPlan
) -> None:
    try:
        _apply(text, plan)
    except DiagnosticError as rejected:
        assert rejected.diagnostics
        for diagnostic in rejected.diagnostics:
            assert diagnostic.rule in REFUSAL_RULES
            assert diagnostic.span is not None and diagnostic.span.line >= 1
        return
    assert_edit_laws(text, plan)


@given(documents(problems=True), plans())
def test_files_with_structural_problems_are_rejected_with_lines(
    document: Document, plan: SslBlockPlan
) -> None:
    text = render(document)
    with pytest.raises(DiagnosticError) as rejected:
        _apply(text, plan)
    line_count = len(tuple(document.lines()))
    rules = {d.rule for d in rejected.value.diagnostics}
    assert rules <= REFUSAL_RULES and rules & STRUCTURE_RULES
    for diagnostic in rejected.value.diagnostics:
        assert diagnostic.span is not None
        assert 1 <= diagnostic.span.line <= line_count


@given(documents(ssl_blocks=(2, 3)), plans())
def test_files_with_two_ssl_blocks_are_rejected(document: Document, plan: SslBlockPlan) -> None:
    with pytest.raises(DiagnosticError) as rejected:
        _apply(render(document), plan)
    assert {d.rule for d in rejected.value.diagnostics} == {"FCS204"}
    assert all(d.span is not None for d in rejected.value.diagnostics)


@st.composite
def _with_hostile_block(draw: st.DrawFn) -> tuple[str, str, int, int]:
    """A realistic file with an SSL block look-alike between two of its items (any may be SSL).

    Returns the text, the rule that must refuse it and the range of lines the look-alike holds.
    """
    document = draw(documents(ssl_blocks=(0, 1)))
    lines, rule = draw(hostile_ssl_lines())
    at = draw(st.integers(0, len(document.items)))
    before = render(replace(document, items=document.items[:at]))
    after = render(replace(document, items=document.items[at:], bom=""))
    if before.removeprefix(BOM) and not before.endswith(("\n", "\r")):
        before += "\n"
    first = len(list(parse(before).lines())) + 1
    return before + "\n".join(lines) + "\n" + after, rule, first, first + len(lines) - 1


@given(_with_hostile_block(), plans())
def test_unusual_ssl_blocks_are_refused_at_their_line_never_edited_around(
    case: tuple[str, str, int, int], plan: SslBlockPlan
) -> None:
    text, rule, first, last = case
    with pytest.raises(DiagnosticError) as refused:
        _apply(text, plan)
    diagnostics = refused.value.diagnostics
    assert {d.rule for d in diagnostics} <= REFUSAL_RULES
    assert all(d.span is not None and d.hint for d in diagnostics if d.rule in HOSTILE_RULES)
    # A block that does not close swallows the lines after it, so the same rule may also find a
    # line of the file further down; one finding is always at the look-alike itself.
    located = [d for d in diagnostics if d.rule == rule and d.span is not None]
    assert any(first <= d.span.line <= last for d in located if d.span), diagnostics


def _one_line_per_key(text: str) -> bool:
    """The SSL block has at most one line, active or commented, per managed keyword."""
    (block,) = view(parse(text)).find_blocks("COMM_PROTOCOL", "SSL")
    keys = []
    for line in block.block.body:
        entry = commented_setting(line) if isinstance(line, Comment) else line
        if isinstance(entry, Entry) and key_of(entry.keyword) in SSL_KEYS:
            keys.append(key_of(entry.keyword))
    return len(keys) == len(set(keys)) and not block.block.header.indent


@given(documents(), plans())
def test_disabling_then_enabling_gives_back_the_enabled_file(
    document: Document, plan: SslBlockPlan
) -> None:
    enabled = replace(plan, enabled=True)
    disabled = replace(plan, enabled=False)
    once = _apply(render(document), enabled)
    off = _apply(once, disabled)
    assert_locality(once, off)
    assert _apply(off, disabled) is off
    (block,) = view(parse(off)).find_blocks("COMM_PROTOCOL", "SSL")
    assert not block.enabled and not any(isinstance(line, Entry) for line in block.block.body)
    again = _apply(off, enabled)
    assert view(parse(again)).values("COMM_PROTOCOL") == view(parse(once)).values("COMM_PROTOCOL")
    assert_reads_back_as_plan(off, again, enabled)
    if _one_line_per_key(once) and not any(
        isinstance(line, Entry) and key_of(line.keyword) not in SSL_KEYS
        for line in view(parse(once)).find_blocks("COMM_PROTOCOL", "SSL")[0].block.body
    ):
        assert again == once


# --- differential: the model against a naive reader of the FairCom rules --------------------------

_HEADER = re.compile(r";?SUBSYSTEM[ \t].*\{", re.IGNORECASE | re.ASCII)
_SETTING = re.compile(r"([^ \t]*)[ \t]*(.*)")


def naive_read(text: str) -> tuple[list[tuple[str, str]], int]:
    """Active top-level (keyword, value) pairs and the number of blocks, the simplest way."""
    settings: list[tuple[str, str]] = []
    blocks = 0
    in_block = False
    for raw in re.split(r"\r\n|\r|\n", text.removeprefix(BOM)):
        line = raw.strip(" \t")
        if in_block:
            in_block = line != "}"
        elif _HEADER.fullmatch(line):
            in_block, blocks = True, blocks + 1
        elif line and not line.startswith(";") and line != "}":
            match = _SETTING.fullmatch(line)
            assert match is not None
            settings.append((match[1], match[2]))
    return settings, blocks


@given(st.one_of(texts, documents().map(render)))
def test_model_agrees_with_a_naive_reader(text: str) -> None:
    model = view(parse(text))
    assert naive_read(text) == (
        [(setting.keyword, setting.value) for setting in model.settings],
        len(model.blocks),
    )


# --- the real files -------------------------------------------------------------------------------


def _real_configs(samples: Path) -> list[str]:
    files = sorted(samples.rglob("*.cfg"))
    assert files, f"no ctsrvr.cfg under {samples}"
    return [path.read_bytes().decode("utf-8", "surrogateescape") for path in files]


def test_get_put_holds_for_the_real_files(samples: Path) -> None:
    for text in _real_configs(samples):
        assert render(parse(text)) == text
        assert not parse(text).diagnostics


@with_samples
@given(plans())
def test_edit_laws_hold_for_the_real_files(samples: Path, plan: SslBlockPlan) -> None:
    for text in _real_configs(samples):
        assert_edit_laws(text, plan)
        assert_edit_laws(text.replace("\n", "\r\n"), plan)
