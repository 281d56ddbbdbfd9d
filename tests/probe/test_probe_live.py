"""``fcsec probe HOST:PORT`` against real ``openssl s_server`` processes on 127.0.0.1.

Each server gets a PKI made by fcsec's own pki module (EC or RSA) and exactly the suites the
test chooses; every server is stopped when its test module ends.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from tests.probe.live import run, run_json
from tests.probe.servers import HOST, free_port, make_pki, require_tool, tls_server

from fcsec.pki.issue import KeyType
from fcsec.probe.run import probe_tls
from fcsec.probe.target import parse_target

pytestmark = pytest.mark.external  # runs openssl, mosquitto or nmap, or real local TLS servers

EC_CLASSIC = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305"
EC_TLS13 = "TLS_AES_256_GCM_SHA384"
EC_SERVED = {
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_AES_256_GCM_SHA384",
}
RSA_CLASSIC = "ECDHE-RSA-AES256-GCM-SHA384:AES256-SHA:AES128-GCM-SHA256"
RSA_TLS13 = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"
RSA_SERVED = {
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_RSA_WITH_AES_256_CBC_SHA",
    "TLS_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_AES_128_GCM_SHA256",
    "TLS_CHACHA20_POLY1305_SHA256",
}


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("probe")


@pytest.fixture(scope="module")
def ec_pki(work: Path) -> Path:
    return make_pki(work / "ec", KeyType.EC, clients=("admin",))


@pytest.fixture(scope="module")
def rsa_pki(work: Path) -> Path:
    return make_pki(work / "rsa", KeyType.RSA)


@pytest.fixture(scope="module")
def ec_server(ec_pki: Path) -> Iterator[int]:
    with tls_server(ec_pki, cipher=EC_CLASSIC, ciphersuites=EC_TLS13) as port:
        yield port


@pytest.fixture(scope="module")
def rsa_server(rsa_pki: Path) -> Iterator[int]:
    with tls_server(rsa_pki, cipher=RSA_CLASSIC, ciphersuites=RSA_TLS13) as port:
        yield port


@pytest.fixture(scope="module")
def ec_report(ec_server: int) -> dict[str, Any]:
    code, report = run_json("probe", f"{HOST}:{ec_server}")
    assert code == 0
    return report


def accepted(report: dict[str, Any]) -> set[str]:
    return {suite["iana"] for suite in report["accepted_suites"]}


def spec(work: Path, name: str, body: str, cert: str = "ec/ctree_ssl.pem") -> str:
    path = work / f"{name}.fcsec"
    path.write_text(
        f'fcsec = 1\n\n[certs.server]\nfile = "{cert}"\n\n[certs.ca]\nfile = "ec/ca.pem"\n\n'
        f'[listeners.https8443]\nprotocol = "https"\nport = 8443\ntls.cert = "server"\n{body}',
        encoding="utf-8",
    )
    return str(path)


def test_probe_lists_exactly_the_suites_the_server_was_given(ec_report: dict[str, Any]) -> None:
    assert accepted(ec_report) == EC_SERVED


def test_probe_names_each_suite_by_iana_and_openssl_name(ec_report: dict[str, Any]) -> None:
    names = {(suite["iana"], suite["openssl"]) for suite in ec_report["accepted_suites"]}
    assert ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256") in names


def test_probe_reports_the_tls_versions(ec_report: dict[str, Any]) -> None:
    assert ec_report["versions"] == {
        "TLSv1": "refused",
        "TLSv1.1": "refused",
        "TLSv1.2": "accepted",
        "TLSv1.3": "accepted",
    }


def test_probe_reports_the_served_chain(ec_report: dict[str, Any]) -> None:
    leaf, ca = ec_report["certificate_chain"]
    assert (leaf["subject"], leaf["ip_addresses"], leaf["key"]["type"]) == (
        "CN=localhost,O=fcsec development PKI",
        [HOST],
        "EC",
    )
    assert leaf["issuer"] == ca["subject"] == "CN=fcsec development CA,O=fcsec development PKI"


def test_probe_sees_that_no_client_certificate_is_asked_for(ec_report: dict[str, Any]) -> None:
    assert ec_report["client_certificate"] == "not requested"


def test_probe_of_an_rsa_server_lists_its_suites(rsa_server: int) -> None:
    code, report = run_json("probe", f"{HOST}:{rsa_server}")
    assert (code, accepted(report)) == (0, RSA_SERVED)


def test_probe_exits_0_when_the_server_matches_the_spec(ec_server: int, work: Path) -> None:
    path = spec(
        work,
        "match",
        'tls.ciphers = ["TLS_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256", '
        '"ECDHE-ECDSA-CHACHA20-POLY1305"]\n',
    )
    code, out, err = run("probe", f"{HOST}:{ec_server}", "--spec", path, "--listener", "https8443")
    assert (code, out.splitlines()[-1], err) == (0, "matches the spec", "")


def test_a_certificate_file_not_at_hand_is_named_not_compared(ec_server: int, work: Path) -> None:
    path = spec(
        work,
        "nocert",
        'tls.ciphers = ["TLS_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256", '
        '"ECDHE-ECDSA-CHACHA20-POLY1305"]\n',
        cert="absent/ctree_ssl.pem",
    )
    code, out, _ = run("probe", f"{HOST}:{ec_server}", "--spec", path, "--listener", "https8443")
    assert (code, out.splitlines()[-1]) == (
        0,
        "matches on: versions, suites, client certificate; "
        "not compared: certificate (file not found)",
    )


def test_a_policy_left_to_the_server_never_matches_the_spec(ec_server: int, work: Path) -> None:
    path = spec(work, "default", 'tls.ciphers = "faircom-default"\n', cert="absent/x.pem")
    code, report = run_json(
        "probe", f"{HOST}:{ec_server}", "--spec", path, "--listener", "https8443"
    )
    assert (code, report["verdict"], report["headline"]) == (
        0,
        "partial",
        "matches on: client certificate; not compared: "
        "versions (the spec leaves the suites to the server), "
        "suites (the spec leaves the suites to the server), certificate (file not found)",
    )


def test_many_suites_the_spec_does_not_allow_are_one_block(ec_server: int, work: Path) -> None:
    path = spec(work, "tls13only", 'tls.ciphers = ["TLS_AES_256_GCM_SHA384"]\n')
    code, out, err = run("probe", f"{HOST}:{ec_server}", "--spec", path, "--listener", "https8443")
    assert code == 1
    assert err.count("error[FCS721]") == 1
    assert (
        "  FCS721 listener https8443: the server accepts suites that the listener's suite list"
        in out
    )
    assert out.splitlines()[-1] == (
        "differs on: versions, suites; matches on: client certificate, certificate"
    )


def test_probe_exits_1_on_a_suite_the_spec_does_not_allow(ec_server: int, work: Path) -> None:
    path = spec(
        work,
        "narrow",
        'tls.ciphers = ["TLS_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256"]\n',
    )
    code, report = run_json(
        "probe", f"{HOST}:{ec_server}", "--spec", path, "--listener", "https8443"
    )
    assert code == 1
    assert [(item["rule"], item["suite"]["openssl"]) for item in report["differences"]] == [
        ("FCS721", "ECDHE-ECDSA-CHACHA20-POLY1305")
    ]


def test_an_rsa_suite_an_ecdsa_server_cannot_serve_is_no_difference(
    ec_server: int, work: Path
) -> None:
    path = spec(
        work,
        "wide",
        'tls.ciphers = ["TLS_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256", '
        '"ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-GCM-SHA256"]\n',
    )
    code, report = run_json(
        "probe", f"{HOST}:{ec_server}", "--spec", path, "--listener", "https8443"
    )
    assert code == 0
    assert [note["rule"] for note in report["notes"]] == ["FCS723"]


def test_probe_exits_1_when_the_served_certificate_is_not_the_specs(
    ec_server: int, rsa_pki: Path, work: Path
) -> None:
    path = spec(work, "othercert", 'tls.ciphers = "tlsref-modern"\n', cert="rsa/ctree_ssl.pem")
    code, report = run_json(
        "probe", f"{HOST}:{ec_server}", "--spec", path, "--listener", "https8443"
    )
    assert code == 1
    assert "FCS725" in {item["rule"] for item in report["differences"]}


def test_chain_verifies_against_the_pkis_own_ca(ec_server: int, ec_pki: Path) -> None:
    code, report = run_json("probe", f"{HOST}:{ec_server}", "--ca", str(ec_pki / "ca.pem"))
    assert (code, report["verification"]["ok"]) == (0, True)


def test_chain_from_another_ca_is_a_difference(ec_server: int, rsa_pki: Path) -> None:
    code, report = run_json("probe", f"{HOST}:{ec_server}", "--ca", str(rsa_pki / "ca.pem"))
    assert (code, [item["rule"] for item in report["differences"]]) == (1, ["FCS726"])


def test_a_required_client_certificate_the_spec_does_not_ask_for_is_a_difference(
    ec_pki: Path, work: Path
) -> None:
    path = spec(work, "noclient", 'tls.ciphers = ["TLS_AES_256_GCM_SHA384"]\n')
    with tls_server(ec_pki, cipher=EC_CLASSIC, ciphersuites=EC_TLS13, verify="require") as port:
        code, report = run_json(
            "probe", f"{HOST}:{port}", "--spec", path, "--listener", "https8443"
        )
    assert report["client_certificate"] == "required"
    assert (code, [item["rule"] for item in report["differences"]]) == (
        1,
        ["FCS720", "FCS721", "FCS721", "FCS724"],
    )


def test_a_server_that_requires_the_specs_client_certificates_matches(
    ec_pki: Path, work: Path
) -> None:
    path = spec(work, "client", 'tls.ciphers = ["TLS_AES_256_GCM_SHA384"]\ntls.client_ca = "ca"\n')
    with tls_server(
        ec_pki, cipher="DEFAULT", ciphersuites=EC_TLS13, extra=["-no_tls1_2"], verify="require"
    ) as port:
        code, _, err = run("probe", f"{HOST}:{port}", "--spec", path, "--listener", "https8443")
    assert (code, err) == (0, "")


def test_a_tls12_server_that_requires_a_client_certificate_is_seen(ec_pki: Path) -> None:
    with tls_server(
        ec_pki, cipher=EC_CLASSIC, ciphersuites=EC_TLS13, extra=["-no_tls1_3"], verify="require"
    ) as port:
        code, report = run_json("probe", f"{HOST}:{port}")
    assert (code, report["client_certificate"]) == (0, "required")


def test_a_tls12_chain_is_verified_only_from_a_handshake_that_completed(ec_pki: Path) -> None:
    ca = str(ec_pki / "ca.pem")
    client = ["--client-cert", str(ec_pki / "client-admin.pem")]
    client += ["--client-key", str(ec_pki / "client-admin.key")]
    with tls_server(
        ec_pki, cipher=EC_CLASSIC, ciphersuites=EC_TLS13, extra=["-no_tls1_3"], verify="require"
    ) as port:
        without, report = run_json("probe", f"{HOST}:{port}", "--ca", ca)
        with_cert, verified = run_json("probe", f"{HOST}:{port}", "--ca", ca, *client)
    assert (without, report["verification"]["ok"]) == (1, False)
    assert report["verification"]["detail"].startswith("the handshake did not complete")
    assert (with_cert, verified["verification"]["ok"]) == (0, True)


def test_an_optional_client_certificate_is_seen(ec_pki: Path) -> None:
    with tls_server(ec_pki, cipher=EC_CLASSIC, ciphersuites=EC_TLS13, verify="request") as port:
        code, report = run_json("probe", f"{HOST}:{port}")
    assert (code, report["client_certificate"]) == (0, "optional")


def test_with_a_client_certificate_every_suite_is_still_found(ec_pki: Path) -> None:
    with tls_server(ec_pki, cipher=EC_CLASSIC, ciphersuites=EC_TLS13, verify="require") as port:
        code, report = run_json(
            "probe",
            f"{HOST}:{port}",
            "--client-cert",
            str(ec_pki / "client-admin.pem"),
            "--client-key",
            str(ec_pki / "client-admin.key"),
        )
    assert (code, accepted(report)) == (0, EC_SERVED)


def test_database_block_is_compared_with_its_ssl_ciphers(rsa_server: int, work: Path) -> None:
    path = work / "database.fcsec"
    path.write_text(
        'fcsec = 1\n\n[certs.server]\nfile = "rsa/ctree_ssl.pem"\n\n[database]\ncert = "server"\n'
        'ciphers = ["ECDHE-RSA-AES256-GCM-SHA384", "AES256-SHA", "AES128-GCM-SHA256", '
        '"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"]\n',
        encoding="utf-8",
    )
    code, report = run_json("probe", f"{HOST}:{rsa_server}", "--spec", str(path), "--database")
    assert (code, report["differences"]) == (0, [])


def test_probe_tls_is_the_command_without_its_printing(ec_server: int, work: Path) -> None:
    path = spec(work, "api", 'tls.ciphers = ["TLS_AES_256_GCM_SHA384"]\n')
    warned: list[object] = []
    probed = probe_tls(
        parse_target(f"{HOST}:{ec_server}"), spec=path, listener="https8443", warn=warned.append
    )
    assert probed.differs and probed.comparison is not None
    assert warned == [probed.warnings]
    assert {finding.rule for finding in probed.findings if finding.difference} == {
        "FCS720",
        "FCS721",
    }
    with pytest.raises(ValueError, match="a listener or the database"):
        probe_tls(parse_target(f"{HOST}:{ec_server}"), spec=path)


def test_a_closed_port_is_an_error_not_a_traceback() -> None:
    code, out, err = run("probe", f"{HOST}:{free_port()}", "--timeout", "5")
    assert (code, out) == (1, "")
    assert "error[FCS710]: cannot probe" in err


def _nmap_suites(xml: str) -> set[str]:
    """Suite names from nmap's ssl-enum-ciphers XML; TLS 1.3 ones renamed to IANA's spelling."""
    root = ElementTree.fromstring(xml)
    script = root.find(".//script[@id='ssl-enum-ciphers']")
    assert script is not None, "nmap ran no ssl-enum-ciphers"
    names = {
        element.text or ""
        for element in script.iterfind("./table/table[@key='ciphers']/table/elem[@key='name']")
    }
    return {name.replace("TLS_AKE_WITH_", "TLS_", 1) for name in names}


def test_probe_finds_the_same_suites_as_nmap_ssl_enum_ciphers(rsa_server: int) -> None:
    nmap = require_tool("nmap")
    result = subprocess.run(
        [nmap, "-Pn", "-p", str(rsa_server), "--script", "ssl-enum-ciphers", HOST, "-oX", "-"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    _, report = run_json("probe", f"{HOST}:{rsa_server}")
    assert accepted(report) == _nmap_suites(result.stdout) == RSA_SERVED
