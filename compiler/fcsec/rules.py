"""The catalogue of rule ids: one stable id per kind of finding, with its rationale and fix.

Ids are grouped: FCS0xx spec syntax and language, FCS1xx spec meaning, FCS2xx ctsrvr.cfg
structure, FCS3xx services.json structure, FCS4xx certificate files, FCS5xx cipher
suites, FCS6xx configuration (the last three: ``fcsec check``'s linter, ``fcsec.lint``), FCS8xx
``fcsec import``, FCS9xx files and the command line. An id never changes meaning once released;
a retired id is never reused.

Each family is written in a module of its own (``ROWS``: id, severity, title, rationale, fix):
``rules_spec`` (FCS0xx), ``rules_config_files`` (FCS2xx, FCS3xx), ``rules_lint`` (FCS4xx to
FCS6xx), ``rules_cli`` (FCS8xx, FCS9xx) and ``rules_live`` (FCS7xx), read when one of its rules
is first looked up. Import the catalogue from here: ``from fcsec.rules import RULES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Final, TypeAlias

from fcsec.diagnostics import Severity
from fcsec.record import Record

__all__ = ["RULES", "Rule", "RuleRow"]


class Rule(Record):
    """One rule of the catalogue: its id, severity, title, and why and how to fix ("": none)."""

    __slots__ = ("fix", "id", "rationale", "severity", "title")
    _compared = ("id", "severity", "title", "rationale", "fix")

    def __init__(
        self, *, id: str, severity: Severity, title: str, rationale: str = "", fix: str = ""
    ) -> None:
        self.id: Final = id
        self.severity: Final = severity
        self.title: Final = title
        self.rationale: Final = rationale
        self.fix: Final = fix


#: A rule as its family module writes it: id, severity, title, rationale, fix ("": none).
RuleRow: TypeAlias = tuple[str, Severity, str, str, str]


#: The module that writes each family of rules, by the first digit of the id, in the order of
#: the catalogue.
_FAMILIES: dict[str, str] = {
    "0": "fcsec.rules_spec",
    "1": "fcsec.rules_spec",
    "2": "fcsec.rules_config_files",
    "3": "fcsec.rules_config_files",
    "4": "fcsec.rules_lint",
    "5": "fcsec.rules_lint",
    "6": "fcsec.rules_lint",
    "8": "fcsec.rules_cli",
    "9": "fcsec.rules_cli",
    "7": "fcsec.rules_live",
}


class _Catalogue(Mapping[str, Rule]):
    """The rules by id, family by family (``RULES``).

    A family module is read when one of its rules is first looked up, not when this module is
    imported: every command imports the catalogue, and most runs report a few rules or none.
    """

    __slots__ = ("_read",)

    def __init__(self) -> None:
        self._read: dict[str, dict[str, Rule]] = {}

    def _family(self, module: str) -> dict[str, Rule]:
        rules = self._read.get(module)
        if rules is None:
            rows: tuple[RuleRow, ...] = importlib.import_module(module).ROWS
            rules = {
                rule_id: Rule(
                    id=rule_id, severity=severity, title=title, rationale=rationale, fix=fix
                )
                for rule_id, severity, title, rationale, fix in rows
            }
            self._read[module] = rules  # threads that read it at once make equal rules
        return rules

    def __getitem__(self, rule_id: str) -> Rule:
        module = _FAMILIES.get(rule_id[3:4]) if rule_id.startswith("FCS") else None
        if module is None:
            raise KeyError(rule_id)
        return self._family(module)[rule_id]

    def __contains__(self, rule_id: object) -> bool:
        if not isinstance(rule_id, str):
            return False
        try:
            self[rule_id]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        for module in dict.fromkeys(_FAMILIES.values()):
            yield from self._family(module)

    def __len__(self) -> int:
        return sum(len(self._family(module)) for module in dict.fromkeys(_FAMILIES.values()))


RULES: Mapping[str, Rule] = _Catalogue()
