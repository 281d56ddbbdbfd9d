"""Where the cfg tests find their files, read as the CLI reads them (UTF-8, surrogateescape)."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data" / "cfg"
GOLDEN = TESTS / "golden" / "cfg"


def decode(data: bytes) -> str:
    """Text as the CLI decodes it: undecodable bytes become lone surrogates, a BOM stays."""
    return data.decode("utf-8", "surrogateescape")


def read(path: Path) -> str:
    return decode(path.read_bytes())


def data(name: str) -> str:
    """A committed synthetic fixture from tests/data/cfg."""
    return read(DATA / name)
