"""The front end is re-entrant: threads loading different specs at once each get IR and
diagnostics whose spans point into their own source, never into another thread's.

A language server checks documents from its worker threads and an Ansible module may run in
several workers of one process; both call ``load_spec`` concurrently. The switch interval is
made tiny so that the threads interleave inside the parser, where shared state would show.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
import pytest

from fcsec.api import environments, load_spec, parse_spec
from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile, Span

EXAMPLES = Path(__file__).resolve().parents[2] / "specs" / "examples"
THREADS = 8
ROUNDS = 6


def _spans(node: object) -> Iterator[Span]:
    """Every span in an IR or diagnostic tree."""
    if isinstance(node, Span):
        yield node
    elif isinstance(node, tuple | list):
        for item in node:
            yield from _spans(item)
    elif attrs.has(type(node)):
        for field in attrs.fields(type(node)):  # type: ignore[arg-type]
            yield from _spans(getattr(node, field.name))
    elif not isinstance(node, str):  # a plain class with __slots__ (syntax nodes, records)
        for name in getattr(type(node), "__slots__", ()):
            yield from _spans(getattr(node, name))


def _sources() -> list[SourceFile]:
    """Valid specs of different lengths (the examples, renamed per thread) and broken ones that
    take the slow path through lark."""
    texts = sorted(path.read_text(encoding="utf-8") for path in EXAMPLES.glob("*.fcsec"))
    assert texts, f"no example specs in {EXAMPLES}"
    sources = [SourceFile(f"valid-{index}.fcsec", text) for index, text in enumerate(texts)]
    broken = [
        "fcsec = 1\n[server\nproduct = 'faircom-db'\n",
        "fcsec = 1\n\n\n[listeners.a]\nport = = 1\n",
        'fcsec = 1\n[listeners.b]\nprotocol = "https"\nport = 70000\n',
        "fcsec = 1\nx = [1,,]\n",
    ]
    sources += [SourceFile(f"broken-{index}.fcsec", text) for index, text in enumerate(broken)]
    return sources


def _load_all(source: SourceFile) -> list[Span]:
    """Load ``source`` for every environment; the spans of everything that came back."""
    spans: list[Span] = []
    try:
        tree = parse_spec(source)
        for env in (None, *environments(source, tree=tree)):
            try:
                loaded = load_spec(source, env, tree=tree)
            except DiagnosticError as failure:
                spans.extend(_spans(failure.diagnostics))
                continue
            spans.extend(_spans(loaded.spec))
            spans.extend(_spans(loaded.warnings))
    except DiagnosticError as failure:
        spans.extend(_spans(failure.diagnostics))
    return spans


@pytest.fixture
def tiny_switch_interval() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.mark.usefixtures("tiny_switch_interval")
def test_threads_loading_different_specs_get_spans_into_their_own_source() -> None:
    sources = _sources()
    jobs = [source for _ in range(ROUNDS) for source in sources]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(_load_all, jobs))
    wrong = []
    for source, spans in zip(jobs, results, strict=True):
        assert spans, f"{source.name}: nothing came back"
        for span in spans:
            if span.source is not source or not 0 <= span.start <= span.end <= len(source.text):
                wrong.append((source.name, span.source.name, span.start, span.end))
    assert wrong == []


def test_a_second_load_of_one_source_gives_an_equal_spec() -> None:
    source = SourceFile("a.fcsec", (EXAMPLES / "production.fcsec").read_text(encoding="utf-8"))
    other = SourceFile("b.fcsec", (EXAMPLES / "quickstart.fcsec").read_text(encoding="utf-8"))
    first = load_spec(source)
    load_spec(other)
    again = load_spec(source)
    assert again.spec == first.spec
    assert {span.source.name for span in _spans(again.spec)} == {"a.fcsec"}
