"""``fcsec export sslyze``: a listener's policy as a profile for sslyze --custom_tls_config."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from fcsec.api import load_spec
from fcsec.cli import main
from fcsec.diagnostics import DiagnosticError
from fcsec.export.sslyze import profile, render
from fcsec.ir import nodes as ir
from fcsec.source import SourceFile

SPEC = """fcsec = 1

[certs.server]
file = "server.pem"

[ciphers.ecdsa_only]
suites = [
  "TLS_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256",
]

[ciphers.with_dhe]
suites = ["DHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA"]

[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"

[listeners.modern]
protocol = "https"
port = 8444
tls.cert = "server"
tls.ciphers = "tlsref-modern"

[listeners.ecdsa]
protocol = "https"
port = 8445
tls.cert = "server"
tls.ciphers = "ecdsa_only"

[listeners.dhe]
protocol = "https"
port = 8446
tls.cert = "server"
tls.ciphers = "with_dhe"

[listeners.vendor]
protocol = "mqtts"
port = 8883
tls.cert = "server"
tls.ciphers = "faircom-default"
"""

# The keys and JSON types sslyze's TlsConfigurationAsJson requires (sslyze 6,
# mozilla_tls_profile/tls_config_checker.py); `None` marks "an integer or null".
SSLYZE_FIELDS: dict[str, Any] = {
    "certificate_curves": list,
    "certificate_signatures": list,
    "certificate_types": list,
    "ciphersuites": list,
    "ciphers": dict,
    "dh_param_size": None,
    "ecdh_param_size": int,
    "hsts_min_age": int,
    "maximum_certificate_lifespan": int,
    "ocsp_staple": bool,
    "recommended_certificate_lifespan": int,
    "rsa_key_size": None,
    "server_preferred_order": bool,
    "tls_curves": list,
    "tls_versions": list,
}


@pytest.fixture(scope="module")
def spec() -> ir.Spec:
    return load_spec(SourceFile("spec.fcsec", SPEC)).spec


def test_profile_has_every_field_sslyze_requires_with_its_type(spec: ir.Spec) -> None:
    document = profile(spec, "https8443")
    for key, kind in SSLYZE_FIELDS.items():
        value = document[key]
        assert isinstance(value, int | type(None)) if kind is None else isinstance(value, kind)
    assert sorted(document["ciphers"]) == ["caddy", "go", "iana", "openssl"]


def test_default_policy_exports_tlsref_intermediate(spec: ir.Spec) -> None:
    document = profile(spec, "https8443")
    assert document["tls_versions"] == ["TLSv1.2", "TLSv1.3"]
    assert document["ciphersuites"] == [
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
    ]
    assert document["ciphers"]["openssl"][:2] == [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
    ]
    assert document["certificate_types"] == ["ecdsa", "rsa"]


def test_iana_and_openssl_lists_name_the_same_suites_in_the_same_order(spec: ir.Spec) -> None:
    ciphers = profile(spec, "ecdsa")["ciphers"]
    assert list(zip(ciphers["iana"], ciphers["openssl"], strict=True)) == [
        ("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"),
        ("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"),
    ]


def test_ecdsa_suites_only_ask_for_an_ecdsa_certificate(spec: ir.Spec) -> None:
    assert profile(spec, "ecdsa")["certificate_types"] == ["ecdsa"]


def test_tls13_only_policy_allows_only_tls13_and_either_certificate(spec: ir.Spec) -> None:
    document = profile(spec, "modern")
    assert (document["tls_versions"], document["ciphers"]["iana"]) == (["TLSv1.3"], [])
    assert document["certificate_types"] == ["ecdsa", "rsa"]


def test_cbc_suites_imply_the_versions_they_can_be_negotiated_at(spec: ir.Spec) -> None:
    assert profile(spec, "dhe")["tls_versions"] == ["TLSv1", "TLSv1.1", "TLSv1.2"]


def test_dh_parameter_size_is_set_only_with_dhe_suites(spec: ir.Spec) -> None:
    assert (profile(spec, "dhe")["dh_param_size"], profile(spec, "ecdsa")["dh_param_size"]) == (
        2048,
        None,
    )


def test_a_policy_left_to_the_server_cannot_be_exported(spec: ir.Spec) -> None:
    with pytest.raises(DiagnosticError) as raised:
        profile(spec, "vendor")
    assert raised.value.diagnostics[0].rule == "FCS740"


def test_rendering_sorts_keys_and_holds_no_date(spec: ir.Spec) -> None:
    text = render(profile(spec, "https8443"))
    assert list(json.loads(text)) == sorted(SSLYZE_FIELDS)
    assert re.search(r"\d{4}-\d{2}-\d{2}", text) is None


def test_command_writes_the_same_bytes_to_a_file_as_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_path = tmp_path / "spec.fcsec"
    spec_path.write_text(SPEC, encoding="utf-8")
    assert main(["export", "sslyze", str(spec_path), "--listener", "https8443"]) == 0
    printed = capsys.readouterr().out
    out = tmp_path / "policy.json"
    code = main(["export", "sslyze", str(spec_path), "--listener", "https8443", "-o", str(out)])
    assert (code, out.read_text(encoding="utf-8")) == (0, printed)


def test_command_names_the_tls_listeners_when_the_listener_is_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec_path = tmp_path / "spec.fcsec"
    spec_path.write_text(SPEC, encoding="utf-8")
    assert main(["export", "sslyze", str(spec_path), "--listener", "nope"]) == 1
    assert "TLS listeners in the spec: dhe, ecdsa, https8443, modern, vendor" in (
        capsys.readouterr().err
    )


def test_export_does_not_import_the_probe() -> None:
    code = (
        "import sys, fcsec.export.sslyze; "
        "print(sorted(m for m in sys.modules if m.startswith('fcsec.probe')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
