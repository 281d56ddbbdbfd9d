"""Import end to end: facts, the spec's IR, its text, and the proof that it compiles back.

``import_configs`` never returns a spec that would change a config byte: it compiles the spec
against the files it was read from (what ``fcsec compile SPEC --config-dir DIR --check`` does)
before returning it. Should that find a change (a rule of a reader, ``fcsec.importer.services_json``
or ``fcsec.importer.ctsrvr_cfg``, that misses a case: a bug), the parts that cause it are left out
with a warning and the check runs again; when even that fails, the import fails (FCS805) and
nothing is written. MQTT ``clientCertificate`` login without what the FairCom guide requires is
imported when the language accepts it (as a warning of ``fcsec check``) and left out with a
warning when the language refuses it (FCS022, FCS023 as errors). Nothing here touches files.
"""

from __future__ import annotations

import attrs

from fcsec.api import CTSRVR_CFG, SERVICES_JSON, load_spec, render_outputs
from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic, sort_key
from fcsec.importer.build import Built, Exclusions, build
from fcsec.importer.ctsrvr_cfg import database_facts, server_facts
from fcsec.importer.facts import DatabaseFacts, ServerFacts, ServicesFacts
from fcsec.importer.root import infer_root
from fcsec.importer.services_json import services_facts
from fcsec.ir import nodes as ir
from fcsec.rule_ids import IMPORT_LEFT_OUT, NOT_REPRODUCED, NOTHING_TO_IMPORT
from fcsec.services.validate import SchemaViolation
from fcsec.source import SourceFile
from fcsec.spec.writer import write_spec

HEADER = (
    "Written by `fcsec import` from the existing config files: compiling this spec changes",
    "no byte of them. From now on, change the spec and let `fcsec compile` write the files.",
)

# The language's rules on clientCertificate MQTT login (fcsec.spec.lower_mqtt).


@attrs.frozen(kw_only=True)
class Imported:
    """The spec text and its IR, what it manages, and the notes about what it leaves out and why.

    ``spec`` is what lowering builds from ``text`` (the importer is the inverse of lowering).
    """

    text: str
    spec: ir.Spec
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


@attrs.frozen(kw_only=True)
class _Facts:
    services: ServicesFacts | None
    database: DatabaseFacts | None
    server: ServerFacts | None = None
    root: str | None = None


def _attempt(
    facts: _Facts,
    exclusions: Exclusions,
    sources: tuple[SourceFile | None, SourceFile | None],
) -> tuple[Built, str, list[str]]:
    built = build(facts.services, facts.database, exclusions, server=facts.server, root=facts.root)
    text = write_spec(built.spec, header=HEADER, comments=built.comments)
    return built, text, _changes(text, *sources)


def _culprits(
    facts: _Facts,
    built: Built,
    sources: tuple[SourceFile | None, SourceFile | None],
    base: Exclusions,
) -> tuple[Exclusions, list[Diagnostic]]:
    """Each part checked on its own; the ones that would change a file are left out."""
    everything = frozenset(built.listeners)
    bad: set[str] = set()
    for name in built.listeners:
        alone = Exclusions(listeners=everything - {name}, mqtt=True, database=True)
        if _attempt(facts, alone, sources)[2]:
            bad.add(name)
    database_bad = built.database and bool(
        _attempt(facts, Exclusions(listeners=everything, mqtt=True), sources)[2]
    )
    exclusions = Exclusions(listeners=frozenset(bad), mqtt=base.mqtt, database=database_bad)
    if _attempt(facts, exclusions, sources)[2]:
        exclusions = attrs.evolve(exclusions, mqtt=True)
    parts = [f"listener `{name}`" for name in sorted(bad)]
    parts += ["[database]"] if database_bad else []
    parts += ["[mqtt]"] if exclusions.mqtt and not base.mqtt and built.mqtt else []
    notes = [
        diagnostic(
            IMPORT_LEFT_OUT,
            f"{part} is not imported: compiling it would change the config files in a way "
            "fcsec import did not foresee (please report it)",
            None,
            path="fcsec import",
        )
        for part in parts
    ]
    return exclusions, notes


def import_configs(
    services: SourceFile | None,
    ctsrvr: SourceFile | None,
    *,
    config_dir: str | None = None,
    spec_path: str | None = None,
) -> Imported:
    """A spec that compiles to exactly ``services`` and ``ctsrvr`` (None: the file is absent).

    ``config_dir`` is the folder the files came from, as the user typed it, and ``spec_path``
    where the spec goes (None: stdout); with them the spec gets ``[server] root`` when the folder
    is ``<faircom>/config``. Raises DiagnosticError when there is nothing to import (FCS804), or
    when no spec could be proven to reproduce the files (FCS805).
    """
    if services is None and ctsrvr is None:
        raise DiagnosticError(
            [
                diagnostic(
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
    found: list[Diagnostic] = [
        *(service_facts.notes if service_facts else ()),
        *database_notes,
    ]
    root = None
    if config_dir is not None:
        root, said = infer_root(config_dir, spec_path)
        found.append(said)
    facts = _Facts(
        services=service_facts,
        database=database,
        server=server_facts(ctsrvr) if ctsrvr is not None else None,
        root=root,
    )
    sources = (services, ctsrvr)
    exclusions = Exclusions()
    built, text, changed = _attempt(facts, exclusions, sources)
    extra: list[Diagnostic] = []
    if changed:
        exclusions, extra = _culprits(facts, built, sources, exclusions)
        built, text, changed = _attempt(facts, exclusions, sources)
    if changed:
        raise DiagnosticError(
            [
                diagnostic(
                    NOT_REPRODUCED,
                    f"the imported spec would change {' and '.join(changed)}; nothing was written",
                    None,
                    path="fcsec import",
                    hint="this is a bug in fcsec import: please report it with the config files",
                )
            ]
        )
    found.extend(built.notes)
    return Imported(
        text=text,
        spec=built.spec,
        listeners=built.listeners,
        mqtt=built.mqtt,
        database=built.database,
        notes=(*sorted(found, key=sort_key), *extra),
    )
