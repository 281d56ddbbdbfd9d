"""The parses of ctsrvr.cfg texts belong to one run (``fcsec.cfg.edit.SslParses``).

A compile reads the text before and after its edit several times: the edit, the config-file
rules, the notes on what changes for clients. The text before is parsed once per run, the text
after not at all (the edit hands over its document), and nothing of a parse is kept in a module
between runs (issue 13: no module-level caches of a parse).
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from fcsec.apply import compile_folder, load_all, read_spec_file
from fcsec.cfg import edit
from fcsec.cfg.edit import SslParses, edit_ssl, ssl_document
from fcsec.cfg.parse import Sparse
from fcsec.cfg.plan import SslBlockPlan
from fcsec.source import SourceFile

# A hand-made file shaped like Edge's (the vendor's disabled SSL block); the compile test below
# also runs on the real Edge 5.1 file when the shared samples are there.
LOOKALIKE = Path(__file__).resolve().parents[1] / "data" / "cfg" / "edge-lookalike.cfg"
SPEC = """\
fcsec = 1
[certs.server]
file = "serverCert.pem"
[database]
cert = "server"
tls_only = true
"""


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, str]]:
    """How often each (name, text) was parsed, counted at the one parse call of the editor."""
    counts: Counter[tuple[str, str]] = Counter()
    real = edit.parse_sparse

    def counting(source: SourceFile, *args: object, **kwargs: object) -> Sparse:
        counts[(source.name, source.text)] += 1
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(edit, "parse_sparse", counting)
    return counts


def _plan() -> SslBlockPlan:
    return SslBlockPlan(settings=(("SERVER_CERTIFICATE_FILE", "serverCert.pem"),))


def test_without_the_runs_parses_nothing_is_kept_between_calls(
    parsed: Counter[tuple[str, str]],
) -> None:
    source = SourceFile("ctsrvr.cfg", LOOKALIKE.read_text())
    edit_ssl(source, _plan())
    edit_ssl(source, _plan())
    ssl_document(source)
    assert parsed[(source.name, source.text)] == 3


def test_one_runs_parses_parse_each_text_once(parsed: Counter[tuple[str, str]]) -> None:
    source = SourceFile("ctsrvr.cfg", LOOKALIKE.read_text())
    parses = SslParses()
    edited = edit_ssl(source, _plan(), parses=parses)
    first = ssl_document(source, parses)
    assert ssl_document(SourceFile("ctsrvr.cfg", source.text), parses) is first
    after = ssl_document(SourceFile("ctsrvr.cfg", edited.text), parses)
    assert ssl_document(SourceFile("ctsrvr.cfg", edited.text), parses) is after
    # The text after the edit is never parsed: its document is the edited one (Sparse.of_edit).
    assert parsed == {(source.name, source.text): 1}
    assert all(
        line.span.source.text == edited.text for line in after.lines() if line.span is not None
    )
    # Another run parses again: the parses went with the first run.
    ssl_document(source, SslParses())
    assert parsed[(source.name, source.text)] == 2


@pytest.mark.parametrize("real", [False, True], ids=["lookalike", "edge-5.1"])
def test_a_compile_parses_the_text_before_once_and_the_text_after_never(
    tmp_path: Path, parsed: Counter[tuple[str, str]], request: pytest.FixtureRequest, real: bool
) -> None:
    folder = tmp_path / "config"
    if real:
        samples: Path = request.getfixturevalue("samples")
        shutil.copytree(samples / "faircom-edge-5.1", folder)
    else:
        folder.mkdir()
        shutil.copy(LOOKALIKE, folder / "ctsrvr.cfg")
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC)
    source = read_spec_file(str(spec))
    compiled = compile_folder(
        load_all(source, None), source, str(folder), write=True, holder="test"
    )
    # The edit turns SSL_CONNECTIONS_ONLY YES on: the client notes read both texts too.
    assert any("SSL_CONNECTIONS_ONLY YES" in note for note in compiled.client_notes())
    (output,) = [o for o in compiled.outputs if o.name == "ctsrvr.cfg"]
    assert output.changed
    texts = Counter(text for (_, text) in parsed.elements())
    assert texts == {output.before: 1}


def test_threads_reading_different_files_each_get_spans_into_their_own() -> None:
    # The config-file view of several ctsrvr.cfg texts at once (a language server, Ansible
    # workers): every setting found points into the file it was read from.
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from fcsec.lint.configview_ctsrvr import read_database

    base = LOOKALIKE.read_text()
    texts = {
        f"host{index}/ctsrvr.cfg": base.replace(";SSL_CONNECTIONS_ONLY YES", f"; host {index}")
        + f"COMM_PROTOCOL F_TCPIP{index}\n"
        for index in range(8)
    }

    def read(name: str) -> set[str]:
        part, _ = read_database(SourceFile(name, texts[name]), SslParses())
        values = {setting.value for setting in part.protocols}
        assert f"F_TCPIP{setting_index(name)}" in values
        return {setting.span.source.name for setting in part.protocols if setting.span}

    def setting_index(name: str) -> int:
        return int(name.split("/")[0].removeprefix("host"))

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            for _ in range(5):
                names = list(texts)
                for name, seen in zip(names, pool.map(read, names), strict=True):
                    assert seen == {name}
    finally:
        sys.setswitchinterval(interval)
