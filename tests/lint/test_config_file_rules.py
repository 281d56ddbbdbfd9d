"""The config-file rules on services.json and ctsrvr.cfg texts as they are (an audit)."""

from __future__ import annotations

from fcsec.lint.effective import lint_config
from fcsec.lint.findings import Finding
from fcsec.source import SourceFile

SERVICES = "config/services.json"
CTSRVR = "config/ctsrvr.cfg"


def _listener(name: str, protocol: str, port: int, enabled: bool, tls: str = "") -> str:
    tls_part = f',\n\t\t"tls": {{ {tls} }}' if tls else ""
    return (
        f'\t{{\n\t\t"serviceName": "{name}",\n\t\t"port": {port},\n\t\t"protocol": "{protocol}",'
        f'\n\t\t"enabled": {"true" if enabled else "false"}{tls_part}\n\t}}'
    )


def services(*listeners: str, methods: str | None = None) -> str:
    body = '{\n"listeners": [\n' + ",\n".join(listeners) + "\n]"
    if methods is not None:
        body += f',\n"mqtt": {{\n\t"authenticationMethods": [ {methods} ]\n}}'
    return body + "\n}\n"


CERT = '"serverCertificateFilename": "./web/server.pem"'


def audit(services_text: str | None = None, cfg_text: str | None = None) -> list[Finding]:
    current = {
        "services.json": None if services_text is None else SourceFile(SERVICES, services_text),
        "ctsrvr.cfg": None if cfg_text is None else SourceFile(CTSRVR, cfg_text),
    }
    return list(lint_config(None, None, current).findings)


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [item for item in findings if item.rule == rule]


def place(item: Finding) -> str:
    span = item.diagnostic.span
    assert span is not None
    return f"{span.location()} {span.source.text[span.start : span.end]}"


# --- services.json ------------------------------------------------------------------------------
def test_a_plain_listener_beside_its_enabled_tls_twin_points_at_its_enabled_member() -> None:
    text = services(
        _listener("http8080", "http", 8080, True), _listener("https8443", "https", 8443, True, CERT)
    )
    (item,) = of(audit(text), "FCS602")
    assert place(item) == f'{SERVICES}:7:3 "enabled": true'
    assert "`http8080`" in item.diagnostic.message
    assert item.key == "services.json:listeners.http8080.enabled"


def test_plain_listeners_with_every_tls_listener_off_are_fcs609() -> None:
    text = services(
        _listener("mqtt1883", "mqtt", 1883, True),
        _listener("mqtts8883", "mqtts", 8883, False, CERT),
    )
    (item,) = of(audit(text), "FCS609")
    assert "every TLS listener is disabled while `mqtt1883` is on" in item.diagnostic.message
    assert place(item).endswith('"enabled": false')


def test_a_file_without_any_tls_listener_is_fcs609_too() -> None:
    (item,) = of(audit(services(_listener("http8080", "http", 8080, True))), "FCS609")
    assert item.diagnostic.message.startswith("services.json has no TLS listener")


def test_none_with_a_plain_mqtt_listener_is_anonymous_login_in_clear_text() -> None:
    text = services(_listener("mqtt1883", "mqtt", 1883, True), methods='"none", "password"')
    found = audit(text)
    (anonymous,) = of(found, "FCS611")
    assert place(anonymous) == f'{SERVICES}:11:29 "none"'
    assert len(of(found, "FCS610")) == 1


def test_none_with_a_tls_mqtt_listener_without_client_ca_is_fcs603() -> None:
    text = services(_listener("mqtts8883", "mqtts", 8883, True, CERT), methods='"none"')
    assert len(of(audit(text), "FCS603")) == 1
    with_ca = CERT + ', "certificateAuthoritiesFilename": "ca.pem"'
    text = services(_listener("mqtts8883", "mqtts", 8883, True, with_ca), methods='"none"')
    assert of(audit(text), "FCS603") == []


def test_an_enabled_tls_listener_without_a_certificate_is_fcs615() -> None:
    text = services(_listener("https8443", "https", 8443, True, '"allowedCipherSuites": ""'))
    (item,) = of(audit(text), "FCS615")
    assert "./web/fccert.pem" in item.diagnostic.message
    assert of(audit(services(_listener("https8443", "https", 8443, False))), "FCS615") == []


def test_two_enabled_listeners_on_one_port_are_an_error() -> None:
    text = services(
        _listener("https8443", "https", 8443, True, CERT), _listener("web", "http", 8443, True)
    )
    (item,) = of(audit(text), "FCS616")
    assert item.diagnostic.is_error
    assert place(item) == f'{SERVICES}:12:3 "port": 8443'
    disabled = services(
        _listener("https8443", "https", 8443, True, CERT), _listener("web", "http", 8443, False)
    )
    assert of(audit(disabled), "FCS616") == []


def test_weak_and_unknown_listener_suites_point_at_their_array_element() -> None:
    tls = CERT + ', "allowedCipherSuites": [ "AES128-SHA", "NOPE-SUITE" ]'
    found = audit(services(_listener("https8443", "https", 8443, True, tls)))
    assert {item.rule for item in found} >= {"FCS501", "FCS502", "FCS503", "FCS510"}
    assert place(of(found, "FCS510")[0]).endswith('"NOPE-SUITE"')


def test_a_file_that_is_not_json_is_reported_not_raised() -> None:
    (item,) = audit("{ nope }")
    assert item.rule == "FCS301"


# --- ctsrvr.cfg ---------------------------------------------------------------------------------
VENDOR_BLOCK = """\
COMM_PROTOCOL F_TCPIP
COMM_PROTOCOL FSHAREMM
;SUBSYSTEM COMM_PROTOCOL SSL {
;SERVER_CERTIFICATE_FILE ctree_ssl.pem
;SSL_CONNECTIONS_ONLY YES
}
"""
ENABLED = """\
COMM_PROTOCOL F_TCPIP
COMM_PROTOCOL FSHAREMM
SUBSYSTEM COMM_PROTOCOL SSL {
SERVER_CERTIFICATE_FILE ctree_ssl.pem
SSL_CONNECTIONS_ONLY YES
SSL_CIPHERS AES256-SHA256:AES256-GCM-SHA38:HIGH
}
"""


def test_the_vendor_disabled_block_is_reported_as_database_tls_off() -> None:
    (item,) = audit(cfg_text=VENDOR_BLOCK)
    assert item.rule == "FCS613"
    assert place(item) == f"{CTSRVR}:3:1 ;SUBSYSTEM COMM_PROTOCOL SSL {{"
    assert "disabled" in item.diagnostic.message


def test_a_file_without_a_block_is_database_tls_off() -> None:
    (item,) = audit(cfg_text="SERVER_NAME FAIRCOMS\n")
    assert item.rule == "FCS613"
    assert "no SUBSYSTEM COMM_PROTOCOL SSL block" in item.diagnostic.message


def test_uncommented_lines_in_a_disabled_block_are_named() -> None:
    text = VENDOR_BLOCK.replace(";SSL_CONNECTIONS_ONLY", "SSL_CONNECTIONS_ONLY")
    (item,) = of(audit(cfg_text=text), "FCS614")
    assert place(item) == f"{CTSRVR}:5:1 SSL_CONNECTIONS_ONLY YES"


def test_shared_memory_beside_ssl_only_is_a_warning_at_its_line() -> None:
    (item,) = of(audit(cfg_text=ENABLED), "FCS612")
    assert item.severity.value == "warning"
    assert place(item) == f"{CTSRVR}:2:1 COMM_PROTOCOL FSHAREMM"
    commented = ENABLED.replace("COMM_PROTOCOL FSHAREMM", ";COMM_PROTOCOL FSHAREMM")
    assert of(audit(cfg_text=commented), "FCS612") == []


def test_ssl_ciphers_of_the_file_are_judged_suite_by_suite() -> None:
    found = audit(cfg_text=ENABLED)
    (unknown,) = of(found, "FCS510")
    assert place(unknown) == f"{CTSRVR}:6:27 AES256-GCM-SHA38"
    assert unknown.diagnostic.hint == "did you mean `AES256-GCM-SHA384`?"
    assert place(of(found, "FCS501")[0]) == f"{CTSRVR}:6:13 AES256-SHA256"
    assert "HIGH" in of(found, "FCS508")[0].diagnostic.message


def test_an_enabled_block_without_ssl_only_allows_plain_connections() -> None:
    text = ENABLED.replace("SSL_CONNECTIONS_ONLY YES\n", "")
    (item,) = of(audit(cfg_text=text), "FCS601")
    assert "no SSL_CONNECTIONS_ONLY line" in item.diagnostic.message
    assert of(audit(cfg_text=text), "FCS612") == []


def test_an_enabled_block_without_a_certificate_is_fcs615() -> None:
    text = ENABLED.replace("SERVER_CERTIFICATE_FILE ctree_ssl.pem\n", "")
    assert len(of(audit(cfg_text=text), "FCS615")) == 1


def test_debug_log_and_optional_client_certificates_in_the_file() -> None:
    text = ENABLED.replace("}", "DEBUG_LOG ssl.log\nx509_AUTHENTICATION YES\n}")
    found = audit(cfg_text=text)
    assert len(of(found, "FCS605")) == len(of(found, "FCS606")) == 1
