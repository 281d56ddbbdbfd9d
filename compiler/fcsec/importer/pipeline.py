"""Import end to end: facts, the spec's tables, its text, and the proof that it compiles back.

``import_configs`` never returns a spec that would change a config byte: it compiles the spec
against the files it was read from (what ``fcsec compile SPEC --config-dir DIR --check`` does)
before returning it. Should that find a change (a rule of ``fcsec.importer.facts`` that misses a
case: a bug), the parts that cause it are left out with a warning and the check runs again; when
even that fails, the import fails (FCS805) and nothing is written. Nothing here touches files.
"""

from __future__ import annotations

import attrs

from fcsec.api import CTSRVR_CFG, SERVICES_JSON, load_spec, render_outputs
from fcsec.diagnostics import Diagnostic, DiagnosticError, error, sort_key, warning
from fcsec.importer.build import Built, Exclusions, build
from fcsec.importer.facts import (
    LEFT_OUT,
    DatabaseFacts,
    ServicesFacts,
    database_facts,
    services_facts,
)
from fcsec.importer.write import write_spec
from fcsec.services.validate import SchemaViolation
from fcsec.source import SourceFile

NOTHING_TO_IMPORT = "FCS804"
NOT_REPRODUCED = "FCS805"


@attrs.frozen(kw_only=True)
class Imported:
    """The spec text, what it manages, and the notes about what it leaves out and why."""

    text: str
    listeners: tuple[str, ...]
    mqtt: bool
    database: bool
    notes: tuple[Diagnostic, ...] = ()


def _changes(text: str, services: SourceFile | None, ctsrvr: SourceFile | None) -> list[str]:
    """The config files that compiling ``text`` would change (a spec error counts as all)."""
    current = {SERVICES_JSON: services, CTSRVR_CFG: ctsrvr}
    try:
        spec = load_spec(SourceFile("imported.fcsec", text)).spec
        outputs = render_outputs(spec, current)
    except (DiagnosticError, SchemaViolation):
        return [SERVICES_JSON, CTSRVR_CFG]
    return [output.name for output in outputs if output.changed]


def _attempt(
    services: ServicesFacts | None,
    database: DatabaseFacts | None,
    exclusions: Exclusions,
    sources: tuple[SourceFile | None, SourceFile | None],
) -> tuple[Built, str, list[str]]:
    built = build(services, database, exclusions)
    text = write_spec(built.sections)
    return built, text, _changes(text, *sources)


def _culprits(
    services: ServicesFacts | None,
    database: DatabaseFacts | None,
    built: Built,
    sources: tuple[SourceFile | None, SourceFile | None],
) -> tuple[Exclusions, list[Diagnostic]]:
    """Each part checked on its own; the ones that would change a file are left out."""
    everything = frozenset(built.listeners)
    bad: set[str] = set()
    for name in built.listeners:
        alone = Exclusions(listeners=everything - {name}, mqtt=True, database=True)
        if _attempt(services, database, alone, sources)[2]:
            bad.add(name)
    database_bad = built.database and bool(
        _attempt(services, database, Exclusions(listeners=everything, mqtt=True), sources)[2]
    )
    exclusions = Exclusions(listeners=frozenset(bad), database=database_bad)
    if _attempt(services, database, exclusions, sources)[2]:
        exclusions = attrs.evolve(exclusions, mqtt=True)
    parts = [f"listener `{name}`" for name in sorted(bad)]
    parts += ["[database]"] if database_bad else []
    parts += ["[mqtt]"] if exclusions.mqtt and built.mqtt else []
    notes = [
        warning(
            LEFT_OUT,
            f"{part} is not imported: compiling it would change the config files in a way "
            "fcsec import did not foresee (please report it)",
            None,
            path="fcsec import",
        )
        for part in parts
    ]
    return exclusions, notes


def import_configs(services: SourceFile | None, ctsrvr: SourceFile | None) -> Imported:
    """A spec that compiles to exactly ``services`` and ``ctsrvr`` (None: the file is absent).

    Raises DiagnosticError when there is nothing to import (FCS804), or when no spec could be
    proven to reproduce the files (FCS805).
    """
    if services is None and ctsrvr is None:
        raise DiagnosticError(
            [
                error(
                    NOTHING_TO_IMPORT,
                    "there is neither a services.json nor a ctsrvr.cfg to import",
                    None,
                    path="fcsec import",
                    hint="give the folder that holds them: --config-dir <faircom>/config",
                )
            ]
        )
    service_facts = services_facts(services) if services is not None else None
    database, database_notes = database_facts(ctsrvr) if ctsrvr is not None else (None, ())
    sources = (services, ctsrvr)
    built, text, changed = _attempt(service_facts, database, Exclusions(), sources)
    extra: list[Diagnostic] = []
    if changed:
        exclusions, extra = _culprits(service_facts, database, built, sources)
        built, text, changed = _attempt(service_facts, database, exclusions, sources)
    if changed:
        raise DiagnosticError(
            [
                error(
                    NOT_REPRODUCED,
                    f"the imported spec would change {' and '.join(changed)}; nothing was written",
                    None,
                    path="fcsec import",
                    hint="this is a bug in fcsec import: please report it with the config files",
                )
            ]
        )
    found = [*(service_facts.notes if service_facts else ()), *database_notes, *built.notes]
    return Imported(
        text=text,
        listeners=built.listeners,
        mqtt=built.mqtt,
        database=built.database,
        notes=(*sorted(found, key=sort_key), *extra),
    )
