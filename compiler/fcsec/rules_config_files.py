"""The config files' part of the rule catalogue (``fcsec.rules``): FCS2xx, a ctsrvr.cfg whose
structure fcsec cannot edit safely, and FCS3xx, the same for services.json."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fcsec import rule_ids as ids
from fcsec.diagnostics import Severity

if TYPE_CHECKING:
    from fcsec.rules import RuleRow

_E = Severity.ERROR

ROWS: tuple[RuleRow, ...] = (
    # --- FCS2xx: ctsrvr.cfg structure -------------------------------------------------------
    (
        ids.CFG_STRAY_CLOSE,
        _E,
        "closing `}` without an open SUBSYSTEM block",
        "FairCom stops reading the file at a stray `}`; fcsec cannot tell which block you "
        "meant.",
        "Remove the `}` or add the missing `SUBSYSTEM CLASS NAME {` line above it.",
    ),
    (
        ids.CFG_UNCLOSED_BLOCK,
        _E,
        "SUBSYSTEM block is never closed",
        "Without its `}` the block swallows every keyword after it.",
        "Add a line holding only `}` where the block ends.",
    ),
    (
        ids.CFG_NESTED_BLOCK,
        _E,
        "SUBSYSTEM block opened inside another block",
        "FairCom does not nest SUBSYSTEM blocks.",
        "Close the first block with `}` before opening the next.",
    ),
    (
        ids.CFG_SECOND_SSL_BLOCK,
        _E,
        "more than one SUBSYSTEM COMM_PROTOCOL SSL block",
        "fcsec manages exactly one SSL block and cannot tell which one the server uses.",
        "Merge the blocks into one, or delete the one you do not want.",
    ),
    (
        ids.CFG_HEADER_WITHOUT_BRACE,
        _E,
        "SSL block header without `{` at the end of its line",
        "FairCom documents a SUBSYSTEM block only as `SUBSYSTEM CLASS NAME {` on one line; "
        "with the brace elsewhere fcsec cannot tell where the block starts, and it must "
        "never add a second SSL block beside this one.",
        "End the header line with ` {` and delete the `{` line below it, if there is one.",
    ),
    (
        ids.CFG_ONE_LINE_BLOCK,
        _E,
        "one-line SSL block",
        "`SUBSYSTEM COMM_PROTOCOL SSL { KEYWORD value }` is not a shape FairCom documents; "
        "whether the server reads `}` as part of the value is unknown, so fcsec neither "
        "edits it nor adds a second block.",
        "Write the header line ending in `{`, each setting on its own line, and `}` alone "
        "on the last line.",
    ),
    (
        ids.CFG_TEXT_AFTER_BRACE,
        _E,
        "text after `{` on the SSL block header",
        "FairCom documents `{` as the last token of the header line; a setting or comment "
        "after it may be read as part of the header or lost.",
        "Move the text after `{` to a line of its own below the header.",
    ),
    (
        ids.CFG_UNREADABLE_COMMENTED_HEADER,
        _E,
        "commented SSL header that fcsec cannot read as a disabled block",
        "FairCom disables a block with `;` right before `SUBSYSTEM` (`;SUBSYSTEM COMM_PROTOCOL "
        "SSL {`); with blanks or a second `;` in between, fcsec cannot tell whether the "
        "lines below belong to a disabled block or are top-level settings.",
        "Write the header as `;SUBSYSTEM COMM_PROTOCOL SSL {` (no blank after `;`) with `}` "
        "alone on the block's last line, or delete the line if it is only a remark.",
    ),
    (
        ids.CFG_CLOSE_SHARES_LINE,
        _E,
        "`}` shares its line with text in the SSL block",
        "A block ends at a line holding only `}`; a `}` with a setting or comment on its "
        "line does not close the block, so it swallows the lines after it.",
        "Put `}` alone on its own line.",
    ),
    (
        ids.CFG_COMMENTED_CLOSE,
        _E,
        "commented `;}` in the SSL block",
        "A `;}` is a comment and closes nothing: the block runs on to the next bare `}`, "
        "which is rarely what the author meant.",
        "Write the closing brace as `}` alone, without `;` (the vendor template does so "
        "even for a disabled block), or delete the line.",
    ),
    (
        ids.CFG_HEADER_EXTRA_WORDS,
        _E,
        "SSL block header with extra words",
        "The header is `SUBSYSTEM COMM_PROTOCOL SSL {`; with more words fcsec cannot tell "
        "whether the server takes it for the SSL block.",
        "Delete the words between `SSL` and `{`.",
    ),
    (
        ids.CFG_VALUE_ENDS_IN_BRACE,
        _E,
        "a value for the SSL block ends in `}`",
        "Written as `KEYWORD value}`, the line would end in a brace, and whether FairCom then "
        "closes the block there is unknown; fcsec refuses to write such a line.",
        "Rename the file or choose a value that does not end in `}`.",
    ),
    # --- FCS3xx: services.json structure ----------------------------------------------------
    (
        ids.SERVICES_NOT_JSON,
        _E,
        "services.json is not valid JSON",
        "FairCom will not start its app server with a broken services.json, and fcsec never "
        "rewrites a file it cannot read.",
        "Fix the JSON at the position shown (a missing comma or quote is the usual cause).",
    ),
    (
        ids.SERVICES_SHAPE,
        _E,
        "services.json does not have the shape FairCom reads",
        "fcsec edits the `listeners` array and the `mqtt` object; it refuses to guess when "
        "they have another type.",
        "Make the top level an object, `listeners` an array of objects and `mqtt` an object.",
    ),
    (
        ids.SERVICES_SHARED_NAME,
        _E,
        "two listeners in services.json share a serviceName the spec manages",
        "fcsec cannot tell which of them the spec describes.",
        "Rename or delete one of the listeners.",
    ),
)
