"""``fcsec check``: validate a spec and every one of its environments, then lint them.

Lint covers the certificate files (unless ``--skip-files``), the cipher lists (held to
``--policy`` when given) and the configuration choices; ``[lint] allow`` entries accept findings
on purpose. With ``--config-dir DIR`` it also lints services.json and ctsrvr.cfg as they will be
after compile, unmanaged parts included (``fcsec.lint.effective``); without a spec it audits
those files as they are. Exit 0 when nothing counts against the spec, 1 on errors (and on
warnings with ``--strict``), 2 on a usage error. The work is ``fcsec.checking.check`` (behind
``fcsec.apply.check_spec``); this module handles the arguments and renders the report as text,
JSON, SARIF, GitHub annotations or GitLab Code Quality (``fcsec.report``). ``--rules-url``
(else ``$FCSEC_RULES_URL``) is the address of docs/rules.md that SARIF rules link to.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from fcsec.commands.common import EXIT_INPUT, EXIT_OK, Context, Usage

if TYPE_CHECKING:
    from fcsec.report import CheckReport

NAME = "check"
HELP = "validate and lint a spec (and each of its environments), or audit a config folder"
#: Shown by `fcsec check --help`.
EXAMPLES = (
    "fcsec check security.fcsec",
    "fcsec check security.fcsec --config-dir /opt/faircom/config --format sarif > fcsec.sarif",
    "fcsec check --config-dir /opt/faircom/config   # audit a server's files without a spec",
    "fcsec check security.fcsec --format sarif "
    "--rules-url https://github.com/OWNER/fcsec/blob/TAG/docs/rules.md > fcsec.sarif",
)
#: The exit codes this command adds to 0, 1, 2 and 70.
EXIT_CODES = {1: "an error (or, with --strict, a warning) was found"}
FORMATS = ("text", "json", "sarif", "github", "gitlab")
#: Gives --rules-url when the option is absent (empty: absent too).
RULES_URL_ENV = "FCSEC_RULES_URL"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "spec", metavar="SPEC", nargs="?", help="the spec file (optional with --config-dir)"
    )
    parser.add_argument(
        "--config-dir",
        metavar="DIR",
        help="also lint DIR/services.json and DIR/ctsrvr.cfg as they will be after compile, "
        "unmanaged parts included; without SPEC, audit them as they are",
    )
    parser.add_argument("--env", metavar="NAME", help="check only the overlay [env.NAME]")
    parser.add_argument(
        "--skip-files",
        action="store_true",
        help="do not look at certificate, key or key-store files (for CI machines that do not "
        "hold them)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), json, sarif (SARIF 2.1.0), github (workflow annotations) or "
        "gitlab (a Code Quality report)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 1) on warnings too, not only on errors"
    )
    parser.add_argument(
        "--sarif-root",
        metavar="DIR",
        help="with --format sarif: write file URIs relative to DIR (default: the git repository "
        "around the working folder, else the working folder)",
    )
    parser.add_argument(
        "--rules-url",
        metavar="URL",
        help="with --format sarif: the address of docs/rules.md, an absolute http(s) URL; each "
        "rule then links to its entry there (helpUri URL#fcs601). Default: $FCSEC_RULES_URL; "
        "without either, no rule has a link and each carries only its help text",
    )
    parser.add_argument(
        "--policy",
        metavar="NAME",
        help="hold every cipher list to a built-in policy, e.g. nist-800-52r2",
    )


_SKIPPED_NOTE = "note: certificate files were not checked (--skip-files)"
_AUDIT_NOTE = (
    "note: certificate files were not checked (an audit without a spec reads only "
    "services.json and ctsrvr.cfg)"
)


def _emit(
    report: CheckReport,
    output: str,
    color: bool,
    *,
    audit: bool = False,
    rules_url: str | None = None,
) -> None:
    if output == "text":
        from fcsec.report import text

        rendered = text.render(report, color=color)
        stderr = rendered.stderr
        if audit:
            stderr = stderr.replace(_SKIPPED_NOTE, _AUDIT_NOTE)
        sys.stderr.write(stderr)
        sys.stdout.write(rendered.stdout)
        return
    sys.stdout.write(_render(report, output, rules_url))


def _render(report: CheckReport, output: str, rules_url: str | None) -> str:
    """The report in a machine format; only that format's module is imported."""
    if output == "json":
        from fcsec.report import json

        return json.render(report)
    if output == "sarif":
        from fcsec.report import sarif

        return sarif.render(report, rules_url=rules_url)
    if output == "gitlab":
        from fcsec.report import gitlab

        return gitlab.render(report)
    from fcsec.report import github

    return github.render(report)


def _rules_url(args: argparse.Namespace) -> str | None:
    """--rules-url, else $FCSEC_RULES_URL; a usage error unless it is an absolute http(s) URL."""
    url: str | None = args.rules_url
    origin = "--rules-url"
    if url is None:
        url, origin = os.environ.get(RULES_URL_ENV) or None, RULES_URL_ENV
    if url is None:
        return None
    from fcsec.report.sarif import rules_url_problem

    problem = rules_url_problem(url)
    if problem is not None:
        raise Usage(
            f"fcsec check: error: {origin} {url!r} {problem}; give the address of docs/rules.md, "
            "e.g. https://github.com/OWNER/fcsec/blob/TAG/docs/rules.md"
        )
    return url


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.checking import UsageError, check
    from fcsec.report import summarize

    rules_url = _rules_url(args)
    try:
        found = check(
            args.spec,
            env=args.env,
            config_dir=args.config_dir,
            skip_files=args.skip_files,
            policy=args.policy,
            strict=args.strict,
            sarif_root=args.sarif_root,
        )
    except UsageError as usage:
        raise Usage(str(usage)) from None
    _emit(found, args.format, context.color, audit=args.spec is None, rules_url=rules_url)
    return EXIT_INPUT if summarize(found).failed else EXIT_OK
