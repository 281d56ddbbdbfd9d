"""fcsec.packagedata: the data files shipped in the package, read through its loader."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from fcsec.packagedata import read_text


@pytest.mark.parametrize(
    ("package", "resource"),
    [
        ("fcsec.ciphers", "data/suites.json"),
        ("fcsec", "schemas/services.schema.json"),
        ("fcsec.grammar", "fcsec_spec.lark"),
    ],
)
def test_a_shipped_file_reads_as_its_text(package: str, resource: str) -> None:
    folder = Path(importlib.import_module(package).__file__ or "").parent
    assert read_text(package, resource) == (folder / resource).read_text(encoding="utf-8")


def test_a_missing_file_is_an_error() -> None:
    with pytest.raises(OSError):
        read_text("fcsec.ciphers", "data/none.json")
