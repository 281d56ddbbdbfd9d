"""Where the <faircom> folder is, from the path of the config folder ``fcsec import`` read.

FairCom keeps services.json and ctsrvr.cfg in ``<faircom>/config``, so a folder named ``config``
gives the root: its parent. Any other name (a copy such as ``config/prod`` in a repository)
gives none, and a note says how to add it. A relative root is written relative to the spec's
folder, the way ``fcsec.roots`` reads it, so the spec finds the server from wherever it is run.
Only path strings are computed here; nothing is read or written.
"""

from __future__ import annotations

import os

from fcsec.diagnostics import Diagnostic
from fcsec.importer.facts import note, speakable

CONFIG_FOLDER = "config"


def infer_root(config_dir: str, spec_path: str | None) -> tuple[str | None, Diagnostic]:
    """``[server] root`` for a spec written to ``spec_path`` (None: stdout), and the note."""
    folder = os.path.normpath(config_dir)
    name = os.path.basename(folder)
    if name.casefold() != CONFIG_FOLDER:
        return None, note(
            f"no [server] root: the config folder `{name}` is not named `config`, so fcsec "
            "cannot tell which folder is <faircom>; certificate files then resolve beside the "
            "spec",
            None,
            path="fcsec import",
            hint='add `root = "/opt/faircom"` (the server\'s <faircom> folder) under [server], '
            "so that `fcsec check` finds the certificate files in <faircom>/server",
        )
    parent = os.path.dirname(folder) or os.curdir
    if not speakable(parent):
        return None, note(
            "no [server] root: the config folder's path holds a character a spec cannot hold",
            None,
            path="fcsec import",
            hint='add `root = "..."` (the server\'s <faircom> folder) under [server] by hand',
        )
    if os.path.isabs(parent):
        return parent, note(
            f'server.root = "{parent}": the parent of the config folder', None, path="fcsec import"
        )
    spec_folder = os.path.dirname(spec_path) if spec_path not in (None, "-") else ""
    root = os.path.relpath(parent, spec_folder or os.curdir)
    where = (
        "the folder of the spec"
        if spec_path not in (None, "-")
        else "the spec's folder, taken to be the working directory (the spec went to stdout)"
    )
    return root, note(
        f'server.root = "{root}": the parent of the config folder, relative to {where}',
        None,
        path="fcsec import",
    )
