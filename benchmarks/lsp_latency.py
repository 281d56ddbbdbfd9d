"""How long ``fcsec lsp`` takes to re-check a big spec after an edit.

    python benchmarks/lsp_latency.py                 # 2,000 listeners, 7 edits
    python benchmarks/lsp_latency.py --listeners 200 --edits 3 --json FILE

The spec is ``specs/examples/production.fcsec`` with its ``https8443`` listener repeated until
the spec has ``--listeners`` listeners (each on its own port). Two figures, each the median of
the edits:

- ``check_s``: the re-check itself, in process, as the server runs it
  (``fcsec.lsp.server.check_snapshot``: parse, every environment, lint, conversion to LSP
  diagnostics);
- ``edit_to_diagnostics_s``: a real client (pygls) talking to ``python -m fcsec lsp`` over stdio:
  from sending ``didChange`` (one port changed) to receiving the diagnostics of that version.
  It includes the server's debounce (``DEBOUNCE``), given as ``debounce_s``; the work after the
  pause is ``edit_to_diagnostics_s - debounce_s``.

Needs pygls (``pip install 'fcsec[lsp]'``). Speed is never asserted by a test; the report is for
docs/performance.md and the change log.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "specs" / "examples" / "production.fcsec"
TEMPLATE = "https8443"


def big_spec(listeners: int) -> str:
    """The production example with its https listener repeated up to ``listeners`` listeners."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index(f"[listeners.{TEMPLATE}]")
    end = text.index("\n\n", start) + 2
    block = text[start:end]
    present = text.count("[listeners.")
    copies = [
        block.replace(f"[listeners.{TEMPLATE}]", f"[listeners.https{port}]").replace(
            "port = 8443", f"port = {port}"
        )
        for port in range(20000, 20000 + max(0, listeners - present))
    ]
    return text[:end] + "".join(copies) + text[end:]


def _edited(text: str, round_: int) -> tuple[str, int, int, str]:
    """The text with the port of the last generated listener changed: (text, line, column,
    new port)."""
    marker = "\nport = "
    at = text.rindex(marker) + len(marker)
    old_end = text.index("\n", at)
    port = str(30000 + round_)
    line = text.count("\n", 0, at)
    return text[:at] + port + text[old_end:], line, old_end - at, port


def check_seconds(text: str, edits: int) -> float:
    """The median seconds of a check of ``edits`` edited versions of ``text``."""
    from fcsec.lsp.documents import Snapshot
    from fcsec.lsp.server import check_snapshot

    times = []
    for round_ in range(edits):
        text, _, _, _ = _edited(text, round_)
        snapshot = Snapshot(uri="file:///bench/big.fcsec", version=round_, text=text)
        start = time.perf_counter()
        check_snapshot(snapshot, check_files=False)
        times.append(time.perf_counter() - start)
    return float(statistics.median(times))


async def _client_seconds(text: str, edits: int) -> list[float]:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("fcsec-bench", "1")
    arrived: dict[int, float] = {}
    event = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            event.set()

    async def wait_for(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 120)
        return arrived[version]

    await client.start_io(sys.executable, "-m", "fcsec", "lsp")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    uri = "file:///bench/big.fcsec"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="fcsec", version=0, text=text)
        )
    )
    await wait_for(0)
    times = []
    for round_ in range(1, edits + 1):
        text, line, length, port = _edited(text, round_)
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=round_),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=line, character=7),
                            end=types.Position(line=line, character=7 + length),
                        ),
                        text=port,
                    )
                ],
            )
        )
        times.append(await wait_for(round_) - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return times


def measure(listeners: int = 2000, edits: int = 7) -> dict[str, Any]:
    """The figures described in the module docstring."""
    from fcsec.lsp.server import DEBOUNCE

    text = big_spec(listeners)
    client = asyncio.run(_client_seconds(text, edits))
    return {
        "listeners": text.count("[listeners."),
        "spec_lines": text.count("\n"),
        "edits": edits,
        "check_s": check_seconds(text, edits),
        "edit_to_diagnostics_s": float(statistics.median(client)),
        "debounce_s": DEBOUNCE,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--listeners", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    result = measure(args.listeners, args.edits)
    print(
        f"{result['listeners']} listeners ({result['spec_lines']} lines): re-check "
        f"{result['check_s']:.3f}s in process; edit to diagnostics "
        f"{result['edit_to_diagnostics_s']:.3f}s over stdio (of which {result['debounce_s']}s "
        "debounce); medians of "
        f"{result['edits']} edits"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
