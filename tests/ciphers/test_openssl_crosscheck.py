"""Cross-check the registry against the local OpenSSL: the `openssl` binary and Python's `ssl`.

Every suite the local OpenSSL offers must be in the registry with the same names, code point and
make-up. The registry may know more (legacy suites OpenSSL dropped); it must never disagree. Its
`openssl_support` fact must match too: with OpenSSL 3, a default build lists exactly the built-in
suites (plus RC4/3DES if built with enable-weak-ssl-ciphers), and loading the legacy provider adds
only legacy-provider suites; no configuration lists a suite the registry says was removed.
Without an `openssl` binary the binary checks skip, except under CI, where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import pytest

from fcsec.ciphers import OpenSSLSupport, Suite, all_suites, lookup

pytestmark = pytest.mark.external  # runs openssl, mosquitto or nmap, or real local TLS servers

TLS13_SUITES = (
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_CCM_SHA256",
    "TLS_AES_128_CCM_8_SHA256",
)

# One line of `openssl ciphers -V -stdname`:
#   0xC0,0x2F - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 - ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 Kx=ECDH
#   Au=RSA Enc=AESGCM(128) Mac=AEAD
_LINE = re.compile(
    r"\s*0x(?P<high>[0-9A-F]{2}),0x(?P<low>[0-9A-F]{2}) - (?P<iana>\S+)\s+- (?P<openssl>\S+)\s+"
    r"(?P<version>\S+)\s+Kx=(?P<kx>\S+)\s+Au=(?P<au>\S+)\s+Enc=(?P<enc>\S+)\s+Mac=(?P<mac>\S+)\s*"
)

# OpenSSL 1.1+ only builds ephemeral (EC)DH, and reports it as "DH"/"ECDH".
_KX = {
    "any": "any",
    "ECDH": "ECDHE",
    "DH": "DHE",
    "RSA": "RSA",
    "PSK": "PSK",
    "ECDHEPSK": "ECDHE-PSK",
    "DHEPSK": "DHE-PSK",
    "RSAPSK": "RSA-PSK",
    "SRP": "SRP",
}
_AU = {"None": "anon"}
_ENC = {
    "AESGCM": "AES-{bits}-GCM",
    "AESCCM": "AES-{bits}-CCM",
    "AESCCM8": "AES-{bits}-CCM8",
    "AES": "AES-{bits}-CBC",
    "ARIAGCM": "ARIA-{bits}-GCM",
    "Camellia": "CAMELLIA-{bits}-CBC",
    "CHACHA20/POLY1305": "CHACHA20-POLY1305",
    "3DES": "3DES-EDE-CBC",
    "SEED": "SEED-CBC",
    "IDEA": "IDEA-CBC",
    "RC4": "RC4-{bits}",
    "DES": "DES-{bits}-CBC",
    "None": "NULL",
}


@attrs.frozen(kw_only=True)
class Listed:
    """One suite as the local `openssl ciphers -V -stdname` describes it."""

    code: int
    iana: str
    openssl: str
    version: str
    kx: str
    au: str
    enc: str
    mac: str

    def encryption(self) -> str:
        match = re.fullmatch(r"(?P<name>.+?)(?:\((?P<bits>\d+)\))?", self.enc)
        assert match is not None
        return _ENC[match["name"]].format(bits=match["bits"])


def _openssl_binary() -> str:
    path = shutil.which("openssl")
    if path is None:
        message = "the openssl binary is not on PATH, so the registry cannot be cross-checked"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must install openssl")
        pytest.skip(f"{message} (install OpenSSL to run these checks)")
    return path


def _openssl_major() -> int:
    result = subprocess.run(
        [_openssl_binary(), "version"], capture_output=True, text=True, check=True
    )
    match = re.match(r"OpenSSL (\d+)\.", result.stdout)
    return int(match[1]) if match else 0


def _openssl_ciphers(*args: str) -> list[Listed]:
    result = subprocess.run(
        [_openssl_binary(), "ciphers", "-V", "-stdname", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = []
    for line in result.stdout.splitlines():
        match = _LINE.fullmatch(line)
        assert match is not None, f"unexpected `openssl ciphers` line: {line!r}"
        listed.append(
            Listed(
                code=int(match["high"] + match["low"], 16),
                iana=match["iana"],
                openssl=match["openssl"],
                version=match["version"],
                kx=match["kx"],
                au=match["au"],
                enc=match["enc"],
                mac=match["mac"],
            )
        )
    return listed


@pytest.fixture(scope="module")
def listed_all() -> list[Listed]:
    listed = _openssl_ciphers("ALL:COMPLEMENTOFALL")
    assert listed, "openssl listed no ciphers"
    return listed


@pytest.fixture(scope="module")
def listed_tls13() -> list[Listed]:
    listed = _openssl_ciphers("-s", "-ciphersuites", ":".join(TLS13_SUITES))
    return [entry for entry in listed if entry.version == "TLSv1.3"]


def _name_mismatches(listed: list[Listed]) -> list[str]:
    problems = []
    for entry in listed:
        suite = lookup(entry.openssl)
        if suite is None:
            problems.append(f"{entry.openssl} ({entry.iana}) is not in the registry")
            continue
        registry = (suite.iana, suite.openssl, f"0x{suite.code:04X}")
        openssl = (entry.iana, entry.openssl, f"0x{entry.code:04X}")
        if registry != openssl:
            problems.append(f"registry {registry} != openssl {openssl}")
    return problems


def _make_up(suite: Suite) -> tuple[str, str, str, str, str]:
    return (
        suite.tls_version.value,
        suite.key_exchange.value,
        suite.authentication.value,
        suite.encryption,
        suite.mac.value,
    )


def _make_up_mismatches(listed: list[Listed]) -> list[str]:
    problems = []
    for entry in listed:
        suite = lookup(entry.openssl)
        if suite is None:
            continue  # reported by the name check
        openssl = (
            entry.version,
            _KX[entry.kx],
            _AU.get(entry.au, entry.au),
            entry.encryption(),
            entry.mac,
        )
        if _make_up(suite) != openssl:
            problems.append(f"{suite.iana}: registry {_make_up(suite)} != openssl {openssl}")
    return problems


def test_every_suite_openssl_lists_is_in_the_registry_with_the_same_names(
    listed_all: list[Listed],
) -> None:
    assert _name_mismatches(listed_all) == []


def test_every_suite_openssl_lists_has_the_same_make_up(listed_all: list[Listed]) -> None:
    assert _make_up_mismatches(listed_all) == []


def test_all_five_tls13_suites_match_openssl(listed_tls13: list[Listed]) -> None:
    assert sorted(entry.iana for entry in listed_tls13) == sorted(TLS13_SUITES)
    assert _name_mismatches(listed_tls13) == []
    assert _make_up_mismatches(listed_tls13) == []


# --- whether current OpenSSL offers a suite -------------------------------------------------------

# What a build lists without the legacy provider: the built-in suites, and RC4/3DES in a build
# configured with enable-weak-ssl-ciphers.
_LISTED_BY_DEFAULT = {OpenSSLSupport.BUILT_IN, OpenSSLSupport.WEAK_CIPHERS_BUILD}


@pytest.fixture(scope="module")
def openssl3() -> None:
    if _openssl_major() < 3:
        pytest.skip("the support facts describe OpenSSL 3; the local openssl is older")


def _support_mismatches(listed: list[Listed], allowed: set[OpenSSLSupport]) -> list[str]:
    problems = []
    for entry in listed:
        suite = lookup(entry.openssl)
        if suite is not None and suite.openssl_support not in allowed:
            problems.append(f"{entry.openssl}: registry says {suite.openssl_support.value}")
    return problems


def test_no_suite_openssl_lists_is_one_the_registry_says_it_lacks(
    openssl3: None, listed_all: list[Listed]
) -> None:
    assert _support_mismatches(listed_all, _LISTED_BY_DEFAULT) == []


def test_openssl_lists_every_suite_the_registry_calls_built_in(
    openssl3: None, listed_all: list[Listed], listed_tls13: list[Listed]
) -> None:
    listed = {entry.iana for entry in [*listed_all, *listed_tls13]}
    missing = [
        suite.iana
        for suite in all_suites()
        if suite.openssl_support is OpenSSLSupport.BUILT_IN and suite.iana not in listed
    ]
    assert missing == []


def test_the_legacy_provider_adds_only_legacy_provider_suites(
    openssl3: None, listed_all: list[Listed]
) -> None:
    try:
        with_legacy = _openssl_ciphers(
            "-provider", "legacy", "-provider", "default", "ALL:COMPLEMENTOFALL"
        )
    except subprocess.CalledProcessError:
        pytest.skip("the local OpenSSL cannot load its legacy provider")
    default = {entry.code for entry in listed_all}
    added = [entry for entry in with_legacy if entry.code not in default]
    assert _support_mismatches(added, {OpenSSLSupport.LEGACY_PROVIDER}) == []
    assert _name_mismatches(added) == []


# --- Python's ssl module (needs no binary) --------------------------------------------------------


def _python_mismatches(ciphers: Sequence[Mapping[str, Any]]) -> list[str]:
    problems = []
    for cipher in ciphers:
        suite = lookup(cipher["name"])
        if suite is None:
            problems.append(f"{cipher['name']} is not in the registry")
            continue
        # `id` is OpenSSL's 0x0300XXXX cipher id; the low two bytes are the code point.
        registry = (suite.openssl, f"0x{suite.code:04X}", suite.aead, suite.bulk.key_bits)
        python = (
            cipher["name"],
            f"0x{cipher['id'] & 0xFFFF:04X}",
            cipher["aead"],
            cipher["alg_bits"],
        )
        if registry != python:
            problems.append(f"registry {registry} != ssl {python}")
    return problems


def test_python_server_context_with_all_ciphers_agrees() -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.set_ciphers("ALL:COMPLEMENTOFALL")
    ciphers = context.get_ciphers()
    assert ciphers, "Python's ssl offered no ciphers"
    assert _python_mismatches(ciphers) == []


def test_python_offers_only_suites_the_registry_says_current_openssl_has() -> None:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.set_ciphers("ALL:COMPLEMENTOFALL")
    lacking = [
        cipher["name"]
        for cipher in context.get_ciphers()
        if (suite := lookup(cipher["name"])) is not None
        and suite.openssl_support not in _LISTED_BY_DEFAULT
    ]
    assert lacking == []


def test_python_default_context_agrees() -> None:
    ciphers = ssl.create_default_context().get_ciphers()
    assert ciphers, "Python's default context offered no ciphers"
    assert _python_mismatches(ciphers) == []
