"""Rejection law for specs: any text gets a result or located diagnostics, never a traceback.

Arbitrary text, and text biased towards TOML punctuation, quotes, backslashes, line ends and
control characters, goes through ``load_spec``. Only ``DiagnosticError`` may escape, and every
diagnostic it carries points at a line and column that exist in the text.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from fcsec.api import load_spec
from fcsec.diagnostics import Diagnostic, DiagnosticError
from fcsec.source import SourceFile

TOML_ALPHABET = st.sampled_from(
    [
        *"[]{}=.,#\"'\\ \t\n\r\x00\x01\x7f_-+:",
        *"abcfilnrstuxyz019",
        '"""',
        "'''",
        "\\u",
        "\\U",
        "\\f",
        "\\c",
        "true",
        "false",
        "inf",
        "nan",
        "1e5",
        "0x1F",
        "2024-01-31",
        "\ufeff",
        "\u2028",
        "é",
        "fcsec = 1\n",
        "[listeners.a]\n",
        'protocol = "https"\n',
        "port = 8443\n",
        'tls.cert = "server"\n',
        '[certs.server]\nfile = "s.pem"\n',
        "[database]\n",
        "[env.dev]\n",
        "[[listeners]]\n",
    ]
)
TOML_LIKE_TEXT = st.lists(TOML_ALPHABET, max_size=60).map("".join)


def _assert_inside(diagnostic: Diagnostic, source: SourceFile) -> None:
    assert diagnostic.span is not None, f"{diagnostic.rule} has no span"
    span = diagnostic.span
    assert span.source is source
    assert 0 <= span.start <= span.end <= len(source.text), (span.start, span.end)
    line_count = len(source.line_starts)
    assert 1 <= span.line <= line_count
    assert 1 <= span.column <= len(source.line_text(span.line)) + 1


def _check(text: str) -> None:
    source = SourceFile("fuzz.fcsec", text)
    try:
        loaded = load_spec(source)
    except DiagnosticError as failure:
        assert failure.diagnostics, "a DiagnosticError without diagnostics"
        assert any(diagnostic.is_error for diagnostic in failure.diagnostics)
        for diagnostic in failure.diagnostics:
            _assert_inside(diagnostic, source)
    else:
        for diagnostic in loaded.warnings:
            _assert_inside(diagnostic, source)


@given(st.text())
@example("")
@example("\x00")
@example("\r")
@example("a = {b = 1,\n")
@example('x = """\nabc\n"""\n')
@example("[a" + ".a" * 5000 + "]\n")
@example("x = " + "[" * 5000 + "]" * 5000)
def test_arbitrary_text_only_raises_located_diagnostics(text: str) -> None:
    _check(text)


@given(TOML_LIKE_TEXT)
def test_toml_like_text_only_raises_located_diagnostics(text: str) -> None:
    _check(text)
