"""Tests for fcsec.ciphers.policies: the built-in policies equal the lists their sources publish."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from fcsec.ciphers import (
    DEFAULT_POLICY,
    FAIRCOM_DEFAULT,
    BulkAlgorithm,
    CipherMode,
    Exclusion,
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
# NIST SP 800-52 Rev. 2 (https://doi.org/10.6028/NIST.SP.800-52r2), transcribed here on its own so
# the generator's tables are checked against a second copy. §3.3.1.2, TLS 1.3:
NIST_TLS13 = [
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_AES_128_CCM_SHA256",
    "TLS_AES_128_CCM_8_SHA256",
]
# §3.3.1.1.1, ECDSA certificates (the last two for servers that also support TLS 1.0 and 1.1).
NIST_ECDSA = [
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
]
# §3.3.1.1.2, RSA certificates (the last four for servers that also support TLS 1.0 and 1.1).
NIST_RSA = [
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_AES_128_CCM",
    "TLS_DHE_RSA_WITH_AES_256_CCM",
    "TLS_DHE_RSA_WITH_AES_128_CCM_8",
    "TLS_DHE_RSA_WITH_AES_256_CCM_8",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
]
# §3.3.1.1, DSA certificates, and static DH and ECDH certificates (signed with DSA/ECDSA or RSA).
NIST_DSA = [
    "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
    "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
    "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
    "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
]
NIST_DH = [
    "TLS_DH_DSS_WITH_AES_128_GCM_SHA256",
    "TLS_DH_DSS_WITH_AES_256_GCM_SHA384",
    "TLS_DH_DSS_WITH_AES_128_CBC_SHA256",
    "TLS_DH_DSS_WITH_AES_256_CBC_SHA256",
    "TLS_DH_DSS_WITH_AES_128_CBC_SHA",
    "TLS_DH_DSS_WITH_AES_256_CBC_SHA",
    "TLS_DH_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DH_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DH_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_DH_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_DH_RSA_WITH_AES_128_CBC_SHA",
    "TLS_DH_RSA_WITH_AES_256_CBC_SHA",
]
NIST_ECDH = [
    "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA",
    "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA",
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
        for name in [*raw["suites"], *(n for group in raw["excluded"] for n in group["suites"])]
        if lookup(name) is None
    ]
    assert unresolved == []


def test_built_in_policy_names() -> None:
    assert policy_names() == (
        "tlsref-modern",
        "tlsref-intermediate",
        "nist-800-52r2",
        "nist-800-52r2-aead",
        "faircom-maximal",
        "faircom-minimal",
        "faircom-https-example",
        "faircom-default",
    )


def test_default_and_server_default_policies_exist() -> None:
    assert _policy(DEFAULT_POLICY).name == "tlsref-intermediate"
    assert _policy(FAIRCOM_DEFAULT).kind is PolicyKind.SERVER_DEFAULT


def test_unknown_policy_is_none() -> None:
    assert policy("mozilla-modern") is None
    assert policy("TLSREF-MODERN") is None


def test_every_policy_cites_a_source() -> None:
    assert all(_policy(name).source and _policy(name).title for name in policy_names())


def test_tlsref_modern_is_the_three_tls13_suites() -> None:
    assert _iana("tlsref-modern") == TLSREF_TLS13


def test_tlsref_intermediate_adds_six_ecdhe_aead_suites_in_guideline_order() -> None:
    assert _iana("tlsref-intermediate") == TLSREF_TLS13 + TLSREF_INTERMEDIATE_TLS12


def test_nist_policy_is_section_3_3_1_for_rsa_and_ecdsa_certificates_and_tls13() -> None:
    assert _iana("nist-800-52r2") == NIST_TLS13 + NIST_ECDSA + NIST_RSA


def test_nist_policy_leaves_out_the_dsa_dh_and_ecdh_certificate_lists_with_reasons() -> None:
    groups = _policy("nist-800-52r2").excluded
    assert [sorted(suite.iana for suite in group.suites) for group in groups] == [
        sorted(NIST_DSA),
        sorted(NIST_DH),
        sorted(NIST_ECDH),
    ]
    for group, kind in zip(groups, ("DSA", "static DH", "static ECDH"), strict=True):
        assert group.listed_in.startswith("NIST SP 800-52r2 section 3.3.1.1"), group.listed_in
        assert f"{kind} certificates" in group.listed_in
        assert group.reason


def test_nist_policy_has_no_suite_nist_does_not_list() -> None:
    nist = set(NIST_TLS13 + NIST_ECDSA + NIST_RSA + NIST_DSA + NIST_DH + NIST_ECDH)
    assert set(_iana("nist-800-52r2")) <= nist
    assert all(
        suite.bulk.algorithm is BulkAlgorithm.AES for suite in _policy("nist-800-52r2").suites
    )


def test_nist_policy_says_what_it_leaves_out() -> None:
    source = _policy("nist-800-52r2").source
    for word in ("3.3.1.1.1", "3.3.1.1.2", "3.3.1.2", "DSA", "static DH", "ChaCha20"):
        assert word in source, word


def test_nist_aead_subset_is_nist_without_cbc_and_ccm8_in_nists_order() -> None:
    nist = _iana("nist-800-52r2")
    subset = _iana("nist-800-52r2-aead")
    assert subset == [name for name in nist if "_CBC_" not in name and "_CCM_8" not in name]
    assert len(subset) == 13


def test_nist_aead_subset_holds_only_aes_gcm_or_ccm_with_forward_secrecy() -> None:
    for suite in _policy("nist-800-52r2-aead").suites:
        assert suite.bulk.algorithm is BulkAlgorithm.AES, suite.iana
        assert suite.bulk.mode in (CipherMode.GCM, CipherMode.CCM), suite.iana
        assert suite.forward_secrecy, suite.iana


def test_nist_aead_subset_gives_a_reason_for_each_group_of_nists_suites_it_leaves_out() -> None:
    subset = _policy("nist-800-52r2-aead")
    left_out = {suite.iana for group in subset.excluded for suite in group.suites}
    listed = set(NIST_TLS13 + NIST_ECDSA + NIST_RSA + NIST_DSA + NIST_DH + NIST_ECDH)
    assert left_out == listed - set(_iana("nist-800-52r2-aead"))
    assert all(group.reason and group.listed_in for group in subset.excluded)


def test_a_policy_cannot_both_list_and_exclude_a_suite() -> None:
    suite = lookup("TLS_AES_128_GCM_SHA256")
    assert suite is not None
    with pytest.raises(ValueError, match="both lists and excludes"):
        Policy(
            name="x",
            title="x",
            source="x",
            kind=PolicyKind.SUITES,
            suites=(suite,),
            excluded=(Exclusion(listed_in="x", reason="x", suites=(suite,)),),
        )


def test_an_excluded_suite_is_found_in_its_group() -> None:
    nist = _policy("nist-800-52r2")
    dss = lookup("DHE-DSS-AES128-GCM-SHA256")
    assert dss is not None
    group = nist.exclusion(dss)
    assert group is not None and "DSA" in group.listed_in
    assert nist.exclusion(nist.suites[0]) is None


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
