"""A small LALR(1) driver for the spec grammar's shipped tables: parse valid specs without lark.

Importing lark and restoring its parser costs more than the rest of a ``fcsec compile``, and its
general machinery spends tens of thousands of instructions per token. The grammar is fixed, so
``scripts/build_parser_tables.py`` asks lark once, at development time, for everything a parse
needs (``fcsec.spec.parser_tables.DRIVER``): the terminals' regular expressions, for each parser
state the terminals its contextual lexer tries and in which order, the action table, and for each
rule which children reach the callback. This module runs those tables.

It only ever says yes or no. A text it accepts gets exactly the callbacks lark would make, in the
same order, with the same children (``tests/spec/test_parser_tables.py`` checks this on generated
texts); on anything else it raises ``Reject`` and the caller parses with lark, whose exceptions
become the diagnostics. No lark code is copied here: the tables are data derived from our grammar.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

SHIFT, REDUCE = 0, 1
END = "$END"


class Reject(Exception):
    """The text is not a sentence of the grammar (the caller asks lark why)."""


class Token(str):
    """A terminal as the callbacks see it: its text, ``type`` and character offsets.

    Made with ``str``'s own constructor and three attribute stores (no Python ``__new__``): the
    driver makes one per terminal, so this is on the hot path.
    """

    type: str
    start_pos: int
    end_pos: int


def token(kind: str, value: str, start: int, end: int) -> Token:
    made = Token(value)
    made.type = kind
    made.start_pos = start
    made.end_pos = end
    return made


_Rule = tuple[Callable[[Any, list[Any]], Any], str, int, tuple[tuple[int, bool], ...] | None, bool]


class Driver:
    """The tables of one grammar, ready to parse. The rule callbacks are the methods of
    ``callbacks`` (a class) by rule name; each parse gets its own instance of it, so one driver
    serves any number of parses at once (the tables are never written after the first use of a
    lexer state, and then only with an equal compiled pattern)."""

    def __init__(self, tables: dict[str, Any], callbacks: type) -> None:
        self._patterns: dict[str, str] = tables["patterns"]
        self._ignore = frozenset(tables["ignore"])
        self._scanner_specs: list[tuple[list[str], dict[str, dict[str, str]]]] = tables["scanners"]
        self._scanners: list[re.Pattern[str] | None] = [None] * len(self._scanner_specs)
        self._lexer_of: list[int] = tables["lexer"]
        self._actions: list[dict[str, Sequence[int]]] = tables["actions"]  # [action, argument]
        self._dropped = frozenset(tables["dropped"])
        self._start: int = tables["start"]
        self._end: int = tables["end"]
        self._rules: list[_Rule] = []
        for name, origin, size, include, expand1 in tables["rules"]:
            method = getattr(callbacks, name, None)
            callback = method if callable(method) else _children
            kept = None if include is None else tuple((index, splice) for index, splice in include)
            self._rules.append((callback, origin, size, kept, expand1))

    def _scanner(self, index: int) -> re.Pattern[str]:
        scanner = self._scanners[index]
        if scanner is None:
            names = self._scanner_specs[index][0]
            scanner = re.compile("|".join(f"(?P<{n}>{self._patterns[n]})" for n in names))
            self._scanners[index] = scanner
        return scanner

    def parse(self, text: str, builder: object, start: int = 0, stop: int | None = None) -> Any:
        """The value of the start rule for ``text[start:stop]`` (offsets stay those of ``text``),
        made by ``builder``'s callbacks; ``Reject`` when it is not accepted."""
        return self._parse(text, builder, start, len(text) if stop is None else stop)

    def _parse(self, text: str, builder: object, position: int, length: int) -> Any:
        actions, lexer_of, rules, ignore = self._actions, self._lexer_of, self._rules, self._ignore
        scanners, specs, dropped, end_state = (
            self._scanners,
            self._scanner_specs,
            self._dropped,
            self._end,
        )
        states = [self._start]
        values: list[Any] = []
        at_end = False
        value: Any = None
        while True:
            if position < length:
                lexer = lexer_of[states[-1]]
                scanner = scanners[lexer] or self._scanner(lexer)
                match = scanner.match(text, position, length)
                if match is None:
                    raise Reject(position)
                kind, end = match.lastgroup, match.end()
                assert kind is not None
                if kind in ignore:
                    position = end
                    continue
                unless = specs[lexer][1].get(kind)
                if unless is not None:
                    kind = unless.get(match.group(), kind)
                # A terminal no callback ever sees (a line break) needs no token.
                value = None if kind in dropped else token(kind, match.group(), position, end)
                position = end
            else:
                kind, at_end = END, True
            while True:
                action = actions[states[-1]].get(kind)
                if action is None:
                    raise Reject(position)
                if action[0] == SHIFT:
                    if at_end:
                        raise Reject(position)
                    states.append(action[1])
                    values.append(value)
                    break
                callback, origin, size, include, expand1 = rules[action[1]]
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del states[-size:]
                else:
                    children = []
                if include is not None:
                    children = _filter(children, include)
                result = (
                    children[0] if expand1 and len(children) == 1 else callback(builder, children)
                )
                goto = actions[states[-1]].get(origin)
                if goto is None or goto[0] != SHIFT:
                    raise Reject(position)
                states.append(goto[1])
                values.append(result)
                if at_end and goto[1] == end_state:
                    return result


def _filter(children: Sequence[Any], include: tuple[tuple[int, bool], ...]) -> list[Any]:
    """The children a rule's callback gets: some dropped, inlined rules' children spliced in.

    The list of a first inlined child is taken over, not copied: repetitions are left-recursive
    (``items: items item``), and copying would make a list of N items cost O(N^2).
    """
    kept: list[Any] | None = None
    for index, splice in include:
        if splice:
            inner: list[Any] = children[index]
            if kept is None:
                kept = inner
            else:
                kept.extend(inner)
        elif kept is None:
            kept = [children[index]]
        else:
            kept.append(children[index])
    return [] if kept is None else kept


def _children(builder: object, children: list[Any]) -> list[Any]:
    """The value of a rule without a callback: its children, for the parent to splice in.

    lark makes a ``Tree`` there, and the parent's child filter takes its ``children``; the
    generator checks that every such rule is inlined (its name starts with ``_``) or stands for
    its single child (``?rule``), so the list alone is enough.
    """
    return children
