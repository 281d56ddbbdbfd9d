"""The cipher-suite registry: every suite by IANA and OpenSSL name, and the built-in policies."""

from __future__ import annotations

from fcsec.ciphers.policies import (
    DEFAULT_POLICY,
    FAIRCOM_DEFAULT,
    Exclusion,
    Policy,
    PolicyKind,
    policy,
    policy_names,
)
from fcsec.ciphers.registry import (
    Authentication,
    BulkAlgorithm,
    BulkCipher,
    CipherMode,
    KeyExchange,
    Mac,
    OpenSSLSupport,
    Suite,
    TlsVersion,
    all_suites,
    lookup,
    suggest,
)

__all__ = [
    "DEFAULT_POLICY",
    "FAIRCOM_DEFAULT",
    "Authentication",
    "BulkAlgorithm",
    "BulkCipher",
    "CipherMode",
    "Exclusion",
    "KeyExchange",
    "Mac",
    "OpenSSLSupport",
    "Policy",
    "PolicyKind",
    "Suite",
    "TlsVersion",
    "all_suites",
    "lookup",
    "policy",
    "policy_names",
    "suggest",
]
