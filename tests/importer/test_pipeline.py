"""fcsec.importer.pipeline: every import compiles back to the files it came from."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from tests.importer.helpers import https, listener, messages, run, services
from tests.importer.strategies import Folder, folders, spec_folders

from fcsec.api import load_spec
from fcsec.diagnostics import DiagnosticError
from fcsec.importer import import_configs, pipeline
from fcsec.importer.facts import ServicesFacts
from fcsec.importer.pipeline import _changes
from fcsec.source import SourceFile
from fcsec.spec.format import format_text


def _import(folder: Folder) -> tuple[pipeline.Imported, list[str]]:
    sources = folder.sources()
    imported = import_configs(*sources)
    return imported, _changes(imported.text, *sources)


@given(folders())
def test_import_then_compile_check_changes_nothing(folder: Folder) -> None:
    assert _import(folder)[1] == []


@given(folders())
def test_the_import_never_needs_its_safety_net(folder: Folder) -> None:
    imported, _ = _import(folder)
    assert not [note for note in imported.notes if "did not foresee" in note.message]


_WHOLE_FILE = ("no listener is imported", "services.json holds", "services.json is not imported")


@given(folders())
def test_every_listener_left_out_is_named_in_a_warning(folder: Folder) -> None:
    imported, _ = _import(folder)
    said = " ".join(note.message for note in imported.notes)
    if any(reason in said for reason in _WHOLE_FILE):
        return
    for name in ("http8080", "https8443", "mqtt1883", "mqtts8883", "mqttws9001", "mqttwss9002"):
        named = re.search(rf'"serviceName"\s*:\s*"{name}"', folder.services or "")
        if named and name not in imported.listeners:
            assert f"`{name}`" in said, name


@given(spec_folders())
def test_files_fcsec_wrote_import_without_a_warning(folder: Folder) -> None:
    imported, changed = _import(folder)
    assert changed == []
    assert [note.message for note in imported.notes if note.rule == "FCS801"] == []


@given(folders())
def test_the_importer_builds_the_ir_lowering_builds_from_its_text(folder: Folder) -> None:
    imported, _ = _import(folder)
    assert load_spec(SourceFile("imported.fcsec", imported.text)).spec == imported.spec


@given(folders())
def test_the_imported_spec_is_formatted(folder: Folder) -> None:
    text = _import(folder)[0].text
    assert format_text(text) == text


def test_the_shared_samples_import_and_compile_back(samples: Path) -> None:
    folders_found = 0
    for folder in sorted(path for path in samples.iterdir() if path.is_dir()):
        texts = [
            (folder / name).read_bytes().decode("utf-8", "surrogateescape")
            if (folder / name).is_file()
            else None
            for name in ("services.json", "ctsrvr.cfg")
        ]
        if texts == [None, None]:
            continue
        folders_found += 1
        imported, changed = _import(Folder(services=texts[0], ctsrvr=texts[1]))
        assert changed == [], folder.name
        assert load_spec(SourceFile("i.fcsec", imported.text)).spec == imported.spec, folder.name
    assert folders_found >= 3


def test_the_edge_51_sample_imports_every_listener(samples: Path) -> None:
    folder = samples / "faircom-edge-5.1"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not in the sample corpus")
    imported = run((folder / "services.json").read_text(), (folder / "ctsrvr.cfg").read_text())
    assert imported.listeners == (
        "http8080",
        "https8443",
        "mqtt1883",
        "mqtts8883",
        "mqttws9001",
        "mqttwss9002",
    )
    assert 'product = "faircom-edge"' in imported.text


def test_nothing_to_import_is_fcs804() -> None:
    with pytest.raises(DiagnosticError) as raised:
        import_configs(None, None)
    assert raised.value.diagnostics[0].rule == "FCS804"


def _sneak_in_a_port(monkeypatch: pytest.MonkeyPatch, name: str, port: int) -> None:
    """Make the facts claim another port for one listener: a rule the importer lacks."""
    real = pipeline.services_facts

    def wrong(source: SourceFile) -> ServicesFacts:
        facts = real(source)
        listeners = tuple(
            attrs.evolve(item, port=port) if item.name == name else item for item in facts.listeners
        )
        return attrs.evolve(facts, listeners=listeners)

    monkeypatch.setattr(pipeline, "services_facts", wrong)


def test_a_part_that_would_change_a_file_is_left_out_by_the_safety_net(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _sneak_in_a_port(monkeypatch, "b", 9999)
    imported = run(services(https("a", 1), listener("b", "http", 2)))
    assert imported.listeners == ("a",)
    assert "did not foresee" in messages(imported)[0]


def test_a_spec_that_cannot_be_proven_is_not_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_changes", lambda *args: ["services.json"])
    with pytest.raises(DiagnosticError) as raised:
        import_configs(SourceFile("services.json", services(https())), None)
    assert raised.value.diagnostics[0].rule == "FCS805"
