"""tomllib is the oracle: fcsec reads every text of its grammar exactly as TOML does.

Three properties: (1) a grammar-generated text both accept gives the same data; (2) a
grammar-generated text tomllib rejects breaks a TOML rule no grammar can express (a key defined
twice, a table redefined) and fcsec rejects it too; (3) plain data written by tomli-w, the way
``fcsec import`` writes specs, reads back as the same data.
"""

from __future__ import annotations

import tomllib

import tomli_w
from hypothesis import example, given
from tests.properties.spec_strategies import PLAIN_DOCUMENTS, Plain, grammar_texts

from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile
from fcsec.spec.document import PlainValue, assemble, to_plain
from fcsec.spec.parser import parse_document


def _fcsec(text: str) -> PlainValue:
    return to_plain(assemble(parse_document(SourceFile("oracle.fcsec", text))))


def _tomllib(text: str) -> dict[str, object] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


@given(grammar_texts())
@example("a.b = 1\na.c = 2\n[x]\ny.z = 3\n")
@example("a = {b.c = 1, b.d = 2}\n")
@example("[a.b]\n[a]\nc = 1\n")
def test_texts_both_accept_give_the_same_data(text: str) -> None:
    expected = _tomllib(text)
    if expected is None:
        return  # covered by the next test
    assert _fcsec(text) == expected


@given(grammar_texts())
@example("a = 1\na = 2\n")
@example("[a]\n[a]\n")
@example("a.b = 1\n[a]\n")
@example("[a.b]\n[a]\nb.c = 1\n")
@example("a = {b = 1}\na.c = 2\n")
@example("a = [1]\n[a]\n")
@example("a = {b = 1, b = 2}\n")
@example("\"a\" = 1\n'a' = 2\n")
@example("a.b = 1\n[a.b.c]\n")
@example('a = [{c = true, c = "a"}]\n')
@example("a = [[{c = {d = 1}, c.e = 1}]]\n")
def test_texts_tomllib_rejects_are_rejected(text: str) -> None:
    if _tomllib(text) is not None:
        return  # covered by the previous test
    try:
        _fcsec(text)
    except DiagnosticError:
        return
    raise AssertionError(f"fcsec accepts a text tomllib rejects: {text!r}")


@given(PLAIN_DOCUMENTS)
@example({})
@example({"a": {}, "b": {"c": {}}})
@example({"": {"a b": ["x", "y\n"]}})
def test_data_written_by_tomli_w_reads_back_the_same(document: dict[str, Plain]) -> None:
    text = tomli_w.dumps(document)
    assert _fcsec(text) == document
