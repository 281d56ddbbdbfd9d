"""The cipher-suite registry: every known TLS suite by IANA and OpenSSL name.

The facts are data (``data/suites.json``, written by ``scripts/regen_cipher_data.py``), read once
per process. This module answers "which suite is this name?" and "which known name did the user
mean?"; it also says how each FairCom target spells a suite. It must never judge suites (weak,
legacy, forbidden: that is the linter's job), never ask the local OpenSSL (the registry must give
the same answer on every machine), and never hand out anything mutable.
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, Final

from fcsec.packagedata import read_text
from fcsec.record import Record
from fcsec.suggest import closest

__all__ = [
    "Authentication",
    "BulkAlgorithm",
    "BulkCipher",
    "CipherMode",
    "KeyExchange",
    "Mac",
    "OpenSSLSupport",
    "Suite",
    "TlsVersion",
    "all_suites",
    "lookup",
    "suggest",
]


class TlsVersion(enum.Enum):
    """A protocol version, spelled as OpenSSL spells it; ordered oldest to newest."""

    SSLv3 = "SSLv3"
    TLSv1 = "TLSv1"
    TLSv1_1 = "TLSv1.1"
    TLSv1_2 = "TLSv1.2"
    TLSv1_3 = "TLSv1.3"

    @property
    def rank(self) -> int:
        """Position in protocol history (SSLv3 is 0); the basis of the ordering."""
        return _VERSION_ORDER.index(self)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, TlsVersion):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, TlsVersion):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, TlsVersion):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, TlsVersion):
            return NotImplemented
        return self.rank >= other.rank


_VERSION_ORDER = tuple(TlsVersion)


class KeyExchange(enum.Enum):
    """How the session secret is agreed. ``DH``/``ECDH`` are the static (certificate) variants."""

    ECDHE = "ECDHE"
    DHE = "DHE"
    ECDH = "ECDH"
    DH = "DH"
    RSA = "RSA"
    PSK = "PSK"
    ECDHE_PSK = "ECDHE-PSK"
    DHE_PSK = "DHE-PSK"
    RSA_PSK = "RSA-PSK"
    SRP = "SRP"
    #: TLS 1.3 suites leave the key exchange to the handshake's groups.
    ANY = "any"


class Authentication(enum.Enum):
    """How the server proves who it is (for static DH/ECDH: the certificate's signature type)."""

    RSA = "RSA"
    ECDSA = "ECDSA"
    DSS = "DSS"
    PSK = "PSK"
    SRP = "SRP"
    ANON = "anon"
    #: TLS 1.3 suites leave authentication to the certificate and signature algorithms.
    ANY = "any"


class BulkAlgorithm(enum.Enum):
    AES = "AES"
    ARIA = "ARIA"
    CAMELLIA = "CAMELLIA"
    CHACHA20_POLY1305 = "CHACHA20-POLY1305"
    TRIPLE_DES = "3DES-EDE"
    DES = "DES"
    RC4 = "RC4"
    RC2 = "RC2"
    IDEA = "IDEA"
    SEED = "SEED"
    NULL = "NULL"


class CipherMode(enum.Enum):
    CBC = "CBC"
    GCM = "GCM"
    CCM = "CCM"
    #: CCM with an 8-byte tag.
    CCM8 = "CCM8"


class Mac(enum.Enum):
    """Record integrity: ``AEAD`` when the cipher authenticates, else the HMAC hash."""

    AEAD = "AEAD"
    SHA1 = "SHA1"
    SHA256 = "SHA256"
    SHA384 = "SHA384"
    MD5 = "MD5"


class OpenSSLSupport(enum.Enum):
    """Whether current OpenSSL (3.x; FairCom documents OpenSSL 3.0) offers a suite.

    A fact of the registry data, not of the local machine: the cross-check in ``tests/ciphers``
    holds it against the local OpenSSL.
    """

    #: A default build of OpenSSL 3 implements the suite.
    BUILT_IN = "built-in"
    #: OpenSSL 3 offers it only with the legacy provider loaded (SEED, IDEA; many distributions
    #: build without IDEA at all).
    LEGACY_PROVIDER = "legacy-provider"
    #: OpenSSL 1.1.0 and later build it only when configured with ``enable-weak-ssl-ciphers``
    #: (RC4, 3DES).
    WEAK_CIPHERS_BUILD = "enable-weak-ssl-ciphers"
    #: OpenSSL 1.1.0 removed it (static DH and ECDH, single DES, export grade, RC2).
    REMOVED = "removed"


# Algorithms that come in one key size, so their name does not repeat it ("3DES-EDE-CBC").
_ONE_KEY_SIZE = frozenset(
    {
        BulkAlgorithm.TRIPLE_DES,
        BulkAlgorithm.CHACHA20_POLY1305,
        BulkAlgorithm.IDEA,
        BulkAlgorithm.SEED,
    }
)


class BulkCipher(Record):
    """The record cipher: algorithm, key bits (0 for NULL), mode (None for stream ciphers/AEAD)."""

    __slots__ = ("algorithm", "key_bits", "mode")
    _compared = ("algorithm", "key_bits", "mode")

    def __init__(self, *, algorithm: BulkAlgorithm, key_bits: int, mode: CipherMode | None) -> None:
        self.algorithm: Final = algorithm
        self.key_bits: Final = key_bits
        self.mode: Final = mode

    @property
    def name(self) -> str:
        """E.g. ``AES-128-GCM``, ``AES-256-CBC``, ``3DES-EDE-CBC``, ``RC4-128``, ``NULL``."""
        if self.algorithm is BulkAlgorithm.NULL:
            return "NULL"
        parts = [self.algorithm.value]
        if self.algorithm not in _ONE_KEY_SIZE:
            parts.append(str(self.key_bits))
        if self.mode is not None:
            parts.append(self.mode.value)
        return "-".join(parts)


class Suite(Record):
    """One cipher suite with its names, code point and cryptographic make-up.

    The hash is cached: suites are looked up in sets and caches once per use in a spec, and
    hashing every field (enums included) each time costs more than the lookups. Two suites are
    told apart by their code point first.
    """

    __slots__ = (
        "_hash",
        "aead",
        "authentication",
        "bulk",
        "code",
        "forward_secrecy",
        "iana",
        "key_exchange",
        "mac",
        "openssl",
        "openssl_aliases",
        "openssl_support",
        "tls_version",
    )
    _compared = (
        "iana",
        "openssl",
        "openssl_aliases",
        "code",
        "tls_version",
        "key_exchange",
        "authentication",
        "bulk",
        "mac",
        "aead",
        "forward_secrecy",
        "openssl_support",
    )

    def __init__(
        self,
        *,
        iana: str,
        openssl: str | None,
        openssl_aliases: tuple[str, ...] = (),
        code: int,
        tls_version: TlsVersion,
        key_exchange: KeyExchange,
        authentication: Authentication,
        bulk: BulkCipher,
        mac: Mac,
        aead: bool,
        forward_secrecy: bool,
        openssl_support: OpenSSLSupport,
    ) -> None:
        #: The IANA registry name, e.g. ``TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256``.
        self.iana: Final = iana
        #: OpenSSL's name (``ECDHE-RSA-AES128-GCM-SHA256``); for TLS 1.3 the IANA name; None if
        #: OpenSSL never had the suite.
        self.openssl: Final = openssl
        #: Other spellings OpenSSL used for the same suite (``EDH-RSA-DES-CBC3-SHA`` before
        #: 1.1.0).
        self.openssl_aliases: Final = openssl_aliases
        #: The two-byte code point as one number, e.g. ``0xC02F``.
        self.code: Final = code
        #: The oldest protocol version the suite can be negotiated at.
        self.tls_version: Final = tls_version
        self.key_exchange: Final = key_exchange
        self.authentication: Final = authentication
        self.bulk: Final = bulk
        self.mac: Final = mac
        self.aead: Final = aead
        self.forward_secrecy: Final = forward_secrecy
        #: Whether current OpenSSL offers the suite (a server built on it skips the others).
        self.openssl_support: Final = openssl_support
        self._hash: int | None = None

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Suite:
            return NotImplemented
        assert isinstance(other, Suite)
        return self.code == other.code and self._values() == other._values()

    def __hash__(self) -> int:
        cached = self._hash
        if cached is None:
            cached = self._hash = super().__hash__()
        return cached

    @property
    def encryption(self) -> str:
        """The bulk cipher's name, e.g. ``AES-128-GCM``."""
        return self.bulk.name

    @property
    def is_tls13(self) -> bool:
        return self.tls_version is TlsVersion.TLSv1_3

    @property
    def code_point(self) -> str:
        """The code point as IANA and ``openssl ciphers -V`` write it: ``0xC0,0x2F``."""
        return f"0x{self.code >> 8:02X},0x{self.code & 0xFF:02X}"

    @property
    def listener_name(self) -> str:
        """How services.json ``allowedCipherSuites`` names the suite.

        TLS 1.3 suites by their IANA name, the others by their OpenSSL name, as the FairCom guide's
        https8443 example does; a suite OpenSSL never had falls back to its IANA name.
        """
        if self.is_tls13 or self.openssl is None:
            return self.iana
        return self.openssl

    @property
    def openssl_name(self) -> str | None:
        """The name for an OpenSSL cipher list such as ctsrvr.cfg ``SSL_CIPHERS``.

        None when OpenSSL never had the suite. TLS 1.3 suites answer their IANA name, which OpenSSL
        accepts only in its separate TLS 1.3 list; whether such a suite belongs in ``SSL_CIPHERS``
        is for the caller to decide.
        """
        return self.openssl

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that resolves to this suite, IANA name first."""
        openssl = () if self.openssl is None or self.openssl == self.iana else (self.openssl,)
        return (self.iana, *openssl, *self.openssl_aliases)


class _Registry(Record):
    __slots__ = ("by_name", "iana_names", "openssl_names", "suites")
    _compared = ("suites", "by_name", "iana_names", "openssl_names")

    def __init__(
        self,
        *,
        suites: tuple[Suite, ...],
        by_name: Mapping[str, Suite],
        iana_names: tuple[str, ...],
        openssl_names: tuple[str, ...],
    ) -> None:
        self.suites: Final = suites
        # Upper-cased name -> suite, for case-insensitive lookup.
        self.by_name: Final = by_name
        # Canonical spellings offered as suggestions, per naming scheme.
        self.iana_names: Final = iana_names
        self.openssl_names: Final = openssl_names


def _parse_code(text: str) -> int:
    high, low = text.split(",")
    return int(high, 16) << 8 | int(low, 16)


def _parse_suite(raw: Mapping[str, Any]) -> Suite:
    encryption = raw["encryption"]
    mode = encryption["mode"]
    return Suite(
        iana=raw["iana"],
        openssl=raw["openssl"],
        openssl_aliases=tuple(raw["openssl_aliases"]),
        code=_parse_code(raw["code"]),
        tls_version=TlsVersion(raw["tls_version"]),
        key_exchange=KeyExchange(raw["key_exchange"]),
        authentication=Authentication(raw["authentication"]),
        bulk=BulkCipher(
            algorithm=BulkAlgorithm(encryption["algorithm"]),
            key_bits=int(encryption["key_bits"]),
            mode=None if mode is None else CipherMode(mode),
        ),
        mac=Mac(raw["mac"]),
        aead=bool(raw["aead"]),
        forward_secrecy=bool(raw["forward_secrecy"]),
        openssl_support=OpenSSLSupport(raw["openssl_support"]),
    )


def _index(suites: Iterable[Suite]) -> dict[str, Suite]:
    index: dict[str, Suite] = {}
    codes: dict[int, Suite] = {}
    for suite in suites:
        if suite.code in codes:
            raise ValueError(f"suites.json: {suite.iana} reuses code point {suite.code_point}")
        codes[suite.code] = suite
        for name in suite.names:
            clash = index.setdefault(name.upper(), suite)
            if clash is not suite:
                raise ValueError(f"suites.json: {name!r} names both {clash.iana} and {suite.iana}")
    return index


@functools.cache
def _registry() -> _Registry:
    text = read_text("fcsec.ciphers", "data/suites.json")
    suites = tuple(_parse_suite(raw) for raw in json.loads(text)["suites"])
    return _Registry(
        suites=suites,
        by_name=MappingProxyType(_index(suites)),
        iana_names=tuple(suite.iana for suite in suites),
        openssl_names=tuple(suite.openssl for suite in suites if suite.openssl is not None),
    )


def all_suites() -> tuple[Suite, ...]:
    """Every known suite, ordered by code point."""
    return _registry().suites


def lookup(name: str) -> Suite | None:
    """The suite an IANA or OpenSSL name (any letter case) stands for, or None if unknown."""
    return _registry().by_name.get(name.upper())


def _looks_iana(name: str) -> bool:
    upper = name.upper()
    return upper.startswith(("TLS_", "SSL_")) or "_WITH_" in upper


def suggest(name: str) -> str | None:
    """The known name closest to ``name``, or None if nothing is close.

    A name that looks like an IANA name (``TLS_…``, ``…_WITH_…``) is matched against IANA names
    first, anything else against OpenSSL names first, so the suggestion reads like what the user
    typed; the other scheme is the fallback. A known name comes back in its canonical spelling.
    """
    registry = _registry()
    iana_first = _looks_iana(name)
    suite = lookup(name)
    if suite is not None:
        if iana_first or suite.openssl is None:
            return suite.iana
        return suite.openssl
    schemes = (registry.iana_names, registry.openssl_names)
    for candidates in schemes if iana_first else reversed(schemes):
        match = closest(name, candidates, ignore_case=True)
        if match is not None:
            return match
    return None
