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
from tests.cfg.strategies import BOM, documents, plans, texts

from fcsec.cfg.cst import Blank, Block, BlockOpen, Comment, Document, Entry, key_of, split_words
from fcsec.cfg.edit import apply_ssl_plan, edit_document
from fcsec.cfg.model import view
from fcsec.cfg.parse import parse
from fcsec.cfg.plan import SSL_KEYWORDS, SslBlockPlan
from fcsec.cfg.render import render, render_content
from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile

SSL_KEYS = {key_of(keyword) for keyword in SSL_KEYWORDS}
STRUCTURE_RULES = {"FCS201", "FCS202", "FCS203"}

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


def assert_reads_back_as_plan(before: str, after: str, plan: SslBlockPlan) -> None:
    old, new = view(parse(before)), view(parse(after))
    (block,) = new.find_blocks("COMM_PROTOCOL", "SSL")
    assert block.enabled == plan.enabled
    managed = sorted((s.key, s.value) for s in block.settings if s.key in SSL_KEYS)
    assert managed == sorted((key_of(keyword), value) for keyword, value in plan.settings)
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
            assert diagnostic.rule in {*STRUCTURE_RULES, "FCS204"}
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
    assert {d.rule for d in rejected.value.diagnostics} <= STRUCTURE_RULES
    for diagnostic in rejected.value.diagnostics:
        assert diagnostic.span is not None
        assert 1 <= diagnostic.span.line <= line_count


@given(documents(ssl_blocks=(2, 3)), plans())
def test_files_with_two_ssl_blocks_are_rejected(document: Document, plan: SslBlockPlan) -> None:
    with pytest.raises(DiagnosticError) as rejected:
        _apply(render(document), plan)
    assert {d.rule for d in rejected.value.diagnostics} == {"FCS204"}
    assert all(d.span is not None for d in rejected.value.diagnostics)


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
