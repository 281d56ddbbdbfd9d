"""``fcsec rules``: the rule catalogue, one line per rule or as JSON for tools.

Text: ``FCS601  warning  plain SQL, ISAM and CTDB connections are allowed``. JSON
(``--format json``): ``{"format_version": 1, "rules": [{"id", "severity", "title", "rationale",
"fix"}, ...]}`` in id order, the same data as ``fcsec explain`` and docs/rules.md.
"""

from __future__ import annotations

import argparse
import json

from fcsec.commands.common import EXIT_OK, Context, write_stdout

NAME = "rules"
HELP = "list every rule (id, severity, title); --format json for tools"
#: Shown by `fcsec rules --help`.
EXAMPLES = (
    "fcsec rules --format json",
)
FORMAT_VERSION = 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text")


def render_json() -> str:
    from fcsec.rules import RULES

    rules = [
        {
            "id": rule.id,
            "severity": rule.severity.value,
            "title": rule.title,
            "rationale": rule.rationale,
            "fix": rule.fix,
        }
        for rule in sorted(RULES.values(), key=lambda rule: rule.id)
    ]
    return json.dumps({"format_version": FORMAT_VERSION, "rules": rules}, indent=2) + "\n"


def render_text() -> str:
    from fcsec.rules import RULES

    width = max(len(rule.severity.value) for rule in RULES.values())
    return "".join(
        f"{rule.id}  {rule.severity.value:<{width}}  {rule.title}\n"
        for rule in sorted(RULES.values(), key=lambda rule: rule.id)
    )


def run(args: argparse.Namespace, context: Context) -> int:
    write_stdout(render_json() if args.format == "json" else render_text())
    return EXIT_OK
