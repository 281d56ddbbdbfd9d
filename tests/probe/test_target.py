"""Parsing the target of ``fcsec probe``."""

from __future__ import annotations

import pytest

from fcsec.probe.target import Scheme, Target, parse_target


def test_host_and_port_is_a_tls_target() -> None:
    assert parse_target("db.example.com:8443") == Target(
        scheme=Scheme.TLS, host="db.example.com", port=8443
    )


def test_ipv6_host_is_written_in_brackets() -> None:
    target = parse_target("[::1]:8443")
    assert (target.host, target.address) == ("::1", "[::1]:8443")


def test_mqtts_url_is_an_mqtt_target() -> None:
    assert parse_target("mqtts://127.0.0.1:8883").scheme is Scheme.MQTTS


def test_mqttwss_url_keeps_its_path() -> None:
    assert parse_target("mqttwss://127.0.0.1:9002/ws").path == "/ws"


def test_mqttwss_path_defaults_to_slash_mqtt() -> None:
    assert str(parse_target("mqttwss://127.0.0.1:9002")) == "mqttwss://127.0.0.1:9002/mqtt"


@pytest.mark.parametrize(
    "text",
    ["localhost", "localhost:0", "localhost:70000", "https://h:1", "mqtts://h:1/x", "[zz]:1"],
)
def test_malformed_targets_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_target(text)
