"""Read the data files shipped inside the package: cipher tables, the services.json schema, the
grammar.

``pkgutil.get_data`` asks the package's loader for the bytes: a plain file read for an ordinary
install, a zip read for a zipped one. (``importlib.resources`` does the same through a dozen
more modules, which cost a cold ``fcsec compile`` several milliseconds to import.)
"""

from __future__ import annotations

import pkgutil


def read_text(package: str, resource: str) -> str:
    """The UTF-8 text of ``resource`` (a ``/``-separated path) inside ``package``."""
    data = pkgutil.get_data(package, resource)
    if data is None:  # a loader that cannot read data files
        raise FileNotFoundError(f"{package}: cannot read {resource}")
    return data.decode("utf-8")
