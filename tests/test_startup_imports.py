"""What a command loads at start-up: only the chosen command's module, and nothing that only an
error, another command or another option needs (each import is paid by every run, in every
pre-commit hook). Checked in a fresh interpreter; no timing, only ``sys.modules``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fcsec.cli import _chosen, command_name
from fcsec.commands import COMMANDS

SPEC = """\
fcsec = 1
[certs.server]
file = "serverCert.pem"
key = "serverKey.pem"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
[database]
cert = "server"
"""

#: Loaded by no successful compile or check: other commands' modules, diffing (``--diff``),
#: suggestions (a misspelt name), lark (a syntax error), sockets, cryptography (certificates).
NEVER = ("difflib", "socket", "lark", "cryptography", "fcsec.spec.format", "fcsec.importer")


def _loaded(code: str) -> tuple[int, set[str]]:
    """The exit code and the modules loaded after ``code`` ran in a fresh interpreter."""
    code += "\nimport json, sys\nprint(json.dumps([code, sorted(sys.modules)]))\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    exit_code, modules = json.loads(done.stdout.strip().splitlines()[-1])
    return exit_code, set(modules)


def _modules_after(argv: list[str]) -> set[str]:
    """What running ``argv`` loads beyond what this environment loads into every process (an
    editable install's finder, site hooks)."""
    _, everywhere = _loaded("code = 0")
    exit_code, modules = _loaded(f"from fcsec.cli import main\ncode = main({argv!r})")
    assert exit_code == 0
    return modules - everywhere


def _other_commands(chosen: str) -> set[str]:
    return {f"fcsec.commands.{module}" for module in COMMANDS if command_name(module) != chosen}


def test_compile_loads_only_what_compiling_needs(tmp_path: Path) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    loaded = _modules_after(["compile", str(spec), "--config-dir", str(tmp_path / "config")])
    assert "fcsec.commands.compile" in loaded
    assert not loaded & _other_commands("compile")
    assert not {name for name in loaded if name.startswith(NEVER)}
    # The config-file rules run on the files written; the spec's own lint rules do not.
    assert "fcsec.lint.effective" in loaded
    assert not loaded & {"fcsec.lint.engine", "fcsec.lint.cipher_rules", "fcsec.lint.config_rules"}


def test_check_without_files_writes_nothing_and_loads_no_writer(tmp_path: Path) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    loaded = _modules_after(["check", str(spec), "--skip-files"])
    assert not loaded & _other_commands("check")
    assert not {name for name in loaded if name.startswith(NEVER)}
    assert not loaded & {"fcsec.filewrite", "fcsec.folderlock", "tempfile"}


#: Standard modules a check of a spec has no use for: paths are strings until a config folder
#: is read (pathlib brings urllib.parse and ipaddress), argparse's default help width imports
#: shutil (with zlib, bz2 and lzma), and only a finding with a note is wrapped (textwrap).
CHECK_AVOIDS = ("pathlib", "urllib.parse", "ipaddress", "shutil", "textwrap")


def test_check_without_files_imports_no_pathlib_shutil_or_textwrap(tmp_path: Path) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    # This environment's start-up may have loaded some of them already: they are forgotten
    # first, so that an import by fcsec shows.
    forget = f"import sys\nfor name in {CHECK_AVOIDS!r}:\n    sys.modules.pop(name, None)\n"
    argv = ["check", str(spec), "--skip-files"]
    exit_code, modules = _loaded(f"{forget}from fcsec.cli import main\ncode = main({argv!r})")
    assert exit_code == 0
    assert not modules & set(CHECK_AVOIDS)


#: Standard modules a successful compile has no use for: paths are strings (pathlib brings
#: urllib.parse and ipaddress), and the temporary files are named by fcsec itself (tempfile
#: brings shutil, random, bz2 and lzma).
COMPILE_AVOIDS = ("pathlib", "urllib.parse", "ipaddress", "tempfile", "shutil")


def test_compile_writing_a_new_folder_imports_no_pathlib_tempfile_or_shutil(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "security.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    config = tmp_path / "new" / "config"
    forget = f"import sys\nfor name in {COMPILE_AVOIDS!r}:\n    sys.modules.pop(name, None)\n"
    argv = ["compile", str(spec), "--config-dir", str(config)]
    exit_code, modules = _loaded(f"{forget}from fcsec.cli import main\ncode = main({argv!r})")
    assert exit_code == 0
    # The folder was created and both files written, under the lock, in one transaction.
    assert sorted(path.name for path in config.iterdir()) == ["ctsrvr.cfg", "services.json"]
    assert {"fcsec.configdir", "fcsec.filewrite", "fcsec.folderlock"} <= modules
    assert not modules & set(COMPILE_AVOIDS)


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["compile", "x"], "compile"),
        (["--debug", "check", "x"], "check"),
        (["--color", "never", "import", "--config-dir", "d"], "import"),
        (["--color=always", "fmt", "x"], "fmt"),
        (["--help"], None),
        (["--version"], None),
        (["--colour", "never", "compile"], None),
        (["compil", "x"], None),
        ([], None),
        (["--color"], None),
    ],
)
def test_the_command_is_known_before_parsing_only_when_certain(
    argv: list[str], chosen: str | None
) -> None:
    assert _chosen(argv) == chosen


def test_every_command_module_is_named_for_its_command() -> None:
    import importlib

    for module in COMMANDS:
        assert command_name(module) == importlib.import_module(f"fcsec.commands.{module}").NAME
