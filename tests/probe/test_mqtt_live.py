"""``fcsec probe mqtts://`` and ``mqttwss://`` against a real mosquitto on 127.0.0.1.

The broker demands a client certificate and takes its CN as the user name
(``require_certificate true``, ``use_identity_as_username true``); a third listener takes no
user name from the certificate and lets no anonymous client in. The broker is stopped when the
module ends.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.probe.live import run, run_json
from tests.probe.servers import HOST, Broker, free_port, make_pki, mosquitto

from fcsec.pki.issue import KeyType
from fcsec.probe.run import probe_mqtt
from fcsec.probe.target import parse_target

pytestmark = pytest.mark.external  # runs openssl, mosquitto or nmap, or real local TLS servers


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_pki(
        tmp_path_factory.mktemp("mqtt") / "pki", KeyType.EC, clients=("admin", "Jon Doe")
    )


@pytest.fixture(scope="module")
def broker(pki: Path) -> Iterator[Broker]:
    with mosquitto(pki, pki.parent) as ports:
        yield ports


def client(pki: Path, user: str) -> list[str]:
    return [
        "--ca",
        str(pki / "ca.pem"),
        "--client-cert",
        str(pki / f"client-{user}.pem"),
        "--client-key",
        str(pki / f"client-{user}.key"),
        "--timeout",
        "10",
    ]


def test_mqtts_round_trip_with_a_client_certificate_succeeds(broker: Broker, pki: Path) -> None:
    code, report = run_json("probe", f"mqtts://{HOST}:{broker.mqtts}", *client(pki, "admin"))
    assert (code, report["verdict"], report["steps"][-2:]) == (
        0,
        "ok",
        ["received the message", "disconnected"],
    )


def test_mqtts_round_trip_without_a_client_certificate_fails_with_the_reason(
    broker: Broker, pki: Path
) -> None:
    code, out, err = run(
        "probe", f"mqtts://{HOST}:{broker.mqtts}", "--ca", str(pki / "ca.pem"), "--timeout", "10"
    )
    assert (code, out.splitlines()[-1]) == (1, "round trip failed")
    assert f"error[FCS730]: mqtts://{HOST}:{broker.mqtts}: certificate required" in err


def test_probe_mqtt_says_why_a_round_trip_failed(broker: Broker, pki: Path) -> None:
    target = parse_target(f"mqtts://{HOST}:{broker.mqtts}")
    ok = probe_mqtt(
        target,
        ca=str(pki / "ca.pem"),
        client_cert=str(pki / "client-admin.pem"),
        client_key=str(pki / "client-admin.key"),
        topic="fcsec/api",
    )
    assert (ok.trip.ok, ok.topic, ok.failure) == (True, "fcsec/api", None)
    failed = probe_mqtt(target, ca=str(pki / "ca.pem"))
    assert failed.failure is not None and failed.failure.rule == "FCS730"
    assert failed.failure.hint == "give --client-cert and --client-key"


def test_mqttwss_round_trip_with_a_client_certificate_succeeds(broker: Broker, pki: Path) -> None:
    code, report = run_json("probe", f"mqttwss://{HOST}:{broker.mqttwss}", *client(pki, "admin"))
    assert (code, report["verdict"]) == (0, "ok")


def test_a_user_the_broker_does_not_authorize_fails_as_not_authorized(
    broker: Broker, pki: Path
) -> None:
    code, report = run_json("probe", f"mqtts://{HOST}:{broker.refusing}", *client(pki, "Jon_Doe"))
    assert (code, report["reason"]) == (1, "not authorized")


def test_a_server_that_never_answers_fails_with_a_timeout(pki: Path) -> None:
    with socket.socket() as silent:
        silent.bind((HOST, 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        code, report = run_json("probe", f"mqtts://{HOST}:{port}", *client(pki, "admin")[:-1], "1")
    assert (code, report["reason"]) == (1, "timeout")


def test_a_closed_port_fails_with_cannot_connect(pki: Path) -> None:
    code, report = run_json("probe", f"mqtts://{HOST}:{free_port()}", "--timeout", "5")
    assert (code, report["reason"]) == (1, "cannot connect")
