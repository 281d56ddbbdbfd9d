"""The grammar stays a clean LALR(1) grammar, and every terminal has a name for error messages."""

from __future__ import annotations

import pytest
from lark import Lark
from lark.exceptions import GrammarError, LexError

from fcsec.spec.syntax_errors import _NAMES


def _strict(grammar: str) -> Lark:
    return Lark(grammar, parser="lalr", lexer="contextual", strict=True)


def _spec_grammar_text() -> str:
    from importlib import resources

    return resources.files("fcsec.grammar").joinpath("fcsec_spec.lark").read_text("utf-8")


def test_spec_grammar_builds_in_strict_mode() -> None:
    parser = _strict(_spec_grammar_text())
    assert parser.parse("fcsec = 1\n") is not None


def test_strict_mode_rejects_a_shift_reduce_conflict() -> None:
    # Guards the test above: lark resolves this conflict silently unless strict is set.
    dangling_else = 'start: "i" start | "i" start "e" start | "x"\n'
    Lark(dangling_else, parser="lalr")
    with pytest.raises(GrammarError, match="Shift/Reduce"):
        _strict(dangling_else)


def test_strict_mode_rejects_colliding_terminals() -> None:
    with pytest.raises(LexError, match="Collision"):
        _strict("start: A | B\nA: /a+/\nB: /a/\n")


def test_every_terminal_has_a_name_for_diagnostics() -> None:
    parser = Lark(_spec_grammar_text(), parser="lalr", lexer="contextual")
    ignored = set(parser.ignore_tokens)
    terminals = {terminal.name for terminal in parser.terminals} - ignored
    assert terminals - set(_NAMES) == set()
