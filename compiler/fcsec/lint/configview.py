"""What the server will read after compile: listeners, MQTT login methods and database TLS.

``read_effective`` reads the text of services.json and ctsrvr.cfg as they will be after
``fcsec compile`` (or as they are, for an audit without a spec) and keeps, for every part, the
place a finding should point at: the spec setting that writes a managed part, the line of the
current config file for every other part (unmanaged parts are byte-identical before and after
compile, so their place in the file on disk is exact).

The reader is lenient where the editors are strict: it reads what the server would read and
never refuses a part because fcsec could not manage it. It never judges a setting (the rules in
``fcsec.lint.config_file_rules`` do) and never reads the file system.

The parts are defined in ``configview_parts``; ``configview_services`` and ``configview_ctsrvr``
read one text each, ``configview_managed`` moves managed parts to the spec, and this module puts
the two files together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from fcsec.diagnostics import Diagnostic, DiagnosticError
from fcsec.lint.configview_ctsrvr import read_database
from fcsec.lint.configview_managed import managed_database, managed_listeners, managed_methods
from fcsec.lint.configview_parts import (
    CTSRVR_CFG,
    SERVICES_JSON,
    DatabasePart,
    Effective,
    ListenerPart,
    MethodsPart,
)
from fcsec.lint.configview_services import ServicesParts, read_services
from fcsec.lint.locate import Locator
from fcsec.source import SourceFile

if TYPE_CHECKING:
    from fcsec.api import Output
    from fcsec.cfg.edit import SslParses

__all__ = ["CTSRVR_CFG", "SERVICES_JSON", "Effective", "read_effective"]

MANAGED_METHODS = "mqtt.authenticationMethods"
MANAGED_SHARED_MEMORY = "COMM_PROTOCOL FSHAREMM"


def read_effective(
    current: Mapping[str, SourceFile | None],
    outputs: Sequence[Output] = (),
    locate: Locator | None = None,
    *,
    written: bool = False,
    parses: SslParses | None = None,
) -> Effective:
    """The configuration after compile: ``outputs`` (from ``fcsec.api.render_outputs``) over the
    ``current`` files (None: absent). Without outputs, the files as they are (an audit).

    Unmanaged parts point at their lines in ``current``; with ``written`` (the outputs are on
    disk now) at their lines in the new text. ``parses``: the run's parses of ctsrvr.cfg texts
    (``fcsec.cfg.edit.SslParses``), shared with the edit that made the outputs."""
    by_name = {output.name: output for output in outputs}
    problems: list[Diagnostic] = []
    listeners: tuple[ListenerPart, ...] | None = None
    methods: MethodsPart | None = None
    database: DatabasePart | None = None

    services = current.get(SERVICES_JSON)
    planned = by_name.get(SERVICES_JSON)
    before_services = _services_or_problems(services, problems)
    if planned is not None:
        after = _services_or_problems(_after(services, SERVICES_JSON, planned.after), problems)
        if after is not None:
            names = frozenset(
                item.removeprefix("listeners.")
                for item in planned.managed
                if item.startswith("listeners.")
            )
            old = before_services.listeners if before_services is not None else ()
            if written:
                old, before_services = after.listeners, after
            listeners = managed_listeners(after.listeners, old, names, locate)
            methods = (
                managed_methods(after.methods, locate)
                if MANAGED_METHODS in planned.managed
                else (before_services.methods if before_services is not None else after.methods)
            )
    elif before_services is not None:
        listeners, methods = before_services.listeners, before_services.methods

    ctsrvr = current.get(CTSRVR_CFG)
    before_db = None
    if ctsrvr is not None:
        before_db, found = read_database(ctsrvr, parses)
        problems.extend(found)
    planned = by_name.get(CTSRVR_CFG)
    if planned is not None:
        after_db, _ = read_database(_after(ctsrvr, CTSRVR_CFG, planned.after), parses)
        before_db = after_db if written else before_db
        database = managed_database(
            after_db, before_db, locate, MANAGED_SHARED_MEMORY in planned.managed
        )
    else:
        database = before_db
    return Effective(
        files=current,
        listeners=listeners,
        methods=methods,
        database=database,
        problems=tuple(problems),
        with_spec=locate is not None,
    )


def _after(current: SourceFile | None, name: str, text: str) -> SourceFile:
    return SourceFile(current.name if current is not None else name, text)


def _services_or_problems(
    source: SourceFile | None, problems: list[Diagnostic]
) -> ServicesParts | None:
    if source is None:
        return None
    try:
        return read_services(source)
    except DiagnosticError as failure:
        problems.extend(failure.diagnostics)
        return None
