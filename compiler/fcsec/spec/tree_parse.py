"""Parse a spec straight into its table tree, without a syntax node for the common lines.

``assemble(parse_document(source))`` builds a statement, a key, its parts and their spans for
every line, only for ``fcsec.spec.document`` to take them apart again. Here the line
recogniser's match of a ``name = scalar`` or ``name.stem = scalar`` line goes to the
assembler's short way as the few things it keeps (the last key part, its span, the value);
every other line becomes a statement as in ``fcsec.spec.parser`` and is assembled as
``assemble`` would. The tree and every diagnostic are the same, in the same order (a test holds
the two ways to each other): problems of the syntax first, and only then TOML's table rules.

This module knows no fcsec keys; it never keeps anything of a parse.
"""

from __future__ import annotations

from fcsec.diagnostics import DiagnosticError
from fcsec.source import SourceFile
from fcsec.spec.builder import Builder
from fcsec.spec.document import Assembler, Table, assemble
from fcsec.spec.lalr import Driver, Reject
from fcsec.spec.lark_parse import parse_with_lark
from fcsec.spec.parser import Lines, checked_text, driver, stretches
from fcsec.spec.syntax import Document

__all__ = ["parse_tree"]


def parse_tree(source: SourceFile) -> Table:
    """The spec's table tree, as ``assemble(parse_document(source))`` gives it; raise
    DiagnosticError as they would."""
    text = checked_text(source)
    shipped = driver()
    tree = None if shipped is None else _drive(source, text, *shipped)
    return assemble(parse_with_lark(source, text)) if tree is None else tree


def _drive(source: SourceFile, text: str, tables: Driver, lines: Lines) -> Table | None:
    """The tree from the line recogniser, the table driver and the assembler; None when the
    driver rejects a part of the text (lark then parses all of it and explains)."""
    builder = Builder(source)
    assembler = Assembler()
    add, add_plain, open_table = assembler.statement, assembler.add_plain, assembler.open_table
    plain, plain_header, statement_of = lines.plain, lines.plain_header, lines.statement
    try:
        for found in stretches(text, tables, lines, builder):
            if isinstance(found, Document):
                for parsed in found.statements:
                    add(parsed)
                continue
            common = plain(text, found, builder)
            if common is not None:
                if add_plain(*common):
                    continue
            elif (header := plain_header(text, found, builder)) is not None and open_table(*header):
                continue
            # Anything else, or a check that may fail: the statement, as assemble() gets it.
            statement = statement_of(text, found, builder)
            assert statement is not None  # a line of a statement
            add(statement)
    except Reject:
        return None
    if builder.problems:
        raise DiagnosticError(builder.problems)
    return assembler.finish()
