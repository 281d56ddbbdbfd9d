"""Where FairCom finds a file the spec names, and the one reader the linter uses.

The rule (FairCom's guide, SERVER_CERTIFICATE_FILE: "If you specify a path with the file name, the
path will be relative to the <faircom>/server folder"):

1. an absolute name (``/Certs/ca.crt``, ``C:\\certs\\server.pem``, ``\\\\host\\share\\x.pem``) is
   used as it is;
2. a relative name is looked up in ``<server.root>/server`` when the spec sets ``[server] root``
   (a relative root is relative to the spec file's folder: ``fcsec.roots``);
3. without a root, a relative name is looked up in the folder of the spec file, so a spec kept
   beside its certificates checks on any machine.

Display names keep the spelling the user gave (the spec's path as typed on the command line and
the root as written in the spec); nothing is made absolute. ``Files`` is the only part of the
linter that touches the file system: the command creates it, the checks receive it.
"""

from __future__ import annotations

import ntpath
import os
import posixpath

import attrs

from fcsec.roots import is_absolute, server_root
from fcsec.rule_ids import FILE_TOO_LARGE

__all__ = ["Files", "Loaded", "is_absolute", "resolve"]


def _windows_style(path: str) -> bool:
    return (is_absolute(path) and not path.startswith("/")) or ("\\" in path and "/" not in path)


def resolve(name: str, *, root: str | None, spec_path: str) -> str:
    """The path at which FairCom (rule above) reads the file ``name``."""
    if is_absolute(name):
        return name
    if root is not None:
        root = server_root(root, spec_path)
        if _windows_style(root):
            return ntpath.normpath(ntpath.join(root, "server", name))
        return posixpath.normpath(posixpath.join(root, "server", name))
    folder = os.path.dirname(spec_path)
    return os.path.normpath(os.path.join(folder, name)) if folder else os.path.normpath(name)


@attrs.frozen(kw_only=True)
class Loaded:
    """The bytes of a file, or why there are none."""

    data: bytes | None
    #: None when ``data`` was read; otherwise the reason ("does not exist", "is a folder", ...).
    problem: str | None = None


class Files:
    """Reads the files the spec names, each once per run."""

    def __init__(self) -> None:
        self._cache: dict[str, Loaded] = {}

    def read(self, path: str) -> Loaded:
        cached = self._cache.get(path)
        if cached is None:
            cached = self._cache[path] = _read(path)
        return cached


_LIMIT = 1 << 20  # a certificate file larger than 1 MiB is not a certificate file
_TOO_LARGE = "is larger than 1 MiB, too large for a certificate file"


def _read(path: str) -> Loaded:
    from fcsec.fileread import Refused, read_regular

    try:
        data = read_regular(path, _LIMIT)
    except Refused as refused:
        if refused.rule == FILE_TOO_LARGE:
            return Loaded(
                data=None, problem="is larger than 1 MiB, too large for a certificate file"
            )
        return Loaded(data=None, problem=refused.reason)
    except OSError as exc:
        return Loaded(data=None, problem=f"cannot be read ({exc.strerror or type(exc).__name__})")
    if data is None:
        return Loaded(data=None, problem="does not exist")
    return Loaded(data=data)
