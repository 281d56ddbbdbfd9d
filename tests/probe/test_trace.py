"""Reading ``openssl s_client -trace -showcerts`` output (hand-written excerpts)."""

from __future__ import annotations

from fcsec.ciphers.registry import TlsVersion
from fcsec.probe.trace import parse

CLIENT_HELLO = """CONNECTED(00000003)
Sent Record
Header:
  Version = TLS 1.0 (0x301)
  Content Type = Handshake (22)
  Length = 200
    ClientHello, Length=196
      client_version=0x303 (TLS 1.2)
"""

TLS12 = (
    CLIENT_HELLO
    + """Received Record
Header:
  Version = TLS 1.2 (0x303)
  Content Type = Handshake (22)
  Length = 61
    ServerHello, Length=57
      server_version=0x303 (TLS 1.2)
      cipher_suite {0xC0, 0x2B} TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
      compression_method: No Compression (0x00)
    Certificate, Length=500
      certificate_list, length=497
    CertificateRequest, Length=48
Sent Record
Header:
  Content Type = Handshake (22)
    Certificate, Length=3
Received Record
Header:
  Version = TLS 1.2 (0x303)
  Content Type = Alert (21)
  Length = 2
    Level=fatal(2), description=handshake failure(40)

---
Certificate chain
 0 s:CN = localhost
-----BEGIN CERTIFICATE-----
MIIB
-----END CERTIFICATE-----
 1 s:CN = ca
-----BEGIN CERTIFICATE-----
MIIC
-----END CERTIFICATE-----
---
Server certificate
-----BEGIN CERTIFICATE-----
MIIB
-----END CERTIFICATE-----
Verify return code: 18 (self-signed certificate)
"""
)

TLS13 = (
    CLIENT_HELLO
    + """Received Record
Header:
  Version = TLS 1.2 (0x303)
  Content Type = Handshake (22)
  Length = 122
    ServerHello, Length=118
      server_version=0x303 (TLS 1.2)
      cipher_suite {0x13, 0x02} TLS_AES_256_GCM_SHA384
      extensions, length = 46
        extension_type=supported_versions(43), length=2
            TLS 1.3 (772)
Received Record
Header:
  Content Type = ApplicationData (23)
  Inner Content Type = Alert (21)
    Level=fatal(2), description=unknown(116)
"""
)


def test_tls12_server_hello_gives_version_and_suite() -> None:
    handshake = parse(TLS12)
    assert (handshake.version, handshake.suite_code) == (TlsVersion.TLSv1_2, 0xC02B)


def test_tls13_version_comes_from_supported_versions() -> None:
    assert parse(TLS13).version is TlsVersion.TLSv1_3


def test_certificate_request_is_seen() -> None:
    assert parse(TLS12).cert_requested


def test_no_certificate_request_without_one() -> None:
    assert not parse(TLS13).cert_requested


def test_first_fatal_alert_from_the_server_is_kept() -> None:
    assert parse(TLS13).alert == 116


def test_chain_is_taken_from_the_certificate_chain_section_only() -> None:
    chain = parse(TLS12).chain
    assert [pem.splitlines()[1] for pem in chain] == ["MIIB", "MIIC"]


def test_a_server_hello_or_an_alert_is_a_tls_answer() -> None:
    assert (parse(TLS12).tls_answer, parse(TLS13).tls_answer) == (True, True)


def test_a_handshake_without_the_servers_finished_did_not_complete() -> None:
    assert (parse(TLS12).completed, parse(TLS13).completed) == (False, False)


def test_the_servers_finished_completes_the_handshake() -> None:
    finished = """Received Record
Header:
  Content Type = ApplicationData (23)
  Inner Content Type = Handshake (22)
    Finished, Length=48
"""
    assert parse(TLS13 + finished).completed


def test_the_clients_own_finished_does_not_count() -> None:
    sent = "Sent Record\nHeader:\n  Content Type = Handshake (22)\n    Finished, Length=12\n"
    assert not parse(TLS12 + sent).completed


# What openssl printed for a chain over its 100 KB limit: an error, then "Verify return code:
# 0 (ok)" although nothing was verified.
OVERSIZED = (
    "40F7:error:0A000098:SSL routines:read_state_machine:excessive message size:"
    "../ssl/statem/statem.c:610:\n"
    + TLS13.split("Received Record\nHeader:\n  Content Type = ApplicationData")[0]
    + """---
no peer certificate available
---
SSL handshake has read 1434 bytes and written 312 bytes
Verification: OK
---
New, (NONE), Cipher is (NONE)
Verify return code: 0 (ok)
"""
)


def test_an_aborted_handshake_gives_openssls_reason_and_no_verdict() -> None:
    handshake = parse(OVERSIZED)
    assert (handshake.accepted, handshake.completed, handshake.error, handshake.chain) == (
        True,
        False,
        "excessive message size",
        (),
    )
    assert not hasattr(handshake, "verify")  # openssl's "Verify return code" is never read


def test_plain_http_bytes_are_no_tls_answer() -> None:
    handshake = parse(
        "80CB:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:"
        "../ssl/record/ssl3_record.c:350:\n"
        + CLIENT_HELLO
        + "Received Record\nHeader:\n  Version = UNKNOWN (0x5454)\n"
        "  Content Type = UNKNOWN (72)\n  Length = 20527\n---\n"
        "SSL handshake has read 5 bytes and written 225 bytes\n"
    )
    assert (handshake.connected, handshake.tls_answer, handshake.bytes_read) == (True, False, 5)
    assert handshake.error == "wrong version number"


def test_a_refused_hello_is_sent_but_not_accepted() -> None:
    handshake = parse(CLIENT_HELLO + "error:0A000410:SSL routines::sslv3 alert handshake failure\n")
    assert (handshake.hello_sent, handshake.accepted) == (True, False)


def test_connection_refused_is_a_failure_before_tls() -> None:
    handshake = parse("4067:error:8000006F:system library:BIO_connect\nconnect:errno=111\n")
    assert not handshake.connected
    assert handshake.failure is not None
    assert handshake.failure.startswith("cannot connect: ")


def test_an_unknown_host_name_is_a_lookup_failure_not_an_errno() -> None:
    # openssl 3 prints the resolver's reason on the BIO_lookup_ex line and then errno=0.
    text = (
        "80AB5D27287F0000:error:10080002:BIO routines:BIO_lookup_ex:system lib:"
        "../crypto/bio/bio_addr.c:746:Name or service not known\nconnect:errno=0\n"
    )
    handshake = parse(text)
    assert not handshake.connected
    assert handshake.failure == "cannot resolve the host name: Name or service not known"
