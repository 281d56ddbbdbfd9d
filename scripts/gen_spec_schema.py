"""Regenerate compiler/fcsec/schemas/fcsec.schema.json, the JSON Schema of the spec language.

The file is generated from ``fcsec.spec.schema`` (``fcsec.spec.json_schema.render``) and shipped
in the wheel; ``fcsec schema`` prints it. Run ``python scripts/gen_spec_schema.py`` after changing
the language, the IR's enums or the built-in cipher policies; a test fails while the file and the
generator disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fcsec.spec.json_schema import RESOURCE, render

FILE = Path(__file__).resolve().parent.parent / "compiler" / "fcsec" / RESOURCE


def main() -> int:
    FILE.write_bytes(render().encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
