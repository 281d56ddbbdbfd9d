"""The slow path of the spec parser: lark, built from ``grammar/fcsec_spec.lark`` with lark's
public API, parses a text the table driver rejects, and its exception becomes the diagnostic.

Importing lark and building its LALR tables costs more than the rest of a ``fcsec compile``, so
nothing here runs for a valid spec; the grammar text is read here for both paths (the driver's
tables are used only when they were made from this very text).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from fcsec.diagnostics import DiagnosticError
from fcsec.packagedata import read_text
from fcsec.source import SourceFile
from fcsec.spec import syntax as ast
from fcsec.spec.builder import Builder

if TYPE_CHECKING:
    from lark import Lark, Token, Tree

__all__ = [
    "GRAMMAR_FILE",
    "GRAMMAR_PACKAGE",
    "OPTIONS",
    "build_from_grammar",
    "grammar_sha256",
    "grammar_text",
    "parse_with_lark",
    "shared_lark",
]


GRAMMAR_PACKAGE = "fcsec.grammar"
GRAMMAR_FILE = "fcsec_spec.lark"
#: The options lark's parser is built with (the driver's tables are read off such a parser).
OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


def grammar_text() -> str:
    """The grammar file as shipped in the package."""
    return read_text(GRAMMAR_PACKAGE, GRAMMAR_FILE)


def grammar_sha256() -> str:
    """The SHA-256 of the grammar file's bytes (recorded in the tables for people and tests;
    at run time the tables' copy of the text is compared, which needs no hashlib)."""
    import hashlib

    return hashlib.sha256(grammar_text().encode("utf-8")).hexdigest()


def build_from_grammar() -> Lark:
    """lark's parser built from the grammar text with lark's public API (slow: lark computes the
    LALR tables). It has no transformer: a parse returns lark's tree."""
    from lark import Lark

    return Lark.open_from_package(GRAMMAR_PACKAGE, GRAMMAR_FILE, **OPTIONS)


@functools.cache
def shared_lark() -> Lark:
    """lark's parser, built on the first text the driver rejects and shared by every later parse
    of the process, in any thread (an editor checks a broken spec again on every keystroke).

    Sharing is sound because the parser has no transformer. lark keeps the state of a parse in
    objects made for that call: ``Lark.parse`` gives the lexer a new ``LexerThread`` with its own
    ``LexerState``, and the LALR parser a new ``ParserState`` with its own value and state stacks.
    The parser itself holds its tables, its lexers and its rules' callbacks, which without a
    transformer make trees and keep nothing (a transformer would become those callbacks, and the
    builder holds its parse's source and problems: it builds from lark's tree instead, in
    ``_build``). A parse writes one thing into the shared parser: lark makes a lexer's scanner on
    its first use, so two threads may both make it, and the two are alike. Two threads may also
    both build this parser on the first error; each parses with its own, one of them is kept.
    """
    return build_from_grammar()


def parse_with_lark(source: SourceFile, text: str) -> ast.Document:
    """The syntax tree of ``text`` as lark parses it, or DiagnosticError with the diagnostic of
    lark's exception (after any problems the builder found in what lark had parsed by then)."""
    from lark import Tree
    from lark.exceptions import LarkError

    from fcsec.spec.syntax_errors import diagnostic_from_lark

    builder = Builder(source)
    try:
        tree = shared_lark().parse(text)
    except LarkError as exc:
        # The builder's problems come first, from the rules lark reduced before it stopped (as
        # when the builder ran inside lark's parse): those are the trees on lark's value stack.
        stack = getattr(getattr(exc, "state", None), "value_stack", None) or ()
        for item in stack:
            if isinstance(item, Tree):
                _build(item, builder)
        raise DiagnosticError([*builder.problems, diagnostic_from_lark(exc, source)]) from None
    document = _build(tree, builder)
    if builder.problems:
        raise DiagnosticError(builder.problems)
    assert isinstance(document, ast.Document)
    return document


def _build(tree: Tree[Token], builder: Builder) -> object:
    """lark's tree built again through ``builder``, whose callbacks are called as lark calls an
    inline transformer's: bottom-up and in text order, each with its children already built, by
    the tree's name (the rule's alias or name); a tree the builder has no callback for stays a
    tree. Without recursion: arrays may nest deeper than Python's recursion limit."""
    from lark import Tree

    built: list[object] = []
    todo: list[tuple[object, bool]] = [(tree, False)]
    while todo:
        node, children_built = todo.pop()
        if not isinstance(node, Tree):
            built.append(node)
        elif children_built:
            first = len(built) - len(node.children)
            children = built[first:]
            del built[first:]
            callback = getattr(builder, node.data, None)
            built.append(Tree(node.data, children) if callback is None else callback(children))
        else:
            todo.append((node, True))
            todo.extend((child, False) for child in reversed(node.children))
    (result,) = built
    return result
