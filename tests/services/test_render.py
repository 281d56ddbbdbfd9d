"""Vendor-style rendering of new JSON text, and detection of an existing file's style."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fcsec.services.plan import JsonObject
from fcsec.services.render import (
    VENDOR_STYLE,
    Style,
    detect_style,
    render_document,
    render_member,
    render_scalar,
    render_value,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "services"


# --- detect_style ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("", Style(indent="\t", newline="\n")),
        ('{"a": 1}', Style(indent="\t", newline="\n")),
        ('{\n\t"a": {\n\t\t"b": 1\n\t}\n}\n', Style(indent="\t", newline="\n")),
        ('{\r\n\t"a": 1\r\n}\r\n', Style(indent="\t", newline="\r\n")),
        ('{\n  "a": {\n    "b": 1\n  }\n}', Style(indent="  ", newline="\n")),
        ('{\n    "a": [\n        1\n    ]\n}', Style(indent="    ", newline="\n")),
        # a line holding only whitespace and a continuation line do not decide
        ('{\n    "a": 1,\n \n    "b": {\n        "c": 1\n    }\n}', Style(indent="    ")),
        # mostly CRLF with one stray LF stays CRLF
        ('{\r\n\t"a": 1,\r\n\t"b": 2\n}\r\n', Style(indent="\t", newline="\r\n")),
        # a tie goes to the ending that comes first (fcsec.source.dominant_line_ending)
        ('{\r\n\t"a": 1\n}', Style(indent="\t", newline="\r\n")),
        ('{\n\t"a": 1\r\n}', Style(indent="\t", newline="\n")),
    ],
)
def test_detect_style(text: str, style: Style) -> None:
    assert detect_style(text) == style


def test_detect_style_of_the_fixtures() -> None:
    assert detect_style((DATA / "edge-lookalike.json").read_text()) == VENDOR_STYLE
    assert detect_style((DATA / "four-spaces.json").read_text()) == Style(indent="    ")


def test_detect_style_of_the_real_files(samples: Path) -> None:
    for product in ("faircom-edge-5.1", "faircom-edge-4.2.3"):
        text = (samples / product / "services.json").read_text(encoding="utf-8")
        assert detect_style(text) == VENDOR_STYLE


# --- values ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (8443, "8443"),
        ("./web/fccert.pem", '"./web/fccert.pem"'),
        ("C:\\faircom\\ca.pem", '"C:\\\\faircom\\\\ca.pem"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("Straße für Zertifikate", '"Straße für Zertifikate"'),
        ("line\nbreak", '"line\\nbreak"'),
    ],
)
def test_scalars_are_json(value: str | int | bool, text: str) -> None:
    assert render_scalar(value) == text
    assert json.loads(text) == value


def test_a_windows_path_reads_back_unchanged() -> None:
    path = "C:\\faircom\\server\\serverCert.pem"
    assert json.loads(render_value(path, indent="", style=VENDOR_STYLE)) == path


def test_arrays_take_one_line_per_element() -> None:
    text = render_value(("A", "B"), indent="\t\t\t", style=VENDOR_STYLE)
    assert text == '[\n\t\t\t\t"A",\n\t\t\t\t"B"\n\t\t\t]'


def test_authentication_methods_stay_on_one_line() -> None:
    text = render_member(
        "authenticationMethods", ("none", "password"), indent="\t\t", style=VENDOR_STYLE
    )
    assert text == '"authenticationMethods": [ "none", "password" ]'


def test_objects_open_on_the_key_line() -> None:
    tls = JsonObject((("certificateFilename", "c.pem"), ("allowedCipherSuites", ("X",))))
    text = render_member("tls", tls, indent="\t\t", style=VENDOR_STYLE)
    assert text == (
        '"tls": {\n'
        '\t\t\t"certificateFilename": "c.pem",\n'
        '\t\t\t"allowedCipherSuites": [\n'
        '\t\t\t\t"X"\n'
        "\t\t\t]\n"
        "\t\t}"
    )


def test_object_elements_sit_at_the_key_indentation() -> None:
    listeners = (JsonObject((("serviceName", "a"),)), JsonObject((("serviceName", "b"),)))
    text = render_member("listeners", listeners, indent="\t", style=VENDOR_STYLE)
    assert text == (
        '"listeners": [\n\t{\n\t\t"serviceName": "a"\n\t},\n\t{\n\t\t"serviceName": "b"\n\t}\n\t]'
    )


def test_inline_values_stay_on_one_line() -> None:
    value = JsonObject((("a", 1), ("b", ("x", "y")), ("c", JsonObject(()))))
    text = render_value(value, indent="\t", style=VENDOR_STYLE, inline=True)
    assert text == '{ "a": 1, "b": [ "x", "y" ], "c": {} }'


def test_empty_containers() -> None:
    assert render_value((), indent="", style=VENDOR_STYLE) == "[]"
    assert render_value(JsonObject(()), indent="", style=VENDOR_STYLE) == "{}"


def test_spaces_and_crlf_follow_the_style() -> None:
    style = Style(indent="  ", newline="\r\n")
    text = render_value(JsonObject((("a", ("x",)),)), indent="  ", style=style)
    assert text == '{\r\n    "a": [\r\n      "x"\r\n    ]\r\n  }'


# --- documents ------------------------------------------------------------------------------------


def test_a_document_separates_sections_with_a_blank_line() -> None:
    members = JsonObject(
        (
            ("listeners", (JsonObject((("serviceName", "a"),)),)),
            ("mqtt", JsonObject((("authenticationMethods", ("none",)),))),
        )
    )
    assert render_document(members) == (
        "{\n"
        '\t"listeners": [\n'
        "\t{\n"
        '\t\t"serviceName": "a"\n'
        "\t}\n"
        "\t],\n"
        "\n"
        '\t"mqtt": {\n'
        '\t\t"authenticationMethods": [ "none" ]\n'
        "\t}\n"
        "}\n"
    )


def test_an_empty_document_is_an_empty_object() -> None:
    assert render_document(JsonObject(())) == "{\n}\n"
    assert json.loads(render_document(JsonObject(()))) == {}
