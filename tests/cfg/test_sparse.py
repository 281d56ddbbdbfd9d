"""The sparse parse behind ``apply_ssl_plan`` gives the bytes and diagnostics of a full parse.

``apply_ssl_plan`` parses only the lines an edit can look at (``fcsec.cfg.parse.parse_sparse``),
so that a 100,000-line ctsrvr.cfg costs a regex scan. These properties hold it to the reference:
``render(edit_document(parse(text), plan))``, with the same diagnostics when the file is refused.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.cfg.strategies import BOM, documents, hostile_ssl_lines, plans, texts

from fcsec.cfg.edit import (
    _MARKS,
    SslParses,
    _is_ssl_header,
    apply_ssl_plan,
    edit_document,
    edit_ssl,
)
from fcsec.cfg.model import dominant_eol
from fcsec.cfg.parse import _last_line_start, parse, parse_sparse
from fcsec.cfg.plan import SslBlockPlan
from fcsec.cfg.render import render, render_content
from fcsec.cfg.shape import ssl_block_problems
from fcsec.diagnostics import Diagnostic, DiagnosticError
from fcsec.lint.configview_ctsrvr import read_database
from fcsec.source import SourceFile, Span, dominant_line_ending


def _facts(diagnostics: tuple[Diagnostic, ...]) -> list[object]:
    def where(span: Span | None) -> object:
        return None if span is None else (span.start, span.end)

    return [
        (
            d.rule,
            d.message,
            where(d.span),
            d.hint,
            [(r.message, where(r.span)) for r in d.related],
        )
        for d in diagnostics
    ]


def _reference(text: str, plan: SslBlockPlan) -> object:
    """What a full parse makes of the edit: the new text, or the facts of the refusal."""
    source = SourceFile(name="ctsrvr.cfg", text=text)
    try:
        after = render(edit_document(parse(source), plan))
    except DiagnosticError as refused:
        return _facts(refused.diagnostics)
    return text if after == text else after


def _sparse(text: str, plan: SslBlockPlan) -> object:
    try:
        return apply_ssl_plan(SourceFile(name="ctsrvr.cfg", text=text), plan)
    except DiagnosticError as refused:
        return _facts(refused.diagnostics)


# Lines whose every byte could matter, glued into files with many lines that do not.
_FILLER = st.sampled_from(
    [
        "LOCAL_DIRECTORY x\n",
        "; comment\n",
        "\n",
        "SQL_OPTION a b\r\n",
        "  \t\n",
        "X y\r",
        "Z",
        "Comm_Protocol F_TCPIP\n",
        # U+0130 grows when lower-cased: the mark search must not lose its place.
        "SETENV \u0130\n",
    ]
)


@st.composite
def _padded(draw: st.DrawFn) -> str:
    hostile = hostile_ssl_lines().map(lambda lines: "\n".join(lines[0]) + "\n")
    parts = [draw(st.one_of(texts, documents().map(render), hostile))]
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(parts)))
        parts.insert(at, "".join(draw(st.lists(_FILLER, max_size=6))))
    return "".join(parts)


@given(st.one_of(texts, documents(ssl_blocks=(0, 1, 2)).map(render), _padded()), plans())
def test_the_sparse_edit_equals_the_full_one(text: str, plan: SslBlockPlan) -> None:
    assert _sparse(text, plan) == _reference(text, plan)


def _database_facts(source: SourceFile, parses: SslParses) -> object:
    part, problems = read_database(source, parses)
    return (
        repr(part),
        _facts(problems),
        [
            None
            if setting.span is None
            else (setting.span.start, setting.span.end, setting.value_start)
            for setting in (*part.protocols, *part.settings, *part.stray)
        ],
    )


@given(st.one_of(texts, documents(ssl_blocks=(0, 1, 2)).map(render), _padded()), plans())
def test_the_document_after_an_edit_reads_as_a_parse_of_the_new_text(
    text: str, plan: SslBlockPlan
) -> None:
    before = SourceFile(name="ctsrvr.cfg", text=text)
    parses = SslParses()
    try:
        edited = edit_ssl(before, plan, parses=parses)
    except DiagnosticError:
        return
    after = SourceFile(name="ctsrvr.cfg", text=edited.text)
    derived = parses.sparse(after)
    fresh = parse_sparse(after, _MARKS, _is_ssl_header)
    if edited.text == text:
        assert derived is parses.sparse(before)
    assert derived.render(derived.document) == edited.text
    for line in derived.document.lines():
        if line.span is not None:
            assert line.span.source.text == edited.text
            assert edited.text[line.span.start : line.span.end] == render_content(line)
    assert _facts(derived.document.diagnostics) == _facts(fresh.document.diagnostics)
    assert _facts(ssl_block_problems(derived.document)) == _facts(
        ssl_block_problems(fresh.document)
    )
    assert _database_facts(after, parses) == _database_facts(after, SslParses())


@given(st.one_of(texts, documents(problems=True).map(render), _padded()))
def test_the_sparse_document_has_the_diagnostics_of_the_full_one(text: str) -> None:
    source = SourceFile(name="ctsrvr.cfg", text=text)
    sparse = parse_sparse(source, _MARKS, _is_ssl_header)
    assert _facts(sparse.document.diagnostics) == _facts(parse(source).diagnostics)
    assert sparse.render(sparse.document) == text


@given(st.one_of(texts, documents().map(render), _padded()))
def test_the_dominant_line_ending_is_counted_alike_on_the_text(text: str) -> None:
    # The reference: the endings of the parsed lines, the first one seen winning a tie.
    endings = Counter(line.eol for line in parse(text).lines() if line.eol)
    expected = endings.most_common(1)[0][0] if endings else "\n"
    assert dominant_line_ending(text) == dominant_eol(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "start"),
    [("", 0), ("a", 0), ("\n", 0), ("a\n", 0), ("a\nb", 2), ("a\n\n", 2), ("a\r\n", 0)],
)
def test_the_last_line_start(text: str, start: int) -> None:
    assert _last_line_start(text, 0) == start
    assert _last_line_start(BOM + text, 1) == (start + 1 if text else 1)


def test_a_big_file_parses_only_the_lines_that_matter() -> None:
    body = "".join(f"KEYWORD_{index} value {index}\n" for index in range(5000))
    text = body + "SUBSYSTEM COMM_PROTOCOL SSL {\nSSL_CONNECTIONS_ONLY YES\n}\n" + body
    sparse = parse_sparse(SourceFile(name="ctsrvr.cfg", text=text), _MARKS, _is_ssl_header)
    lines = list(sparse.document.lines())
    assert len(lines) < 10
    assert sparse.render(sparse.document) == text


def test_blocks_an_edit_never_reads_are_not_parsed() -> None:
    # A real ctsrvr.cfg repeats blocks such as FairCom's commented SECURITY PASSWORD block: each
    # is closed and holds no mark, so it joins the text around it instead of becoming lines.
    other = ";SUBSYSTEM SECURITY PASSWORD {\n;MINIMUM_LENGTH 8\n}\nSUBSYSTEM EVENT X {\nA b\n}\n"
    text = other * 2000 + "SUBSYSTEM COMM_PROTOCOL SSL {\nSSL_CONNECTIONS_ONLY YES\n}\n" + other
    sparse = parse_sparse(SourceFile(name="ctsrvr.cfg", text=text), _MARKS, _is_ssl_header)
    assert len(list(sparse.document.lines())) < 10
    assert sparse.render(sparse.document) == text
    assert not sparse.document.diagnostics


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # Not the SSL block (extra words), yet refused: its header holds COMM_PROTOCOL, so the
        # block is parsed although nothing inside it is marked.
        ("SUBSYSTEM COMM_PROTOCOL SSL EXTRA {\nSERVER_CERTIFICATE_FILE a\n}\nX y\n", "FCS211"),
        # A block that does not close on its own `}` keeps its lines: the nested header is found.
        ("SUBSYSTEM A B {\nSUBSYSTEM C D {\n}\nX y\n", "FCS203"),
        ("SUBSYSTEM A B {\nX y\n}\n}\nZ\n", "FCS201"),
    ],
)
def test_blocks_with_something_to_refuse_are_parsed(text: str, rule: str) -> None:
    plan = SslBlockPlan(settings=(), enabled=False)
    refused = _sparse(text, plan)
    assert isinstance(refused, list)
    assert [fact[0] for fact in refused] == [rule]
    assert refused == _reference(text, plan)
