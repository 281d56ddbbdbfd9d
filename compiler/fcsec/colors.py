"""Whether to colour a stream: ``--color``, then ``FORCE_COLOR`` and ``NO_COLOR``, then a terminal.

``--color always|never`` decides when given. Otherwise a non-empty ``FORCE_COLOR``
(https://force-color.org) turns colour on, also into a pipe or a CI log; a non-empty ``NO_COLOR``
(https://no-color.org) turns it off; without either, only a terminal gets colour.
"""

from __future__ import annotations

import os
from typing import TextIO


def color_wanted(choice: str, stream: TextIO) -> bool:
    """``choice`` is the ``--color`` value: ``auto``, ``always`` or ``never``."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()
