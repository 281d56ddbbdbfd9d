"""The pipeline as functions: spec text to IR, IR to the new text of each config file.

``load_spec`` runs parse, TOML table rules, the structure check, the overlay and lowering, and
raises every error of the spec at once. ``render_outputs`` runs the backends and the editors
over the current contents of the config files. Nothing here touches the file system: the CLI
reads and writes files.

Every function is re-entrant: nothing of one call is kept for the next, so threads (a language
server, an Ansible worker) may load different specs at once. To read one spec for several
environments without parsing it again, parse it once with ``parse_spec`` and hand the tree to
``environments`` and ``load_spec`` (``Loaded.tree`` is that tree, for the lint's locator).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final

from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic, sort_key
from fcsec.ir.nodes import Spec
from fcsec.record import Record
from fcsec.rule_ids import UNKNOWN_ENV
from fcsec.source import SourceFile
from fcsec.spec.document import Table
from fcsec.spec.overlay import merge, without
from fcsec.spec.structure import check_overlay, check_structure
from fcsec.spec.tree_parse import parse_tree
from fcsec.suggest import closest, did_you_mean

if TYPE_CHECKING:
    from fcsec.cfg.edit import SslParses

SERVICES_JSON = "services.json"
CTSRVR_CFG = "ctsrvr.cfg"


class Loaded(Record):
    """A spec that compiled: its IR and the warnings found on the way."""

    __slots__ = ("spec", "tree", "warnings")
    _compared = ("spec", "warnings")

    def __init__(
        self,
        *,
        spec: Spec,
        warnings: tuple[Diagnostic, ...] = (),
        tree: Table | None = None,
    ) -> None:
        self.spec: Final = spec
        self.warnings: Final = warnings
        #: The whole spec's table tree (all environments), as ``parse_spec`` returns it.
        self.tree: Final = tree


def _envs(root: Table) -> list[tuple[str, Table]]:
    section = root.get("env")
    if section is None or not isinstance(section.value, Table):
        return []
    return [(item.name, item.value) for item in section.value if isinstance(item.value, Table)]


def parse_spec(source: SourceFile) -> Table:
    """The spec's table tree: syntax and TOML's table rules checked; raise on an error there."""
    return parse_tree(source)


def environments(source: SourceFile, *, tree: Table | None = None) -> tuple[str, ...]:
    """The names of the spec's ``[env.NAME]`` overlays, in the order written (``tree``: the
    spec as ``parse_spec`` returned it, so that it is not parsed again)."""
    return tuple(name for name, _ in _envs(tree if tree is not None else parse_spec(source)))


def load_spec(source: SourceFile, env: str | None = None, *, tree: Table | None = None) -> Loaded:
    """Parse, check and lower one spec (with overlay ``env`` applied); raise on any error.

    ``tree``: the spec as ``parse_spec(source)`` returned it, so that it is not parsed again."""
    from fcsec.spec.lower import lower

    root = tree if tree is not None else parse_spec(source)
    problems: list[Diagnostic] = []
    overlays = _envs(root)
    overlay_problems: dict[str, list[Diagnostic]] = {}
    for name, overlay in overlays:
        overlay_problems[name] = check_overlay(overlay, name)
        problems.extend(overlay_problems[name])
    base = without(root, "env")
    if env is not None:
        chosen = dict(overlays).get(env)
        if chosen is None:
            names = [name for name, _ in overlays]
            known = f"environments: {', '.join(names)}" if names else f"add [env.{env}]"
            problems.append(
                diagnostic(
                    UNKNOWN_ENV,
                    f"the spec has no environment `{env}`",
                    source.span(0, 0),
                    label="--env",
                    hint=did_you_mean(closest(env, names), then=known),
                )
            )
        elif not overlay_problems[env]:
            base = merge(base, chosen)
    problems.extend(check_structure(root if env is None else _with_env(base, root)))
    spec, lowered = lower(base, source.span(0, 0), env)
    problems.extend(lowered)
    unique = sorted({(p.rule, p.span, p.message): p for p in problems}.values(), key=sort_key)
    if spec is None or any(problem.is_error for problem in unique):
        raise DiagnosticError(unique)
    return Loaded(spec=spec, warnings=tuple(unique), tree=root)


def _with_env(merged: Table, root: Table) -> Table:
    env = root.get("env")
    return merged if env is None else Table(items=(*merged.items, env), span=merged.span)


class Output(Record):
    """The new text of one config file, what the spec manages in it, and what the compile
    summary must add (``notes``: one line each, e.g. a certificate key respelled)."""

    __slots__ = ("after", "before", "managed", "name", "notes")
    _compared = ("name", "before", "after", "managed", "notes")

    def __init__(
        self,
        *,
        name: str,
        before: str | None,
        after: str,
        managed: tuple[str, ...],
        notes: tuple[str, ...] = (),
    ) -> None:
        self.name: Final = name
        self.before: Final = before
        self.after: Final = after
        self.managed: Final = managed
        self.notes: Final = notes

    @property
    def changed(self) -> bool:
        return self.before != self.after


#: What an editor hands back: the new text, the managed parts named in the summary, the notes.
_Edited = tuple[str, tuple[str, ...], tuple[str, ...]]


def _output(
    name: str, current: Mapping[str, SourceFile | None], apply: Callable[[SourceFile], _Edited]
) -> Output:
    before = current.get(name)
    after, managed, notes = apply(before or SourceFile(name, ""))
    return Output(
        name=name,
        before=None if before is None else before.text,
        after=after,
        managed=managed,
        notes=notes,
    )


def render_outputs(
    spec: Spec, current: Mapping[str, SourceFile | None], *, parses: SslParses | None = None
) -> tuple[Output, ...]:
    """New text for each config file the spec manages, from its current text (None: absent).

    ``current`` is looked up only for the files the spec manages (``fcsec compile`` hands in a
    mapping that reads each file when asked). ``parses``: the run's parses of ctsrvr.cfg texts
    (``fcsec.cfg.edit.SslParses``), for a caller that reads the same texts again.

    Raises DiagnosticError when an existing file cannot be edited safely (it is not valid JSON,
    its SUBSYSTEM blocks are broken, ...), with the problems of both files. A file the spec does
    not manage is not in the result.
    """
    from fcsec.backends.ctsrvr_cfg import plan_ctsrvr
    from fcsec.backends.services_json import plan_services

    edits: list[tuple[str, Callable[[SourceFile], _Edited]]] = []
    services = plan_services(spec)
    if services is not None:
        from fcsec.services.edit import edit_services

        managed = tuple(f"listeners.{plan.service_name}" for plan in services.listeners)
        if services.authentication_methods is not None:
            managed += ("mqtt.authenticationMethods",)

        def services_edit(source: SourceFile) -> _Edited:
            edited = edit_services(source, services)
            return edited.text, managed, edited.notes

        edits.append((SERVICES_JSON, services_edit))
    ssl = plan_ctsrvr(spec)
    if ssl is not None:
        from fcsec.cfg.edit import edit_ssl

        def ssl_edit(source: SourceFile) -> _Edited:
            # COMM_PROTOCOL FSHAREMM is named only where the file has such a line.
            edited = edit_ssl(source, ssl, parses=parses)
            return edited.text, edited.managed, ()

        edits.append((CTSRVR_CFG, ssl_edit))

    outputs: list[Output] = []
    problems: list[Diagnostic] = []
    for name, apply in edits:
        try:
            outputs.append(_output(name, current, apply))
        except DiagnosticError as failure:
            problems.extend(failure.diagnostics)
    if problems:
        raise DiagnosticError(problems)
    return tuple(outputs)
