"""Where ``[server] root`` is: the one rule for every command that uses it.

An absolute root (``/opt/faircom``, ``C:\\FairCom``, ``\\\\host\\share``) is used as written. A
relative root is relative to the folder of the spec file, not to the working directory: a spec
kept in a repository beside its server tree compiles to the same folder from wherever it is run,
and running from another folder never creates a second config tree there.
"""

from __future__ import annotations

import ntpath
import os
import re

__all__ = ["is_absolute", "server_root"]

_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")


def is_absolute(name: str) -> bool:
    """True for a POSIX absolute path, a Windows drive path or a UNC path."""
    return name.startswith("/") or bool(_WINDOWS_ABSOLUTE.match(name))


def server_root(root: str, spec_path: str) -> str:
    """``root`` as a path usable from the working directory (see the module docstring).

    ``spec_path`` is the spec's path as given on the command line; ``-`` (standard input) or a
    spec in the working directory leaves a relative root as it is.
    """
    if is_absolute(root):
        return root
    folder = "" if spec_path == "-" else os.path.dirname(spec_path)
    if not folder:
        return os.path.normpath(root)
    if "\\" in root and "/" not in root:
        return ntpath.normpath(ntpath.join(folder, root))
    return os.path.normpath(os.path.join(folder, root))
