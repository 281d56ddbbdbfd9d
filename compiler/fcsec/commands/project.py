"""``fcsec project``: check and compile every target a repository declares in ``fcsec.toml``.

A repository that holds the configuration of several servers names each one once::

    # fcsec.toml, at the repository root
    [targets.db-eu]
    spec = "security.fcsec"
    env = "prod"                         # optional: the [env.NAME] overlay
    config_dir = "servers/db-eu/config"

    [targets.edge-plant-7]
    spec = "edge.fcsec"
    config_dir = "servers/edge-7/config"

Paths are relative to the folder of ``fcsec.toml``. For each target, in the order written,
``fcsec project`` runs ``fcsec check SPEC --env ENV --config-dir DIR`` and then ``fcsec compile``
with the same arguments (``--check``: report each stale target and exit 3; ``--diff``: print the
changes). Every target runs even when one fails; the exit code is the worst: 1 (errors), then 3
(stale), then 0. ``fcsec.toml`` is found in the working folder or above it, or given with
``--project FILE``; naming targets runs only those.
"""

from __future__ import annotations

import argparse
import os
import sys
from types import ModuleType

import attrs

from fcsec.commands.common import EXIT_INPUT, EXIT_OK, EXIT_STALE, Context, Usage
from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.rule_ids import PROJECT_FILE
from fcsec.safetext import escape

NAME = "project"
HELP = "check and compile every target of fcsec.toml (several servers in one repository)"
#: Shown by `fcsec project --help`.
EXAMPLES = (
    "fcsec project                     # check, then compile, every target",
    "fcsec project --check --skip-files   # in CI or a pre-commit hook: exit 3 if one is stale",
    "fcsec project db-eu --diff",
)
#: The exit codes this command adds to 0, 1, 2 and 70.
EXIT_CODES = {3: "with --check: a target's files would change (nothing was written)"}
PROJECT_FILE_NAME = "fcsec.toml"
_KEYS = frozenset({"spec", "env", "config_dir"})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", metavar="TARGET", nargs="*", help="run only these targets")
    parser.add_argument(
        "--project",
        metavar="FILE",
        help=f"the project file (default: {PROJECT_FILE_NAME} in this folder or above)",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 3 if stale")
    parser.add_argument("--diff", action="store_true", help="print what would change")
    parser.add_argument(
        "--skip-files", action="store_true", help="do not read certificate files (for CI)"
    )


@attrs.frozen
class Target:
    """One server: its name, spec, overlay and config folder (paths as the project file says,
    resolved against its folder)."""

    name: str
    spec: str
    env: str | None
    config_dir: str


def find_project(start: str) -> str | None:
    """``fcsec.toml`` in ``start`` or the nearest folder above it; None when there is none."""
    folder = os.path.abspath(start)
    while True:
        candidate = os.path.join(folder, PROJECT_FILE_NAME)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _problem(path: str, message: str, hint: str) -> DiagnosticError:
    return DiagnosticError([diagnostic(PROJECT_FILE, message, None, path=path, hint=hint)])


def read_targets(path: str) -> list[Target]:
    """The targets of the project file at ``path``, in the order written; DiagnosticError when
    it cannot be read or a target is incomplete."""
    import tomllib  # here: only `fcsec project` reads TOML with it

    from fcsec.fileio import SPEC_LIMIT, Refused, read_regular

    shown = os.path.relpath(path)
    try:
        data = read_regular(path, SPEC_LIMIT)
    except (OSError, Refused) as exc:
        raise _problem(shown, f"cannot read {shown}: {exc}", "check the path") from None
    if data is None:
        raise _problem(shown, f"{shown} does not exist", "check the path")
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _problem(shown, f"{shown} is not valid TOML: {exc}", "fix the TOML syntax") from None
    targets = document.get("targets")
    example = '[targets.NAME]\nspec = "security.fcsec"\nconfig_dir = "config"'
    if not isinstance(targets, dict) or not targets:
        raise _problem(shown, f"{shown} declares no [targets.NAME]", f"add one: {example}")
    base = os.path.dirname(path)
    found: list[Target] = []
    for name, table in targets.items():
        where = f"[targets.{name}] of {shown}"
        if not isinstance(table, dict):
            raise _problem(shown, f"{where} must be a table", f"write it as {example}")
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise _problem(
                shown,
                f"{where} has an unknown key `{unknown[0]}`",
                "the keys of a target are spec, config_dir and env",
            )
        values = {key: table.get(key) for key in _KEYS}
        for key in ("spec", "config_dir"):
            if not isinstance(values[key], str) or not values[key]:
                raise _problem(shown, f"{where} needs `{key}` (a string)", f"write {example}")
        env = values["env"]
        if env is not None and (not isinstance(env, str) or not env):
            raise _problem(shown, f"{where}: `env` must be a name", 'write env = "prod"')
        found.append(
            Target(
                name=name,
                spec=os.path.relpath(os.path.join(base, str(values["spec"]))),
                env=env,
                config_dir=os.path.relpath(os.path.join(base, str(values["config_dir"]))),
            )
        )
    return found


def _namespace(module: ModuleType, argv: list[str], args: argparse.Namespace) -> argparse.Namespace:
    """The arguments ``module`` would get on the command line ``argv`` (defaults filled in)."""
    from fcsec.cli import _Parser

    parser = _Parser(prog=f"fcsec {module.NAME}")
    module.add_arguments(parser)
    parsed = parser.parse_args(argv)
    parsed.color, parsed.debug = args.color, args.debug
    return parsed


def _worst(codes: list[int]) -> int:
    for code in (EXIT_INPUT, EXIT_STALE):
        if code in codes:
            return code
    return next((code for code in codes if code != EXIT_OK), EXIT_OK)


def _run_one(
    module: ModuleType, argv: list[str], args: argparse.Namespace, context: Context
) -> int:
    from fcsec.commands.common import print_diagnostics

    try:
        code: int = module.run(_namespace(module, argv, args), context)
    except DiagnosticError as failure:
        print_diagnostics(failure.diagnostics, context.color)
        return EXIT_INPUT
    return code


def run(args: argparse.Namespace, context: Context) -> int:
    from fcsec.commands import check, compile

    path = args.project or find_project(os.getcwd())
    if path is None:
        raise Usage(
            f"fcsec project: error: no {PROJECT_FILE_NAME} in this folder or above; "
            "give one with --project FILE"
        )
    targets = read_targets(path)
    unknown = [name for name in args.targets if name not in {t.name for t in targets}]
    if unknown:
        raise Usage(
            f"fcsec project: error: no target {escape(unknown[0])} in {escape(path)} "
            f"(targets: {escape(', '.join(t.name for t in targets))})"
        )
    chosen = [t for t in targets if not args.targets or t.name in args.targets]
    codes: list[int] = []
    for target in chosen:
        common = [target.spec, "--config-dir", target.config_dir]
        common += ["--env", target.env] if target.env else []
        env = f" --env {target.env}" if target.env else ""
        print(
            f"== {escape(target.name)}: {escape(target.spec)}{escape(env)} -> "
            f"{escape(target.config_dir)}",
            flush=True,
        )
        checked = _run_one(
            check, [*common, *(["--skip-files"] if args.skip_files else [])], args, context
        )
        mode = [*(["--check"] if args.check else []), *(["--diff"] if args.diff else [])]
        compiled = (
            _run_one(compile, [*common, *mode], args, context)
            if checked != EXIT_INPUT
            else EXIT_INPUT
        )
        codes += [checked, compiled]
        sys.stdout.flush()
    failed = [
        t.name
        for t, a, b in zip(chosen, codes[::2], codes[1::2], strict=True)
        if EXIT_INPUT in (a, b)
    ]
    stale = [t.name for t, b in zip(chosen, codes[1::2], strict=True) if b == EXIT_STALE]
    summary = f"{len(chosen)} target{'s' if len(chosen) != 1 else ''}"
    if failed:
        summary += f"; with errors: {', '.join(failed)}"
    if stale:
        summary += f"; stale: {', '.join(stale)}"
    if not failed and not stale:
        summary += ": checked and " + ("up to date" if args.check else "compiled")
    print(f"fcsec project: {escape(summary)}")
    return _worst(codes)
