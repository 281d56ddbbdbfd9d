"""fcsec.spec.writer: the one IR-to-TOML writer, the inverse of lowering.

The law: for every spec the language accepts, in every environment, lowering the written text
gives the same IR back (spans aside), and ``fcsec fmt`` leaves the written text as it is.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from tests.fmt.strategies import Generated, specs

from fcsec.api import load_spec
from fcsec.ciphers.policies import PolicyKind
from fcsec.ir import nodes as ir
from fcsec.source import SourceFile
from fcsec.spec.format import format_text
from fcsec.spec.writer import Unspeakable, key_text, value_text, write_spec

EXAMPLES = sorted((Path(__file__).parents[2] / "specs" / "examples").glob("*.fcsec"))


def _lowered(text: str, env: str | None = None) -> ir.Spec:
    return load_spec(SourceFile("spec.fcsec", text), env).spec


def _assert_inverse(spec: ir.Spec) -> str:
    written = write_spec(spec)
    assert _lowered(written) == attrs.evolve(spec, env=None)
    assert format_text(written) == written
    return written


@given(specs())
def test_lowering_the_written_text_gives_the_same_ir(generated: Generated) -> None:
    for env in (None, *generated.envs):
        _assert_inverse(_lowered(generated.text, env))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_every_example_spec_is_written_back_to_its_ir(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for env in (None, *tomllib.loads(text).get("env", {})):
        _assert_inverse(_lowered(text, env))


def test_every_key_the_ir_holds_is_written() -> None:
    cert = ir.CertRef(
        name="server", file="C:\\faircom\\server.pem", key="key.pem", key_store="s.fkf"
    )
    spec = ir.Spec(
        version=1,
        server=ir.Server(
            product=ir.Product.FAIRCOM_EDGE, version="5.1", root="/opt/faircom", hostname="e.x"
        ),
        certs=(cert,),
        listeners=(
            ir.Listener(
                name="admin ü",
                protocol=ir.Protocol.HTTPS,
                port=8443,
                enabled=False,
                description='Ports "8443"',
                tls=ir.Tls(
                    cert=cert,
                    client_ca=cert,
                    ciphers=_lowered(
                        'fcsec = 1\n[certs.c]\nfile = "f"\n[listeners.l]\nprotocol = "https"\n'
                        'port = 1\ntls.cert = "c"\ntls.ciphers = ["TLS_AES_128_GCM_SHA256"]\n'
                    )
                    .listeners[0]
                    .tls.ciphers,  # type: ignore[union-attr]
                    client_cert="adminClient.pem",
                ),
            ),
        ),
        mqtt=ir.Mqtt(authentication=(ir.AuthMethod.PASSWORD,)),
        database=ir.DatabaseTls(
            cert=cert,
            tls_only=None,
            ciphers=ir.CipherPolicy(
                name=None, kind=PolicyKind.OPENSSL_STRING, openssl="ALL:!aNULL"
            ),
            verify_client_certs=True,
            x509_login=ir.X509Login(path="CN", prefix="u-", requirement_path="O", requirement="P"),
            debug_log="ssl.log",
            shared_memory=False,
            enabled=False,
        ),
        allow=(ir.Allowance(rule="FCS601", reason="legacy clients"),),
    )
    written = _assert_inverse(spec)
    for text in (
        'root = "/opt/faircom"',
        'hostname = "e.x"',
        "key_store = ",
        'description = "Ports \\"8443\\""',
        'tls.client_cert = "adminClient.pem"',
        'tls_only = "faircom-default"',
        'ciphers = { openssl = "ALL:!aNULL" }',
        "shared_memory = false",
        "enabled = false",
        '[lint]\nallow = [{ rule = "FCS601", reason = "legacy clients" }]',
    ):
        assert text in written


def test_comments_and_header_are_placed_by_key_path() -> None:
    spec = _lowered('fcsec = 1\n[server]\nproduct = "faircom-db"\n')
    written = write_spec(
        spec, header=("first", "second"), comments={("server", "product"): "from the header"}
    )
    assert written == (
        "# first\n# second\nfcsec = 1\n\n[server]\n"
        'product = "faircom-db"  # from the header\n'
    )


def test_a_policy_no_text_can_name_is_refused() -> None:
    spec = _lowered('fcsec = 1\n[certs.c]\nfile = "f"\n[database]\ncert = "c"\n')
    nameless = ir.CipherPolicy(name=None, kind=PolicyKind.SERVER_DEFAULT)
    broken = attrs.evolve(spec, database=attrs.evolve(spec.database, ciphers=nameless))
    with pytest.raises(Unspeakable):
        write_spec(broken)


def test_a_client_cert_file_named_like_another_certificate_is_refused() -> None:
    text = (
        'fcsec = 1\n[certs.c]\nfile = "f.pem"\n[listeners.l]\nprotocol = "mqtts"\nport = 1\n'
        'tls.cert = "c"\n'
    )
    spec = _lowered(text)
    listener = spec.listeners[0]
    assert listener.tls is not None
    odd = attrs.evolve(listener, tls=attrs.evolve(listener.tls, client_cert="c"))
    with pytest.raises(Unspeakable):
        write_spec(attrs.evolve(spec, listeners=(odd,)))


def test_a_client_cert_file_a_certificate_holds_is_written_by_its_name() -> None:
    text = (
        'fcsec = 1\n[certs.c]\nfile = "f.pem"\n[listeners.l]\nprotocol = "mqtts"\nport = 1\n'
        'tls.cert = "c"\ntls.client_cert = "f.pem"\n'
    )
    assert 'tls.client_cert = "c"' in _assert_inverse(_lowered(text))


def test_a_name_that_is_not_bare_is_quoted_by_tomli_w() -> None:
    assert key_text("admin ü") == '"admin ü"'


def test_a_windows_path_is_a_literal_string() -> None:
    assert value_text("C:\\faircom\\server\\cert.pem") == "'C:\\faircom\\server\\cert.pem'"


def test_a_windows_path_with_a_quote_is_a_basic_string() -> None:
    assert value_text("C:\\it's.pem") == '"C:\\\\it\'s.pem"'


def test_a_short_list_stays_on_one_line() -> None:
    assert value_text(("none", "password")) == '["none", "password"]'


def test_a_long_list_gets_one_item_per_line() -> None:
    long = tuple(f"SUITE_NUMBER_{index}" for index in range(10))
    assert value_text(long).startswith('[\n    "SUITE_NUMBER_0",\n')


def test_an_inline_table_is_written_on_one_line() -> None:
    assert value_text({"path": "CN", "prefix": "x"}) == '{ path = "CN", prefix = "x" }'
