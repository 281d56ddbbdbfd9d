"""The JSON Schema of the spec language (``fcsec schema``): shipped file in step with the
language, a valid schema in the keyword subset taplo reads alike, and it accepts what fcsec
accepts and refuses the typos, wrong types and unknown choices fcsec refuses."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from tests.fmt.strategies import Generated, specs

from fcsec.api import load_spec
from fcsec.ciphers.policies import policy_names
from fcsec.cli import main
from fcsec.commands.schema import shipped
from fcsec.diagnostics import DiagnosticError
from fcsec.ir.nodes import AuthMethod, Product, Protocol
from fcsec.source import SourceFile
from fcsec.spec import json_schema
from fcsec.spec.schema import Kind, walk

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "compiler" / "fcsec" / json_schema.RESOURCE
EXAMPLES = sorted((ROOT / "specs" / "examples").glob("*.fcsec"))
INVALID = ROOT / "tests" / "data" / "spec" / "invalid"
WARNING = sorted((ROOT / "tests" / "data" / "spec" / "warning").glob("*.fcsec"))
HOSTILE = ROOT / "tests" / "data" / "hostile"

SCHEMA: dict[str, Any] = json.loads(FILE.read_text(encoding="utf-8"))
V2020 = jsonschema.Draft202012Validator(SCHEMA)
V7 = jsonschema.Draft7Validator(SCHEMA)


def _errors(document: object) -> list[str]:
    """The schema's complaints about ``document``; draft 7 must say the same (the dialect)."""
    found = sorted(error.message for error in V2020.iter_errors(document))
    assert found == sorted(error.message for error in V7.iter_errors(document))
    return found


def _toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# --- the shipped file ----------------------------------------------------------------------------


def test_the_shipped_schema_is_generated_from_the_language() -> None:
    assert json_schema.render() == FILE.read_text(encoding="utf-8"), (
        "run: python scripts/gen_spec_schema.py"
    )


def test_rendering_is_deterministic_and_ends_with_a_newline() -> None:
    text = json_schema.render()
    assert text == json_schema.render()
    assert text.endswith("}\n")
    assert text.isascii()


def test_fcsec_schema_prints_the_shipped_file(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["schema"]) == 0
    assert capsysbinary.readouterr().out == FILE.read_bytes()
    assert shipped() == FILE.read_text(encoding="utf-8")


def test_fcsec_schema_writes_a_file_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "fcsec.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_bytes() == FILE.read_bytes()
    assert main(["schema", "-o", str(target)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{target}: written", f"{target}: unchanged"]


def test_it_is_a_valid_draft_2020_12_and_draft_7_schema() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft7Validator.check_schema(SCHEMA)


# --- the dialect: keywords that mean the same in draft 7 (taplo) and 2020-12 ----------------------

_SUBSCHEMA = ("additionalProperties", "propertyNames", "items", "not", "if", "then", "else")
_SUBSCHEMAS = ("anyOf", "oneOf", "allOf")


def _schemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every schema object inside ``schema``, itself included."""
    out = [schema]
    for name in _SUBSCHEMA:
        inner = schema.get(name)
        if isinstance(inner, dict):
            out.extend(_schemas(inner))
    for name in _SUBSCHEMAS:
        for inner in schema.get(name, []):
            out.extend(_schemas(inner))
    for inner in schema.get("properties", {}).values():
        out.extend(_schemas(inner))
    return out


def test_only_keywords_of_the_common_subset_are_used() -> None:
    used = {keyword for schema in _schemas(SCHEMA) for keyword in schema}
    assert used <= json_schema.KEYWORDS, used - json_schema.KEYWORDS
    assert "$ref" not in FILE.read_text(encoding="utf-8")
    for schema in _schemas(SCHEMA):
        assert not isinstance(schema.get("items", {}), list)  # a tuple form differs by draft
        if "additionalProperties" in schema:  # a closed or named table says what it holds
            assert schema["type"] == "object"


def test_every_key_of_the_language_is_described_with_its_faircom_setting() -> None:
    for path, key in walk():
        schema: dict[str, Any] = SCHEMA
        for part in path.split("."):
            schema = (
                schema["additionalProperties"] if part == "NAME" else schema["properties"][part]
            )
        assert schema["description"].startswith(key.doc), path
        if key.faircom:
            assert key.faircom in schema["description"], path
        if key.kind is Kind.TABLE:
            assert schema["additionalProperties"] is False, path
        if key.kind is Kind.NAMED_TABLES:
            assert isinstance(schema["additionalProperties"], dict), path
            assert "propertyNames" in schema, path


def test_defaults_are_values_where_the_language_gives_one() -> None:
    found = {
        path: schema["default"]
        for path, schema in _keys(SCHEMA, "")
        if "default" in schema and not path.startswith("env.")
    }
    assert found == {
        "listeners.NAME.enabled": True,
        "listeners.NAME.tls.ciphers": "tlsref-intermediate",
        "database.tls_only": True,
        "database.ciphers": "tlsref-intermediate",
        "database.enabled": True,
    }


def _keys(schema: dict[str, Any], prefix: str) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for name, inner in schema.get("properties", {}).items():
        out.append((f"{prefix}{name}", inner))
        out.extend(_keys(inner, f"{prefix}{name}."))
    entry = schema.get("additionalProperties")
    if isinstance(entry, dict):
        out.extend(_keys(entry, f"{prefix}NAME."))
    return out


def test_the_closed_choices_come_from_the_ir_and_the_policies() -> None:
    listener = SCHEMA["properties"]["listeners"]["additionalProperties"]["properties"]
    assert listener["protocol"]["enum"] == [protocol.value for protocol in Protocol]
    assert SCHEMA["properties"]["server"]["properties"]["product"]["enum"] == [
        product.value for product in Product
    ]
    policy = SCHEMA["properties"]["ciphers"]["additionalProperties"]["properties"]["profile"]
    assert policy["enum"] == list(policy_names())
    methods = SCHEMA["properties"]["mqtt"]["properties"]["authentication"]["items"]["enum"]
    assert methods == [method.value for method in AuthMethod]


def test_the_special_cases_of_the_generator_name_real_keys() -> None:
    paths = {path for path, _ in walk()}
    special = (
        set(json_schema._choices())
        | json_schema._BLANK_ALLOWED
        | json_schema._SUITE_LISTS
        | {"listeners.NAME.port", "fcsec"}
    )
    assert special <= paths
    assert {path for path, key in walk() if key.kind is Kind.NAMED_TABLES} == {
        "certs",
        "ciphers",
        "listeners",
        "env",
    }


# --- what it accepts -----------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_validates(example: Path) -> None:
    assert _errors(_toml(example)) == []


@pytest.mark.parametrize("case", WARNING, ids=[path.stem for path in WARNING])
def test_specs_with_warnings_only_validate(case: Path) -> None:
    assert _errors(_toml(case)) == []


@given(specs())
def test_every_generated_valid_spec_validates(generated: Generated) -> None:
    assert _errors(tomllib.loads(generated.text)) == []


def test_an_overlay_may_set_a_single_key_anywhere() -> None:
    spec = _toml(ROOT / "specs" / "examples" / "production.fcsec")
    spec["env"]["odd"] = {
        "listeners": {"https8443": {"tls": {"client_ca": "clients"}}},
        "ciphers": {"strict": {"suites": ["TLS_AES_256_GCM_SHA384"]}},
        "database": {"enabled": False, "x509_login": {"prefix": "user-"}},
        "lint": {"allow": [{"rule": "FCS601", "reason": "dev only"}]},
    }
    assert _errors(spec) == []


# --- what it refuses ----------------------------------------------------------------------------

# tests/data/spec/invalid: what the schema says about each case TOML can read. A new case must be
# added here: either the schema refuses it too, or it is a rule only `fcsec check` can apply
# (names, suites, ports in use), as docs/editors.md lists.
REFUSED = {
    "array_of_tables",
    "date",
    "deep_nesting",
    "float",
    "missing_version",
    "multi_line_string",
    "port_out_of_range",
    "several_errors",
    "tls_on_plain_protocol",
    "tls_protocol_without_cert",
    "unknown_key",
    "unknown_overlay_key",
    "unknown_protocol",
    "unsupported_version",
    "windows_path_control_character",
    "wrong_type",
    "x509_login_without_path",
}
ONLY_FCSEC_CHECK = {
    "duplicate_port",
    "unknown_cert",
    "unknown_cipher_policy",
    "unknown_cipher_suite",
    "unknown_env@nope",
}
NOT_TOML = {
    "duplicate_key",
    "syntax_error_inline_table_across_lines",
    "syntax_error_missing_comma",
    "syntax_error_missing_equals",
    "syntax_error_unclosed_header",
    "table_defined_twice",
    "windows_path_invalid_escape",
}
CASES = sorted(INVALID.glob("*.fcsec"))


def test_every_invalid_case_has_a_verdict() -> None:
    names = {case.name.removesuffix(".fcsec") for case in CASES}
    assert names == REFUSED | ONLY_FCSEC_CHECK | NOT_TOML


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_invalid_cases(case: Path) -> None:
    name = case.name.removesuffix(".fcsec")
    if name in NOT_TOML:
        with pytest.raises(tomllib.TOMLDecodeError):
            _toml(case)
        return
    errors = _errors(_toml(case))
    assert bool(errors) == (name in REFUSED), errors


def test_hostile_names_and_strings_are_refused_and_a_valid_one_is_not() -> None:
    assert _errors(_toml(HOSTILE / "escaped_names.fcsec"))
    assert _errors(_toml(HOSTILE / "escaped_strings.fcsec"))
    assert _errors(_toml(HOSTILE / "escaped_reason.fcsec")) == []


# A small valid spec that the cases below add a table to.
BASE = """\
fcsec = 1

[certs.server]
file = "serverCert.pem"

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
"""


def _with(change: str) -> dict[str, Any]:
    """BASE with ``change`` (TOML lines) appended; fcsec must refuse it too."""
    with pytest.raises(DiagnosticError):
        load_spec(SourceFile("spec.fcsec", BASE + "\n" + change + "\n"))
    return tomllib.loads(BASE + "\n" + change + "\n")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            "[listeners.w]\nprotocol = 'https'\nport = 8444\n"
            "tls = { cert = 'server', ciphres = 'x' }",
            "'ciphres' was unexpected",
        ),
        ("[database]\ntls_onyl = true", "'tls_onyl' was unexpected"),
        ("[server]\nprodcut = 'faircom-db'", "'prodcut' was unexpected"),
        ("[database]\ncert = 'server'\nSSL_CIPHERS = 'HIGH'", "'SSL_CIPHERS' was unexpected"),
        ("[env.dev]\ndatabase.tls_onyl = false", "'tls_onyl' was unexpected"),
        ("[env.dev]\nfcsec = 1", "'fcsec' was unexpected"),
        ("[lint]\nallow = [{ rule = 'FCS601', reasn = 'x' }]", "'reasn' was unexpected"),
        ("[certs.ca]\nfile = 'ca.pem'\nkey-store = 'x'", "'key-store' was unexpected"),
    ],
)
def test_typo_keys_are_refused(change: str, message: str) -> None:
    errors = _errors(_with(change))
    assert any(message in error for error in errors), errors


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("[listeners.h]\nprotocol = 'https'\nport = '8444'\ntls.cert = 'server'", "not of type"),
        ("[listeners.h]\nprotocol = 'http'\nport = 8080\nenabled = 'no'", "not of type"),
        ("[database]\ncert = 'server'\ntls_only = 'yes'", "is not one of"),
        ("[database]\ncert = 'server'\nciphers = 5", "is not valid under any"),
        ("[database]\ncert = 'server'\nciphers = { opensl = 'HIGH' }", "is not valid under any"),
        ("[mqtt]\nauthentication = 'password'", "not of type"),
        ("[certs]\nca = 'ca.pem'", "not of type"),
        ("[env]\ndev = 1", "not of type"),
        ("[lint]\nallow = ['FCS601']", "not of type"),
    ],
)
def test_wrong_types_are_refused(change: str, message: str) -> None:
    errors = _errors(_with(change))
    assert any(message in error for error in errors), errors


@pytest.mark.parametrize(
    "change",
    [
        "[listeners.m]\nprotocol = 'mqqt'\nport = 1883",
        "[listeners.m]\nprotocol = 'HTTPS'\nport = 1883",
        "[ciphers.c]\nprofile = 'tlsref-intermediat'",
        "[mqtt]\nauthentication = ['certificate']",
        "[server]\nproduct = 'faircom-ace'",
    ],
)
def test_values_outside_a_closed_choice_are_refused(change: str) -> None:
    errors = _errors(_with(change))
    assert any("is not one of" in error for error in errors), errors


@pytest.mark.parametrize(
    "change",
    [
        "[ciphers.c]\nsuites = []",
        "[ciphers.c]\nprofile = 'tlsref-modern'\nsuites = ['TLS_AES_128_GCM_SHA256']",
        "[ciphers.c]",
        "[database]\ntls_only = true",
        "[database]\ncert = 'server'\nciphers = []",
        "[certs.k]\nfile = ' '",
        "[lint]\nallow = [{ rule = 'FCS61', reason = 'x' }]",
        "[lint]\nallow = [{ rule = 'FCS601' }]",
    ],
)
def test_shapes_fcsec_refuses_before_resolving_names_are_refused(change: str) -> None:
    assert _errors(_with(change))


@pytest.mark.parametrize(
    "change",
    [
        "[database]\nenabled = false",
        "[listeners.h]\nprotocol = 'http'\nport = 8080\ndescription = ''",
        "[database]\ncert = 'server'\nciphers = { openssl = 'HIGH:!aNULL' }",
        "[database]\ncert = 'server'\ntls_only = 'faircom-default'",
    ],
)
def test_what_fcsec_accepts_the_schema_accepts(change: str) -> None:
    text = BASE + "\n" + change + "\n"
    load_spec(SourceFile("spec.fcsec", text))  # no DiagnosticError
    assert _errors(tomllib.loads(text)) == []
