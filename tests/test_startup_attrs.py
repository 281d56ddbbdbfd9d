"""The only attrs classes a compile or a check loads are the IR's (``fcsec.ir``).

attrs generates and compiles the methods of every class it makes, in every process (about a
quarter of a millisecond a class); everything else on the start-up path is a plain ``__slots__``
class (``fcsec.record.Record``). Checked in a fresh interpreter; no timing, only which classes
exist once the command has run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.test_startup_imports import SPEC

#: Runs ``argv`` with ``fcsec.cli.main``, then prints its exit code and every attrs class that a
#: loaded ``fcsec`` module defines (each subclass of ``object``, however deep, so that a class
#: made inside a function counts too).
_PROBE = """\
import json, sys
from fcsec.cli import main
code = main({argv!r})
import attrs
seen, stack, found = set(), [object], []
while stack:
    cls = stack.pop()
    subclasses = type.__subclasses__(cls) if isinstance(cls, type) else []
    for sub in subclasses:
        if sub not in seen:
            seen.add(sub)
            stack.append(sub)
for cls in seen:
    module = getattr(cls, "__module__", None)
    if isinstance(module, str) and module.split(".")[0] == "fcsec" and attrs.has(cls):
        found.append(f"{{module}}.{{cls.__qualname__}}")
print(json.dumps([code, sorted(found)]))
"""


def _attrs_classes(argv: list[str]) -> list[str]:
    """The attrs classes of ``fcsec`` once ``argv`` has run in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(argv=argv)],
        capture_output=True,
        text=True,
        check=True,
    )
    exit_code, found = json.loads(done.stdout.strip().splitlines()[-1])
    assert exit_code == 0, done.stderr
    assert found, "no attrs class at all: the IR's should be there"
    return list(found)


def _outside_the_ir(found: list[str]) -> list[str]:
    return [name for name in found if not name.startswith("fcsec.ir.")]


def test_compile_loads_no_attrs_class_but_the_irs(tmp_path: Path) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    config = tmp_path / "config"
    found = _attrs_classes(["compile", str(spec), "--config-dir", str(config)])
    assert (config / "services.json").is_file()
    assert _outside_the_ir(found) == []


def test_check_loads_no_attrs_class_but_the_irs(tmp_path: Path) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    found = _attrs_classes(["check", str(spec), "--skip-files"])
    assert _outside_the_ir(found) == []
