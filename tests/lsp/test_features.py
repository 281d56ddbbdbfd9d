"""The language server's features in process, on snapshots (no client, no process): the places
completion reads from half-written text, and edits of the code actions."""

from __future__ import annotations

import pytest

pytest.importorskip("lsprotocol")

from lsprotocol import types

from fcsec.lsp import actions, completion, hover, navigation
from fcsec.lsp.documents import Snapshot, uri_to_path

URI = "file:///work/specs/security.fcsec"


def _snapshot(text: str) -> Snapshot:
    return Snapshot(uri=URI, version=1, text=text)


def _context(text: str) -> completion.Context | None:
    """The completion context at the `|` of ``text``."""
    offset = text.index("|")
    text = text.replace("|", "")
    return completion.context(text, offset, _snapshot(text).index.starts)


def test_completion_reads_the_place_from_half_written_text() -> None:
    where = _context("fcsec = 1\n[listeners.a]\ntls.ci|\n")
    assert where is not None and where.kind == "key"
    assert where.path == ("listeners", "a", "tls") and where.partial == "ci"
    where = _context('[database]\nciphers = ["TLS_AES_128_GCM_SHA256",\n    "ECDHE|\n')
    assert where is not None and where.kind == "value" and where.in_array
    assert where.path == ("database", "ciphers") and where.quote == '"'
    assert where.partial == "ECDHE"
    where = _context('[lint]\nallow = [{ rule = "FCS6|" }]\n')
    assert where is not None and where.path == ("lint", "allow", "rule")
    where = _context("[env.dev]\nlisteners.a.tls.|\n")
    assert where is not None and where.path == ("env", "dev", "listeners", "a", "tls")
    assert _context("[server]\n# a comment |\n") is None
    where = _context("[listeners.|\n")
    assert where is not None and where.kind == "header" and where.path == ("listeners",)


def test_completion_in_an_overlay_offers_the_base_spec_keys() -> None:
    text = '[listeners.a]\nprotocol = "http"\nport = 1\n[env.dev]\nlisteners.a.\n'
    snapshot = _snapshot(text)
    found = completion.complete(snapshot, 4, len("listeners.a."))
    assert {"protocol", "port", "enabled", "tls"} <= {item.label for item in found.items}


def test_hover_on_a_suite_in_an_openssl_string() -> None:
    text = '[database]\nciphers = { openssl = "ECDHE-RSA-AES128-GCM-SHA256:!aNULL" }\n'
    snapshot = _snapshot(text)
    found = hover.hover(snapshot, 1, 30)
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" in found.contents.value
    assert "no weakness found" in found.contents.value


def test_rename_refuses_a_name_that_is_not_plain() -> None:
    snapshot = _snapshot('[certs.server]\nfile = "a.pem"\n[database]\ncert = "server"\n')
    with pytest.raises(navigation.RenameError):
        navigation.rename(snapshot, 3, 9, "two words")
    assert navigation.prepare_rename(snapshot, 3, 9) == types.Range(
        start=types.Position(line=3, character=8), end=types.Position(line=3, character=14)
    )


def _diagnostic(rule: str, severity: types.DiagnosticSeverity) -> types.Diagnostic:
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
        ),
        message="m",
        severity=severity,
        code=rule,
        source="fcsec",
    )


def test_an_allowance_joins_an_existing_list() -> None:
    one_line = '[lint]\nallow = [{ rule = "FCS601", reason = "x" }]\n'
    many = '[lint]\nallow = [\n    { rule = "FCS601", reason = "x" },\n]\n'
    header_only = "[lint]\n"
    entry = '{ rule = "FCS501", reason = "TODO: why this risk is accepted" }'
    expected = {
        one_line: f'[lint]\nallow = [{{ rule = "FCS601", reason = "x" }}, {entry}]\n',
        many: f'[lint]\nallow = [\n    {{ rule = "FCS601", reason = "x" }},\n    {entry},\n]\n',
        header_only: f"[lint]\nallow = [{entry}]\n",
    }
    for text, after in expected.items():
        snapshot = _snapshot(text)
        found = actions.code_actions(
            snapshot, [_diagnostic("FCS501", types.DiagnosticSeverity.Warning)]
        )
        assert len(found) == 1
        assert found[0].edit is not None and found[0].edit.changes is not None
        (edit,) = found[0].edit.changes[URI]
        start = snapshot.index.offset(edit.range.start.line, edit.range.start.character)
        assert text[:start] + edit.new_text + text[start:] == after


def test_syntax_errors_and_allowed_findings_get_no_allowance() -> None:
    snapshot = _snapshot("[lint]\n")
    assert (
        actions.code_actions(snapshot, [_diagnostic("FCS001", types.DiagnosticSeverity.Error)])
        == []
    )
    assert (
        actions.code_actions(snapshot, [_diagnostic("FCS501", types.DiagnosticSeverity.Hint)]) == []
    )


def test_formatting_a_spec_with_a_syntax_error_changes_nothing() -> None:
    assert actions.format_document(_snapshot("[server\n")) is None
    assert actions.format_document(_snapshot("fcsec = 1\n")) == []


def test_file_uris_become_paths() -> None:
    assert uri_to_path("file:///tmp/a%20b.fcsec") == "/tmp/a b.fcsec"
    assert uri_to_path("untitled:Untitled-1") == "untitled:Untitled-1"
