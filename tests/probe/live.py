"""Running the command line in-process for the live tests: exit code, stdout, stderr."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

from fcsec.cli import main


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--color", "never", *args])
    return code, out.getvalue(), err.getvalue()


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = run(*args, "--format", "json")
    document: dict[str, Any] = json.loads(out)
    return code, document
