"""Write the LALR tables of grammar/fcsec_spec.lark as data: compiler/fcsec/spec/parser_tables.py,
the tables of fcsec's own driver (fcsec.spec.lalr), read by every parse.

    python scripts/build_parser_tables.py          # after every change to the grammar
    python scripts/build_parser_tables.py --check  # exit 1 when the committed tables are stale

Importing lark and computing the tables from the grammar used to be most of a cold ``fcsec
compile``. This script has lark build its parser once, at development time, reads the tables off
it and writes them as data, which the driver runs without importing lark. The module holds a copy
of the grammar text: when it differs from the shipped grammar at run time, fcsec parses with lark
instead, so stale tables cost speed, never correctness. (lark itself, which only explains a text
the driver rejects, builds its parser from the grammar at run time:
fcsec.spec.lark_parse.shared_lark.)

The output is canonical (tokens and states renumbered in a fixed order), so regenerating from the
same grammar and lark gives the same bytes and ``tests/spec/test_parser_tables.py`` can compare.
Only data derived from our grammar is written, no code of lark's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.lexer import ContextualLexer, UnlessCallback
from lark.parse_tree_builder import ChildFilterLALR_NoPlaceholders, ExpandSingleChild
from lark.parsers.lalr_analysis import ParseTableBase, Shift

from fcsec.spec.builder import Builder
from fcsec.spec.lark_parse import (
    GRAMMAR_FILE,
    build_from_grammar,
    grammar_sha256,
    grammar_text,
)

ROOT = Path(__file__).resolve().parent.parent
SPEC_PACKAGE = ROOT / "compiler" / "fcsec" / "spec"
TARGET = SPEC_PACKAGE / "parser_tables.py"


def _numbering(table: ParseTableBase[int]) -> dict[int, int]:
    """The parse table's states numbered in breadth-first order from the start state, following
    shifts (and gotos) in the order of the symbols' names.

    lark numbers states in the order of internal sets, which changes from run to run; the meaning
    does not depend on the numbers, so fixing them makes the output reproducible.
    """
    states = table.states
    numbering: dict[int, int] = {}
    queue: deque[int] = deque()
    for start in sorted(table.start_states):
        queue.append(table.start_states[start])
    while queue:
        state = queue.popleft()
        if state in numbering:
            continue
        numbering[state] = len(numbering)
        for _symbol, (action, argument) in sorted(states[state].items(), key=lambda e: str(e[0])):
            if action is Shift and argument not in numbering:
                queue.append(argument)
    missing = set(states) - set(numbering)
    if missing:
        raise SystemExit(f"states not reachable from a start state: {sorted(missing)}")
    return numbering


def _wrappers(chain: list[Any]) -> tuple[tuple[tuple[int, bool], ...] | None, bool]:
    """What lark's callback wrappers of a rule do: which children to keep or splice, and
    whether a single child stands for the rule (``?rule``)."""
    include: tuple[tuple[int, bool], ...] | None = None
    expand1 = False
    for wrapper in chain:
        kind = getattr(wrapper, "func", wrapper)
        if kind is ExpandSingleChild and include is None:
            expand1 = True
        elif kind is ChildFilterLALR_NoPlaceholders:
            (pairs,) = wrapper.args
            include = tuple((int(index), bool(splice)) for index, splice in pairs)
        else:
            raise SystemExit(f"unexpected callback wrapper {wrapper!r}: extend fcsec.spec.lalr")
    return include, expand1


def _driver(parser: Lark, numbering: dict[int, int]) -> dict[str, Any]:
    """The tables ``fcsec.spec.lalr.Driver`` runs, read off the parser lark built."""
    frontend = parser.parser
    table = frontend.parser._parse_table
    contextual = frontend.lexer
    if not isinstance(contextual, ContextualLexer) or parser.options.postlex is not None:
        raise SystemExit("fcsec.spec.lalr expects lark's contextual lexer and no postlexer")
    rules = list(parser.rules)
    rule_index = {rule: index for index, rule in enumerate(rules)}
    builders = dict(parser._parse_tree_builder.rule_builders)
    rule_rows = []
    for rule in rules:
        if rule.options.template_source is not None or rule.options.keep_all_tokens:
            raise SystemExit(f"{rule}: templates and keep_all_tokens are not supported")
        include, expand1 = _wrappers(builders[rule])
        name = str(rule.alias or rule.origin.name)
        if not hasattr(Builder, name) and not (
            name.startswith("_") or (expand1 and len(rule.expansion) == 1)
        ):
            raise SystemExit(f"{rule}: no callback, and its tree would reach the result")
        rule_rows.append((name, str(rule.origin.name), len(rule.expansion), include, expand1))
    order = sorted(table.states, key=numbering.__getitem__)
    actions = []
    for state in order:
        row = {}
        for symbol, (action, argument) in sorted(table.states[state].items()):
            if action is Shift:
                row[str(symbol)] = (0, numbering[argument])
            else:
                row[str(symbol)] = (1, rule_index[argument])
        actions.append(row)
    scanners: list[tuple[list[str], dict[str, dict[str, str]]]] = []
    lexer_of = []
    for state in order:
        basic = contextual.lexers[state]
        scanner = basic._build_scanner()
        unless: dict[str, dict[str, str]] = {}
        for kind, callback in sorted(basic.callback.items()):
            if not isinstance(callback, UnlessCallback):
                raise SystemExit(f"unexpected lexer callback {callback!r} for {kind}")
            words: dict[str, str] = {}
            for word in callback.scanner.terminals:
                if word.pattern.type != "str" or word.pattern.flags:
                    raise SystemExit(f"{word.name}: only plain strings are embedded in {kind}")
                words.setdefault(str(word.pattern.value), str(word.name))
            unless[str(kind)] = words
        spec = ([str(terminal.name) for terminal in scanner.terminals], unless)
        if spec not in scanners:
            scanners.append(spec)
        lexer_of.append(scanners.index(spec))
    if parser.lexer_conf.g_regex_flags or parser.options.regex:
        raise SystemExit("fcsec.spec.lalr compiles terminals with Python's re and no flags")
    # Terminals every rule drops (its child filter leaves them out): no callback sees them.
    seen = set()
    for rule in rules:
        include = _wrappers(builders[rule])[0]
        kept = range(len(rule.expansion)) if include is None else [i for i, _ in include]
        seen |= {str(rule.expansion[i].name) for i in kept if rule.expansion[i].is_term}
    dropped = sorted(str(t.name) for t in parser.terminals if str(t.name) not in seen)
    (start,) = table.start_states.values()
    (end,) = table.end_states.values()
    return {
        "patterns": {
            str(t.name): str(t.pattern.to_regexp())
            for t in sorted(parser.terminals, key=lambda t: str(t.name))
        },
        "ignore": sorted(str(name) for name in parser.lexer_conf.ignore),
        "scanners": scanners,
        "lexer": lexer_of,
        "actions": actions,
        "rules": rule_rows,
        "dropped": dropped,
        "start": numbering[start],
        "end": numbering[end],
    }


def tables() -> dict[str, Any]:
    """The driver's tables, states numbered canonically."""
    parser = build_from_grammar()
    return _driver(parser, _numbering(parser.parser.parser._parse_table))


def _json_literal(data: object) -> str:
    """``data`` as JSON, one entry per line, in a raw triple-quoted Python string."""
    text = json.dumps(data, indent=1, ensure_ascii=True)
    if "'''" in text:
        raise SystemExit("the tables' JSON holds three quotes: write it as a plain string")
    return "r'''" + text + "'''"


def _header(summary: str, uses: list[str], imports: tuple[str, ...] = ()) -> list[str]:
    return [
        f'"""{summary} (do not edit).',
        "",
        "Generated by scripts/build_parser_tables.py: rerun it after changing the grammar.",
        *uses,
        '"""',
        "",
        "# ruff: noqa: E501",
        "# fmt: off",
        *imports,
        "from typing import Any",
        "",
    ]


def render() -> dict[Path, str]:
    """The text of ``parser_tables.py`` for the current grammar and lark."""
    driver = tables()
    own = [
        *_header(
            f"The LALR tables of grammar/{GRAMMAR_FILE} for fcsec.spec.lalr, as data",
            [
                "fcsec.spec.parser uses them only when GRAMMAR_TEXT is the shipped grammar.",
                "lark, which explains a text they reject, builds its parser from the grammar.",
            ],
            imports=("import json",),
        ),
        f"GRAMMAR_SHA256 = {grammar_sha256()!r}",
        "# The grammar the tables were made from, compared with the shipped one at run time.",
        f"GRAMMAR_TEXT = {grammar_text()!r}",
        "# The lark that computed them (for people and tests; not checked at run time).",
        f"LARK_VERSION = {lark.__version__!r}",
        "# The tables of fcsec.spec.lalr (see scripts/build_parser_tables.py), as JSON: Python",
        "# runs a dict literal as code, while json decodes the same data in C, ten times faster.",
        "# (Pairs and rows are JSON arrays, so Python lists.)",
        f"DRIVER: dict[str, Any] = json.loads(\n    {_json_literal(driver)}\n)",
        "",
    ]
    return {TARGET: "\n".join(own)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    stale = 0
    for target, text in render().items():
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        stale += 1
        if args.check:
            print(f"{target.relative_to(ROOT)} is stale: run python {Path(__file__).name}")
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
