"""The services.json backend: IR listeners and MQTT settings to a ServicesPlan."""

from __future__ import annotations

from fcsec.backends.services_json import cipher_policy_problem, plan_services, vendor_description
from fcsec.ciphers.policies import PolicyKind, policy
from fcsec.ir import nodes as ir
from fcsec.rule_ids import CANNOT_EXPRESS
from fcsec.services.plan import JsonObject
from fcsec.source import SourceFile

CERT = ir.CertRef(name="server", file="serverCert.pem", key="serverKey.pem")
CA = ir.CertRef(name="ca", file="caCert.pem")


def _policy(name: str) -> ir.CipherPolicy:
    found = policy(name)
    assert found is not None
    return ir.CipherPolicy(name=name, kind=found.kind, suites=found.suites, openssl=found.openssl)


def _spec(
    *listeners: ir.Listener, mqtt: ir.Mqtt | None = None, product: ir.Product | None = None
) -> ir.Spec:
    return ir.Spec(version=1, server=ir.Server(product=product), listeners=listeners, mqtt=mqtt)


def _https(ciphers: str = "tlsref-intermediate", **tls: object) -> ir.Listener:
    return ir.Listener(
        name="https8443",
        protocol=ir.Protocol.HTTPS,
        port=8443,
        tls=ir.Tls(cert=CERT, ciphers=_policy(ciphers), **tls),  # type: ignore[arg-type]
    )


def test_no_listeners_and_no_mqtt_manages_nothing() -> None:
    assert plan_services(_spec()) is None


def test_listener_keys_come_in_the_vendor_order() -> None:
    plan = plan_services(_spec(_https()))
    assert plan is not None
    body = plan.listeners[0].body
    assert body.keys() == ("serviceName", "description", "port", "protocol", "enabled", "tls")
    assert body.get("port") == 8443


def test_missing_description_is_the_vendor_sentence_and_marked_default() -> None:
    plan = plan_services(_spec(_https()))
    assert plan is not None
    assert plan.listeners[0].description_is_default
    assert plan.listeners[0].body.get("description") == (
        "Port 8443 using TLS-secured HTTPS protocol for REST and Web Apps on all TCP/IP "
        "addresses bound to this server"
    )


def test_vendor_descriptions_match_the_shipped_edge_file() -> None:
    mqttws = ir.Listener(name="m", protocol=ir.Protocol.MQTTWS, port=9001)
    assert vendor_description(mqttws) == (
        "Port 9001 using WebSocket protocol for the MQTT broker on all TCP/IP addresses "
        "bound to this server"
    )


def test_tls_object_names_files_and_lists_suites_by_target_naming() -> None:
    plan = plan_services(_spec(_https(client_ca=CA, client_cert="adminClient.pem")))
    assert plan is not None
    tls = plan.listeners[0].body.get("tls")
    assert isinstance(tls, JsonObject)
    assert tls.keys() == (
        "certificateFilename",
        "privateKeyFilename",
        "certificateAuthoritiesFilename",
        "allowedCipherSuites",
        "clientCertificateFilename",
    )
    suites = tls.get("allowedCipherSuites")
    assert isinstance(suites, tuple)
    assert suites[0] == "TLS_AES_128_GCM_SHA256"
    assert "ECDHE-RSA-AES128-GCM-SHA256" in suites


def test_edge_gets_the_server_certificate_spelling() -> None:
    plan = plan_services(_spec(_https(), product=ir.Product.FAIRCOM_EDGE))
    assert plan is not None
    tls = plan.listeners[0].body.get("tls")
    assert isinstance(tls, JsonObject)
    assert tls.keys()[0] == "serverCertificateFilename"


def test_faircom_default_policy_writes_no_cipher_list() -> None:
    plan = plan_services(_spec(_https(ciphers="faircom-default")))
    assert plan is not None
    tls = plan.listeners[0].body.get("tls")
    assert isinstance(tls, JsonObject)
    assert tls.get("allowedCipherSuites") is None
    assert _policy("faircom-default").kind is PolicyKind.SERVER_DEFAULT


def test_mqtt_authentication_methods_keep_their_order() -> None:
    mqtt = ir.Mqtt(authentication=(ir.AuthMethod.PASSWORD, ir.AuthMethod.CLIENT_CERTIFICATE))
    plan = plan_services(_spec(mqtt=mqtt))
    assert plan is not None
    assert plan.listeners == ()
    assert plan.authentication_methods == ("password", "clientCertificate")


def test_the_plan_says_what_chose_the_certificate_key_spelling() -> None:
    chosen = plan_services(_spec(_https(), product=ir.Product.FAIRCOM_EDGE))
    unchosen = plan_services(_spec(_https()))
    assert chosen is not None and unchosen is not None
    assert chosen.certificate_key_source == "faircom-edge"
    assert unchosen.certificate_key_source is None


def test_services_json_cannot_hold_an_openssl_cipher_string() -> None:
    raw = ir.CipherPolicy(name=None, kind=PolicyKind.OPENSSL_STRING, openssl="ALL:!aNULL")
    at = SourceFile("spec.fcsec", 'tls.ciphers = "raw"\n').span(14, 19)
    problem = cipher_policy_problem("https8443", raw, at, ())
    assert problem is not None
    assert (problem.rule, problem.span) == (CANNOT_EXPRESS, at)
    assert "listener `https8443`" in problem.message
    assert cipher_policy_problem("https8443", _policy("tlsref-intermediate"), at, ()) is None
