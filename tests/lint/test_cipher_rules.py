"""Cipher rules FCS501-FCS514 and FCS607: each fires where the suite or policy is written and
stays quiet on a strong list."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.lint.helpers import lint, of, rules, spanned

from fcsec.diagnostics import Severity
from fcsec.lint import Finding
from fcsec.lint.openssl import Expander, Expansion


def listener(ciphers: str) -> str:
    return f"""\
fcsec = 1
[certs.server]
file = "server.pem"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
tls.ciphers = {ciphers}
"""


def database(ciphers: str | None) -> str:
    line = "" if ciphers is None else f"ciphers = {ciphers}\n"
    return f"""\
fcsec = 1
[certs.server]
file = "server.pem"
[database]
cert = "server"
shared_memory = false
{line}"""


def _lint(
    tmp_path: Path, text: str, *, policy: str | None = None, expand: Expander | None = None
) -> list[Finding]:
    return lint(tmp_path, text, check_files=False, policy=policy, expand=expand)


STRONG = '["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"]'


def test_a_strong_list_has_no_cipher_finding(tmp_path: Path) -> None:
    assert rules(_lint(tmp_path, listener(STRONG))) == set()


def test_the_default_policy_has_no_cipher_finding(tmp_path: Path) -> None:
    assert rules(_lint(tmp_path, database(None))) == set()


@pytest.mark.parametrize(
    ("suite", "rule"),
    [
        ("AES256-GCM-SHA384", "FCS501"),
        ("ECDH-ECDSA-AES128-GCM-SHA256", "FCS501"),
        ("ECDHE-RSA-AES256-SHA384", "FCS502"),
        ("ECDHE-RSA-AES128-SHA", "FCS503"),
        ("NULL-SHA256", "FCS504"),
        ("DES-CBC3-SHA", "FCS505"),
        ("RC4-SHA", "FCS505"),
        ("EXP-RC4-MD5", "FCS505"),
        ("ADH-AES128-GCM-SHA256", "FCS506"),
        ("ECDHE-ECDSA-AES128-CCM8", "FCS512"),
        ("DHE-RSA-AES256-CCM8", "FCS512"),
        ("TLS_AES_128_CCM_8_SHA256", "FCS512"),
        ("DHE-DSS-AES128-GCM-SHA256", "FCS513"),
        ("ECDH-ECDSA-AES128-GCM-SHA256", "FCS514"),
        ("SEED-SHA", "FCS514"),
        ("RC4-SHA", "FCS514"),
    ],
)
def test_a_weak_suite_in_a_list_is_reported_at_its_element(
    tmp_path: Path, suite: str, rule: str
) -> None:
    text = listener(f'["ECDHE-RSA-AES128-GCM-SHA256", "{suite}"]')
    (found,) = of(_lint(tmp_path, text), rule)
    assert spanned(found) == f'"{suite}"'


@pytest.mark.parametrize("rule", ["FCS504", "FCS505", "FCS506"])
def test_broken_suites_are_errors(rule: str) -> None:
    from fcsec.rules import RULES

    assert RULES[rule].severity is Severity.ERROR


@pytest.mark.parametrize("rule", ["FCS501", "FCS502", "FCS503", "FCS512", "FCS513", "FCS514"])
def test_weak_but_working_suites_are_warnings(rule: str) -> None:
    from fcsec.rules import RULES

    assert RULES[rule].severity is Severity.WARNING


def test_a_sha256_cbc_suite_has_no_sha1_mac(tmp_path: Path) -> None:
    found = _lint(tmp_path, listener('["ECDHE-RSA-AES256-SHA384"]'))
    assert "FCS503" not in rules(found)


def test_a_suite_named_by_its_iana_name_is_found_in_the_list(tmp_path: Path) -> None:
    text = listener('["TLS_RSA_WITH_AES_256_GCM_SHA384"]')
    (found,) = of(_lint(tmp_path, text), "FCS501")
    assert spanned(found) == '"TLS_RSA_WITH_AES_256_GCM_SHA384"'
    assert "`AES256-GCM-SHA384`" in found.diagnostic.message


def test_a_weak_suite_of_a_declared_list_is_reported_once_for_two_listeners(
    tmp_path: Path,
) -> None:
    text = (
        listener('"weak"')
        + '[listeners.mqtts8883]\nprotocol = "mqtts"\nport = 8883\ntls.cert = "server"\n'
        + 'tls.ciphers = "weak"\n[ciphers.weak]\nsuites = ["AES128-GCM-SHA256"]\n'
    )
    assert len(of(_lint(tmp_path, text), "FCS501")) == 1


def test_a_built_in_profile_is_reported_once_where_it_is_named(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, database('"faircom-maximal"')), "FCS501")
    assert spanned(found) == '"faircom-maximal"'
    assert found.diagnostic.message == (
        "profile `faircom-maximal` has 2 suites without forward secrecy: AES256-SHA256, "
        "AES256-GCM-SHA384"
    )


def test_listeners_naming_one_weak_profile_each_get_its_findings_at_their_own_name(
    tmp_path: Path,
) -> None:
    # The listeners share the profile's suites (one lookup of their weaknesses per check); each
    # listener still gets the findings, at its own value, and a list of other suites its own.
    text = (
        listener('"faircom-maximal"')
        + '[listeners.mqtts8883]\nprotocol = "mqtts"\nport = 8883\ntls.cert = "server"\n'
        + 'tls.ciphers = "faircom-maximal"\n'
        + '[listeners.https9443]\nprotocol = "https"\nport = 9443\ntls.cert = "server"\n'
        + 'tls.ciphers = ["AES128-GCM-SHA256"]\n'
    )
    found = of(_lint(tmp_path, text), "FCS501")
    assert [(item.diagnostic.span.line, spanned(item)) for item in found] == [
        (8, '"faircom-maximal"'),
        (13, '"faircom-maximal"'),
        (18, '"AES128-GCM-SHA256"'),
    ]
    assert found[0].diagnostic.message == found[1].diagnostic.message


def test_a_declared_profile_is_reported_at_its_profile_value(tmp_path: Path) -> None:
    text = database('"legacy"') + '[ciphers.legacy]\nprofile = "faircom-maximal"\n'
    (found,) = of(_lint(tmp_path, text), "FCS502")
    assert spanned(found) == '"faircom-maximal"'


# --- FCS512 CCM_8, FCS513 DSS, FCS514 not in current OpenSSL ------------------------------------
def test_a_ccm8_suite_says_its_tag_is_half_as_long(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, listener('["ECDHE-ECDSA-AES128-CCM8"]')), "FCS512")
    assert found.diagnostic.message == (
        "cipher suite `ECDHE-ECDSA-AES128-CCM8` has an 8-byte authentication tag "
        "(CCM_8; GCM and CCM have 16 bytes)"
    )


def test_a_ccm_suite_with_a_full_tag_is_not_ccm8(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, listener('["ECDHE-ECDSA-AES128-CCM"]')), "FCS512") == []


def test_a_tls13_ccm8_suite_listed_for_the_database_is_only_left_out(tmp_path: Path) -> None:
    found = _lint(tmp_path, database('["TLS_AES_128_CCM_8_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"]'))
    assert rules(found) == {"FCS507"}


def test_a_dss_suite_says_why_dsa_is_a_problem(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, listener('["DHE-DSS-AES256-GCM-SHA384"]')), "FCS513")
    assert found.diagnostic.message == (
        "cipher suite `DHE-DSS-AES256-GCM-SHA384` needs a DSA server certificate "
        "(FIPS 186-5 no longer approves DSA signing)"
    )


def test_faircoms_documented_default_list_has_a_suite_current_openssl_lacks(
    tmp_path: Path,
) -> None:
    text = database('["ECDH-ECDSA-AES128-GCM-SHA256", "DHE-RSA-AES128-SHA256"]')
    (found,) = of(_lint(tmp_path, text), "FCS514")
    assert spanned(found) == '"ECDH-ECDSA-AES128-GCM-SHA256"'
    assert found.diagnostic.message == (
        "cipher suite `ECDH-ECDSA-AES128-GCM-SHA256` is not offered by current OpenSSL, which "
        "skips it (OpenSSL 1.1.0 removed it)"
    )


def test_a_suite_current_openssl_lacks_is_reported_in_an_openssl_string(tmp_path: Path) -> None:
    text = database('{ openssl = "ECDH-ECDSA-AES128-GCM-SHA256:DHE-RSA-AES128-SHA256" }')
    (found,) = of(_lint(tmp_path, text), "FCS514")
    assert spanned(found) == "ECDH-ECDSA-AES128-GCM-SHA256"


@pytest.mark.parametrize(
    ("suite", "why"),
    [
        ("DES-CBC3-SHA", "build it only when configured with enable-weak-ssl-ciphers"),
        ("SEED-SHA", "OpenSSL 3 offers it only with the legacy provider loaded"),
        ("EXP-RC4-MD5", "OpenSSL 1.1.0 removed it"),
    ],
)
def test_the_openssl_finding_says_why_the_suite_is_missing(
    tmp_path: Path, suite: str, why: str
) -> None:
    (found,) = of(_lint(tmp_path, database(f'["{suite}"]')), "FCS514")
    assert why in found.diagnostic.message


def test_suites_current_openssl_offers_are_quiet(tmp_path: Path) -> None:
    found = _lint(tmp_path, database('["DHE-RSA-AES128-SHA256", "AES256-GCM-SHA384"]'))
    assert of(found, "FCS514") == []


def test_a_profile_with_suites_current_openssl_lacks_names_them(tmp_path: Path) -> None:
    text = database('"old"') + (
        '[ciphers.old]\nsuites = ["ECDH-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"]\n'
    )
    (found,) = of(_lint(tmp_path, text), "FCS514")
    assert "ECDH-RSA-AES128-GCM-SHA256" in found.diagnostic.message


# --- rule texts name their sources and claim no more ------------------------------------------
@pytest.mark.parametrize(
    ("rule", "sources"),
    [
        ("FCS502", ("NIST SP 800-52r2", "Mozilla")),
        ("FCS503", ("RFC 8996", "NIST SP 800-52r2", "Mozilla")),
        ("FCS505", ("RFC 7465", "RFC 9325", "NIST SP 800-131A")),
        ("FCS509", ("NIST SP 800-52r2 section 3.3.1",)),
        ("FCS512", ("NIST SP 800-52r2", "Mozilla")),
        ("FCS513", ("FIPS 186-5", "RFC 8446", "NIST SP 800-52r2")),
        ("FCS514", ("OpenSSL 1.1.0", "OpenSSL 3")),
    ],
)
def test_a_cipher_rule_names_the_sources_of_its_claims(rule: str, sources: tuple[str]) -> None:
    from fcsec.rules import RULES

    for source in sources:
        assert source in RULES[rule].rationale, (rule, source)


@pytest.mark.parametrize("rule", ["FCS505", "FCS509", "FCS512", "FCS513", "FCS514"])
def test_fcsec_explain_shows_the_sources(rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    from fcsec.cli import main

    assert main(["explain", rule]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert any(source in out for source in ("RFC 7465", "NIST SP 800-52r2", "OpenSSL 1.1.0"))


def test_no_cipher_rule_claims_what_its_sources_do_not_say() -> None:
    from fcsec.rules import RULES

    texts = " ".join(
        f"{rule.title} {rule.rationale} {rule.fix}"
        for rule_id, rule in RULES.items()
        if rule_id.startswith("FCS5")
    )
    for overstatement in ("not approved", "every guideline", "no current guideline"):
        assert overstatement not in texts
    # RFC 7465 is about RC4 only.
    assert "RFC 7465 prohibits RC4" in RULES["FCS505"].rationale


# --- FCS507 ------------------------------------------------------------------------------------
def test_tls13_suites_listed_for_the_database_are_reported(tmp_path: Path) -> None:
    text = database('["TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"]')
    (found,) = of(_lint(tmp_path, text), "FCS507")
    assert spanned(found) == '"TLS_AES_128_GCM_SHA256"'
    assert found.diagnostic.severity is Severity.INFO


def test_tls13_suites_listed_for_a_listener_are_quiet(tmp_path: Path) -> None:
    text = listener('["TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"]')
    assert of(_lint(tmp_path, text), "FCS507") == []


def test_a_profile_with_tls13_suites_for_the_database_is_quiet(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, database('"tlsref-intermediate"')), "FCS507") == []


# --- FCS508 / FCS510 raw OpenSSL strings -------------------------------------------------------
def _fake(suites: tuple[str, ...]) -> Expander:
    def expand(cipher_string: str) -> Expansion:
        return Expansion(version="OpenSSL 9.9.9", suites=suites)

    return expand


def test_a_raw_openssl_string_is_a_warning_with_its_local_expansion(tmp_path: Path) -> None:
    text = database('{ openssl = "HIGH:!aNULL" }')
    found = _lint(tmp_path, text, expand=_fake(("ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA")))
    (string,) = of(found, "FCS508")
    assert spanned(string) == '"HIGH:!aNULL"'
    assert string.notes == (
        "OpenSSL 9.9.9 on this machine expands it to 2 TLS 1.2 suites: "
        "ECDHE-RSA-AES128-GCM-SHA256, AES128-SHA",
        "of these, 1 without forward secrecy (FCS501), 1 in CBC mode (FCS502), "
        "1 with a SHA-1 MAC (FCS503)",
    )


def test_without_openssl_the_note_says_the_expansion_is_not_shown(tmp_path: Path) -> None:
    found = _lint(tmp_path, database('{ openssl = "HIGH" }'), expand=lambda text: None)
    (string,) = of(found, "FCS508")
    assert string.notes == ("no openssl binary on this machine to show what the string means",)


def test_the_guides_minimal_profile_is_a_raw_openssl_string(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, database('"faircom-minimal"')), "FCS508")
    assert found.diagnostic.message.startswith("profile `faircom-minimal` is the raw OpenSSL")


def test_a_suite_list_is_not_a_raw_openssl_string(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, database(STRONG)), "FCS508") == []


def test_a_typo_in_an_openssl_string_is_reported_at_the_name(tmp_path: Path) -> None:
    text = database('{ openssl = "AES256-SHA256:AES256-GCM-SHA38:DHE-RSA-AES256-SHA256" }')
    (found,) = of(_lint(tmp_path, text), "FCS510")
    assert spanned(found) == "AES256-GCM-SHA38"
    assert found.diagnostic.hint == "did you mean `AES256-GCM-SHA384`?"


def test_openssl_keywords_and_negations_are_not_unknown_names(tmp_path: Path) -> None:
    text = database('{ openssl = "ALL:!aNULL:!eNULL:!SSLv2:!LOW:!EXP:!RC4:!MD5:@STRENGTH" }')
    assert of(_lint(tmp_path, text), "FCS510") == []


def test_a_suite_named_in_an_openssl_string_is_judged(tmp_path: Path) -> None:
    text = database('{ openssl = "ECDHE+AESGCM:AES256-SHA256" }')
    (found,) = of(_lint(tmp_path, text), "FCS501")
    assert spanned(found) == "AES256-SHA256"


def test_a_suite_excluded_in_an_openssl_string_is_not_judged(tmp_path: Path) -> None:
    text = database('{ openssl = "HIGH:!DES-CBC3-SHA" }')
    assert of(_lint(tmp_path, text), "FCS505") == []


# --- FCS509 compliance -------------------------------------------------------------------------
def test_the_default_policy_is_outside_nist_because_of_chacha20(tmp_path: Path) -> None:
    text = listener(STRONG).replace("tls.ciphers = " + STRONG + "\n", "")
    (found,) = of(_lint(tmp_path, text, policy="nist-800-52r2"), "FCS509")
    assert found.diagnostic.message == (
        "the default profile `tlsref-intermediate` of listeners.https8443 has 3 suites outside "
        "the policy `nist-800-52r2`: TLS_CHACHA20_POLY1305_SHA256, "
        "ECDHE-ECDSA-CHACHA20-POLY1305, ECDHE-RSA-CHACHA20-POLY1305"
    )
    assert spanned(found) == "[listeners.https8443]"


def test_a_listed_chacha20_suite_is_outside_nist_at_its_element(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, listener(STRONG), policy="nist-800-52r2"), "FCS509")
    assert spanned(found) == '"ECDHE-ECDSA-CHACHA20-POLY1305"'
    assert "CHACHA20-POLY1305 is not in it at all" in found.diagnostic.message


def test_nists_own_cbc_ccm_and_ccm8_suites_are_inside_nist(tmp_path: Path) -> None:
    suites = (
        '["DHE-RSA-AES128-CCM8", "ECDHE-ECDSA-AES256-CCM", "ECDHE-RSA-AES128-SHA", '
        '"DHE-RSA-AES256-SHA256", "TLS_AES_128_CCM_8_SHA256"]'
    )
    assert of(_lint(tmp_path, listener(suites), policy="nist-800-52r2"), "FCS509") == []


def test_a_suite_nist_lists_for_dsa_certificates_says_why_the_policy_leaves_it_out(
    tmp_path: Path,
) -> None:
    text = listener('["DHE-DSS-AES128-GCM-SHA256"]')
    (found,) = of(_lint(tmp_path, text, policy="nist-800-52r2"), "FCS509")
    assert found.diagnostic.message.startswith(
        "cipher suite `DHE-DSS-AES128-GCM-SHA256` is outside the policy `nist-800-52r2`: listed "
        "in NIST SP 800-52r2 section 3.3.1.1 for servers with DSA certificates, but left out "
        "because "
    )
    assert "FIPS 186-5" in found.diagnostic.message


def test_the_aead_subset_says_which_nist_suites_it_leaves_out_and_why(tmp_path: Path) -> None:
    found = _lint(tmp_path, database('"nist-800-52r2"'), policy="nist-800-52r2-aead")
    (outside,) = of(found, "FCS509")
    assert outside.diagnostic.message.startswith(
        "profile `nist-800-52r2` has 16 suites outside the policy `nist-800-52r2-aead`: "
    )
    assert [note.split(": ", 1)[1] for note in outside.notes] == [
        "listed in NIST SP 800-52r2 sections 3.3.1.1.1 and 3.3.1.1.2, but left out because "
        "AES-CBC is not AEAD (MAC-then-encrypt)",
        "listed in NIST SP 800-52r2 sections 3.3.1.1.1, 3.3.1.1.2 and 3.3.1.2, but left out "
        "because CCM_8 has an 8-byte authentication tag",
    ]


def test_the_full_nist_profile_suggests_its_aead_subset(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, database('"nist-800-52r2"')), "FCS502")
    assert found.diagnostic.hint == "use `nist-800-52r2-aead`, or list the suites you want"


def test_the_nist_aead_subset_complies_with_nist(tmp_path: Path) -> None:
    found = _lint(tmp_path, listener('"nist-800-52r2-aead"'), policy="nist-800-52r2")
    assert of(found, "FCS509") == []
    assert rules(found) & {"FCS502", "FCS503", "FCS512", "FCS513", "FCS514"} == set()


def test_the_nist_profile_complies_with_nist(tmp_path: Path) -> None:
    found = _lint(tmp_path, listener('"nist-800-52r2"'), policy="nist-800-52r2")
    assert of(found, "FCS509") == []


def test_without_a_policy_nothing_is_held_to_one(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, listener(STRONG)), "FCS509") == []


def test_an_openssl_string_cannot_comply_with_a_policy(tmp_path: Path) -> None:
    found = _lint(tmp_path, database('{ openssl = "HIGH" }'), policy="nist-800-52r2")
    assert len(of(found, "FCS509")) == 1


def test_tls13_suites_do_not_count_against_the_policy_for_the_database(tmp_path: Path) -> None:
    found = _lint(tmp_path, database('"tlsref-intermediate"'), policy="nist-800-52r2")
    (outside,) = of(found, "FCS509")
    assert "TLS_CHACHA20_POLY1305_SHA256" not in outside.diagnostic.message


# --- FCS511 / FCS607 ---------------------------------------------------------------------------
def test_the_servers_default_ciphers_are_an_info(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, database('"faircom-default"')), "FCS511")
    assert "ECDH-ECDSA-AES128-GCM-SHA256:DHE-RSA-AES128-SHA256" in found.diagnostic.message
    assert found.notes == (
        "`ECDH-ECDSA-AES128-GCM-SHA256` is not offered by current OpenSSL, which skips it "
        "(OpenSSL 1.1.0 removed it)",
    )


def test_a_named_profile_is_not_the_servers_default(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, database('"tlsref-intermediate"')), "FCS511") == []


@pytest.mark.parametrize("profile", ["faircom-minimal", "faircom-maximal"])
def test_the_guides_example_policies_are_pointed_out(tmp_path: Path, profile: str) -> None:
    (found,) = of(_lint(tmp_path, database(f'"{profile}"')), "FCS607")
    assert spanned(found) == f'"{profile}"'


def test_the_guides_example_policies_suggest_profiles_for_new_configurations(
    tmp_path: Path,
) -> None:
    (found,) = of(_lint(tmp_path, database('"faircom-maximal"')), "FCS607")
    assert found.diagnostic.hint == (
        "for a new configuration use `tlsref-intermediate` or `nist-800-52r2-aead`"
    )


def test_the_guides_https_example_is_not_pointed_out(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, listener('"faircom-https-example"')), "FCS607") == []
