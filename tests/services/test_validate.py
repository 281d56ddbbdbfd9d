"""The services.json schema and the internal-error check built on it."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from fcsec.services.validate import (
    SchemaViolation,
    _Subset,
    _subset,
    _Unsupported,
    _validator,
    check_services,
    json_path,
    load_schema,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "services"

GOOD: dict[str, Any] = {
    "listeners": [
        {"serviceName": "http8080", "port": 8080, "protocol": "http", "enabled": True},
        {
            "serviceName": "https8443",
            "description": "HTTPS",
            "port": 8443,
            "protocol": "https",
            "enabled": True,
            "bindAddress": "10.0.0.1",
            "tls": {
                "certificateFilename": "c.pem",
                "privateKeyFilename": "k.pem",
                "allowedCipherSuites": ["TLS_AES_256_GCM_SHA384"],
                "userOption": 3,
            },
        },
    ],
    "mqtt": {"authenticationMethods": ["none", "password", "clientCertificate"], "x": 1},
    "anythingElse": {"deep": [1, 2]},
}


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(load_schema())
    assert load_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_ships_in_the_package() -> None:
    resource = resources.files("fcsec") / "schemas" / "services.schema.json"
    assert resource.is_file()


def test_a_good_document_passes() -> None:
    check_services(GOOD)


def test_cipher_suites_may_also_be_a_string() -> None:
    document = copy.deepcopy(GOOD)
    document["listeners"][1]["tls"]["allowedCipherSuites"] = ""
    check_services(document)


@pytest.mark.parametrize("name", ["edge-lookalike.json", "db-lookalike.json", "four-spaces.json"])
def test_the_fixtures_pass(name: str) -> None:
    check_services(json.loads((DATA / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("product", ["faircom-edge-5.1", "faircom-edge-4.2.3"])
def test_the_real_files_pass(samples: Path, product: str) -> None:
    check_services(json.loads((samples / product / "services.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("listeners", 0, "port"), 0, "$.listeners[0].port"),
        (("listeners", 0, "port"), 65536, "$.listeners[0].port"),
        (("listeners", 0, "port"), "8080", "$.listeners[0].port"),
        (("listeners", 0, "protocol"), "ftp", "$.listeners[0].protocol"),
        (("listeners", 0, "enabled"), "yes", "$.listeners[0].enabled"),
        (("listeners", 1, "description"), None, "$.listeners[1].description"),
        (("listeners", 1, "tls"), "c.pem", "$.listeners[1].tls"),
        (
            ("listeners", 1, "tls", "certificateFilename"),
            1,
            "$.listeners[1].tls.certificateFilename",
        ),
        (
            ("listeners", 1, "tls", "allowedCipherSuites"),
            ["TLS_AES_256_GCM_SHA384", 5],
            "$.listeners[1].tls.allowedCipherSuites[1]",
        ),
        (
            ("listeners", 1, "tls", "allowedCipherSuites"),
            5,
            "$.listeners[1].tls.allowedCipherSuites",
        ),
        (
            ("mqtt", "authenticationMethods"),
            ["none", "kerberos"],
            "$.mqtt.authenticationMethods[1]",
        ),
        (("mqtt", "authenticationMethods"), "none", "$.mqtt.authenticationMethods"),
        (("listeners",), {}, "$.listeners"),
    ],
)
def test_a_bad_document_is_rejected_at_its_json_path(
    path: tuple[str | int, ...], value: object, expected: str
) -> None:
    document = copy.deepcopy(GOOD)
    target: Any = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with pytest.raises(SchemaViolation) as caught:
        check_services(document)
    assert caught.value.json_path == expected
    assert str(caught.value).startswith(expected + ": ")


def test_a_listener_without_service_name_is_rejected() -> None:
    document = copy.deepcopy(GOOD)
    del document["listeners"][0]["serviceName"]
    with pytest.raises(SchemaViolation) as caught:
        check_services(document)
    assert caught.value.json_path == "$.listeners[0]"
    assert "serviceName" in caught.value.message


def test_errors_outside_the_scope_are_the_users_business() -> None:
    document = copy.deepcopy(GOOD)
    document["listeners"][0]["port"] = "8080"  # a user's listener, written like listServices does
    check_services(document, scope=[("listeners", 1), ("mqtt", "authenticationMethods")])
    check_services(document, scope=[])
    with pytest.raises(SchemaViolation):
        check_services(document, scope=[("listeners", 0)])


def test_json_paths_quote_keys_that_are_not_identifiers() -> None:
    assert json_path(()) == "$"
    assert json_path(("listeners", 2, "tls")) == "$.listeners[2].tls"
    assert json_path(("a b", "ü", 'q"')) == '$["a b"]["ü"]["q\\""]'


def test_the_validator_is_built_once() -> None:
    assert _validator() is _validator()


def test_importing_the_editor_does_not_import_jsonschema() -> None:
    code = "import sys, fcsec.services.edit; print('jsonschema' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --- the fast subset evaluator gives jsonschema's verdict ---------------------------------------

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=70000),
    st.sampled_from([0.0, 1.0, 8443.0, 1.5, -0.5, 65536.0]),
    st.sampled_from(
        ["", "x", "https", "mqtts", "none", "password", "kerberos", "clientCertificate"]
    ),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)
_TLS = st.dictionaries(
    st.sampled_from(
        ["certificateFilename", "privateKeyFilename", "allowedCipherSuites", "userOption"]
    ),
    st.one_of(_VALUES, st.lists(st.sampled_from(["TLS_AES_256_GCM_SHA384", 5]), max_size=3)),
    max_size=3,
)
_LISTENER = st.dictionaries(
    st.sampled_from(["serviceName", "description", "port", "protocol", "enabled", "tls", "x"]),
    st.one_of(_VALUES, _TLS),
    max_size=6,
)
_DOCUMENT = st.dictionaries(
    st.sampled_from(["listeners", "mqtt", "other"]),
    st.one_of(
        st.lists(st.one_of(_LISTENER, _VALUES), max_size=4),
        st.dictionaries(
            st.sampled_from(["authenticationMethods", "y"]),
            st.one_of(st.lists(_SCALARS, max_size=3), _VALUES),
            max_size=2,
        ),
        _VALUES,
    ),
    max_size=3,
)


@given(document=_DOCUMENT)
def test_the_subset_evaluator_reports_where_jsonschema_does(document: dict[str, Any]) -> None:
    subset = _subset()
    assert subset is not None  # the bundled schema uses only keywords it knows
    expected = sorted(
        {tuple(error.absolute_path) for error in _validator().iter_errors(document)}, key=repr
    )
    assert sorted(set(subset.errors(document)), key=repr) == expected


@given(
    document=_DOCUMENT,
    scope=st.lists(
        st.sampled_from(
            [("listeners", 0), ("listeners", 2), ("mqtt", "authenticationMethods"), ("listeners",)]
        ),
        max_size=2,
    ),
)
def test_check_services_agrees_with_jsonschema_on_every_scope(
    document: dict[str, Any], scope: list[tuple[str | int, ...]]
) -> None:
    in_scope = [
        error
        for error in _validator().iter_errors(document)
        if any(tuple(error.absolute_path)[: len(prefix)] == prefix for prefix in scope)
    ]
    if in_scope:
        with pytest.raises(SchemaViolation):
            check_services(document, scope=scope)
    else:
        check_services(document, scope=scope)


def test_a_schema_keyword_the_subset_does_not_know_leaves_the_verdict_to_jsonschema() -> None:
    with pytest.raises(_Unsupported):
        _Subset({"type": "object", "patternProperties": {"^x": {"type": "string"}}})
    with pytest.raises(_Unsupported):
        _Subset({"$ref": "https://example.com/schema"})


def test_a_valid_document_is_judged_without_importing_jsonschema() -> None:
    code = (
        "import sys\n"
        "from fcsec.services.validate import check_services\n"
        "document = {'listeners': [{'serviceName': 'a', 'port': 1}]}\n"
        "check_services(document, scope=[('listeners', 0)])\n"
        "print('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
