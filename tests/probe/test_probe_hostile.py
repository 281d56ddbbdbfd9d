"""``fcsec probe`` against servers that try to fool it: no TLS, an oversized chain, a chain
another CA signed, a subject full of escape sequences. Every verdict must be an honest one.

The raw servers answer with the files of tests/data/probe (README.md there gives the expected
outcome of each); the certificates are made at test time with ``cryptography``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.probe.hostile import DATA, SILENT, Served, make_served, raw_server, serving
from tests.probe.live import run
from tests.probe.servers import HOST, require_tool

pytestmark = pytest.mark.external  # runs openssl, mosquitto or nmap, or real local TLS servers

#: Short, so a test that waits on a silent server ends quickly.
TIMEOUT = "5"
#: openssl s_client refuses a Certificate message over 100 KB (its default max_cert_list).
OVERSIZED = 110 * 1024


@pytest.fixture(autouse=True)
def _openssl() -> None:
    require_tool("openssl")


def probe_json(port: int, *extra: str) -> tuple[int, dict[str, Any], str]:
    code, out, err = run(
        "probe", f"{HOST}:{port}", "--timeout", TIMEOUT, "--format", "json", *extra
    )
    document: dict[str, Any] = json.loads(out)  # exactly one JSON document, or this fails
    return code, document, err


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (None, "closed the connection without a TLS answer"),
        ((DATA / "http-400.bin").read_bytes(), "answered with bytes that are not TLS"),
        ((DATA / "garbage.bin").read_bytes(), "answered with bytes that are not TLS"),
        (
            (DATA / "tls-alert-protocol-version.bin").read_bytes(),
            "answered in TLS but refused every version offered",
        ),
    ],
    ids=["closes-at-once", "plain-http", "garbage", "lone-tls-alert"],
)
def test_a_port_without_a_tls_handshake_is_an_error(reply: bytes | None, reason: str) -> None:
    with raw_server(reply) as port:
        code, out, err = run("probe", f"{HOST}:{port}", "--timeout", TIMEOUT)
    assert (code, out) == (1, "")
    assert "error[FCS713]: no TLS on this port:" in err
    assert reason in err
    assert "Traceback" not in err


def test_a_server_that_takes_the_connection_and_says_nothing_is_no_tls() -> None:
    with raw_server(SILENT) as port:
        code, _, err = run("probe", f"{HOST}:{port}", "--timeout", "1.5")
    assert code == 1
    assert "error[FCS713]: no TLS on this port:" in err
    assert "did not answer the TLS ClientHello in time" in err


def test_no_tls_in_github_format_is_an_error_annotation() -> None:
    with raw_server(None) as port:
        code, out, _ = run("probe", f"{HOST}:{port}", "--timeout", TIMEOUT, "--format", "github")
    assert code == 1
    assert out.startswith("::error title=FCS713::no TLS on this port: ")


def test_no_tls_in_json_is_one_document_with_the_error() -> None:
    with raw_server((DATA / "http-400.bin").read_bytes()) as port:
        code, document, _ = probe_json(port)
    assert (code, document["verdict"]) == (1, "error")
    assert [error["rule"] for error in document["errors"]] == ["FCS713"]


def test_an_unreachable_host_in_json_is_one_document() -> None:
    with raw_server(None) as port:
        pass  # the port is free again: nothing listens
    code, document, err = probe_json(port)
    assert (code, document["verdict"]) == (1, "error")
    assert "error[FCS710]" in err


def test_a_usage_error_after_parsing_in_json_is_one_document() -> None:
    code, out, err = run("probe", f"{HOST}:1", "--spec", "s.fcsec", "--format", "json")
    document = json.loads(out)
    assert (code, document["verdict"], document["errors"][0]["rule"]) == (2, "error", "usage")
    assert "--listener NAME or --database" in err


def test_an_unreadable_spec_in_json_is_one_document(tmp_path: Path) -> None:
    code, out, _ = run(
        "probe", f"{HOST}:1", "--spec", str(tmp_path / "missing.fcsec"), "--database",
        "--format", "json",
    )  # fmt: skip
    assert (code, json.loads(out)["errors"][0]["rule"]) == (1, "FCS901")


SERVER_HELLO_ONLY = (DATA / "tls12-server-hello-only.bin").read_bytes()
ONLY_SUITE = "ECDHE-RSA-AES128-GCM-SHA256"


def test_a_canned_server_hello_is_no_handshake_that_completed() -> None:
    with raw_server(SERVER_HELLO_ONLY) as port:
        code, document, _ = probe_json(port)
    assert code == 0
    assert (document["versions"]["TLSv1.2"], document["certificate_chain"]) == ("accepted", [])
    assert document["client_certificate"] == "unknown"
    assert [note["rule"] for note in document["notes"]] == ["FCS727"]
    assert "no handshake completed" in document["notes"][0]["message"]


def test_a_canned_server_hello_never_verifies(tmp_path: Path) -> None:
    ca = make_served(tmp_path).ca
    with raw_server(SERVER_HELLO_ONLY) as port:
        code, document, _ = probe_json(port, "--ca", str(ca))
    assert (code, document["verification"]["ok"], document["verdict"]) == (
        1,
        False,
        "differences",
    )


def test_a_canned_server_hello_does_not_match_a_spec(tmp_path: Path) -> None:
    spec = tmp_path / "s.fcsec"
    spec.write_text(
        'fcsec = 1\n\n[certs.server]\nfile = "absent.pem"\n\n[listeners.https8443]\n'
        f'protocol = "https"\nport = 8443\ntls.cert = "server"\ntls.ciphers = ["{ONLY_SUITE}"]\n',
        encoding="utf-8",
    )
    with raw_server(SERVER_HELLO_ONLY) as port:
        code, document, _ = probe_json(port, "--spec", str(spec), "--listener", "https8443")
    assert (code, document["verdict"], document["headline"]) == (
        0,
        "partial",
        "matches on: versions, suites; not compared: client certificate (the server's "
        "requirement could not be determined), certificate (file not found)",
    )


@pytest.fixture(scope="module")
def oversized(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Served]]:
    folder = tmp_path_factory.mktemp("oversized")
    served = make_served(folder, padding=OVERSIZED)
    assert served.cert.stat().st_size > 100 * 1024
    with serving(served, folder) as port:
        yield port, served


def test_an_oversized_chain_is_not_verified_even_with_the_right_ca(
    oversized: tuple[int, Served],
) -> None:
    port, served = oversized
    code, document, _ = probe_json(port, "--ca", str(served.ca))
    verification = document["verification"]
    differences = document["differences"]
    assert code == 1
    assert verification == {
        "ok": False,
        "detail": "the handshake did not complete (openssl: excessive message size), so it is "
        "not known that the server holds the certificate's key",
    }
    assert document["certificate_chain"] == []
    assert [item["rule"] for item in differences] == ["FCS726"]
    assert document["verdict"] == "differences"


def test_an_oversized_chain_without_ca_says_no_handshake_completed(
    oversized: tuple[int, Served],
) -> None:
    port, _ = oversized
    code, out, err = run("probe", f"{HOST}:{port}", "--timeout", TIMEOUT)
    assert code == 0
    assert "certificate chain: (none received)" in out
    assert "no handshake completed (openssl: excessive message size)" in out
    assert "info[FCS727]" in err


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Served]]:
    folder = tmp_path_factory.mktemp("ordinary")
    served = make_served(folder)
    with serving(served, folder) as port:
        yield port, served


def test_a_chain_the_ca_signed_verifies(ordinary: tuple[int, Served]) -> None:
    port, served = ordinary
    code, document, _ = probe_json(port, "--ca", str(served.ca))
    assert (code, document["verification"]) == (
        0,
        {"ok": True, "detail": f"2 certificates up to a --ca certificate, naming {HOST}"},
    )


def test_a_chain_another_ca_signed_is_not_verified(
    ordinary: tuple[int, Served], tmp_path: Path
) -> None:
    port, _ = ordinary
    other = make_served(tmp_path / "other")
    code, out, err = run("probe", f"{HOST}:{port}", "--ca", str(other.ca), "--timeout", TIMEOUT)
    assert code == 1
    assert "chain: not verified against --ca:" in out
    assert out.splitlines()[-1] == ("chain not verified against --ca; not compared with a spec")
    assert "error[FCS726]" in err


def test_a_ca_file_that_is_not_pem_is_unusable() -> None:
    code, out, err = run("probe", f"{HOST}:1", "--ca", str(DATA / "README.md"), "--format", "json")
    assert (code, json.loads(out)["errors"][0]["rule"]) == (1, "FCS901")
    assert "cannot use" in err


def test_a_ca_file_without_a_certificate_is_unusable(
    ordinary: tuple[int, Served], tmp_path: Path
) -> None:
    port, served = ordinary
    key_only = tmp_path / "key.pem"
    key_only.write_bytes(served.key.read_bytes())
    code, out, err = run("probe", f"{HOST}:{port}", "--ca", str(key_only), "--format", "json")
    assert (code, json.loads(out)["errors"][0]["rule"]) == (1, "FCS901")
    assert "Traceback" not in err


ESCAPES = "evil\x1b]0;pwned\x07\x1b[2J\u202e"


@pytest.fixture(scope="module")
def escaping(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("escaping")
    with serving(make_served(folder, subject=ESCAPES), folder) as port:
        yield port


def test_a_subject_with_escape_sequences_is_shown_escaped_in_text(escaping: int) -> None:
    code, out, err = run("probe", f"{HOST}:{escaping}", "--timeout", TIMEOUT)
    assert code == 0
    assert "CN=evil\\x1b]0\\;pwned\\x07\\x1b[2J\\u202e" in out
    assert not any(char in out + err for char in "\x1b\x07\u202e")


def test_a_subject_with_escape_sequences_is_escaped_in_json(escaping: int) -> None:
    code, document, _ = probe_json(escaping)
    chain = document["certificate_chain"]
    assert (code, chain[0]["subject"]) == (0, "CN=evil\\x1b]0\\;pwned\\x07\\x1b[2J\\u202e")


def test_a_subject_with_escape_sequences_is_escaped_in_github_format(escaping: int) -> None:
    code, out, _ = run("probe", f"{HOST}:{escaping}", "--timeout", TIMEOUT, "--format", "github")
    assert code == 0
    assert "CN=evil\\x1b]0\\;pwned\\x07\\x1b[2J\\u202e" in out
    assert not any(char in out for char in "\x1b\x07\u202e")
    assert out.splitlines()[-1].startswith("::notice title=fcsec probe::not compared with a spec")
