"""The locator finds the text behind a setting, after the overlay is applied."""

from __future__ import annotations

from fcsec.lint.locate import Locator, substring_span
from fcsec.source import SourceFile
from fcsec.spec import syntax as ast

TEXT = """\
fcsec = 1
[database]
tls_only = true
ciphers = ["AES128-SHA", "ECDHE-RSA-AES128-GCM-SHA256"]
[env.dev]
database.tls_only = false
"""


def _text(locator: Locator, *path: str) -> str:
    span = locator.span(*path)
    assert span is not None
    return span.source.text[span.start : span.end]


def test_a_written_value_is_found() -> None:
    assert _text(Locator(SourceFile("s", TEXT), None), "database", "tls_only") == "true"


def test_an_overlay_value_replaces_the_base_value() -> None:
    locator = Locator(SourceFile("s", TEXT), "dev")
    span = locator.span("database", "tls_only")
    assert span is not None
    assert (span.line, _text(locator, "database", "tls_only")) == (6, "false")


def test_a_missing_key_falls_back_to_its_table() -> None:
    assert _text(Locator(SourceFile("s", TEXT), None), "database", "debug_log") == "[database]"


def test_an_array_element_is_found_by_its_text() -> None:
    locator = Locator(SourceFile("s", TEXT), None)
    span = locator.element(("database", "ciphers"), lambda text: text.startswith("ECDHE"))
    assert span is not None
    assert span.source.text[span.start : span.end] == '"ECDHE-RSA-AES128-GCM-SHA256"'


def test_a_substring_of_a_plain_string_gets_its_own_span() -> None:
    source = SourceFile("s", 'x = "AES:RC4"')
    value = ast.StringValue(value="AES:RC4", span=source.span(4, 13))
    span = substring_span(value, 4, 7)
    assert source.text[span.start : span.end] == "RC4"


def test_a_string_with_escapes_keeps_the_whole_span() -> None:
    source = SourceFile("s", 'x = "A\\u0041:RC4"')
    value = ast.StringValue(value="AA:RC4", span=source.span(4, 17))
    assert substring_span(value, 3, 6) == value.span


def test_an_item_is_found_only_through_tables() -> None:
    locator = Locator(SourceFile("s", TEXT), None)
    found = locator.item("database", "tls_only")
    assert found is not None and found.name == "tls_only"
    assert locator.item() is None
    assert locator.item("database", "tls_only", "deeper") is None  # a value has no keys
    assert locator.item("database", "nothing", "deeper") is None
    assert locator.item("nothing") is None
