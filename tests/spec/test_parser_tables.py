"""The shipped LALR tables (fcsec.spec.parser_tables) are those of the grammar, the driver parses
as lark does, and lark's parser (the slow path, for a text the driver rejects) explains exactly as
when the builder ran inside it.

When this fails after a grammar change: ``python scripts/build_parser_tables.py``.
"""

from __future__ import annotations

import functools
import runpy
import subprocess
import sys
import threading
from pathlib import Path

import attrs
import lark
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.properties.spec_strategies import grammar_texts

from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile, Span
from fcsec.spec import lark_parse, parser, parser_tables
from fcsec.spec.builder import Builder
from fcsec.spec.lalr import Reject
from fcsec.spec.syntax_errors import diagnostic_from_lark

ROOT = Path(__file__).resolve().parent.parent.parent
REGENERATE = "the tables are stale: run python scripts/build_parser_tables.py"
SAME_LARK = pytest.mark.skipif(
    lark.__version__ != parser_tables.LARK_VERSION,
    reason=f"tables made with lark {parser_tables.LARK_VERSION}, lark {lark.__version__} is "
    "installed (it may number them otherwise); regenerate them with this lark",
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
    assert lark_parse.grammar_sha256() == parser_tables.GRAMMAR_SHA256, REGENERATE
    assert lark_parse.grammar_text() == parser_tables.GRAMMAR_TEXT, REGENERATE


@SAME_LARK
def test_regenerating_the_tables_gives_the_committed_bytes() -> None:
    generator = runpy.run_path(str(ROOT / "scripts" / "build_parser_tables.py"))
    rendered = generator["render"]()
    assert {path.name for path in rendered} == {"parser_tables.py"}
    for path, text in rendered.items():
        committed = (ROOT / "compiler" / "fcsec" / "spec" / path.name).read_text("utf-8")
        assert text == committed, f"{path.name}: {REGENERATE}"


def test_a_syntax_error_still_becomes_a_diagnostic() -> None:
    with pytest.raises(DiagnosticError):
        parser.parse_document(SourceFile("t.fcsec", "a = = 1\n"))


# --- the table driver and the line recogniser give lark's tree, spans and all --------------------


def _shape(node: object) -> object:
    """A node as plain data with every span's offsets (spans are left out of ``==``)."""
    if isinstance(node, tuple | list):
        return [_shape(item) for item in node]
    names = _field_names(node)
    if names:
        fields: dict[str, object] = {}
        for name in names:
            value = getattr(node, name)
            fields[name] = (value.start, value.end) if isinstance(value, Span) else _shape(value)
        return (type(node).__name__, fields)
    return node


def _field_names(node: object) -> tuple[str, ...]:
    """The fields of a syntax node (plain classes with ``__slots__``) or an attrs instance."""
    if attrs.has(type(node)):
        return tuple(field.name for field in attrs.fields(type(node)))  # type: ignore[arg-type]
    if isinstance(node, Span | str):
        return ()
    return tuple(getattr(type(node), "__slots__", ()))


class _Retargeted(Builder):
    """A builder whose source can be changed: one lark parser built from the grammar (slow)
    serves every example of these single-threaded tests."""

    def retarget(self, source: SourceFile) -> None:
        self._source = source
        self.problems = []


@functools.cache
def _grammar_lark() -> tuple[lark.Lark, _Retargeted]:
    """lark's parser with a builder as its inline transformer: the builder's callbacks run inside
    lark's parse, as each rule is reduced (the reference both the driver and the slow path are
    held to)."""
    builder = _Retargeted(SourceFile("t.fcsec", ""))
    built = lark.Lark.open_from_package(
        lark_parse.GRAMMAR_PACKAGE,
        lark_parse.GRAMMAR_FILE,
        transformer=builder,
        **lark_parse.OPTIONS,
    )
    return built, builder


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
    if parser.driver() is None:
        pytest.skip("the shipped tables are stale")
    assert _fast_outcome(text) == _lark_outcome(text)


def test_the_driver_alone_builds_lark_s_tree_for_every_example() -> None:
    driver = parser.driver()
    if driver is None:
        pytest.skip("the shipped tables are stale")
    tables, _lines = driver
    for text in TEXTS:
        padded = text if text.endswith("\n") else text + "\n"
        builder = Builder(SourceFile("t.fcsec", text))
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


# --- the slow path: one lark parser per process, each parse's builder applied to lark's tree -----

BROKEN = [
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
    # The builder's problems in what lark reduced before it stopped come first, in text order;
    # a string lark has not reduced yet (the token after it is wrong) has none.
    'a = "\\uD800"\nb = = 1\n',
    'a = ["\\uDFFF", "\\uD800", 1,,]\n',
    '"\\uD800".x = = 2\n',
    'a = {"\\uD800" = "\\uD801", b = }\n',
    '[ "\\uD800" . x\n',
    'a = "\\uD800" 1\n',
    'a = "\\uD800"\n',
    # Nesting deeper than Python's recursion limit.
    "a = " + "[" * 3000 + "\n",
    "a = " + "[" * 3000 + '"\\uD800"' + "]" * 3000 + "\nb = = 1\n",
]


def _padded(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _inline_outcome(text: str) -> object:
    """The syntax tree, or every diagnostic in order, with the builder inside lark's parse."""
    built, builder = _grammar_lark()
    source = SourceFile("t.fcsec", text)
    builder.retarget(source)
    try:
        tree = built.parse(_padded(text))
    except lark.exceptions.LarkError as exc:
        return _shape([*builder.problems, diagnostic_from_lark(exc, source)])
    return _shape(builder.problems) if builder.problems else _shape(tree)


def _slow_outcome(text: str) -> object:
    """The same through the slow path: the shared parser, then this parse's builder."""
    try:
        tree = lark_parse.parse_with_lark(SourceFile("t.fcsec", text), _padded(text))
    except DiagnosticError as failure:
        return _shape(failure.diagnostics)
    return _shape(tree)


def test_lark_s_parser_is_built_once_and_without_a_transformer() -> None:
    built = lark_parse.shared_lark()
    assert lark_parse.shared_lark() is built
    assert built.options.transformer is None


@pytest.mark.parametrize("text", [*TEXTS, *BROKEN], ids=lambda text: repr(text[:40]))
def test_the_slow_path_explains_as_lark_with_the_builder_inside(text: str) -> None:
    assert _slow_outcome(text) == _inline_outcome(text)


_JUNK = ["=", "[", "]", "{", "}", ",", '"', "'", ".", "\n", "x", "1.5", '"\\uD800"', '"""', "[["]


@given(
    st.one_of(grammar_texts(), st.sampled_from(TEXTS)),
    st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(_JUNK)), max_size=3),
)
def test_the_slow_path_explains_broken_texts_as_lark_with_the_builder_inside(
    text: str, insertions: list[tuple[int, str]]
) -> None:
    for position, junk in insertions:
        at = position % (len(text) + 1)
        text = text[:at] + junk + text[at:]
    assert _slow_outcome(text) == _inline_outcome(text)


def test_threads_share_lark_s_parser_from_its_first_use() -> None:
    """Threads parsing at once with a parser fresh from the grammar (lark makes each lexer's
    scanner on its first use, while other threads parse) each get what a parse alone gets."""
    texts = [text for text in BROKEN if len(text) < 100]
    expected = [_slow_outcome(text) for text in texts]
    lark_parse.shared_lark.cache_clear()
    lark_parse.shared_lark()
    start = threading.Barrier(len(texts))
    results: list[object] = [None] * len(texts)

    def run(index: int) -> None:
        start.wait()
        results[index] = _slow_outcome(texts[index])

    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=run, args=(index,)) for index in range(len(texts))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(before)
    assert results == expected


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
        "print(*(name for name in ('lark',) if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_valid_spec_is_parsed_without_lark() -> None:
    assert _modules_after_parsing('fcsec = 1\n[a]\nb = [1, {c = "d"}]\n') == []


def test_a_syntax_error_is_explained_by_lark() -> None:
    assert _modules_after_parsing("fcsec = = 1\n") == ["lark"]
