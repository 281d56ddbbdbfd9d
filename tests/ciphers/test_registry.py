"""Tests for fcsec.ciphers.registry: lookup, suggestions, target spellings, data invariants."""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Hashable, Sequence
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fcsec.ciphers import (
    Authentication,
    BulkAlgorithm,
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

ROOT = Path(__file__).resolve().parents[2]
ALL_NAMES = sorted({name for suite in all_suites() for name in suite.names})


def _suite(name: str) -> Suite:
    suite = lookup(name)
    assert suite is not None, f"{name} should be known"
    return suite


# --- lookup ---------------------------------------------------------------------------------------


def test_lookup_by_iana_name() -> None:
    suite = _suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
    assert (suite.openssl, suite.code) == ("ECDHE-RSA-AES128-GCM-SHA256", 0xC02F)


def test_lookup_by_openssl_name() -> None:
    suite = _suite("ECDHE-RSA-AES128-GCM-SHA256")
    assert (suite.iana, suite.code) == ("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xC02F)


def test_lookup_ignores_letter_case() -> None:
    assert lookup("ecdhe-rsa-aes128-gcm-sha256") is lookup("ECDHE-RSA-AES128-GCM-SHA256")
    assert lookup("tls_aes_256_gcm_sha384") is lookup("TLS_AES_256_GCM_SHA384")


@given(st.sampled_from(ALL_NAMES), st.data())
def test_lookup_finds_every_name_in_any_letter_case(name: str, data: st.DataObject) -> None:
    flips = data.draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    mixed = "".join(ch.swapcase() if flip else ch for ch, flip in zip(name, flips, strict=True))
    suite = lookup(mixed)
    assert suite is not None and name in suite.names


def test_lookup_by_pre_1_1_openssl_spelling() -> None:
    # OpenSSL renamed EDH-* to DHE-* in 1.1.0; configs written before still say EDH.
    assert lookup("EDH-RSA-DES-CBC3-SHA") is lookup("DHE-RSA-DES-CBC3-SHA")
    assert _suite("EDH-RSA-DES-CBC3-SHA").openssl == "DHE-RSA-DES-CBC3-SHA"


@pytest.mark.parametrize(
    "name",
    ["AES256-GCM-SHA38", "", "ALL", "HIGH:!aNULL", "TLS_FOO", "ECDHE-RSA-AES128-GCM-SHA256 "],
)
def test_lookup_returns_none_for_unknown_names(name: str) -> None:
    assert lookup(name) is None


@pytest.mark.parametrize(
    "name",
    [
        # FairCom's documented SSL_CIPHERS default: static ECDH, gone from OpenSSL 1.1+.
        "ECDH-ECDSA-AES128-GCM-SHA256",
        "DHE-RSA-AES128-SHA256",
        "ECDH-RSA-AES256-GCM-SHA384",
        "ECDH-ECDSA-AES128-SHA",
        "DES-CBC3-SHA",
        "EDH-DSS-DES-CBC3-SHA",
        "ECDHE-RSA-DES-CBC3-SHA",
        "RC4-SHA",
        "RC4-MD5",
        "NULL-SHA",
        "NULL-MD5",
        "NULL-SHA256",
        "EXP-RC4-MD5",
        "EXP-DES-CBC-SHA",
        "EXP-EDH-RSA-DES-CBC-SHA",
        "ADH-AES128-SHA",
        "ADH-RC4-MD5",
        "AECDH-AES256-SHA",
        "DH-RSA-AES256-SHA",
    ],
)
def test_legacy_suites_an_old_config_may_name_are_known(name: str) -> None:
    assert lookup(name) is not None


def test_faircom_default_suite_is_static_ecdh_without_forward_secrecy() -> None:
    suite = _suite("ECDH-ECDSA-AES128-GCM-SHA256")
    assert suite.iana == "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256"
    assert suite.code == 0xC02D
    assert suite.key_exchange is KeyExchange.ECDH
    assert suite.authentication is Authentication.ECDSA
    assert suite.forward_secrecy is False


@pytest.mark.parametrize(
    ("name", "support"),
    [
        ("ECDHE-RSA-AES128-GCM-SHA256", OpenSSLSupport.BUILT_IN),
        ("TLS_AES_128_CCM_8_SHA256", OpenSSLSupport.BUILT_IN),
        ("DHE-DSS-AES128-GCM-SHA256", OpenSSLSupport.BUILT_IN),
        # The first suite of FairCom's documented SSL_CIPHERS default: static ECDH.
        ("ECDH-ECDSA-AES128-GCM-SHA256", OpenSSLSupport.REMOVED),
        ("DH-RSA-AES256-SHA", OpenSSLSupport.REMOVED),
        ("EDH-RSA-DES-CBC-SHA", OpenSSLSupport.REMOVED),
        ("EXP-RC4-MD5", OpenSSLSupport.REMOVED),
        ("EXP-RC2-CBC-MD5", OpenSSLSupport.REMOVED),
        ("ECDH-RSA-RC4-SHA", OpenSSLSupport.REMOVED),
        ("RC4-SHA", OpenSSLSupport.WEAK_CIPHERS_BUILD),
        ("DES-CBC3-SHA", OpenSSLSupport.WEAK_CIPHERS_BUILD),
        ("ECDHE-RSA-DES-CBC3-SHA", OpenSSLSupport.WEAK_CIPHERS_BUILD),
        ("SEED-SHA", OpenSSLSupport.LEGACY_PROVIDER),
        ("IDEA-CBC-SHA", OpenSSLSupport.LEGACY_PROVIDER),
    ],
)
def test_openssl_support_says_whether_current_openssl_offers_a_suite(
    name: str, support: OpenSSLSupport
) -> None:
    assert _suite(name).openssl_support is support


def test_only_legacy_suites_lack_built_in_openssl_support() -> None:
    # What a default OpenSSL 3 build lacks is static (EC)DH or an algorithm it dropped or hides.
    for suite in all_suites():
        if suite.openssl_support is OpenSSLSupport.BUILT_IN:
            assert suite.key_exchange not in (KeyExchange.DH, KeyExchange.ECDH), suite.iana
            assert suite.bulk.algorithm not in (
                BulkAlgorithm.RC4,
                BulkAlgorithm.TRIPLE_DES,
                BulkAlgorithm.DES,
                BulkAlgorithm.RC2,
                BulkAlgorithm.SEED,
                BulkAlgorithm.IDEA,
            ), suite.iana


def test_all_five_tls13_suites_are_known() -> None:
    tls13 = [suite.iana for suite in all_suites() if suite.is_tls13]
    assert tls13 == [
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_AES_128_CCM_SHA256",
        "TLS_AES_128_CCM_8_SHA256",
    ]


# --- suggest --------------------------------------------------------------------------------------


def test_suggest_fixes_the_vendor_typo() -> None:
    assert suggest("AES256-GCM-SHA38") == "AES256-GCM-SHA384"


def test_suggest_answers_in_iana_naming_for_iana_input() -> None:
    assert (
        suggest("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265") == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
    )


def test_suggest_answers_in_openssl_naming_for_openssl_input() -> None:
    assert suggest("ECDHE-RSA-AES128-GCM-SHA265") == "ECDHE-RSA-AES128-GCM-SHA256"


def test_suggest_gives_canonical_spelling_of_a_known_name() -> None:
    assert suggest("ecdhe-rsa-aes128-gcm-sha256") == "ECDHE-RSA-AES128-GCM-SHA256"
    assert suggest("edh-rsa-des-cbc3-sha") == "DHE-RSA-DES-CBC3-SHA"
    assert (
        suggest("tls_ecdhe_rsa_with_aes_128_gcm_sha256") == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
    )


def test_suggest_returns_none_when_nothing_is_close() -> None:
    assert suggest("xyzzy") is None


@given(st.text(max_size=40))
def test_suggest_only_offers_names_lookup_knows(name: str) -> None:
    suggestion = suggest(name)
    assert suggestion is None or lookup(suggestion) is not None


# --- how targets spell a suite --------------------------------------------------------------------


def test_listener_name_of_tls13_suite_is_iana_name() -> None:
    assert _suite("TLS_AES_256_GCM_SHA384").listener_name == "TLS_AES_256_GCM_SHA384"


def test_listener_name_of_tls12_suite_is_openssl_name() -> None:
    suite = _suite("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")
    assert suite.listener_name == "ECDHE-ECDSA-CHACHA20-POLY1305"


def test_openssl_name_is_what_ssl_ciphers_lists() -> None:
    assert _suite("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256").openssl_name == "DHE-RSA-AES256-SHA256"


def test_code_point_is_written_as_two_bytes() -> None:
    assert _suite("ECDHE-RSA-AES128-GCM-SHA256").code_point == "0xC0,0x2F"
    assert _suite("NULL-MD5").code_point == "0x00,0x01"


@pytest.mark.parametrize(
    ("name", "encryption"),
    [
        ("ECDHE-RSA-AES128-GCM-SHA256", "AES-128-GCM"),
        ("AES256-SHA256", "AES-256-CBC"),
        ("ECDHE-RSA-CHACHA20-POLY1305", "CHACHA20-POLY1305"),
        ("DES-CBC3-SHA", "3DES-EDE-CBC"),
        ("RC4-SHA", "RC4-128"),
        ("EXP-RC4-MD5", "RC4-40"),
        ("NULL-SHA256", "NULL"),
        ("ECDHE-ECDSA-AES128-CCM8", "AES-128-CCM8"),
        ("CAMELLIA256-SHA", "CAMELLIA-256-CBC"),
    ],
)
def test_encryption_names_algorithm_key_bits_and_mode(name: str, encryption: str) -> None:
    assert _suite(name).encryption == encryption


def test_bulk_cipher_parts() -> None:
    bulk = _suite("DES-CBC3-SHA").bulk
    assert (bulk.algorithm, bulk.key_bits, bulk.mode) == (
        BulkAlgorithm.TRIPLE_DES,
        168,
        CipherMode.CBC,
    )


def test_tls_versions_are_ordered_oldest_first() -> None:
    assert sorted(TlsVersion, reverse=True)[0] is TlsVersion.TLSv1_3
    assert TlsVersion.SSLv3 < TlsVersion.TLSv1 < TlsVersion.TLSv1_1
    assert TlsVersion.TLSv1_1 < TlsVersion.TLSv1_2 < TlsVersion.TLSv1_3


# --- registry invariants --------------------------------------------------------------------------


def _duplicates(values: Sequence[Hashable]) -> list[Hashable]:
    return [value for value, count in Counter(values).items() if count > 1]


def test_iana_names_are_unique() -> None:
    assert _duplicates([suite.iana for suite in all_suites()]) == []


def test_openssl_names_are_unique() -> None:
    names = [suite.openssl for suite in all_suites() if suite.openssl is not None]
    assert _duplicates(names) == []


def test_code_points_are_unique() -> None:
    assert _duplicates([suite.code for suite in all_suites()]) == []


def test_no_name_resolves_to_two_suites_ignoring_case() -> None:
    owners = [name.upper() for suite in all_suites() for name in suite.names]
    assert _duplicates(owners) == []


def test_suites_are_ordered_by_code_point() -> None:
    codes = [suite.code for suite in all_suites()]
    assert codes == sorted(codes)


def test_code_points_fit_in_two_bytes() -> None:
    assert all(0 < suite.code <= 0xFFFF for suite in all_suites())


def test_tls13_suites_are_aead_and_forward_secret() -> None:
    for suite in (suite for suite in all_suites() if suite.is_tls13):
        assert suite.aead and suite.forward_secrecy, suite.iana
        assert suite.key_exchange is KeyExchange.ANY and suite.openssl == suite.iana


def test_static_rsa_key_exchange_has_no_forward_secrecy() -> None:
    rsa = [suite for suite in all_suites() if suite.key_exchange is KeyExchange.RSA]
    assert rsa, "the registry should hold static-RSA suites"
    assert [suite.iana for suite in rsa if suite.forward_secrecy] == []


def test_static_dh_and_ecdh_have_no_forward_secrecy() -> None:
    static = [s for s in all_suites() if s.key_exchange in (KeyExchange.DH, KeyExchange.ECDH)]
    assert static and not any(suite.forward_secrecy for suite in static)


def test_ephemeral_key_exchange_has_forward_secrecy() -> None:
    ephemeral = [s for s in all_suites() if s.key_exchange in (KeyExchange.ECDHE, KeyExchange.DHE)]
    assert ephemeral and all(suite.forward_secrecy for suite in ephemeral)


def test_cbc_suites_are_not_aead() -> None:
    cbc = [suite for suite in all_suites() if suite.bulk.mode is CipherMode.CBC]
    assert cbc and [suite.iana for suite in cbc if suite.aead] == []


def test_aead_suites_and_only_they_use_the_aead_mac() -> None:
    for suite in all_suites():
        assert suite.aead == (suite.mac is Mac.AEAD), suite.iana


def test_null_encryption_has_no_key() -> None:
    for suite in (s for s in all_suites() if s.bulk.algorithm is BulkAlgorithm.NULL):
        assert suite.bulk.key_bits == 0 and not suite.aead, suite.iana


def test_typo_from_the_vendor_docs_is_not_in_the_data() -> None:
    assert all("AES256-GCM-SHA38" not in suite.names for suite in all_suites())


def test_registry_is_loaded_once() -> None:
    assert all_suites() is all_suites()


# --- data files -----------------------------------------------------------------------------------


def _generator() -> ModuleType:
    path = ROOT / "scripts" / "regen_cipher_data.py"
    spec = importlib.util.spec_from_file_location("regen_cipher_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["suites.json", "policies.json"])
def test_data_file_is_what_the_generator_writes(name: str) -> None:
    committed = (resources.files("fcsec.ciphers") / "data" / name).read_bytes()
    assert committed == _generator().render()[name].encode("ascii"), (
        f"{name} is stale: run python scripts/regen_cipher_data.py"
    )
