"""The small public API of the fcsec package."""

from __future__ import annotations

import subprocess
import sys

import pytest

import fcsec


def test_public_names_compile_a_spec() -> None:
    text = 'fcsec = 1\n[certs.s]\nfile = "c.pem"\n[database]\ncert = "s"\n'
    loaded = fcsec.load_spec(fcsec.SourceFile("s.fcsec", text))
    (output,) = fcsec.render_outputs(loaded.spec, {"services.json": None, "ctsrvr.cfg": None})
    assert output.name == "ctsrvr.cfg"
    assert "SERVER_CERTIFICATE_FILE c.pem\n" in output.after


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        fcsec.nothing_here  # noqa: B018


def test_importing_fcsec_does_not_load_the_pipeline() -> None:
    code = "import sys, fcsec; print('fcsec.api' in sys.modules, 'lark' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
