"""Configuration rules FCS601-FCS611 and FCS613: each fires at the setting that causes it and
stays quiet when the spec is configured the secure way."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.lint.helpers import lint, of, spanned

from fcsec.lint import Finding
from fcsec.lint.context import is_production

CERT = 'fcsec = 1\n[certs.server]\nfile = "server.pem"\n[certs.ca]\nfile = "ca.pem"\n'


def _lint(tmp_path: Path, text: str, env: str | None = None) -> list[Finding]:
    return lint(tmp_path, text, env=env, check_files=False)


def _database(settings: str) -> str:
    return CERT + '[database]\ncert = "server"\n' + settings


def _listener(name: str, protocol: str, port: int, extra: str = "") -> str:
    tls = 'tls.cert = "server"\n' if protocol in ("https", "mqtts", "mqttwss") else ""
    return f'[listeners.{name}]\nprotocol = "{protocol}"\nport = {port}\n{tls}{extra}'


# --- FCS601 ------------------------------------------------------------------------------------
def test_tls_only_false_is_a_warning_at_the_setting(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, _database("tls_only = false\n")), "FCS601")
    assert spanned(found) == "false"


def test_tls_only_faircom_default_is_a_warning_that_says_so(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, _database('tls_only = "faircom-default"\n')), "FCS601")
    assert found.diagnostic.message.startswith('`tls_only = "faircom-default"`')


def test_tls_only_true_is_quiet(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, _database("tls_only = true\n")), "FCS601") == []


def test_tls_only_false_from_an_overlay_points_into_the_overlay(tmp_path: Path) -> None:
    text = _database("") + "[env.dev]\ndatabase.tls_only = false\n"
    (found,) = of(_lint(tmp_path, text, env="dev"), "FCS601")
    assert found.diagnostic.span is not None
    assert found.diagnostic.span.line == 9  # `database.tls_only = false` under [env.dev]


# --- FCS602 / FCS609 ---------------------------------------------------------------------------
def test_a_plain_listener_beside_its_enabled_tls_twin_is_a_warning(tmp_path: Path) -> None:
    text = CERT + _listener("http8080", "http", 8080) + _listener("https8443", "https", 8443)
    (found,) = of(_lint(tmp_path, text), "FCS602")
    assert spanned(found) == "[listeners.http8080]"
    assert "beside its TLS twin `https8443`" in found.diagnostic.message


def test_a_disabled_plain_twin_is_quiet(tmp_path: Path) -> None:
    text = (
        CERT
        + _listener("http8080", "http", 8080, "enabled = false\n")
        + _listener("https8443", "https", 8443)
    )
    assert of(_lint(tmp_path, text), "FCS602") == []


def test_a_plain_listener_of_another_protocol_is_not_a_twin(tmp_path: Path) -> None:
    text = CERT + _listener("mqtt1883", "mqtt", 1883) + _listener("https8443", "https", 8443)
    assert of(_lint(tmp_path, text), "FCS602") == []


def test_every_tls_listener_off_while_a_plain_one_is_on_is_a_warning(tmp_path: Path) -> None:
    text = (
        CERT
        + _listener("http8080", "http", 8080)
        + _listener("https8443", "https", 8443, "enabled = false\n")
    )
    (found,) = of(_lint(tmp_path, text), "FCS609")
    assert spanned(found) == "false"


def test_an_enabled_tls_listener_is_not_every_tls_listener_off(tmp_path: Path) -> None:
    text = CERT + _listener("http8080", "http", 8080) + _listener("https8443", "https", 8443)
    assert of(_lint(tmp_path, text), "FCS609") == []


# --- FCS603 / FCS610 MQTT ----------------------------------------------------------------------
def test_anonymous_mqtt_login_on_mqtts_without_client_ca_is_a_warning(tmp_path: Path) -> None:
    text = CERT + _listener("mqtts8883", "mqtts", 8883) + '[mqtt]\nauthentication = ["none"]\n'
    (found,) = of(_lint(tmp_path, text), "FCS603")
    assert spanned(found) == '"none"'
    assert "listener `mqtts8883`" in found.diagnostic.message


def test_anonymous_mqtt_login_with_a_client_ca_is_quiet(tmp_path: Path) -> None:
    text = (
        CERT
        + _listener("mqtts8883", "mqtts", 8883, 'tls.client_ca = "ca"\n')
        + '[mqtt]\nauthentication = ["none"]\n'
    )
    assert of(_lint(tmp_path, text), "FCS603") == []


def test_mqtts_without_client_ca_and_password_login_is_quiet(tmp_path: Path) -> None:
    text = CERT + _listener("mqtts8883", "mqtts", 8883) + '[mqtt]\nauthentication = ["password"]\n'
    assert of(_lint(tmp_path, text), "FCS603") == []


def test_passwords_over_an_enabled_plain_mqtt_listener_are_a_warning(tmp_path: Path) -> None:
    text = CERT + _listener("mqtt1883", "mqtt", 1883) + '[mqtt]\nauthentication = ["password"]\n'
    (found,) = of(_lint(tmp_path, text), "FCS610")
    assert spanned(found) == "[listeners.mqtt1883]"


def test_a_disabled_plain_mqtt_listener_carries_no_password(tmp_path: Path) -> None:
    text = (
        CERT
        + _listener("mqtt1883", "mqtt", 1883, "enabled = false\n")
        + '[mqtt]\nauthentication = ["password"]\n'
    )
    assert of(_lint(tmp_path, text), "FCS610") == []


# --- FCS604 shared memory ----------------------------------------------------------------------
def test_shared_memory_left_as_is_beside_tls_only_is_an_info(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, _database("")), "FCS604")
    assert spanned(found) == "[database]"
    assert found.diagnostic.severity.value == "info"


def test_shared_memory_true_beside_tls_only_points_at_the_setting(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, _database("shared_memory = true\n")), "FCS604")
    assert spanned(found) == "true"


def test_shared_memory_off_is_quiet(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, _database("shared_memory = false\n")), "FCS604") == []


def test_shared_memory_without_tls_only_is_not_this_rule(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, _database("tls_only = false\n")), "FCS604") == []


# --- FCS605 debug log --------------------------------------------------------------------------
def test_a_debug_log_in_the_base_spec_is_a_warning(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, _database('debug_log = "ssl.log"\n')), "FCS605")
    assert spanned(found) == '"ssl.log"'


def test_a_debug_log_in_a_dev_environment_is_quiet(tmp_path: Path) -> None:
    text = _database("") + '[env.dev]\ndatabase.debug_log = "ssl.log"\n'
    assert of(_lint(tmp_path, text, env="dev"), "FCS605") == []


def test_a_debug_log_in_a_prod_environment_is_a_warning(tmp_path: Path) -> None:
    text = _database("") + '[env.prod]\ndatabase.debug_log = "ssl.log"\n'
    (found,) = of(_lint(tmp_path, text, env="prod"), "FCS605")
    assert "environment `prod`" in found.diagnostic.message


@pytest.mark.parametrize(
    ("env", "production"),
    [
        (None, True),
        ("prod", True),
        ("staging", True),
        ("dev", False),
        ("dev-laptop", False),
        ("Test_EU", False),
        ("devops", True),
    ],
)
def test_which_environments_are_production(env: str | None, production: bool) -> None:
    assert is_production(env) is production


# --- FCS606 x509 -------------------------------------------------------------------------------
def test_x509_login_without_verify_client_certs_is_a_warning(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, _database('x509_login = { path = "CN" }\n')), "FCS606")
    assert spanned(found) == '{ path = "CN" }'


def test_x509_login_with_verify_client_certs_is_quiet(tmp_path: Path) -> None:
    text = _database('verify_client_certs = true\nx509_login = { path = "CN" }\n')
    assert of(_lint(tmp_path, text), "FCS606") == []


# --- FCS608 disabled database ------------------------------------------------------------------
def test_a_disabled_database_block_with_settings_is_a_warning(tmp_path: Path) -> None:
    (found,) = of(_lint(tmp_path, _database("enabled = false\ntls_only = true\n")), "FCS608")
    assert spanned(found) == "false"
    assert "`cert`, `tls_only` have no effect" in found.diagnostic.message


def test_a_disabled_database_block_without_settings_is_reported_as_tls_off(
    tmp_path: Path,
) -> None:
    text = CERT + "[database]\nenabled = false\n"
    found = _lint(tmp_path, text)
    assert of(found, "FCS608") == []
    (off,) = of(found, "FCS613")
    assert spanned(off) == "false"
    assert off.diagnostic.message.startswith("[database] is disabled: SQL, ISAM and CTDB")


def test_a_disabled_database_block_with_settings_is_not_reported_twice(tmp_path: Path) -> None:
    assert of(_lint(tmp_path, _database("enabled = false\n")), "FCS613") == []


# --- FCS611 anonymous login over plain MQTT ----------------------------------------------------
def test_none_with_an_enabled_plain_mqtt_listener_is_a_warning_at_none(tmp_path: Path) -> None:
    text = CERT + _listener("mqtt1883", "mqtt", 1883) + '[mqtt]\nauthentication = ["none"]\n'
    (found,) = of(_lint(tmp_path, text), "FCS611")
    assert spanned(found) == '"none"'
    assert "`mqtt1883` (port 1883)" in found.diagnostic.message


def test_none_with_only_disabled_plain_mqtt_listeners_is_quiet(tmp_path: Path) -> None:
    listener = _listener("mqtt1883", "mqtt", 1883, "enabled = false\n")
    text = CERT + listener + '[mqtt]\nauthentication = ["none"]\n'
    assert of(_lint(tmp_path, text), "FCS611") == []
