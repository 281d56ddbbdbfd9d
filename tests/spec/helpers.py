"""Small helpers shared by the spec front-end tests: load text, collect diagnostics, find spans."""

from __future__ import annotations

import pytest

from fcsec.api import Loaded, load_spec
from fcsec.diagnostics import Diagnostic, DiagnosticError
from fcsec.source import SourceFile, Span
from fcsec.spec import syntax as ast
from fcsec.spec.document import Table, assemble
from fcsec.spec.parser import parse_document

NAME = "test.fcsec"


def source(text: str) -> SourceFile:
    return SourceFile(NAME, text)


def parse(text: str) -> ast.Document:
    return parse_document(source(text))


def tree(text: str) -> Table:
    return assemble(parse(text))


def load(text: str, env: str | None = None) -> Loaded:
    return load_spec(source(text), env=env)


def failure(call: object, *args: object, **kwargs: object) -> tuple[Diagnostic, ...]:
    """The diagnostics a call raises; fails the test when it raises none."""
    assert callable(call)
    with pytest.raises(DiagnosticError) as raised:
        call(*args, **kwargs)
    return raised.value.diagnostics


def load_errors(text: str, env: str | None = None) -> tuple[Diagnostic, ...]:
    return failure(load, text, env)


def only(diagnostics: tuple[Diagnostic, ...], rule: str) -> Diagnostic:
    """The one diagnostic of ``rule``; fails when there is not exactly one."""
    found = [diagnostic for diagnostic in diagnostics if diagnostic.rule == rule]
    rules = [diagnostic.rule for diagnostic in diagnostics]
    assert len(found) == 1, f"expected one {rule}, got {rules}"
    return found[0]


def text_at(span: Span | None) -> str:
    assert span is not None
    return span.source.text[span.start : span.end]


def where(span: Span | None) -> tuple[int, int]:
    assert span is not None
    return span.line, span.column


CERT = '[certs.server]\nfile = "serverCert.pem"\nkey = "serverKey.pem"\n'
BASE = "fcsec = 1\n" + CERT
