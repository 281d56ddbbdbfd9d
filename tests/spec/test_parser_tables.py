"""The shipped LALR tables (fcsec.spec.parser_tables and fcsec.spec.lark_tables) are those of the
grammar, and parse alike.

When this fails after a grammar change: ``python scripts/build_parser_tables.py``.
"""

from __future__ import annotations

import functools
import runpy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import lark
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.properties.spec_strategies import grammar_texts

from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile, Span
from fcsec.spec import lark_tables, parser, parser_tables
from fcsec.spec.lalr import Reject
from fcsec.spec.syntax_errors import diagnostic_from_lark

ROOT = Path(__file__).resolve().parent.parent.parent
REGENERATE = "the tables are stale: run python scripts/build_parser_tables.py"
SAME_LARK = pytest.mark.skipif(
    lark.__version__ != lark_tables.LARK_VERSION,
    reason=f"tables made with lark {lark_tables.LARK_VERSION}, lark {lark.__version__} is "
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
    assert parser.grammar_text() == parser_tables.GRAMMAR_TEXT, REGENERATE
    assert parser.grammar_sha256() == lark_tables.GRAMMAR_SHA256, REGENERATE
    assert parser.grammar_text() == lark_tables.GRAMMAR_TEXT, REGENERATE


@SAME_LARK
def test_regenerating_the_tables_gives_the_committed_bytes() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "build_parser_tables.py"))
    rendered = generator["render"]()
    names = {path.name for path in rendered}
    assert names == {"parser_tables.py", "lark_tables.py"}
    for path, text in rendered.items():
        committed = (ROOT / "compiler" / "fcsec" / "spec" / path.name).read_text("utf-8")
        assert text == committed, f"{path.name}: {REGENERATE}"


@SAME_LARK
def test_the_parser_comes_from_the_tables() -> None:
    assert parser._from_tables(parser._Builder(SourceFile("t.fcsec", ""))) is not None


def test_stale_tables_fall_back_to_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lark_tables, "GRAMMAR_TEXT", 'start: "x"\n')
    assert parser._from_tables(parser._Builder(SourceFile("t.fcsec", ""))) is None
    monkeypatch.undo()
    monkeypatch.setattr(lark_tables, "LARK_VERSION", "0.0.0")
    assert parser._from_tables(parser._Builder(SourceFile("t.fcsec", ""))) is None


def _outcome(make: Callable[[parser._Builder], lark.Lark], text: str) -> object:
    """What one parser makes of a text: the syntax tree, or the diagnostics of its error."""
    source = SourceFile("t.fcsec", text)
    built = make(parser._Builder(source))
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
    def restored(builder: parser._Builder) -> lark.Lark:
        made = parser._from_tables(builder)
        assert made is not None
        return made

    expected = _outcome(parser.build_from_grammar, text)
    assert _outcome(restored, text) == expected


def test_a_syntax_error_still_becomes_a_diagnostic() -> None:
    with pytest.raises(DiagnosticError):
        parser.parse_document(SourceFile("t.fcsec", "a = = 1\n"))


# --- the table driver and the line recogniser give lark's tree, spans and all --------------------


def _shape(node: object) -> object:
    """A node as plain data with every span's offsets (spans are left out of ``==``)."""
    if isinstance(node, tuple | list):
        return [_shape(item) for item in node]
    if attrs.has(type(node)):
        fields: dict[str, object] = {}
        for field in attrs.fields(type(node)):  # type: ignore[arg-type]
            value = getattr(node, field.name)
            fields[field.name] = (
                (value.start, value.end) if isinstance(value, Span) else _shape(value)
            )
        return (type(node).__name__, fields)
    return node


class _Retargeted(parser._Builder):
    """A builder whose source can be changed: one lark parser built from the grammar (slow)
    serves every example of these single-threaded tests."""

    def retarget(self, source: SourceFile) -> None:
        self._source = source
        self.problems = []


@functools.cache
def _grammar_lark() -> tuple[lark.Lark, _Retargeted]:
    builder = _Retargeted(SourceFile("t.fcsec", ""))
    return parser.build_from_grammar(builder), builder


def _lark_outcome(text: str) -> object:
    built, builder = _grammar_lark()
    builder.retarget(SourceFile("t.fcsec", text))
    padded = text if text.endswith("\n") else text + "\n"
    try:
        tree = built.parse(padded)
    except lark.exceptions.LarkError:
        return "rejected"
    return ("problems", len(builder.problems)) if builder.problems else _shape(tree)


def _fast_outcome(text: str) -> object:
    source = SourceFile("t.fcsec", text)
    padded = text if text.endswith("\n") else text + "\n"
    try:
        tree = parser._drive(source, padded)
    except DiagnosticError as failure:
        return ("problems", len(failure.diagnostics))
    return "rejected" if tree is None else _shape(tree)


@given(st.one_of(grammar_texts(), st.sampled_from(TEXTS)))
@example("a . 'b' . \"c\" = 1\n")
@example("[ a . b . c ]  # x\r\nd = -0\n")
@example('a = [\n  ["x"],\n]\nb = "\\uD800"\n')
@example("a = true\nb = truex\n")
def test_the_driver_and_the_line_recogniser_build_lark_s_tree(text: str) -> None:
    if parser._driver() is None:
        pytest.skip("the shipped tables are stale")
    assert _fast_outcome(text) == _lark_outcome(text)


def test_the_driver_alone_builds_lark_s_tree_for_every_example() -> None:
    driver = parser._driver()
    if driver is None:
        pytest.skip("the shipped tables are stale")
    tables, _lines = driver
    for text in TEXTS:
        padded = text if text.endswith("\n") else text + "\n"
        builder = parser._Builder(SourceFile("t.fcsec", text))
        try:
            tree = tables.parse(padded, builder)
        except Reject:
            tree = None
        expected = _lark_outcome(text)
        assert ("rejected" if tree is None else _shape(tree)) == expected


def test_a_statement_starts_with_the_same_lexer_after_every_top_level_line_break() -> None:
    """The line recogniser hands the driver stretches of whole lines, which the driver lexes
    from its start state: that is sound only if the contextual lexer after a top-level line
    break is the start state's."""
    tables = parser_tables.DRIVER
    actions, lexer_of, start = tables["actions"], tables["lexer"], tables["start"]
    repeat = actions[start]["__start_star_0"][1]
    after = [actions[start]["_NL"][1], actions[repeat]["_NL"][1]]
    for state in (start, repeat):
        statement = actions[state]["_statement"][1]
        after.append(actions[statement]["_NL"][1])
    assert {lexer_of[state] for state in after} == {lexer_of[start]}


def _modules_after_parsing(text: str) -> list[str]:
    code = (
        "import sys\n"
        "from fcsec.diagnostics import DiagnosticError\n"
        "from fcsec.source import SourceFile\n"
        "from fcsec.spec.parser import parse_document\n"
        "try:\n"
        f"    parse_document(SourceFile('s.fcsec', {text!r}))\n"
        "except DiagnosticError:\n"
        "    pass\n"
        "print(*(name for name in ('lark', 'fcsec.spec.lark_tables') if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_valid_spec_is_parsed_without_lark_or_its_tables() -> None:
    assert _modules_after_parsing('fcsec = 1\n[a]\nb = [1, {c = "d"}]\n') == []


def test_a_syntax_error_is_explained_by_lark_from_its_tables() -> None:
    assert _modules_after_parsing("fcsec = = 1\n") == ["lark", "fcsec.spec.lark_tables"]
