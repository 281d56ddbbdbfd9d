"""The shipped LALR tables (fcsec.spec.parser_tables) are those of the grammar, and parse alike.

When this fails after a grammar change: ``python scripts/build_parser_tables.py``.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import lark
import pytest

from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile
from fcsec.spec import parser, parser_tables
from fcsec.spec.syntax_errors import diagnostic_from_lark

ROOT = Path(__file__).resolve().parent.parent.parent
REGENERATE = "the tables are stale: run python scripts/build_parser_tables.py"
SAME_LARK = pytest.mark.skipif(
    lark.__version__ != parser_tables.LARK_VERSION,
    reason=f"tables made with lark {parser_tables.LARK_VERSION}, lark {lark.__version__} is "
    "installed (fcsec builds the parser from the grammar); regenerate them with this lark",
)
TEXTS = [
    *(path.read_text(encoding="utf-8") for path in sorted((ROOT / "specs").rglob("*.fcsec"))),
    *(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted((ROOT / "tests" / "data" / "spec").rglob("*.fcsec"))
    ),
    'a = [1, [2, {b.c = "x"}], \'y\',\n]\n[t . "q"]\nk = {}\n',
]


def test_the_tables_were_generated_from_the_grammar_as_shipped() -> None:
    assert parser.grammar_sha256() == parser_tables.GRAMMAR_SHA256, REGENERATE


@SAME_LARK
def test_regenerating_the_tables_gives_the_committed_bytes() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "build_parser_tables.py"))
    committed = (ROOT / "compiler" / "fcsec" / "spec" / "parser_tables.py").read_text("utf-8")
    assert generator["render"]() == committed, REGENERATE


@SAME_LARK
def test_the_parser_comes_from_the_tables() -> None:
    assert parser._from_tables(parser._Builder()) is not None


def test_stale_tables_fall_back_to_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser_tables, "GRAMMAR_SHA256", "0" * 64)
    assert parser._from_tables(parser._Builder()) is None
    monkeypatch.undo()
    monkeypatch.setattr(parser_tables, "LARK_VERSION", "0.0.0")
    assert parser._from_tables(parser._Builder()) is None


def _outcome(built: lark.Lark, builder: parser._Builder, text: str) -> object:
    """What one parser makes of a text: the syntax tree, or the diagnostics of its error."""
    source = SourceFile("t.fcsec", text)
    builder.point_at(source)
    try:
        return built.parse(text if text.endswith("\n") else text + "\n")
    except lark.exceptions.LarkError as exc:
        found = diagnostic_from_lark(exc, source)
        where = None if found.span is None else (found.span.start, found.span.end)
        return (found.rule, found.message, where, found.label, found.hint)


@SAME_LARK
@pytest.mark.parametrize(
    "text",
    [
        *TEXTS,
        "a = \n",
        "[a\n",
        "a = [1,,]\n",
        "a = {b = 1,}\n",
        "= 1\n",
        "a.b. = 1\n",
        "a = 1 2\n",
        'a = "x\n',
        "a = 1.5\n",
        "[[a]]\n",
        "a = tru\n",
        "a = {\n",
    ],
)
def test_tables_and_grammar_parse_alike(text: str) -> None:
    from_tables = parser._Builder()
    restored = parser._from_tables(from_tables)
    assert restored is not None
    from_grammar = parser._Builder()
    built = parser.build_from_grammar(from_grammar)
    expected = _outcome(built, from_grammar, text)
    assert _outcome(restored, from_tables, text) == expected


def test_a_syntax_error_still_becomes_a_diagnostic() -> None:
    with pytest.raises(DiagnosticError):
        parser.parse_document(SourceFile("t.fcsec", "a = = 1\n"))
