"""The ctsrvr.cfg backend: IR database settings to an SslBlockPlan."""

from __future__ import annotations

from fcsec.backends.ctsrvr_cfg import plan_ctsrvr, ssl_ciphers_problem
from fcsec.cfg.plan import SSL_KEYWORDS
from fcsec.ciphers.policies import PolicyKind, policy
from fcsec.ciphers.registry import lookup
from fcsec.ir import nodes as ir
from fcsec.rule_ids import CANNOT_EXPRESS
from fcsec.source import SourceFile

CERT = ir.CertRef(name="server", file="serverCert.pem", key="serverKey.pem", key_store="ctsrvr.fkf")


def _policy(name: str) -> ir.CipherPolicy:
    found = policy(name)
    assert found is not None
    return ir.CipherPolicy(name=name, kind=found.kind, suites=found.suites, openssl=found.openssl)


def _spec(**database: object) -> ir.Spec:
    fields: dict[str, object] = {"cert": CERT, "ciphers": _policy("tlsref-intermediate")}
    fields.update(database)
    return ir.Spec(version=1, server=ir.Server(), database=ir.DatabaseTls(**fields))  # type: ignore[arg-type]


def _settings(spec: ir.Spec) -> dict[str, str]:
    plan = plan_ctsrvr(spec)
    assert plan is not None
    return dict(plan.settings)


def test_no_database_manages_nothing() -> None:
    assert plan_ctsrvr(ir.Spec(version=1, server=ir.Server())) is None


def test_secure_defaults_are_written() -> None:
    settings = _settings(_spec())
    assert settings["SSL_CONNECTIONS_ONLY"] == "YES"
    assert settings["SSL_CIPHERS"].split(":") == [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
    ]
    assert "VERIFY_CLIENT_CERTIFICATE" not in settings
    assert "DEBUG_LOG" not in settings


def test_tls_only_none_writes_no_ssl_connections_only_line() -> None:
    assert "SSL_CONNECTIONS_ONLY" not in _settings(_spec(tls_only=None))


def test_tls_only_false_writes_an_explicit_no() -> None:
    assert _settings(_spec(tls_only=False))["SSL_CONNECTIONS_ONLY"] == "NO"


def test_certificate_key_and_store_become_three_keywords() -> None:
    settings = _settings(_spec())
    assert settings["SERVER_CERTIFICATE_FILE"] == "serverCert.pem"
    assert settings["SERVER_PRIVATE_KEY_FILE"] == "serverKey.pem"
    assert settings["SERVER_ENCRYPTED_STORE_FILE"] == "ctsrvr.fkf"


def test_settings_follow_the_vendor_order() -> None:
    login = ir.X509Login(
        path="CN", prefix="p", delimiter="d", requirement_path="O", requirement="faircom inc"
    )
    plan = plan_ctsrvr(_spec(verify_client_certs=True, x509_login=login, debug_log="ssl.log"))
    assert plan is not None
    keywords = [keyword for keyword, _ in plan.settings]
    assert keywords == list(SSL_KEYWORDS)
    assert dict(plan.settings)["X509_REQUIREMENT"] == "faircom inc"


def test_tls_only_false_is_written_as_no() -> None:
    assert _settings(_spec(tls_only=False))["SSL_CONNECTIONS_ONLY"] == "NO"


def test_server_default_ciphers_write_no_ssl_ciphers() -> None:
    assert "SSL_CIPHERS" not in _settings(_spec(ciphers=_policy("faircom-default")))


def test_openssl_string_is_written_as_given() -> None:
    raw = ir.CipherPolicy(name=None, kind=PolicyKind.OPENSSL_STRING, openssl="HIGH:!aNULL")
    assert _settings(_spec(ciphers=raw))["SSL_CIPHERS"] == "HIGH:!aNULL"


def test_tls13_suites_are_left_out_of_ssl_ciphers() -> None:
    assert "TLS_AES" not in _settings(_spec(ciphers=_policy("tlsref-intermediate")))["SSL_CIPHERS"]


def test_disabled_block_and_shared_memory_pass_through() -> None:
    plan = plan_ctsrvr(_spec(enabled=False, shared_memory=False))
    assert plan is not None
    assert not plan.enabled
    assert plan.shared_memory is False


def test_ssl_ciphers_cannot_hold_a_policy_of_only_tls13_suites() -> None:
    suite = lookup("TLS_AES_256_GCM_SHA384")
    assert suite is not None
    tls13 = ir.CipherPolicy(name=None, kind=PolicyKind.SUITES, suites=(suite,))
    at = SourceFile("spec.fcsec", "ciphers = []\n").span(10, 12)
    problem = ssl_ciphers_problem(tls13, at, ())
    assert problem is not None
    assert (problem.rule, problem.span) == (CANNOT_EXPRESS, at)
    assert ssl_ciphers_problem(_policy("tlsref-intermediate"), at, ()) is None
    assert ssl_ciphers_problem(_policy("faircom-default"), at, ()) is None
