"""``fcsec import``: a spec that compiles back to the config files it was read from.

Adopting fcsec should be a pull request that changes no config byte. The importer reads what
services.json and ctsrvr.cfg hold, one reader per file (``services_json``: listeners,
``mqtt.authenticationMethods``; ``ctsrvr_cfg``: the SSL block, the header), as ``facts``;
decides how the language says each part (``build``: certificates named once, the product
whose certificate key spelling the file uses, policies by name), writes the spec with tomli-w
(``write``), and compiles it against the same files before anyone sees it (``pipeline``). What
the language cannot say is left out of the spec, so fcsec keeps its hands off it, and each such
part is named in a warning. The importer never writes config files.
"""

from __future__ import annotations

from fcsec.importer.pipeline import Imported, import_configs

__all__ = ["Imported", "import_configs"]
