"""``fcsec lsp`` end to end: a real LSP client (pytest-lsp) talking to the server over stdio.

Each test starts ``python -m fcsec lsp`` as a process, so the module is marked ``external``.
Nothing here asserts a time: the debounce only makes the tests wait for diagnostics.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

pytestmark = [pytest.mark.external, pytest.mark.asyncio(loop_scope="module")]

SPEC = """\
fcsec = 1

[certs.server]
file = "serverCert.pem"
key = "serverKey.pem"

[ciphers.strict]
profile = "tlsref-intermediate"

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "sever"
tls.ciphers = ["TLS_AES_128_GCM_SHA256", "AES256-SHA"]

[lint]
allow = [{ rule = "FCS601", reason = "legacy SQL clients" }]
"""


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "fcsec", "lsp"]),
    scope="module",
)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                general=types.GeneralClientCapabilities(
                    position_encodings=[types.PositionEncodingKind.Utf16]
                ),
                text_document=types.TextDocumentClientCapabilities(
                    hover=types.HoverClientCapabilities(
                        content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
                    ),
                    completion=types.CompletionClientCapabilities(
                        completion_item=types.ClientCompletionItemOptions(
                            documentation_format=[types.MarkupKind.Markdown],
                            tag_support=types.CompletionItemTagOptions(
                                value_set=[types.CompletionItemTag.Deprecated]
                            ),
                        )
                    ),
                ),
            )
        )
    )
    yield
    await lsp_client.shutdown_session()


_count = 0


def _uri(tmp: Path | None = None) -> str:
    global _count
    _count += 1
    folder = tmp or Path("/nonexistent-fcsec-lsp")
    return (folder / f"spec{_count}.fcsec").as_uri()


async def _diagnostics(
    client: LanguageClient, uri: str, *, until: object = None, timeout: float = 20.0
) -> Sequence[types.Diagnostic]:
    """The diagnostics of ``uri`` once they are published (and, with ``until``, satisfy it)."""

    async def wait() -> Sequence[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and (until is None or until(found)):  # type: ignore[operator]
                return found
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)


def _open(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="fcsec", version=version, text=text
            )
        )
    )


def _edit(
    client: LanguageClient,
    uri: str,
    version: int,
    start: tuple[int, int],
    end: tuple[int, int],
    text: str,
) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=start[0], character=start[1]),
                        end=types.Position(line=end[0], character=end[1]),
                    ),
                    text=text,
                )
            ],
        )
    )


def _codes(found: Sequence[types.Diagnostic]) -> list[str]:
    return [str(item.code) for item in found]


async def test_open_reports_the_check_findings_with_rule_ids(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, SPEC)
    found = await _diagnostics(client, uri)
    unknown = [item for item in found if item.code == "FCS014"]
    assert len(unknown) == 1
    assert unknown[0].severity == types.DiagnosticSeverity.Error
    assert unknown[0].source == "fcsec"
    assert unknown[0].range == types.Range(
        start=types.Position(line=12, character=11), end=types.Position(line=12, character=18)
    )
    assert "did you mean `server`?" in unknown[0].message


async def test_an_edit_that_fixes_the_error_clears_it(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, SPEC)
    found = await _diagnostics(client, uri)
    assert "FCS014" in _codes(found)
    _edit(client, uri, 2, (12, 12), (12, 17), "server")  # "sever" -> "server"
    fixed = await _diagnostics(client, uri, until=lambda found: "FCS014" not in _codes(found))
    assert "FCS014" not in _codes(fixed)
    # the weak suite is still reported once the spec loads: the lint runs again
    assert "FCS501" in _codes(fixed)


async def test_a_syntax_error_is_reported_at_its_place(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, 'fcsec = 1\n[server\nproduct = "faircom-db"\n')
    found = await _diagnostics(client, uri)
    assert _codes(found) == ["FCS001"]
    assert found[0].range.start == types.Position(line=1, character=7)
    assert "not closed" in found[0].message


async def test_positions_count_utf16_code_units(client: LanguageClient) -> None:
    uri = _uri()
    # an emoji is two UTF-16 code units: what follows it on the line starts one unit later
    text = SPEC.replace('tls.cert = "sever"', '"\N{GRINNING FACE}".x = 1\ntls.cert = "sever"')
    text = text.replace('tls.cert = "sever"', 'tls = { cert = "\N{GRINNING FACE}", ciphers = "x" }')
    text = text.replace('tls.ciphers = ["TLS_AES_128_GCM_SHA256", "AES256-SHA"]\n', "")
    _open(client, uri, text)
    found = {str(item.code): item.range for item in await _diagnostics(client, uri)}

    def place(line: int, start: int, end: int) -> types.Range:
        return types.Range(
            start=types.Position(line=line, character=start),
            end=types.Position(line=line, character=end),
        )

    assert found["FCS011"] == place(12, 0, 4)  # the key "😀": quotes and two code units
    assert found["FCS014"] == place(13, 15, 19)
    assert found["FCS015"] == place(13, 31, 34)  # after the emoji: one unit later


async def test_related_places_and_environments(client: LanguageClient) -> None:
    uri = _uri()
    text = (
        "fcsec = 1\n[certs.server]\nfile = 'a.pem'\n"
        "[listeners.a]\nprotocol = 'http'\nport = 8080\n"
        "[listeners.b]\nprotocol = 'http'\nport = 8080\n"
        "[env.dev]\nlisteners.a.enabled = false\n[env.prod]\nlisteners.a.enabled = true\n"
    )
    _open(client, uri, text)
    found = await _diagnostics(client, uri)
    clash = [item for item in found if item.code == "FCS012"]
    assert len(clash) == 1  # the base spec and both environments: reported once
    related = clash[0].related_information
    assert related is not None and related[0].location.uri == uri
    assert related[0].location.range.start == types.Position(line=5, character=7)


async def test_saving_checks_the_certificate_files_that_exist(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "server.pem").write_text("not a certificate\n", encoding="utf-8")
    spec = tmp_path / "security.fcsec"
    text = (
        "fcsec = 1\n[certs.server]\nfile = 'server.pem'\nkey = 'missing.key'\n"
        "[listeners.a]\nprotocol = 'https'\nport = 8443\ntls.cert = 'server'\n"
    )
    spec.write_text(text, encoding="utf-8")
    uri = spec.as_uri()
    _open(client, uri, text)
    found = await _diagnostics(client, uri)
    assert not [code for code in _codes(found) if code.startswith("FCS4")]
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    saved = await _diagnostics(client, uri, until=lambda found: "FCS402" in _codes(found))
    assert "FCS402" in _codes(saved)  # the certificate file holds no PEM certificate
    assert "FCS401" not in _codes(saved)  # the missing key file is not the editor's business


async def _hover_text(client: LanguageClient, uri: str, line: int, character: int) -> str:
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    assert found is not None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def test_hover_explains_keys_suites_policies_and_rules(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, SPEC)
    key = await _hover_text(client, uri, 13, 6)  # tls.ciphers
    assert "listeners.NAME.tls.ciphers" in key
    assert "tls.allowedCipherSuites" in key and "tlsref-intermediate" in key
    suite = await _hover_text(client, uri, 13, 45)  # "AES256-SHA"
    assert "TLS_RSA_WITH_AES_256_CBC_SHA" in suite and "AES256-SHA" in suite
    assert "FCS501" in suite and "TLS version | SSLv3 and later" in suite
    assert "key exchange | RSA" in suite
    policy = await _hover_text(client, uri, 7, 14)  # profile = "tlsref-intermediate"
    assert "tlsref-intermediate" in policy and "TLS_AES_128_GCM_SHA256" in policy
    rule = await _hover_text(client, uri, 16, 20)  # rule = "FCS601"
    assert rule.startswith("FCS601 (warning)")
    assert "why:" in rule and "fix:" in rule


async def _complete(client: LanguageClient, uri: str, line: int, character: int) -> list[str]:
    found = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character),
        )
    )
    assert isinstance(found, types.CompletionList)
    return [item.label for item in found.items]


async def test_completion_offers_keys_and_values(client: LanguageClient) -> None:
    uri = _uri()
    text = SPEC.replace("[lint]", '[listeners.new]\nprotocol = "\ntls.\n[lint]')
    _open(client, uri, text)
    protocols = await _complete(client, uri, 16, 12)
    assert protocols == ["http", "https", "mqtt", "mqtts", "mqttws", "mqttwss"]
    tls = await _complete(client, uri, 17, 4)
    assert set(tls) == {"cert", "client_ca", "ciphers", "client_cert"}
    certs = await _complete(client, uri, 12, 11)  # tls.cert = |"sever"
    assert "server" in certs
    keys = await _complete(client, uri, 11, 0)
    assert {"protocol", "port", "enabled", "tls"} <= set(keys)
    suites = await _complete(client, uri, 13, 16)  # inside the list of suites
    assert "TLS_AES_256_GCM_SHA384" in suites and "ECDHE-RSA-AES128-GCM-SHA256" in suites
    policies = await _complete(client, uri, 7, 11)
    assert "nist-800-52r2-aead" in policies


def _at(uri: str, line: int, character: int) -> dict[str, object]:
    return {
        "text_document": types.TextDocumentIdentifier(uri=uri),
        "position": types.Position(line=line, character=character),
    }


def _lines(found: Sequence[types.Location] | None) -> list[tuple[int, int, int]]:
    return sorted(
        (item.range.start.line, item.range.start.character, item.range.end.character)
        for item in found or ()
    )


NAMES = """\
fcsec = 1
[certs.server]
file = "a.pem"
[ciphers.strict]
profile = "tlsref-intermediate"
[listeners.a]
protocol = "https"
port = 8443
tls.cert = "server"
tls.ciphers = "strict"
[database]
cert = "server"
ciphers = "strict"
[env.dev]
certs.server.file = "dev.pem"
"""


async def test_definition_references_and_rename_of_names(client: LanguageClient) -> None:
    uri = _uri()
    _open(client, uri, NAMES)
    await _diagnostics(client, uri)
    found = await client.text_document_definition_async(
        types.DefinitionParams(**_at(uri, 8, 13))  # type: ignore[arg-type]
    )
    assert isinstance(found, list)
    assert _lines(found)[0] == (1, 7, 13)  # [certs.server]
    uses = await client.text_document_references_async(
        types.ReferenceParams(
            **_at(uri, 1, 9),  # type: ignore[arg-type]
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    assert _lines(uses) == [(8, 12, 18), (11, 8, 14)]
    edit = await client.text_document_rename_async(
        types.RenameParams(**_at(uri, 9, 16), new_name="tight")  # type: ignore[arg-type]
    )
    assert edit is not None and edit.changes is not None
    assert _lines([types.Location(uri=uri, range=item.range) for item in edit.changes[uri]]) == [
        (3, 9, 15),
        (9, 15, 21),
        (12, 11, 17),
    ]
    assert {item.new_text for item in edit.changes[uri]} == {"tight"}


async def test_formatting_writes_the_fmt_layout(client: LanguageClient) -> None:
    from fcsec.spec.format import format_text

    uri = _uri()
    messy = "fcsec=1\n[listeners.a]\nport=8080\nprotocol='http'\n"
    _open(client, uri, messy)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert edits is not None and len(edits) == 1
    assert edits[0].new_text == format_text(messy)
    assert edits[0].range.start == types.Position(line=0, character=0)


async def _actions(
    client: LanguageClient, uri: str, found: Sequence[types.Diagnostic]
) -> list[types.CodeAction]:
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=types.CodeActionContext(diagnostics=list(found)),
        )
    )
    return [action for action in actions or () if isinstance(action, types.CodeAction)]


def _apply(text: str, action: types.CodeAction, uri: str) -> str:
    from fcsec.lsp.positions import Change, apply_changes

    assert action.edit is not None and action.edit.changes is not None
    edits = sorted(
        action.edit.changes[uri],
        key=lambda edit: (edit.range.start.line, edit.range.start.character),
        reverse=True,
    )
    return apply_changes(
        text,
        [
            Change(
                text=edit.new_text,
                start=(edit.range.start.line, edit.range.start.character),
                end=(edit.range.end.line, edit.range.end.character),
            )
            for edit in edits
        ],
    )


async def test_code_actions_fix_allow_and_replace(client: LanguageClient) -> None:
    uri = _uri()
    text = SPEC.replace(
        '[lint]\nallow = [{ rule = "FCS601", reason = "legacy SQL clients" }]\n', ""
    )
    _open(client, uri, text)
    found = await _diagnostics(client, uri)
    unknown = [item for item in found if item.code == "FCS014"]
    actions = await _actions(client, uri, unknown)
    fix = [action for action in actions if action.title == "Replace with `server`"]
    assert fix and fix[0].is_preferred
    text = _apply(text, fix[0], uri)
    assert 'tls.cert = "server"' in text
    _edit(client, uri, 2, (0, 0), (len(text.splitlines()) + 1, 0), text)
    found = await _diagnostics(client, uri, until=lambda found: "FCS501" in _codes(found))
    weak = [item for item in found if item.code == "FCS501"]
    actions = await _actions(client, uri, weak)
    titles = [action.title for action in actions]
    assert "Replace `AES256-SHA` with `ECDHE-RSA-AES256-GCM-SHA384`" in titles
    allow = [action for action in actions if action.title.startswith("Allow FCS501")]
    assert allow
    allowed = _apply(text, allow[0], uri)
    assert allowed.endswith(
        '\n[lint]\nallow = [{ rule = "FCS501", reason = "TODO: why this risk is accepted" }]\n'
    )
    replaced = _apply(
        text, actions[titles.index("Replace `AES256-SHA` with `ECDHE-RSA-AES256-GCM-SHA384`")], uri
    )
    assert '"ECDHE-RSA-AES256-GCM-SHA384"]' in replaced


async def test_documents_that_are_not_specs_are_left_alone(client: LanguageClient) -> None:
    uri = (Path("/nonexistent-fcsec-lsp") / "pyproject.toml").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="toml", version=1, text="[listeners.a]\nport = 1\n"
            )
        )
    )
    found = await client.text_document_hover_async(types.HoverParams(**_at(uri, 1, 1)))  # type: ignore[arg-type]
    assert found is None
    assert uri not in client.diagnostics
