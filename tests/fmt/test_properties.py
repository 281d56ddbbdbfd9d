"""fcsec fmt as properties over generated valid specs and the shipped examples: idempotent,
still TOML with the same data, the same compiled bytes, and every comment kept in its place."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from tests.fmt.strategies import Generated, specs

from fcsec.api import CTSRVR_CFG, SERVICES_JSON, environments, load_spec, render_outputs
from fcsec.source import SourceFile
from fcsec.spec.format import format_text

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "specs" / "examples").glob("*.fcsec"))


def _compiled(text: str) -> list[tuple[str | None, str, str]]:
    """The bytes compile writes into empty config folders, for the base spec and each env."""
    source = SourceFile("spec.fcsec", text)
    out: list[tuple[str | None, str, str]] = []
    for env in (None, *environments(source)):
        spec = load_spec(source, env).spec
        empty: dict[str, SourceFile | None] = {SERVICES_JSON: None, CTSRVR_CFG: None}
        out.extend((env, output.name, output.after) for output in render_outputs(spec, empty))
    return out


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")


@given(specs())
def test_formatting_is_idempotent(generated: Generated) -> None:
    once = format_text(generated.text)
    assert format_text(once) == once


@given(specs())
def test_formatted_spec_is_toml_with_the_same_data(generated: Generated) -> None:
    assert tomllib.loads(format_text(generated.text)) == tomllib.loads(generated.text)


@given(specs())
def test_formatted_spec_compiles_to_the_same_bytes(generated: Generated) -> None:
    assert _compiled(format_text(generated.text)) == _compiled(generated.text)


@given(specs())
def test_every_comment_is_kept_once(generated: Generated) -> None:
    formatted = format_text(generated.text)
    for comment in generated.comments:
        assert (
            formatted.count(comment + "\n")
            + formatted.count(comment + "\r\n")
            + (formatted.endswith(comment))
            == 1
        ), comment


@given(specs())
def test_comment_lines_above_a_statement_stay_above_it(generated: Generated) -> None:
    lines = [line.strip() for line in _lines(format_text(generated.text))]
    for comment, start in generated.before:
        index = lines.index(comment)
        following = next(line for line in lines[index + 1 :] if not line.startswith("#"))
        assert following.startswith(start), (comment, start)


@given(specs())
def test_trailing_comments_stay_on_the_line_of_their_statement(generated: Generated) -> None:
    lines = _lines(format_text(generated.text))
    for comment, start in generated.trailing:
        (line,) = [line for line in lines if line.endswith(comment)]
        assert line.startswith((start, "]")), (comment, start, line)


@given(specs())
def test_comments_at_the_top_of_the_file_stay_there(generated: Generated) -> None:
    lines = _lines(format_text(generated.text))
    assert lines[: len(generated.top)] == list(generated.top)


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_is_in_the_canonical_layout(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_text(text) == text


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_scrambled_compiles_the_same_once_formatted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first, *tables = text.split("\n\n")
    scrambled = "\n\n".join([first, *reversed(tables)])  # tables in reverse order
    assert _compiled(format_text(scrambled)) == _compiled(scrambled)
