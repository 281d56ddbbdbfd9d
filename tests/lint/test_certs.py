"""Certificate rules FCS401-FCS416: each fires on the file that deserves it and stays quiet on a
good one. Certificates are made on the fly (tests/lint/pki.py) around a fixed moment."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from tests.lint.helpers import lint, of, rules, spanned
from tests.lint.pki import (
    DAY,
    HOST,
    NOW,
    ca_certificate,
    certificate,
    ec_key,
    encrypted_pem,
    pem,
    rsa_key,
    write,
)

from fcsec.lint import Finding
from fcsec.x509 import hostname_matches, issued_by, parse_pem

LISTENER = """\
fcsec = 1
[server]
hostname = "{host}"
[certs.server]
file = "server.pem"
{cert_keys}
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
"""

DATABASE = """\
fcsec = 1
[certs.server]
file = "server.pem"
{cert_keys}
[database]
cert = "server"
shared_memory = false
{database_keys}
"""

CLIENT_CA = """\
fcsec = 1
[certs.server]
file = "server.pem"
key = "server.key"
[certs.ca]
file = "ca.pem"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
tls.client_ca = "ca"
"""


def _listener(host: str = HOST, cert_keys: str = 'key = "server.key"') -> str:
    return LISTENER.format(host=host, cert_keys=cert_keys)


def _cert_rules(findings: list[Finding]) -> set[str]:
    return {rule for rule in rules(findings) if rule.startswith("FCS4")}


ROOT_KEY = ec_key(1)
ROOT = ca_certificate("Test Root CA", ROOT_KEY)
INTERMEDIATE_KEY = ec_key(2)
INTERMEDIATE = ca_certificate("Test Intermediate CA", INTERMEDIATE_KEY, (ROOT, ROOT_KEY))


def _leaf(**kwargs: object) -> x509.Certificate:
    kwargs.setdefault("key", ec_key(0))
    kwargs.setdefault("issuer", (INTERMEDIATE, INTERMEDIATE_KEY))
    return certificate(**kwargs)  # type: ignore[arg-type]


def _good_files(folder: Path) -> None:
    write(folder, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    write(folder, "server.key", pem(ec_key(0)))


# --- a good setup -----------------------------------------------------------------------------
def test_a_good_certificate_chain_and_key_give_no_certificate_finding(tmp_path: Path) -> None:
    _good_files(tmp_path)
    assert _cert_rules(lint(tmp_path, _listener())) == set()


def test_skip_files_looks_at_no_file(tmp_path: Path) -> None:
    assert _cert_rules(lint(tmp_path, _listener(), check_files=False)) == set()


# --- FCS401 files ------------------------------------------------------------------------------
def test_a_missing_certificate_file_is_reported_at_its_file_value(tmp_path: Path) -> None:
    (found,) = of(lint(tmp_path, _listener()), "FCS401")
    assert spanned(found) == '"server.pem"'
    assert found.diagnostic.message.startswith("server certificate file `server.pem` does not")


def test_a_missing_file_names_the_path_it_was_looked_up_at(tmp_path: Path) -> None:
    (found,) = of(lint(tmp_path, _listener()), "FCS401")
    assert f"(looked up as {tmp_path / 'server.pem'})" in found.diagnostic.message


def test_relative_names_are_looked_up_in_the_root_server_folder(tmp_path: Path) -> None:
    root = tmp_path / "faircom"
    _good_files(root / "server")
    text = _listener().replace("[server]\n", f"[server]\nroot = '{root}'\n")
    assert _cert_rules(lint(tmp_path, text)) == set()


def test_with_a_root_a_file_beside_the_spec_is_not_found(tmp_path: Path) -> None:
    _good_files(tmp_path)
    text = _listener().replace("[server]\n", f"[server]\nroot = '{tmp_path / 'faircom'}'\n")
    assert {item.rule for item in lint(tmp_path, text) if item.rule == "FCS401"} == {"FCS401"}


def test_a_missing_key_file_is_reported_at_its_key_value(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    (found,) = of(lint(tmp_path, _listener()), "FCS401")
    assert spanned(found) == '"server.key"'


def test_a_missing_key_store_is_reported(tmp_path: Path) -> None:
    _good_files(tmp_path)
    text = DATABASE.format(
        cert_keys='key = "server.key"\nkey_store = "ctsrvr.fkf"', database_keys=""
    )
    (found,) = of(lint(tmp_path, text), "FCS401")
    assert spanned(found) == '"ctsrvr.fkf"'


def test_an_existing_key_store_is_accepted(tmp_path: Path) -> None:
    _good_files(tmp_path)
    write(tmp_path, "ctsrvr.fkf", b"\x00store")
    text = DATABASE.format(
        cert_keys='key = "server.key"\nkey_store = "ctsrvr.fkf"', database_keys=""
    )
    assert of(lint(tmp_path, text), "FCS401") == []


def test_a_missing_client_certificate_file_is_reported(tmp_path: Path) -> None:
    _good_files(tmp_path)
    text = _listener() + 'tls.client_cert = "admin.pem"\n'
    (found,) = of(lint(tmp_path, text), "FCS401")
    assert spanned(found) == '"admin.pem"'


# --- FCS402 PEM --------------------------------------------------------------------------------
def test_a_der_certificate_is_not_a_pem_certificate(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", _leaf().public_bytes(serialization.Encoding.DER))
    write(tmp_path, "server.key", pem(ec_key(0)))
    (found,) = of(lint(tmp_path, _listener()), "FCS402")
    assert "holds no PEM certificate" in found.diagnostic.message


def test_a_damaged_pem_certificate_is_reported(tmp_path: Path) -> None:
    damaged = b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
    write(tmp_path, "server.pem", damaged)
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert rules(lint(tmp_path, _listener())) >= {"FCS402"}


# --- FCS403 / FCS404 / FCS405 keys -------------------------------------------------------------
def test_a_certificate_without_any_private_key_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    (found,) = of(lint(tmp_path, _listener(cert_keys="")), "FCS403")
    assert spanned(found) == '"server.pem"'


def test_a_key_embedded_in_the_certificate_file_is_accepted(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT, ec_key(0)))
    assert _cert_rules(lint(tmp_path, _listener(cert_keys=""))) == set()


def test_a_key_file_that_holds_no_key_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(_leaf()))
    (found,) = of(lint(tmp_path, _listener()), "FCS404")
    assert spanned(found) == '"server.key"'


def test_an_encrypted_key_on_a_listener_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", encrypted_pem(ec_key(0)))
    (found,) = of(lint(tmp_path, _listener()), "FCS404")
    assert "services.json has no way to give its password" in found.diagnostic.message


def test_an_encrypted_database_key_with_a_key_store_is_accepted(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", encrypted_pem(ec_key(0)))
    write(tmp_path, "ctsrvr.fkf", b"\x00store")
    text = DATABASE.format(
        cert_keys='key = "server.key"\nkey_store = "ctsrvr.fkf"', database_keys=""
    )
    assert _cert_rules(lint(tmp_path, text)) == set()


def test_an_encrypted_database_key_without_a_key_store_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", encrypted_pem(ec_key(0)))
    text = DATABASE.format(cert_keys='key = "server.key"', database_keys="")
    (found,) = of(lint(tmp_path, text), "FCS404")
    assert "has no key_store" in found.diagnostic.message


def test_an_rsa_key_of_another_certificate_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(key=rsa_key()), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(rsa_key(2048, 1)))
    (found,) = of(lint(tmp_path, _listener()), "FCS405")
    assert spanned(found) == '"server.key"'


def test_the_matching_rsa_key_is_accepted(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(key=rsa_key()), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(rsa_key()))
    assert of(lint(tmp_path, _listener()), "FCS405") == []


def test_an_ec_key_of_another_certificate_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(ec_key(5)))
    assert len(of(lint(tmp_path, _listener()), "FCS405")) == 1


def test_a_key_of_a_later_certificate_of_the_file_is_named_in_the_hint(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(INTERMEDIATE_KEY))
    (found,) = of(lint(tmp_path, _listener()), "FCS405")
    assert found.diagnostic.hint is not None
    assert "certificate 2 of `server.pem` (CN=Test Intermediate CA)" in found.diagnostic.hint


# --- FCS406 / FCS407 / FCS408 validity ---------------------------------------------------------
def test_an_expired_certificate_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(not_after=NOW - DAY), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(ec_key(0)))
    (found,) = of(lint(tmp_path, _listener()), "FCS406")
    assert found.diagnostic.is_error
    assert found.diagnostic.message == (
        f"the server certificate in `server.pem` expired on {(NOW - DAY).date().isoformat()}"
    )


def test_an_expired_certificate_further_down_the_chain_is_reported(tmp_path: Path) -> None:
    old = certificate(
        cn="Old Intermediate",
        key=INTERMEDIATE_KEY,
        issuer=(ROOT, ROOT_KEY),
        not_after=NOW - DAY,
        san=None,
        ca=True,
        server_auth=None,
    )
    write(tmp_path, "server.pem", pem(_leaf(issuer=(old, INTERMEDIATE_KEY)), old, ROOT))
    write(tmp_path, "server.key", pem(ec_key(0)))
    (found,) = of(lint(tmp_path, _listener()), "FCS406")
    assert "certificate 2 of 3 in `server.pem` (CN=Old Intermediate)" in found.diagnostic.message


def test_a_certificate_not_valid_yet_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(not_before=NOW + DAY), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert [item.diagnostic.is_error for item in of(lint(tmp_path, _listener()), "FCS407")] == [
        True
    ]


def test_a_certificate_expiring_in_ten_days_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(not_after=NOW + 10 * DAY), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(ec_key(0)))
    (found,) = of(lint(tmp_path, _listener()), "FCS408")
    assert found.diagnostic.severity.value == "warning"


def test_a_certificate_expiring_in_sixty_days_is_quiet(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(not_after=NOW + 60 * DAY), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert of(lint(tmp_path, _listener()), "FCS408") == []


# --- FCS409 / FCS410 strength ------------------------------------------------------------------
def test_an_rsa_1024_key_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(key=rsa_key(1024)), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(rsa_key(1024)))
    (found,) = of(lint(tmp_path, _listener()), "FCS409")
    assert "an RSA key of 1024 bits" in found.diagnostic.message


def test_an_rsa_2048_key_is_quiet(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(key=rsa_key()), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(rsa_key()))
    assert of(lint(tmp_path, _listener()), "FCS409") == []


def _rsa_chain(sha1: bool) -> tuple[x509.Certificate, x509.Certificate]:
    root = ca_certificate("RSA Root", rsa_key(2048, 3))
    leaf = certificate(key=ec_key(0), issuer=(root, rsa_key(2048, 3)), sha1=sha1)
    return leaf, root


def test_a_sha1_signature_is_a_warning(tmp_path: Path) -> None:
    leaf, root = _rsa_chain(sha1=True)
    write(tmp_path, "server.pem", pem(leaf, root))
    write(tmp_path, "server.key", pem(ec_key(0)))
    (found,) = of(lint(tmp_path, _listener()), "FCS410")
    assert found.diagnostic.message == "the server certificate in `server.pem` is signed with SHA-1"


def test_a_sha1_signed_chain_is_still_in_order(tmp_path: Path) -> None:
    leaf, root = _rsa_chain(sha1=True)
    write(tmp_path, "server.pem", pem(leaf, root))
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert of(lint(tmp_path, _listener()), "FCS413") == []


def test_a_sha256_signature_is_quiet(tmp_path: Path) -> None:
    leaf, root = _rsa_chain(sha1=False)
    write(tmp_path, "server.pem", pem(leaf, root))
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert of(lint(tmp_path, _listener()), "FCS410") == []


# --- FCS411 host names -------------------------------------------------------------------------
def test_a_host_missing_from_the_certificate_is_an_error_at_server_hostname(tmp_path: Path) -> None:
    _good_files(tmp_path)
    (found,) = of(lint(tmp_path, _listener(host="edge.example.com")), "FCS411")
    assert spanned(found) == '"edge.example.com"'
    assert f"({HOST})" in found.diagnostic.message


def test_hostname_matches_a_one_label_wildcard() -> None:
    assert hostname_matches(certificate(san=("*.example.com",)), "db.example.com")


def test_a_wildcard_does_not_match_two_labels() -> None:
    assert not hostname_matches(certificate(san=("*.example.com",)), "a.db.example.com")


def test_a_wildcard_does_not_match_the_bare_domain() -> None:
    assert not hostname_matches(certificate(san=("*.example.com",)), "example.com")


def test_the_common_name_is_ignored_when_there_is_a_san() -> None:
    assert not hostname_matches(certificate(cn=HOST, san=("other.example.com",)), HOST)


def test_the_common_name_counts_when_there_is_no_san() -> None:
    assert hostname_matches(certificate(cn=HOST, san=None), HOST.upper())


def test_an_ip_address_matches_an_ip_san() -> None:
    assert hostname_matches(certificate(san=("10.0.0.7",)), "10.0.0.7")


def test_an_ip_address_does_not_match_a_dns_san() -> None:
    assert not hostname_matches(certificate(san=(HOST,)), "10.0.0.7")


# --- FCS412 client CAs -------------------------------------------------------------------------
def test_a_client_ca_without_the_ca_flag_is_an_error(tmp_path: Path) -> None:
    _good_files(tmp_path)
    write(tmp_path, "ca.pem", pem(ca_certificate("Not A CA", ec_key(7), ca=False)))
    (found,) = of(lint(tmp_path, CLIENT_CA), "FCS412")
    assert spanned(found) == '"ca.pem"'


def test_a_client_ca_without_basic_constraints_is_an_error(tmp_path: Path) -> None:
    _good_files(tmp_path)
    write(tmp_path, "ca.pem", pem(ca_certificate("No Constraints", ec_key(7), ca=None)))
    assert len(of(lint(tmp_path, CLIENT_CA), "FCS412")) == 1


def test_a_real_client_ca_is_accepted(tmp_path: Path) -> None:
    _good_files(tmp_path)
    write(tmp_path, "ca.pem", pem(ROOT))
    assert _cert_rules(lint(tmp_path, CLIENT_CA)) == set()


# --- FCS413 chain order ------------------------------------------------------------------------
def test_a_chain_out_of_order_is_an_error_with_the_right_order(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), ROOT, INTERMEDIATE))
    write(tmp_path, "server.key", pem(ec_key(0)))
    (found,) = of(lint(tmp_path, _listener()), "FCS413")
    assert "certificate 1 (CN=db.example.com) is not issued by certificate 2" in (
        found.diagnostic.message
    )
    assert found.diagnostic.hint == "reorder the file: 1, 3, 2"


def test_issued_by_checks_the_signature_not_only_the_names() -> None:
    impostor = ca_certificate("Test Intermediate CA", ec_key(8), (ROOT, ROOT_KEY))
    assert not issued_by(_leaf(), impostor)


# --- FCS414 / FCS415 / FCS416 ------------------------------------------------------------------
def test_a_self_signed_server_certificate_in_production_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(certificate(key=ec_key(0))))
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert len(of(lint(tmp_path, _listener()), "FCS414")) == 1


def test_a_self_signed_server_certificate_in_a_dev_environment_is_quiet(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(certificate(key=ec_key(0))))
    write(tmp_path, "server.key", pem(ec_key(0)))
    text = _listener() + "[env.dev]\nlisteners.https8443.port = 9443\n"
    assert of(lint(tmp_path, text, env="dev"), "FCS414") == []


def test_a_client_auth_only_certificate_is_not_for_servers(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(server_auth=False), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert len(of(lint(tmp_path, _listener()), "FCS415")) == 1


def test_a_certificate_without_extended_key_usage_serves_tls(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(server_auth=None), INTERMEDIATE, ROOT))
    write(tmp_path, "server.key", pem(ec_key(0)))
    assert of(lint(tmp_path, _listener()), "FCS415") == []


X509 = 'verify_client_certs = true\nx509_login = { path = "CN" }'


def test_x509_login_without_the_root_in_the_file_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "server.pem", pem(_leaf(), INTERMEDIATE))
    write(tmp_path, "server.key", pem(ec_key(0)))
    text = DATABASE.format(cert_keys='key = "server.key"', database_keys=X509)
    assert len(of(lint(tmp_path, text), "FCS416")) == 1


def test_x509_login_with_the_full_chain_is_quiet(tmp_path: Path) -> None:
    _good_files(tmp_path)
    text = DATABASE.format(cert_keys='key = "server.key"', database_keys=X509)
    assert _cert_rules(lint(tmp_path, text)) == set()


# --- parsing -----------------------------------------------------------------------------------
def test_parse_pem_keeps_file_order_and_counts_encrypted_keys() -> None:
    parsed = parse_pem(pem(_leaf(), ROOT) + encrypted_pem(ec_key(0)) + pem(ec_key(0)))
    assert [certificate.subject for certificate in parsed.certificates] == [
        _leaf().subject,
        ROOT.subject,
    ]
    assert (len(parsed.keys), parsed.encrypted_keys, parsed.damaged) == (1, 1, ())


@pytest.mark.parametrize("data", [b"", b"hello", b"-----BEGIN CERTIFICATE-----\n"])
def test_parse_pem_finds_nothing_in_text_without_pem_blocks(data: bytes) -> None:
    parsed = parse_pem(data)
    assert (parsed.certificates, parsed.keys, parsed.damaged) == ((), (), ())
