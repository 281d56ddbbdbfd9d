"""Texts generated from the grammar are accepted by the parser, and never crash the pipeline.

The generator and the parser read the same grammar file (grammar/fcsec_spec.lark) with the same
parser configuration, so a text the generator draws and the parser rejects is a grammar or
lexer bug (a terminal that shadows another, a lookahead that refuses valid input).
"""

from __future__ import annotations

import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from tests.properties.spec_strategies import Plain, grammar_texts, spec_documents

from fcsec.api import load_spec
from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile
from fcsec.spec import syntax as ast
from fcsec.spec.parser import parse_document


@given(grammar_texts())
def test_every_text_the_grammar_generates_parses(text: str) -> None:
    document = parse_document(SourceFile("generated.fcsec", text))
    assert isinstance(document, ast.Document)


@given(grammar_texts())
def test_generated_text_through_load_spec_raises_only_diagnostics(text: str) -> None:
    try:
        load_spec(SourceFile("generated.fcsec", text))
    except DiagnosticError as failure:
        assert failure.diagnostics


@given(spec_documents(), st.sampled_from([None, "dev", "nope"]))
def test_spec_shaped_documents_raise_only_located_diagnostics(
    document: dict[str, Plain], env: str | None
) -> None:
    source = SourceFile("shaped.fcsec", tomli_w.dumps(document))
    try:
        loaded = load_spec(source, env=env)
    except DiagnosticError as failure:
        diagnostics = failure.diagnostics
        assert any(diagnostic.is_error for diagnostic in diagnostics)
    else:
        diagnostics = loaded.warnings
    for diagnostic in diagnostics:
        assert diagnostic.span is not None
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(source.text)
