"""What fcsec wants in ctsrvr.cfg, as plain data: the contract between backend and editor.

The ctsrvr.cfg backend turns the IR into an ``SslBlockPlan``; ``fcsec.cfg.edit`` applies it to the
existing file (or to an empty one). This module knows FairCom keyword spellings and order, and
nothing about spec syntax or file bytes.
"""

from __future__ import annotations

from typing import Final

from fcsec.record import Record

# The vendor template's order and spelling (faircom-formats.md §2.4), with the keywords it does not
# show (private key, key store, x509 options) placed where a reader of the template expects them.
SSL_KEYWORDS: tuple[str, ...] = (
    "SERVER_CERTIFICATE_FILE",
    "SERVER_PRIVATE_KEY_FILE",
    "SERVER_ENCRYPTED_STORE_FILE",
    "DEBUG_LOG",
    "SSL_CONNECTIONS_ONLY",
    "VERIFY_CLIENT_CERTIFICATE",
    "x509_AUTHENTICATION",
    "x509_PATH",
    "X509_PREFIX",
    "X509_DELIMITER",
    "X509_REQUIREMENT_PATH",
    "X509_REQUIREMENT",
    "SSL_CIPHERS",
)

SSL_BLOCK_CLASS = "COMM_PROTOCOL"
SSL_BLOCK_NAME = "SSL"


class SslBlockPlan(Record):
    """The desired ``SUBSYSTEM COMM_PROTOCOL SSL`` block and shared-memory state.

    ``settings`` holds (keyword, value) pairs in ``SSL_KEYWORDS`` order, keywords spelled as in
    ``SSL_KEYWORDS``. A managed keyword absent from ``settings`` must not be active in the block.
    ``enabled=False`` keeps the block disabled the vendor's way (``;SUBSYSTEM ... {``).
    ``shared_memory`` is ``None`` to leave ``COMM_PROTOCOL FSHAREMM`` lines alone, ``False`` to
    comment active ones out, ``True`` to restore commented ones (or add one when there is none).
    """

    __slots__ = ("enabled", "settings", "shared_memory")
    _compared = ("settings", "enabled", "shared_memory")

    def __init__(
        self,
        *,
        settings: tuple[tuple[str, str], ...],
        enabled: bool = True,
        shared_memory: bool | None = None,
    ) -> None:
        self.settings: Final = settings
        self.enabled: Final = enabled
        self.shared_memory: Final = shared_memory

    def value_of(self, keyword: str) -> str | None:
        for name, value in self.settings:
            if name.upper() == keyword.upper():
                return value
        return None
