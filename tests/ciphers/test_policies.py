"""Tests for fcsec.ciphers.policies: the built-in policies equal the lists their sources publish."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from fcsec.ciphers import (
    DEFAULT_POLICY,
    SERVER_DEFAULT,
    BulkAlgorithm,
    CipherMode,
    KeyExchange,
    Policy,
    PolicyKind,
    lookup,
    policy,
    policy_names,
)

TLSREF_TLS13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]
# anchors.md §1.1: TLSRef 6.0 intermediate TLS 1.2 ciphers, in the guideline's order.
TLSREF_INTERMEDIATE_TLS12 = [
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
]
# The FairCom guide's "Secure TLS example with a wide variety of options", verbatim.
FAIRCOM_HTTPS_EXAMPLE = [
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384",
    "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305",
    "ECDHE-RSA-CHACHA20-POLY1305",
    "DHE-RSA-AES128-GCM-SHA256",
    "DHE-RSA-AES256-GCM-SHA384",
]


def _policy(name: str) -> Policy:
    found = policy(name)
    assert found is not None, f"built-in policy {name} is missing"
    return found


def _iana(name: str) -> list[str]:
    return [suite.iana for suite in _policy(name).suites]


def test_every_suite_name_in_policies_json_resolves() -> None:
    text = (resources.files("fcsec.ciphers") / "data" / "policies.json").read_text("utf-8")
    unresolved = [
        (raw["name"], name)
        for raw in json.loads(text)["policies"]
        for name in raw["suites"]
        if lookup(name) is None
    ]
    assert unresolved == []


def test_built_in_policy_names() -> None:
    assert policy_names() == (
        "tlsref-modern",
        "tlsref-intermediate",
        "nist-800-52r2",
        "faircom-maximal",
        "faircom-minimal",
        "faircom-https-example",
        "faircom-default",
    )


def test_default_and_server_default_policies_exist() -> None:
    assert _policy(DEFAULT_POLICY).name == "tlsref-intermediate"
    assert _policy(SERVER_DEFAULT).kind is PolicyKind.SERVER_DEFAULT


def test_unknown_policy_is_none() -> None:
    assert policy("mozilla-modern") is None
    assert policy("TLSREF-MODERN") is None


def test_every_policy_cites_a_source() -> None:
    assert all(_policy(name).source and _policy(name).title for name in policy_names())


def test_tlsref_modern_is_the_three_tls13_suites() -> None:
    assert _iana("tlsref-modern") == TLSREF_TLS13


def test_tlsref_intermediate_adds_six_ecdhe_aead_suites_in_guideline_order() -> None:
    assert _iana("tlsref-intermediate") == TLSREF_TLS13 + TLSREF_INTERMEDIATE_TLS12


def test_nist_policy_lists_its_documented_subset() -> None:
    assert _iana("nist-800-52r2") == [
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_AES_128_CCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_DHE_RSA_WITH_AES_128_CCM",
        "TLS_DHE_RSA_WITH_AES_256_CCM",
    ]


def test_nist_policy_holds_only_aes_gcm_or_ccm_with_forward_secrecy() -> None:
    for suite in _policy("nist-800-52r2").suites:
        assert suite.bulk.algorithm is BulkAlgorithm.AES, suite.iana
        assert suite.bulk.mode in (CipherMode.GCM, CipherMode.CCM), suite.iana
        assert suite.forward_secrecy, suite.iana


def test_nist_policy_says_what_it_leaves_out() -> None:
    source = _policy("nist-800-52r2").source
    assert "CBC" in source and "ChaCha20" in source


def test_faircom_maximal_is_the_guides_ssl_ciphers_verbatim() -> None:
    suites = _policy("faircom-maximal").suites
    assert [suite.openssl for suite in suites] == [
        "AES256-SHA256",
        "AES256-GCM-SHA384",
        "DHE-RSA-AES256-SHA256",
    ]


def test_faircom_maximal_contains_static_rsa_suites() -> None:
    # Transcribed as published; flagging static RSA is the linter's job, not the policy's.
    kinds = [suite.key_exchange for suite in _policy("faircom-maximal").suites]
    assert kinds.count(KeyExchange.RSA) == 2


def test_faircom_minimal_is_the_guides_openssl_string() -> None:
    minimal = _policy("faircom-minimal")
    assert minimal.kind is PolicyKind.OPENSSL_STRING
    assert minimal.openssl == "ALL:!aNULL:!eNULL:!SSLv2:!LOW:!EXP:!RC4:!MD5:@STRENGTH"
    assert minimal.suites == ()


def test_faircom_https_example_lists_the_guides_eleven_suites_in_order() -> None:
    suites = _policy("faircom-https-example").suites
    assert [suite.listener_name for suite in suites] == FAIRCOM_HTTPS_EXAMPLE


def test_faircom_default_emits_nothing() -> None:
    default = _policy("faircom-default")
    assert default.kind is PolicyKind.SERVER_DEFAULT
    assert (default.suites, default.openssl) == ((), None)


def test_suite_policies_list_tls13_suites_first() -> None:
    for name in policy_names():
        flags = [suite.is_tls13 for suite in _policy(name).suites]
        assert flags == sorted(flags, reverse=True), name


def test_suite_policies_have_no_openssl_string() -> None:
    suite_policies = [_policy(name) for name in policy_names()]
    for found in (p for p in suite_policies if p.kind is PolicyKind.SUITES):
        assert found.suites and found.openssl is None, found.name


@pytest.mark.parametrize(
    ("kind", "suites", "openssl"),
    [
        (PolicyKind.SUITES, (), None),
        (PolicyKind.OPENSSL_STRING, (), None),
        (PolicyKind.SERVER_DEFAULT, (), "ALL"),
    ],
)
def test_policy_rejects_content_that_does_not_match_its_kind(
    kind: PolicyKind, suites: tuple[()], openssl: str | None
) -> None:
    with pytest.raises(ValueError, match="must"):
        Policy(name="x", title="x", source="x", kind=kind, suites=suites, openssl=openssl)


def test_policies_are_loaded_once() -> None:
    assert policy(DEFAULT_POLICY) is policy(DEFAULT_POLICY)
