"""``fcsec probe``'s command line: usage errors exit 2, bad files exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.probe.live import run
from tests.probe.servers import require_tool

pytestmark = pytest.mark.external  # runs openssl, mosquitto or nmap, or real local TLS servers

SPEC = """fcsec = 1

[certs.server]
file = "s.pem"

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
"""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["127.0.0.1:8443", "--listener", "x"], "need --spec"),
        (["127.0.0.1:8443", "--spec", "s.fcsec"], "--listener NAME or --database"),
        (["mqtts://127.0.0.1:8883", "--spec", "s.fcsec", "--database"], "takes no --spec"),
        (["127.0.0.1:8443", "--client-key", "k.pem"], "--client-key needs --client-cert"),
        (["127.0.0.1:8443", "--topic", "t"], "--topic is for mqtts://"),
        (["127.0.0.1"], "expected HOST:PORT"),
        (["127.0.0.1:8443", "--timeout", "0"], "--timeout must be more than 0"),
    ],
)
def test_usage_errors_exit_2_with_the_reason(args: list[str], message: str) -> None:
    code, _, err = run("probe", *args)
    assert code == 2
    assert message in err


def test_an_unreadable_ca_file_exits_1(tmp_path: Path) -> None:
    code, _, err = run("probe", "127.0.0.1:8443", "--ca", str(tmp_path / "missing.pem"))
    assert (code, "error[FCS901]" in err) == (1, True)


def test_a_client_certificate_that_is_not_pem_exits_1(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    code, _, err = run("probe", "mqtts://127.0.0.1:8883", "--client-cert", str(junk))
    assert (code, "cannot use" in err, "Traceback" in err) == (1, True, False)


def test_a_listener_the_spec_does_not_have_exits_1_naming_the_tls_listeners(
    tmp_path: Path,
) -> None:
    require_tool("openssl")
    spec = tmp_path / "s.fcsec"
    spec.write_text(SPEC, encoding="utf-8")
    code, _, err = run("probe", "127.0.0.1:8443", "--spec", str(spec), "--listener", "mqtts")
    assert code == 1
    assert "error[FCS712]: the spec has no listener `mqtts`" in err
    assert "TLS listeners in the spec: https8443" in err
