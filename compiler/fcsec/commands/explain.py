"""``fcsec explain RULE``: what a rule checks, why it matters and how to fix a finding.

Reads only the rule catalogue (``fcsec.rules``); an unknown id exits 1 with the closest id, and
is printed through ``fcsec.safetext.escape``.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from fcsec.commands.common import EXIT_INPUT, EXIT_OK, Context
from fcsec.safetext import escape
from fcsec.suggest import closest_rule, did_you_mean

NAME = "explain"
HELP = "print a rule's rationale and fix (e.g. fcsec explain FCS601)"
#: Shown by `fcsec explain --help`.
EXAMPLES = (
    "fcsec explain FCS601",
)
#: The exit codes this command adds to 0, 1, 2 and 70.
EXIT_CODES = {1: "no such rule (the closest id is suggested)"}

_WIDTH = 100


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE", help="a rule id such as FCS601")


def _normal(text: str) -> str:
    text = text.strip().upper()
    return f"FCS{text}" if text.isdigit() else text


def _paragraph(label: str, text: str) -> str:
    return textwrap.fill(
        text,
        width=_WIDTH,
        initial_indent=f"{label}: ",
        subsequent_indent=" " * (len(label) + 2),
        break_on_hyphens=False,
        break_long_words=False,
    )


def render(rule_id: str) -> str | None:
    """The explanation of ``rule_id``, or None when there is no such rule."""
    from fcsec.rules import RULES

    rule = RULES.get(rule_id)
    if rule is None:
        return None
    lines = [f"{rule.id} ({rule.severity.value}): {rule.title}"]
    if rule.rationale:
        lines += ["", _paragraph("why", rule.rationale)]
    if rule.fix:
        lines += ["", _paragraph("fix", rule.fix)]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.rules import RULES

    wanted = _normal(args.rule)
    text = render(wanted)
    if text is not None:
        sys.stdout.write(text)
        return EXIT_OK
    guess = closest_rule(wanted, RULES)
    hint = f"; {did_you_mean(guess)}" if guess else ""
    rule = escape(args.rule)
    sys.stderr.write(
        f"fcsec explain: unknown rule `{rule}`{hint} (docs/rules.md lists every rule)\n"
    )
    return EXIT_INPUT
