"""The comparison of a scan with a spec, on hand-built scans and expectations."""

from __future__ import annotations

import pytest

from fcsec.ciphers.expect import implied_versions
from fcsec.ciphers.registry import Suite, TlsVersion, lookup
from fcsec.probe.chain import CertInfo
from fcsec.probe.compare import ProbeFinding, can_serve, compare, completion, verification
from fcsec.probe.expect import Expectation, ExpectedCert
from fcsec.probe.scan import ClientCertMode, ScanResult, Status, SuiteResult, VersionResult
from fcsec.probe.target import Scheme, Target
from fcsec.probe.verdict import State, aspects, group, headline
from fcsec.probe.verify import Verification


def suite(name: str) -> Suite:
    found = lookup(name)
    assert found is not None, name
    return found


ECDSA_128 = suite("ECDHE-ECDSA-AES128-GCM-SHA256")
ECDSA_256 = suite("ECDHE-ECDSA-AES256-GCM-SHA384")
RSA_128 = suite("ECDHE-RSA-AES128-GCM-SHA256")
CBC = suite("ECDHE-RSA-AES128-SHA")
AES_256 = suite("TLS_AES_256_GCM_SHA384")
AES_128 = suite("TLS_AES_128_GCM_SHA256")
TARGET = Target(scheme=Scheme.TLS, host="127.0.0.1", port=8443)
LEAF = "AA:BB"


def cert(key_type: str = "EC", sha256: str = LEAF) -> CertInfo:
    return CertInfo(
        subject="CN=localhost",
        issuer="CN=ca",
        not_after="2030-01-01T00:00:00Z",
        key_type=key_type,
        key_detail="",
        sha256=sha256,
    )


def scan(
    accepted: tuple[Suite, ...],
    refused: tuple[Suite, ...] = (),
    *,
    versions: tuple[TlsVersion, ...] | None = None,
    key_type: str = "EC",
    client: ClientCertMode = ClientCertMode.NOT_REQUESTED,
    verified: Verification | None = None,
) -> ScanResult:
    if versions is None:  # the versions of the accepted suites
        versions = tuple(
            {TlsVersion.TLSv1_3 if item.is_tls13 else TlsVersion.TLSv1_2 for item in accepted}
        )
    results = [
        SuiteResult(
            suite=item,
            version=TlsVersion.TLSv1_3 if item.is_tls13 else TlsVersion.TLSv1_2,
            status=status,
        )
        for status, items in ((Status.ACCEPTED, accepted), (Status.REFUSED, refused))
        for item in items
    ]
    return ScanResult(
        target=TARGET,
        tool="OpenSSL",
        versions=tuple(
            VersionResult(
                version=version,
                status=Status.ACCEPTED if version in versions else Status.REFUSED,
            )
            for version in (
                TlsVersion.TLSv1,
                TlsVersion.TLSv1_1,
                TlsVersion.TLSv1_2,
                TlsVersion.TLSv1_3,
            )
        ),
        suites=tuple(results),
        chain=(cert(key_type),),
        client_cert=client,
        verification=verified,
    )


def expect(
    allowed: tuple[Suite, ...] | None,
    *,
    client: bool = False,
    expected_cert: ExpectedCert | None = None,
    database: bool = False,
) -> Expectation:
    return Expectation(
        scope="listener https8443",
        policy="strict",
        suites=allowed,
        versions=None if allowed is None else implied_versions(allowed),
        client_cert_required=client,
        client_cert_setting="tls.client_ca",
        cert=expected_cert,
        is_database=database,
    )


def differences(findings: tuple[ProbeFinding, ...]) -> list[tuple[str, str | None]]:
    return [
        (finding.rule, finding.suite.iana if finding.suite else None)
        for finding in findings
        if finding.difference
    ]


def test_a_server_that_serves_exactly_the_policy_matches() -> None:
    allowed = (ECDSA_128, AES_256)
    assert differences(compare(expect(allowed), scan(allowed))) == []


def test_an_accepted_suite_the_spec_does_not_allow_is_a_difference() -> None:
    findings = compare(expect((ECDSA_128, AES_256)), scan((ECDSA_128, ECDSA_256, AES_256)))
    assert differences(findings) == [("FCS721", ECDSA_256.iana)]


def test_an_allowed_suite_the_certificate_could_serve_but_is_refused_is_a_difference() -> None:
    findings = compare(expect((ECDSA_128, ECDSA_256)), scan((ECDSA_128,), (ECDSA_256,)))
    assert differences(findings) == [("FCS722", ECDSA_256.iana)]


def test_an_rsa_suite_refused_by_a_server_with_an_ecdsa_certificate_is_only_a_note() -> None:
    findings = compare(expect((ECDSA_128, RSA_128)), scan((ECDSA_128,), (RSA_128,)))
    assert differences(findings) == []
    assert [finding.rule for finding in findings] == ["FCS723"]


def test_an_ecdsa_suite_refused_by_a_server_with_an_rsa_certificate_is_only_a_note() -> None:
    findings = compare(expect((RSA_128, ECDSA_128)), scan((RSA_128,), (ECDSA_128,), key_type="RSA"))
    assert differences(findings) == []


def test_a_refused_tls13_suite_counts_whatever_the_certificate() -> None:
    findings = compare(expect((RSA_128, AES_128)), scan((RSA_128,), (AES_128,)))
    assert differences(findings) == [("FCS722", AES_128.iana)]


def test_an_accepted_version_the_suites_do_not_imply_is_a_difference() -> None:
    findings = compare(
        expect((ECDSA_128,)),
        scan((ECDSA_128,), versions=(TlsVersion.TLSv1_1, TlsVersion.TLSv1_2)),
    )
    assert [(f.rule, f.version) for f in findings if f.difference] == [
        ("FCS720", TlsVersion.TLSv1_1)
    ]


def test_a_tls13_server_differs_from_a_policy_without_tls13_suites() -> None:
    findings = compare(expect((ECDSA_128,)), scan((ECDSA_128, AES_256)))
    assert [finding.rule for finding in findings if finding.difference] == ["FCS720", "FCS721"]


def test_database_tls13_differences_explain_that_ssl_ciphers_cannot_restrict_them() -> None:
    findings = compare(expect((ECDSA_128,), database=True), scan((ECDSA_128, AES_256)))
    suite_finding = next(finding for finding in findings if finding.rule == "FCS721")
    assert suite_finding.hint is not None
    assert "SSL_CIPHERS" in suite_finding.hint


def test_a_required_client_certificate_the_spec_does_not_ask_for_is_a_difference() -> None:
    findings = compare(
        expect((ECDSA_128,)),
        scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,), client=ClientCertMode.REQUIRED),
    )
    assert differences(findings) == [("FCS724", None)]


def test_an_optional_client_certificate_does_not_meet_a_spec_that_requires_one() -> None:
    findings = compare(
        expect((ECDSA_128,), client=True),
        scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,), client=ClientCertMode.OPTIONAL),
    )
    assert differences(findings) == [("FCS724", None)]


def test_a_served_certificate_other_than_the_specs_is_a_difference() -> None:
    other = ExpectedCert(name="server", file="server.pem", sha256="CC:DD", note="read")
    findings = compare(
        expect((ECDSA_128,), expected_cert=other),
        scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,)),
    )
    assert differences(findings) == [("FCS725", None)]


def test_the_specs_certificate_matches_by_fingerprint() -> None:
    same = ExpectedCert(name="server", file="server.pem", sha256=LEAF, note="read")
    findings = compare(
        expect((ECDSA_128,), expected_cert=same),
        scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,)),
    )
    assert findings == ()


def test_a_certificate_file_not_at_hand_is_a_note_not_a_difference() -> None:
    absent = ExpectedCert(name="server", file="server.pem", note="not compared: not found")
    findings = compare(
        expect((ECDSA_128,), expected_cert=absent),
        scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,)),
    )
    assert [(finding.rule, finding.difference) for finding in findings] == [("FCS727", False)]


def test_a_policy_left_to_the_server_compares_no_suites() -> None:
    findings = compare(expect(None), scan((ECDSA_128, CBC, AES_256)))
    assert differences(findings) == []


def test_an_allowed_suite_the_local_openssl_could_not_try_is_a_note() -> None:
    untried = suite("TLS_AES_128_CCM_8_SHA256")
    findings = compare(expect((AES_256, untried)), scan((AES_256,), versions=(TlsVersion.TLSv1_3,)))
    assert [(finding.rule, finding.difference) for finding in findings] == [("FCS727", False)]


def test_a_chain_that_does_not_verify_against_the_ca_is_a_difference() -> None:
    result = scan((AES_256,), verified=Verification(ok=False, detail="unable to get issuer"))
    assert [finding.rule for finding in verification(result)] == ["FCS726"]


def test_a_chain_that_verifies_gives_no_finding() -> None:
    assert verification(scan((AES_256,), verified=Verification(ok=True, detail="ok"))) == []


@pytest.mark.parametrize(
    ("allowed", "versions"),
    [
        ((ECDSA_128,), {TlsVersion.TLSv1_2}),
        ((AES_256,), {TlsVersion.TLSv1_3}),
        (
            (CBC, AES_256),
            {TlsVersion.TLSv1, TlsVersion.TLSv1_1, TlsVersion.TLSv1_2, TlsVersion.TLSv1_3},
        ),
        ((), set()),
    ],
)
def test_implied_versions(allowed: tuple[Suite, ...], versions: set[TlsVersion]) -> None:
    assert implied_versions(allowed) == versions


@pytest.mark.parametrize(
    ("item", "key_type", "expected"),
    [
        (RSA_128, "RSA", True),
        (RSA_128, "EC", False),
        (ECDSA_128, "EC", True),
        (ECDSA_128, "Ed25519", True),
        (ECDSA_128, "RSA", False),
        (AES_256, "RSA", True),
        (AES_256, "EC", True),
        (RSA_128, None, True),
    ],
)
def test_can_serve(item: Suite, key_type: str | None, expected: bool) -> None:
    assert can_serve(item, key_type) is expected


SAME = ExpectedCert(name="server", file="server.pem", sha256=LEAF, note="read")
ABSENT = ExpectedCert(
    name="server", file="server.pem", note="not compared: not found", reason="file not found"
)


def summary(expectation: Expectation, result: ScanResult) -> str:
    findings = list(compare(expectation, result)) + verification(result)
    return headline(aspects(expectation, result, findings), findings)


def test_matches_the_spec_only_when_everything_was_compared() -> None:
    result = scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,))
    assert summary(expect((ECDSA_128,), expected_cert=SAME), result) == "matches the spec"


def test_a_certificate_file_not_at_hand_is_named_in_the_headline() -> None:
    result = scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,))
    assert summary(expect((ECDSA_128,), expected_cert=ABSENT), result) == (
        "matches on: versions, suites, client certificate; "
        "not compared: certificate (file not found)"
    )


def test_a_policy_left_to_the_server_does_not_match_the_spec() -> None:
    result = scan((ECDSA_128, CBC), versions=(TlsVersion.TLSv1_2,))
    assert summary(expect(None, expected_cert=ABSENT), result) == (
        "matches on: client certificate; not compared: "
        "versions (the spec leaves the suites to the server), "
        "suites (the spec leaves the suites to the server), certificate (file not found)"
    )


def test_a_spec_without_a_certificate_says_so() -> None:
    result = scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,))
    assert summary(expect((ECDSA_128,)), result).endswith(
        "not compared: certificate (the spec names none)"
    )


def test_differences_come_first_in_the_headline() -> None:
    result = scan(
        (ECDSA_128, ECDSA_256),
        versions=(TlsVersion.TLSv1_2,),
        client=ClientCertMode.REQUIRED,
        verified=Verification(ok=False, detail="another CA"),
    )
    assert summary(expect((ECDSA_128,), expected_cert=SAME), result) == (
        "differs on: suites, client certificate, chain (not verified against --ca); "
        "matches on: versions, certificate"
    )


def test_suites_the_local_openssl_cannot_offer_are_not_compared() -> None:
    untried = suite("TLS_AES_128_CCM_8_SHA256")
    result = scan((AES_256,), versions=(TlsVersion.TLSv1_3,))
    assert summary(expect((AES_256, untried), expected_cert=SAME), result) == (
        "matches on: versions, suites, client certificate, certificate; "
        "not compared: 1 suite (the local openssl cannot offer it)"
    )


def test_an_unknown_client_certificate_requirement_is_not_compared() -> None:
    result = scan((ECDSA_128,), versions=(TlsVersion.TLSv1_2,), client=ClientCertMode.UNKNOWN)
    compared = aspects(expect((ECDSA_128,), expected_cert=SAME), result, [])
    assert [(aspect.name, aspect.state) for aspect in compared] == [
        ("versions", State.MATCH),
        ("suites", State.MATCH),
        ("client certificate", State.NOT_COMPARED),
        ("certificate", State.MATCH),
    ]


def test_without_a_spec_the_headline_says_nothing_was_compared() -> None:
    assert headline(None, []).startswith("not compared with a spec")


def test_repeated_findings_of_one_kind_become_one_group() -> None:
    allowed = (ECDSA_128,)
    served = (ECDSA_128, ECDSA_256, RSA_128, CBC)
    findings = compare(expect(allowed), scan(served, versions=(TlsVersion.TLSv1_2,)))
    groups = group(findings)
    assert [(block.rule, len(block.items)) for block in groups] == [("FCS721", 3)]
    assert groups[0].message == (
        "listener https8443: the server accepts suites that strict does not allow (3)"
    )
    assert groups[0].items[0] == (
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (ECDHE-ECDSA-AES256-GCM-SHA384) at TLSv1.2"
    )


def test_a_single_finding_keeps_its_own_message() -> None:
    findings = compare(expect((ECDSA_128,)), scan((ECDSA_128, ECDSA_256)))
    (block,) = group(findings)
    assert (block.message, block.items) == (findings[0].message, ())


def test_an_incomplete_handshake_is_a_note() -> None:
    import attrs

    result = attrs.evolve(scan((AES_256,)), completed=False, failure="excessive message size")
    (note,) = completion(result)
    assert (note.rule, note.difference) == ("FCS727", False)
    assert "no handshake completed (openssl: excessive message size)" in note.message
