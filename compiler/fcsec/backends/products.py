"""Which spelling of the listener certificate key each FairCom product and version reads.

Both spellings are real (faircom-formats.md §1.5): the Edge 4.2.3 and 5.1 builds ship
``serverCertificateFilename``; FairCom DB 13 and the current documentation use
``certificateFilename``; the guide's MQTTS client-certificate section (written for FairCom MQ)
uses ``serverCertificateFilename``. A spec that names no product gets the current docs' spelling
for a new file, and otherwise keeps the spelling the file already uses (``certificate_key_source``
is None, so the services.json editor decides; see ``fcsec.services.plan.ServicesPlan``).
"""

from __future__ import annotations

from fcsec.ir.nodes import Product, Server

CURRENT = "certificateFilename"
EDGE_STYLE = "serverCertificateFilename"

# (product, major versions or None for any version) -> key; the first matching row wins.
# Keep docs/language.md's table in step with this one.
SPELLINGS: tuple[tuple[Product | None, frozenset[str] | None, str], ...] = (
    (Product.FAIRCOM_EDGE, frozenset({"4", "5"}), EDGE_STYLE),
    (Product.FAIRCOM_EDGE, None, EDGE_STYLE),
    (Product.FAIRCOM_MQ, None, EDGE_STYLE),
    (Product.FAIRCOM_DB, None, CURRENT),
    (None, None, CURRENT),
)


def _major(version: str | None) -> str | None:
    if not version:
        return None
    return version.strip().lstrip("vV").split(".")[0]


def certificate_key(server: Server) -> str:
    """The services.json key that names a listener's certificate file on this server."""
    major = _major(server.version)
    for product, majors, key in SPELLINGS:
        if product is not None and product is not server.product:
            continue
        if majors is not None and major not in majors:
            continue
        return key
    return CURRENT


def certificate_key_source(server: Server) -> str | None:
    """What picks the certificate key spelling ("faircom-db 13"), or None when the spec names no
    product: then the file's own spelling is kept."""
    if server.product is None:
        return None
    version = (server.version or "").strip()
    return f"{server.product.value} {version}" if version else server.product.value
