"""Small config folders written by hand for the importer's tests."""

from __future__ import annotations

import json

from fcsec.importer import Imported, import_configs
from fcsec.importer.pipeline import _changes
from fcsec.source import SourceFile


def listener(name: str, protocol: str, port: int, **members: object) -> dict[str, object]:
    body: dict[str, object] = {
        "serviceName": name,
        "description": f"Port {port} of {name}",
        "port": port,
        "protocol": protocol,
        "enabled": True,
    }
    body.update(members)
    return {key: value for key, value in body.items() if value is not None}


def https(name: str = "https8443", port: int = 8443, **tls: object) -> dict[str, object]:
    return listener(name, "https", port, tls={"certificateFilename": "server.pem", **tls})


def services(*listeners: dict[str, object], methods: list[str] | None = None) -> str:
    document: dict[str, object] = {"listeners": list(listeners)}
    if methods is not None:
        document["mqtt"] = {"authenticationMethods": methods}
    return json.dumps(document, indent="\t", ensure_ascii=False) + "\n"


def ctsrvr(*lines: str, enabled: bool = True) -> str:
    header = ("" if enabled else ";") + "SUBSYSTEM COMM_PROTOCOL SSL {"
    return "SERVER_NAME FAIRCOMS\n\n" + "\n".join([header, *lines, "}"]) + "\n"


def run(services_text: str | None = None, ctsrvr_text: str | None = None) -> Imported:
    """Import, and assert what every import promises: compiling the spec changes nothing."""
    sources = (
        None if services_text is None else SourceFile("services.json", services_text),
        None if ctsrvr_text is None else SourceFile("ctsrvr.cfg", ctsrvr_text),
    )
    imported = import_configs(*sources)
    assert _changes(imported.text, *sources) == []
    return imported


def messages(imported: Imported, rule: str = "FCS801") -> list[str]:
    return [note.message for note in imported.notes if note.rule == rule]
