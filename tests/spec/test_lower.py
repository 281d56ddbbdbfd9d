"""fcsec.spec.lower: names resolved, secure defaults applied, domain rules checked, typed IR out."""

from __future__ import annotations

import pytest
from tests.spec.helpers import BASE, load, load_errors, only, text_at, where

from fcsec.ciphers.policies import DEFAULT_POLICY, PolicyKind, policy
from fcsec.ciphers.registry import lookup
from fcsec.ir import nodes as ir
from fcsec.spec.lower_context import members


def _default_policy() -> ir.CipherPolicy:
    found = policy(DEFAULT_POLICY)
    assert found is not None
    return ir.CipherPolicy(name=found.name, kind=found.kind, suites=found.suites)


HTTPS = '[listeners.https8443]\nprotocol = "https"\nport = 8443\ntls.cert = "server"\n'
MQTTS = '[listeners.mqtts8883]\nprotocol = "mqtts"\nport = 8883\ntls.cert = "server"\n'
CA = '[certs.client_ca]\nfile = "caCert.pem"\n'
DATABASE = '[database]\ncert = "server"\n'


def _listener(text: str) -> ir.Listener:
    (listener,) = load(BASE + text).spec.listeners
    return listener


def _tls(text: str) -> ir.Tls:
    tls = _listener(text).tls
    assert tls is not None
    return tls


def _database(text: str) -> ir.DatabaseTls:
    database = load(BASE + text).spec.database
    assert database is not None
    return database


# --- the IR as a whole ------------------------------------------------------------------------
def test_ir_from_text_equals_ir_built_by_hand() -> None:
    text = (
        'fcsec = 1\n[server]\nproduct = "faircom-db"\nversion = "13"\n'
        + '[certs.server]\nfile = "serverCert.pem"\nkey = "serverKey.pem"\n'
        + HTTPS
        + DATABASE
    )
    cert = ir.CertRef(name="server", file="serverCert.pem", key="serverKey.pem")
    expected = ir.Spec(
        version=1,
        server=ir.Server(product=ir.Product.FAIRCOM_DB, version="13"),
        certs=(cert,),
        listeners=(
            ir.Listener(
                name="https8443",
                protocol=ir.Protocol.HTTPS,
                port=8443,
                tls=ir.Tls(cert=cert, ciphers=_default_policy()),
            ),
        ),
        database=ir.DatabaseTls(cert=cert, ciphers=_default_policy()),
    )
    assert load(text).spec == expected


def test_ir_nodes_keep_the_span_of_their_text() -> None:
    listener = _listener(HTTPS)
    assert text_at(listener.span) == "[listeners.https8443]"


def test_minimal_spec_has_no_sections() -> None:
    spec = load("fcsec = 1\n").spec
    assert (spec.listeners, spec.database, spec.mqtt, spec.certs) == ((), None, None, ())


def test_spec_without_problems_has_no_warnings() -> None:
    assert load(BASE + HTTPS).warnings == ()


# --- defaults ---------------------------------------------------------------------------------
def test_listener_is_enabled_by_default() -> None:
    assert _listener(HTTPS).enabled is True


def test_listener_enabled_false_is_kept() -> None:
    assert _listener(HTTPS + "enabled = false\n").enabled is False


def test_listener_ciphers_default_to_tlsref_intermediate() -> None:
    assert _tls(HTTPS).ciphers == _default_policy()
    assert DEFAULT_POLICY == "tlsref-intermediate"


def test_database_ciphers_default_to_tlsref_intermediate() -> None:
    assert _database(DATABASE).ciphers == _default_policy()


def test_database_is_tls_only_by_default() -> None:
    assert _database(DATABASE).tls_only is True


def test_database_tls_only_faircom_default_is_none() -> None:
    assert _database(DATABASE + 'tls_only = "faircom-default"\n').tls_only is None


def test_database_tls_only_other_string_is_a_type_error() -> None:
    assert only(load_errors(BASE + DATABASE + 'tls_only = "no"\n'), "FCS013")


def test_database_leaves_unset_switches_to_the_server() -> None:
    database = _database(DATABASE)
    assert (database.verify_client_certs, database.shared_memory) == (None, None)
    assert database.enabled is True


def test_plain_listener_has_no_tls() -> None:
    assert _listener('[listeners.h]\nprotocol = "http"\nport = 8080\n').tls is None


# --- names ------------------------------------------------------------------------------------
def test_tls_cert_resolves_to_the_declared_certificate() -> None:
    cert = _tls(HTTPS).cert
    assert (cert.name, cert.file, cert.key) == ("server", "serverCert.pem", "serverKey.pem")


def test_client_ca_resolves_to_its_certificate() -> None:
    client_ca = _tls(CA + HTTPS + 'tls.client_ca = "client_ca"\n').client_ca
    assert client_ca is not None and client_ca.file == "caCert.pem"


def test_client_cert_naming_a_certificate_becomes_its_file() -> None:
    assert _tls(CA + HTTPS + 'tls.client_cert = "client_ca"\n').client_cert == "caCert.pem"


def test_client_cert_naming_a_file_is_kept() -> None:
    assert _tls(HTTPS + 'tls.client_cert = "admin.pem"\n').client_cert == "admin.pem"


def test_unknown_cert_suggests_the_closest_name() -> None:
    diagnostic = only(load_errors(BASE + HTTPS.replace('"server"', '"sever"')), "FCS014")
    assert text_at(diagnostic.span) == '"sever"'
    assert diagnostic.hint == "did you mean `server`?"


def test_unknown_cert_without_a_close_name_says_how_to_declare_it() -> None:
    diagnostic = only(load_errors(BASE + HTTPS.replace('"server"', '"zzz"')), "FCS014")
    assert diagnostic.hint == 'declare it: [certs.zzz] with file = "..."'


def test_unknown_cert_names_the_key_that_names_it() -> None:
    text = BASE + HTTPS + 'tls.client_ca = "nope"\n[database]\ncert = "none"\n'
    messages = sorted(diagnostic.message for diagnostic in load_errors(text))
    assert messages == [
        "no certificate named `none` for database.cert",
        "no certificate named `nope` for listeners.https8443.tls.client_ca",
    ]


def test_unknown_database_cert_is_fcs014() -> None:
    diagnostic = only(load_errors(BASE + '[database]\ncert = "srv"\n'), "FCS014")
    assert "database.cert" in diagnostic.message


def test_named_cipher_policy_is_used_by_name() -> None:
    text = '[ciphers.strict]\nprofile = "tlsref-modern"\n' + HTTPS + 'tls.ciphers = "strict"\n'
    ciphers = _tls(text).ciphers
    modern = policy("tlsref-modern")
    assert modern is not None
    assert (ciphers.name, ciphers.suites) == ("strict", modern.suites)


def test_builtin_profile_may_be_named_directly() -> None:
    assert _tls(HTTPS + 'tls.ciphers = "tlsref-modern"\n').ciphers.name == "tlsref-modern"


def test_cipher_list_in_place_accepts_iana_and_openssl_names() -> None:
    text = HTTPS + 'tls.ciphers = ["TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"]\n'
    ciphers = _tls(text).ciphers
    assert ciphers.kind is PolicyKind.SUITES and ciphers.name is None
    assert ciphers.suites == (
        lookup("TLS_AES_256_GCM_SHA384"),
        lookup("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    )


def test_repeated_suite_is_listed_once() -> None:
    text = HTTPS + 'tls.ciphers = ["TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"]\n'
    assert len(_tls(text).ciphers.suites) == 1


def test_unknown_cipher_policy_suggests_a_declared_name() -> None:
    text = BASE + '[ciphers.strict]\nprofile = "tlsref-modern"\n' + HTTPS
    diagnostic = only(load_errors(text + 'tls.ciphers = "strikt"\n'), "FCS015")
    assert diagnostic.hint is not None and diagnostic.hint.startswith("did you mean `strict`?")


def test_unknown_builtin_profile_suggests_the_closest_profile() -> None:
    diagnostic = only(load_errors(BASE + '[ciphers.x]\nprofile = "tlsref-modren"\n'), "FCS015")
    assert diagnostic.hint is not None and diagnostic.hint.startswith(
        "did you mean `tlsref-modern`?"
    )


def test_unknown_suite_suggests_the_vendor_spelling() -> None:
    diagnostic = only(load_errors(BASE + '[ciphers.x]\nsuites = ["AES256-GCM-SHA38"]\n'), "FCS020")
    assert text_at(diagnostic.span) == '"AES256-GCM-SHA38"'
    assert diagnostic.hint is not None and "`AES256-GCM-SHA384`" in diagnostic.hint


def test_cipher_policy_needs_profile_or_suites() -> None:
    diagnostic = only(load_errors(BASE + "[ciphers.x]\n"), "FCS028")
    assert text_at(diagnostic.span) == "[ciphers.x]"


def test_cipher_policy_cannot_have_both_profile_and_suites() -> None:
    text = BASE + '[ciphers.x]\nprofile = "tlsref-modern"\nsuites = ["TLS_AES_256_GCM_SHA384"]\n'
    assert only(load_errors(text), "FCS028").message.endswith(
        "exactly one of `profile` and `suites`"
    )


def test_empty_suite_list_is_fcs028() -> None:
    assert (
        "no connection" in only(load_errors(BASE + "[ciphers.x]\nsuites = []\n"), "FCS028").message
    )


def test_openssl_string_on_a_listener_is_fcs029() -> None:
    diagnostic = only(load_errors(BASE + HTTPS + 'tls.ciphers = "faircom-minimal"\n'), "FCS029")
    assert "OpenSSL cipher string" in diagnostic.message


def test_openssl_policy_declared_by_name_is_reported_where_it_is_used() -> None:
    text = BASE + '[ciphers.raw]\nprofile = "faircom-minimal"\n' + HTTPS + 'tls.ciphers = "raw"\n'
    diagnostic = only(load_errors(text), "FCS029")
    assert text_at(diagnostic.span) == '"raw"'
    assert [text_at(related.span) for related in diagnostic.related] == ["[ciphers.raw]"]


def test_database_takes_a_raw_openssl_string() -> None:
    ciphers = _database(DATABASE + 'ciphers = { openssl = "ALL:!aNULL" }\n').ciphers
    assert (ciphers.kind, ciphers.openssl) == (PolicyKind.OPENSSL_STRING, "ALL:!aNULL")


def test_database_policy_of_only_tls13_suites_is_fcs029() -> None:
    text = BASE + DATABASE + 'ciphers = ["TLS_AES_256_GCM_SHA384"]\n'
    assert "only TLS 1.3" in only(load_errors(text), "FCS029").message


# --- version ----------------------------------------------------------------------------------
def test_missing_version_is_fcs010_at_the_start() -> None:
    diagnostic = only(load_errors('[certs.s]\nfile = "a"\n'), "FCS010")
    assert where(diagnostic.span) == (1, 1)
    assert diagnostic.hint == "add `fcsec = 1` as the first line"


def test_unsupported_version_is_fcs010_at_the_number() -> None:
    diagnostic = only(load_errors("fcsec = 2\n"), "FCS010")
    assert text_at(diagnostic.span) == "2"


# --- listeners --------------------------------------------------------------------------------
@pytest.mark.parametrize("port", [1, 65535])
def test_ports_at_the_edges_are_accepted(port: int) -> None:
    assert _listener(f'[listeners.h]\nprotocol = "http"\nport = {port}\n').port == port


@pytest.mark.parametrize("port", ["0", "65536", "-1"])
def test_port_outside_the_range_is_fcs016(port: str) -> None:
    diagnostic = only(
        load_errors(f'fcsec = 1\n[listeners.h]\nprotocol = "http"\nport = {port}\n'), "FCS016"
    )
    assert text_at(diagnostic.span) == port


def test_two_listeners_on_one_port_is_fcs012_at_the_second() -> None:
    text = BASE + HTTPS + '[listeners.h]\nprotocol = "http"\nport = 8443\n'
    diagnostic = only(load_errors(text), "FCS012")
    assert where(diagnostic.span) == (11, 8)
    assert [where(related.span) for related in diagnostic.related] == [(7, 8)]
    assert diagnostic.hint == "pick a free port, e.g. 8444"


def test_suggested_free_port_skips_ports_in_use() -> None:
    text = (
        BASE
        + HTTPS
        + '[listeners.a]\nprotocol = "http"\nport = 8444\n'
        + '[listeners.b]\nprotocol = "http"\nport = 8443\n'
    )
    assert only(load_errors(text), "FCS012").hint == "pick a free port, e.g. 8445"


def test_unknown_protocol_is_fcs017_with_a_suggestion() -> None:
    diagnostic = only(
        load_errors('fcsec = 1\n[listeners.h]\nprotocol = "htps"\nport = 1\n'), "FCS017"
    )
    assert diagnostic.hint is not None and diagnostic.hint.startswith("did you mean `https`?")


def test_unknown_product_is_fcs017_and_lists_every_product() -> None:
    diagnostic = only(load_errors('fcsec = 1\n[server]\nproduct = "faircom"\n'), "FCS017")
    assert diagnostic.message == "`faircom` is not a valid product"
    assert diagnostic.hint is not None
    assert diagnostic.hint.endswith("valid: faircom-db, faircom-edge, faircom-mq")


@pytest.mark.parametrize("enum", [ir.Protocol, ir.Product, ir.AuthMethod])
def test_members_by_value_are_what_the_enum_gives_for_each_value(enum: type[ir.Protocol]) -> None:
    by_value = members(enum)
    assert list(by_value) == [member.value for member in enum]
    assert all(by_value[value] is enum(value) for value in by_value)


@pytest.mark.parametrize("protocol", ["https", "mqtts", "mqttwss"])
def test_tls_protocol_without_tls_cert_is_fcs018(protocol: str) -> None:
    text = f'fcsec = 1\n[listeners.l]\nprotocol = "{protocol}"\nport = 1\n'
    diagnostic = only(load_errors(text), "FCS018")
    assert text_at(diagnostic.span) == "[listeners.l]"


def test_tls_table_without_cert_is_reported_once() -> None:
    text = BASE + CA + '[listeners.l]\nprotocol = "mqtts"\nport = 1\ntls.client_ca = "client_ca"\n'
    diagnostics = load_errors(text)
    assert [diagnostic.rule for diagnostic in diagnostics] == ["FCS026"]
    assert text_at(diagnostics[0].span) == "tls"


@pytest.mark.parametrize(
    ("protocol", "twin"), [("http", "https"), ("mqtt", "mqtts"), ("mqttws", "mqttwss")]
)
def test_tls_on_a_plain_protocol_is_fcs019_and_names_the_secure_twin(
    protocol: str, twin: str
) -> None:
    text = BASE + f'[listeners.l]\nprotocol = "{protocol}"\nport = 1\ntls.cert = "server"\n'
    diagnostic = only(load_errors(text), "FCS019")
    assert text_at(diagnostic.span) == "tls"
    assert diagnostic.hint is not None and f'protocol = "{twin}"' in diagnostic.hint


# --- mqtt -------------------------------------------------------------------------------------
def test_mqtt_methods_are_lowered_in_order_without_repeats() -> None:
    spec = load(BASE + '[mqtt]\nauthentication = ["password", "none", "password"]\n').spec
    assert spec.mqtt is not None
    assert spec.mqtt.authentication == (ir.AuthMethod.PASSWORD, ir.AuthMethod.NONE)


def test_unknown_mqtt_method_is_fcs017() -> None:
    diagnostic = only(load_errors(BASE + '[mqtt]\nauthentication = ["clientCert"]\n'), "FCS017")
    assert diagnostic.hint is not None and "`clientCertificate`" in diagnostic.hint


def test_client_certificate_login_with_client_ca_and_database_cert_is_accepted() -> None:
    text = BASE + CA + MQTTS + 'tls.client_ca = "client_ca"\n' + DATABASE
    spec = load(text + '[mqtt]\nauthentication = ["clientCertificate"]\n').spec
    assert spec.mqtt is not None
    assert spec.mqtt.authentication == (ir.AuthMethod.CLIENT_CERTIFICATE,)


def test_client_certificate_login_without_client_ca_is_a_fcs022_warning() -> None:
    text = BASE + MQTTS + DATABASE + '[mqtt]\nauthentication = ["clientCertificate"]\n'
    loaded = load(text)  # FairCom starts so configured (Edge ships so): a warning, not an error
    diagnostic = only(loaded.warnings, "FCS022")
    assert not diagnostic.is_error
    assert text_at(diagnostic.span) == '"clientCertificate"'
    assert loaded.spec.mqtt is not None


def test_client_ca_on_an_https_listener_does_not_satisfy_mqtt() -> None:
    text = BASE + CA + HTTPS + 'tls.client_ca = "client_ca"\n' + DATABASE
    assert only(load(text + '[mqtt]\nauthentication = ["clientCertificate"]\n').warnings, "FCS022")


def test_client_certificate_login_without_database_cert_is_a_fcs023_warning() -> None:
    text = BASE + CA + MQTTS + 'tls.client_ca = "client_ca"\n'
    diagnostic = only(
        load(text + '[mqtt]\nauthentication = ["clientCertificate"]\n').warnings, "FCS023"
    )
    assert not diagnostic.is_error
    hint = diagnostic.hint or ""
    assert hint.startswith('add [database] with `cert = "NAME"`')
    assert "SSL_CONNECTIONS_ONLY YES" in hint and "`tls_only = false`" in hint


# --- database ---------------------------------------------------------------------------------
def test_database_without_cert_is_fcs030() -> None:
    diagnostic = only(load_errors(BASE + "[database]\ntls_only = true\n"), "FCS030")
    assert text_at(diagnostic.span) == "[database]"


def test_disabled_database_block_needs_no_cert() -> None:
    database = _database("[database]\nenabled = false\n")
    assert (database.enabled, database.cert) == (False, None)


def test_database_switches_are_lowered() -> None:
    database = _database(
        DATABASE
        + "tls_only = false\nverify_client_certs = true\nshared_memory = false\n"
        + 'debug_log = "ssl.log"\n'
    )
    assert (database.tls_only, database.verify_client_certs, database.shared_memory) == (
        False,
        True,
        False,
    )
    assert database.debug_log == "ssl.log"


def test_x509_login_is_lowered() -> None:
    database = _database(DATABASE + 'x509_login = { path = "CN", prefix = "fc-" }\n')
    assert database.x509_login == ir.X509Login(path="CN", prefix="fc-")


def test_x509_login_without_path_is_fcs026() -> None:
    diagnostic = only(load_errors(BASE + DATABASE + 'x509_login = { prefix = "fc-" }\n'), "FCS026")
    assert diagnostic.message == "[database.x509_login] needs `path`"


# --- server -----------------------------------------------------------------------------------
def test_server_section_is_lowered() -> None:
    text = '[server]\nproduct = "faircom-edge"\nversion = "5.1"\nroot = "/opt/fc"\nhostname = "h"\n'
    server = load(BASE + text).spec.server
    assert server == ir.Server(
        product=ir.Product.FAIRCOM_EDGE, version="5.1", root="/opt/fc", hostname="h"
    )


def test_unknown_product_is_fcs017() -> None:
    diagnostic = only(load_errors(BASE + '[server]\nproduct = "faircom-dbb"\n'), "FCS017")
    assert diagnostic.hint is not None and diagnostic.hint.startswith("did you mean `faircom-db`?")


# --- several problems -------------------------------------------------------------------------
def test_all_problems_are_reported_together_in_source_order() -> None:
    text = (
        BASE
        + '[server]\nhostnam = "h"\n'
        + HTTPS.replace('"server"', '"servr"')
        + '[listeners.m]\nprotocol = "mqtts"\nport = 0\ntls.cert = "server"\n'
        + '[database]\ncert = "server"\ntls_only = "yes"\n'
    )
    diagnostics = load_errors(text)
    assert [diagnostic.rule for diagnostic in diagnostics] == [
        "FCS011",
        "FCS014",
        "FCS016",
        "FCS013",
    ]
    lines = [where(diagnostic.span)[0] for diagnostic in diagnostics]
    assert lines == sorted(lines)
