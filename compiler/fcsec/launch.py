"""The process entry point: the ``fcsec`` command (``project.scripts``) and ``python -m fcsec``.

Only the package itself (which loads no module of fcsec) is imported before ``run`` turns the
cyclic garbage collector off, so that no collection walks the classes, tables and syntax trees
a command builds (attrs' generated classes, the IR, a big spec's tree): a command is one short
run whose objects form no cycles, and reference counting frees them. ``fcsec.cli.main`` is the
whole command line; commands that live long (``fcsec lsp``) turn the collector back on.
"""

from __future__ import annotations

import gc


def run() -> int:
    """Run the command line on ``sys.argv`` and return its exit code.

    The process ends right after, and the interpreter frees its objects by reference counting
    as it shuts down. Its final garbage collections would first walk every one of them (about
    an eighth of the time of checking a 2,000-listener spec), so what is left is frozen: out of
    those walks.
    """
    gc.disable()
    from fcsec.cli import main

    code = main()
    gc.freeze()
    return code
