"""The configuration after compile: managed parts point at the spec, the others at the file."""

from __future__ import annotations

from pathlib import Path

from tests.lint.helpers import spec_source
from tests.lint.test_config_file_rules import CERT, _listener, services

from fcsec.api import load_spec, render_outputs
from fcsec.lint.effective import ConfigLint, config_diagnostics, lint_config
from fcsec.lint.findings import Finding
from fcsec.source import SourceFile

SPEC = """\
fcsec = 1
[certs.server]
file = "server.pem"
[listeners.https8443]
protocol = "https"
port = 8443
tls.cert = "server"
"""
FILE = services(
    _listener("http8080", "http", 8080, True),
    _listener("https8443", "https", 8443, False, CERT),
    _listener("mqtt1883", "mqtt", 1883, True),
    methods='"none", "password"',
)
CFG = """\
COMM_PROTOCOL F_TCPIP
COMM_PROTOCOL FSHAREMM
;SUBSYSTEM COMM_PROTOCOL SSL {
;SSL_CONNECTIONS_ONLY YES
}
"""


def _current(
    services_text: str | None = FILE, cfg: str | None = CFG
) -> dict[str, SourceFile | None]:
    return {
        "services.json": None
        if services_text is None
        else SourceFile("cfg/services.json", services_text),
        "ctsrvr.cfg": None if cfg is None else SourceFile("cfg/ctsrvr.cfg", cfg),
    }


def _lint(
    tmp_path: Path, text: str, current: dict[str, SourceFile | None], *, complete: bool
) -> ConfigLint:
    source = spec_source(tmp_path, text)
    spec = load_spec(source).spec
    return lint_config(spec, source, current, complete=complete)


def _of(result: ConfigLint, rule: str) -> list[Finding]:
    return [item for item in result.findings if item.rule == rule]


def _where(item: Finding) -> tuple[str, int]:
    span = item.diagnostic.span
    assert span is not None
    return Path(span.source.name).name, span.line


def test_an_unmanaged_plain_listener_beside_a_managed_twin_points_at_the_current_file(
    tmp_path: Path,
) -> None:
    result = _lint(tmp_path, SPEC, _current(), complete=False)
    (item,) = _of(result, "FCS602")
    assert _where(item) == ("services.json", 7)  # the line in the file as it is now
    (related,) = item.diagnostic.related
    assert Path(related.span.source.name).name == "security.fcsec"
    assert "[listeners.http8080]" in (item.diagnostic.hint or "")


def test_unmanaged_parts_after_a_growing_edit_keep_their_current_lines(tmp_path: Path) -> None:
    spec = SPEC + 'tls.ciphers = "tlsref-intermediate"\n'
    result = _lint(tmp_path, spec, _current(), complete=False)
    # The managed https8443 grows by many lines; mqtt.authenticationMethods is at line 24 now.
    (item,) = _of(result, "FCS611")
    assert _where(item) == ("services.json", 24)


def test_written_outputs_point_at_the_new_lines(tmp_path: Path) -> None:
    source = spec_source(tmp_path, SPEC + 'tls.ciphers = "tlsref-intermediate"\n')
    spec = load_spec(source).spec
    current = _current()
    outputs = render_outputs(spec, current)
    found = config_diagnostics(spec, source, current, outputs, written=True)
    (methods_finding,) = [d for d in found if d.rule == "FCS611"]
    span = methods_finding.span
    assert span is not None
    after = next(output.after for output in outputs if output.name == "services.json")
    assert span.source.text == after
    assert after[span.start : span.end] == '"none"'


def test_findings_about_managed_parts_only_are_left_to_the_spec_rules(tmp_path: Path) -> None:
    spec = SPEC + '[listeners.http8080]\nprotocol = "http"\nport = 8080\n'
    assert _of(_lint(tmp_path, spec, _current(), complete=False), "FCS602") == []
    (item,) = _of(_lint(tmp_path, spec, _current(), complete=True), "FCS602")
    assert _where(item) == ("security.fcsec", 8)  # [listeners.http8080]


def test_shared_memory_is_a_warning_only_where_the_file_has_it_on(tmp_path: Path) -> None:
    spec = SPEC + '[database]\ncert = "server"\n'
    (item,) = _of(_lint(tmp_path, spec, _current(), complete=False), "FCS612")
    assert _where(item) == ("ctsrvr.cfg", 2)
    without = CFG.replace("COMM_PROTOCOL FSHAREMM\n", "")
    assert _of(_lint(tmp_path, spec, _current(cfg=without), complete=False), "FCS612") == []
    managed_off = spec + "shared_memory = false\n"
    assert _of(_lint(tmp_path, managed_off, _current(), complete=False), "FCS612") == []


def test_a_spec_listener_on_the_port_of_an_unmanaged_one_is_an_error(tmp_path: Path) -> None:
    spec = SPEC.replace("[listeners.https8443]", "[listeners.https9443]").replace("8443", "8080")
    (item,) = _of(_lint(tmp_path, spec, _current(), complete=False), "FCS616")
    assert _where(item) == ("security.fcsec", 6)
    assert _where_related(item) == ("services.json", 5)


def _where_related(item: Finding) -> tuple[str, int]:
    (related,) = item.diagnostic.related
    return Path(related.span.source.name).name, related.span.line


def test_a_file_the_spec_does_not_manage_is_read_as_it_is(tmp_path: Path) -> None:
    result = _lint(tmp_path, SPEC, _current(), complete=False)
    (off,) = _of(result, "FCS613")
    assert _where(off) == ("ctsrvr.cfg", 3)
    assert result.checked == (
        "services.json (3 listeners, mqtt.authenticationMethods)",
        "ctsrvr.cfg (SSL block disabled, 2 COMM_PROTOCOL lines)",
    )


def test_coverage_names_missing_files_and_new_ones(tmp_path: Path) -> None:
    result = _lint(tmp_path, SPEC, _current(services_text=None, cfg=None), complete=False)
    assert result.checked == ("services.json (new: 1 listener)",)
    assert result.not_checked == ("ctsrvr.cfg (not found)",)


def test_compile_warnings_honour_the_specs_allowances(tmp_path: Path) -> None:
    spec = SPEC + '[lint]\nallow = [{ rule = "FCS602", reason = "legacy dashboards" }]\n'
    source = spec_source(tmp_path, spec)
    loaded = load_spec(source).spec
    current = _current()
    found = config_diagnostics(loaded, source, current, render_outputs(loaded, current))
    assert "FCS602" not in {diagnostic.rule for diagnostic in found}
    assert "FCS611" in {diagnostic.rule for diagnostic in found}


def test_every_tls_listener_off_is_judged_on_the_whole_file(tmp_path: Path) -> None:
    spec = SPEC + "enabled = false\n" + '[listeners.http8080]\nprotocol = "http"\nport = 8080\n'
    (item,) = _of(_lint(tmp_path, spec, _current(), complete=False), "FCS609")
    assert "`http8080`, `mqtt1883` are on" in item.diagnostic.message
    assert _where(item) == ("security.fcsec", 8)  # enabled = false of https8443
