"""The catalogue of rule ids: one stable id per kind of finding, with its rationale and fix.

Ids are grouped: FCS0xx spec syntax and language, FCS1xx spec meaning, FCS2xx ctsrvr.cfg
structure, FCS3xx services.json structure, FCS9xx files and the command line. An id never
changes meaning once released; a retired id is never reused.
"""

from __future__ import annotations

import attrs

from fcsec.diagnostics import Severity


@attrs.frozen(kw_only=True)
class Rule:
    id: str
    severity: Severity
    title: str
    rationale: str = ""
    fix: str = ""


def _rule(id: str, severity: Severity, title: str, rationale: str = "", fix: str = "") -> Rule:
    return Rule(id=id, severity=severity, title=title, rationale=rationale, fix=fix)


_E = Severity.ERROR
_W = Severity.WARNING

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        # --- FCS2xx: ctsrvr.cfg structure -------------------------------------------------------
        _rule(
            "FCS201",
            _E,
            "closing `}` without an open SUBSYSTEM block",
            "FairCom stops reading the file at a stray `}`; fcsec cannot tell which block you "
            "meant.",
            "Remove the `}` or add the missing `SUBSYSTEM CLASS NAME {` line above it.",
        ),
        _rule(
            "FCS202",
            _E,
            "SUBSYSTEM block is never closed",
            "Without its `}` the block swallows every keyword after it.",
            "Add a line holding only `}` where the block ends.",
        ),
        _rule(
            "FCS203",
            _E,
            "SUBSYSTEM block opened inside another block",
            "FairCom does not nest SUBSYSTEM blocks.",
            "Close the first block with `}` before opening the next.",
        ),
        _rule(
            "FCS204",
            _E,
            "more than one SUBSYSTEM COMM_PROTOCOL SSL block",
            "fcsec manages exactly one SSL block and cannot tell which one the server uses.",
            "Merge the blocks into one, or delete the one you do not want.",
        ),
        # --- FCS3xx: services.json structure ----------------------------------------------------
        _rule(
            "FCS301",
            _E,
            "services.json is not valid JSON",
            "FairCom will not start its app server with a broken services.json, and fcsec never "
            "rewrites a file it cannot read.",
            "Fix the JSON at the position shown (a missing comma or quote is the usual cause).",
        ),
        _rule(
            "FCS302",
            _E,
            "services.json does not have the shape FairCom reads",
            "fcsec edits the `listeners` array and the `mqtt` object; it refuses to guess when "
            "they have another type.",
            "Make the top level an object, `listeners` an array of objects and `mqtt` an object.",
        ),
        _rule(
            "FCS303",
            _E,
            "two listeners in services.json share a serviceName the spec manages",
            "fcsec cannot tell which of them the spec describes.",
            "Rename or delete one of the listeners.",
        ),
        # --- FCS9xx: files and the command line -------------------------------------------------
        _rule("FCS901", _E, "cannot read a file"),
        _rule(
            "FCS902",
            _E,
            "cannot write a file",
            "fcsec writes atomically: the original file is left as it was.",
            "Check the folder's permissions and free space, then run the command again.",
        ),
        _rule("FCS903", _E, "the config folder is not usable"),
    )
}
