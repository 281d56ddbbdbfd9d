"""The lossless JSON scanner: spans of values and members, decoded values, error positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.services.strategies import files

from fcsec.diagnostics import DiagnosticError, render_text
from fcsec.services.scan import ArrayNode, ObjectNode, ScalarNode, kind_of, scan, to_python
from fcsec.source import SourceFile

DATA = Path(__file__).resolve().parent.parent / "data" / "services"


def _scan(text: str) -> ObjectNode | ArrayNode | ScalarNode:
    return scan(SourceFile(name="services.json", text=text))


def test_spans_cover_each_value_member_and_key() -> None:
    text = '{\n\t"port": 8443,\n\t"tls": { "a": [ "x", true ] }\n}'
    root = _scan(text)
    assert isinstance(root, ObjectNode)
    assert (root.start, root.end) == (0, len(text))
    port, tls = root.members
    assert text[port.start : port.end] == '"port": 8443'
    assert text[port.key_start : port.key_end] == '"port"'
    assert text[port.value.start : port.value.end] == "8443"
    assert text[tls.value.start : tls.value.end] == '{ "a": [ "x", true ] }'
    assert isinstance(tls.value, ObjectNode)
    array = tls.value.members[0].value
    assert isinstance(array, ArrayNode)
    assert [text[item.start : item.end] for item in array.items] == ['"x"', "true"]


def test_values_are_decoded() -> None:
    text = r'["C:\\faircom", "\u00e9\ud83d\ude00", "tab\tx", 0, -12, 1.5, 2e3, true, false, null]'
    root = _scan(text)
    assert isinstance(root, ArrayNode)
    values = [item.value for item in root.items if isinstance(item, ScalarNode)]
    assert values == json.loads(text)
    assert [type(v) for v in values[3:7]] == [int, int, float, float]


def test_duplicate_keys_are_kept_in_order_and_the_last_wins_as_data() -> None:
    root = _scan('{"a": 1, "b": 2, "a": 3}')
    assert isinstance(root, ObjectNode)
    assert [m.key for m in root.members] == ["a", "b", "a"]
    assert [m.key for m in root.members_named("a")] == ["a", "a"]
    assert to_python(root) == {"a": 3, "b": 2}


@pytest.mark.parametrize("name", ["edge-lookalike.json", "db-lookalike.json", "four-spaces.json"])
def test_to_python_agrees_with_json_loads_on_the_fixtures(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert to_python(_scan(text)) == json.loads(text)


@pytest.mark.parametrize("product", ["faircom-edge-5.1", "faircom-edge-4.2.3"])
def test_to_python_agrees_with_json_loads_on_the_real_files(samples: Path, product: str) -> None:
    text = (samples / product / "services.json").read_text(encoding="utf-8")
    assert to_python(_scan(text)) == json.loads(text)


def test_a_byte_order_mark_is_skipped_and_kept_out_of_spans() -> None:
    root = _scan('\ufeff{"a": 1}')
    assert isinstance(root, ObjectNode)
    assert root.start == 1


def test_deep_nesting_needs_no_recursion() -> None:
    depth = 200_000
    root = _scan("[" * depth + "]" * depth)
    assert isinstance(root, ArrayNode)
    assert to_python(root) is not None


def test_kind_of_names_the_json_type() -> None:
    kinds = [kind_of(_scan(text)) for text in ("{}", "[]", '"s"', "1", "true", "null")]
    assert kinds == ["an object", "an array", "a string", "a number", "a boolean", "null"]


# --- errors: exact line and column ----------------------------------------------------------------

LISTENER = (
    '{\n\t"listeners": [\n\t{\n\t\t"serviceName": "https8443",\n\t\t"port": 8443\n\t}\n\t]\n}\n'
)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # trailing commas point at the comma to delete
        (LISTENER.replace('"port": 8443', '"port": 8443,'), 5, 15, "trailing comma before `}`"),
        ('{"a": [1, 2,]}', 1, 12, "trailing comma before `]`"),
        # a missing closing quote: where the quote belongs, at the end of the line
        (LISTENER.replace('"https8443"', '"https8443'), 4, 29, "the string is not closed"),
        # a missing opening quote of a member name
        (LISTENER.replace('"port"', 'port"'), 5, 3, "expected a member name in double quotes"),
        # a missing comma: right after the value that needs it
        (LISTENER.replace('"https8443",', '"https8443"'), 4, 29, "missing `,` after this member"),
        ("[1\n 2]", 1, 3, "missing `,` after this element"),
        # truncated files: at the end of the file
        (LISTENER[:40], 4, 20, "the file ends inside a string"),
        (LISTENER[:62], 5, 12, "the file ends before the object opened at line 3 is closed"),
        (LISTENER[:-3], 7, 3, "the file ends before the object opened at line 1 is closed"),
        ('{"a":', 1, 6, "the file ends before the object opened at line 1 is closed"),
        ('{"a"', 1, 5, "the file ends before the object opened at line 1 is closed"),
        ("", 1, 1, "the file holds no JSON value"),
        ("  \n", 2, 1, "the file holds no JSON value"),
        # not JSON
        ("{'a': 1}", 1, 2, "expected a member name in double quotes, found `'`"),
        ("{\"a\": 'x'}", 1, 7, "JSON strings need double quotes"),
        ('{"a": 1 // note\n}', 1, 9, "expected `,` or `}` after the member, found `/`"),
        ('{\n  // note\n  "a": 1}', 2, 3, "expected a member name in double quotes, found `/`"),
        ("[/* x */]", 1, 2, "JSON has no comments"),
        ('{"a": NaN}', 1, 7, "`NaN` is not a JSON value"),
        ('{"a": True}', 1, 7, "`True` is not a JSON value"),
        ('{"a": -Infinity}', 1, 7, "`-Infinity` is not a valid JSON number"),
        ('{"port": 08443}', 1, 10, "`08443` is not a valid JSON number"),
        ('{"a": 1.}', 1, 7, "`1.` is not a valid JSON number"),
        ('{"a": .5}', 1, 7, "expected a JSON value, found `.`"),
        ('{"a" 1}', 1, 6, "expected `:` after the member name, found `1`"),
        ('{"a": }', 1, 7, "expected a value, found `}`"),
        ("[1,,2]", 1, 4, "expected a value, found `,`"),
        ('{"a": 1]', 1, 8, "expected `,` or `}` after the member, found `]`"),
        ('{"a": 1} x', 1, 10, "unexpected `x` after the end of the JSON document"),
        ('{"a": 1}}', 1, 9, "unexpected `}` after the end of the JSON document"),
        ('{"p": "C:\\faircom\\certs"}', 1, 18, "invalid escape `\\c` in a string"),
        ('{"p": "\\u12"}', 1, 8, "`\\u` needs four hexadecimal digits"),
        ('{"p": "a\tb"}', 1, 9, "a tab inside a string must be escaped"),
        ('{"p": "a\x01b"}', 1, 9, "the control character U+0001 inside a string must be escaped"),
    ],
)
def test_errors_point_at_the_problem(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(DiagnosticError) as caught:
        _scan(text)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.rule == "FCS301"
    assert diagnostic.message.startswith(message), diagnostic.message
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (line, column)
    assert diagnostic.hint or diagnostic.related or diagnostic.label
    render_text(diagnostic)  # renders without error


def test_an_unclosed_string_notes_where_it_starts() -> None:
    with pytest.raises(DiagnosticError) as caught:
        _scan('{\n  "description": "Port 8443,\n  "port": 8443\n}')
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.label == 'expected `"` here'
    [note] = diagnostic.related
    assert (note.span.line, note.span.column) == (2, 18)


def test_an_invalid_escape_hints_at_doubling_backslashes() -> None:
    with pytest.raises(DiagnosticError) as caught:
        _scan('{"certificateFilename": "C:\\faircom\\server\\cert.pem"}')
    hint = caught.value.diagnostics[0].hint
    assert hint is not None and "\\\\" in hint


# --- the scanner agrees with json.loads -----------------------------------------------------------


def _json_loads_strict(text: str) -> object:
    def reject(name: str) -> object:
        raise ValueError(name)

    return json.loads(text, parse_constant=reject)


_NOISE = st.sampled_from([*",:{}[]\"'\\/ \t\n0-.eE+tfnu", "\x00", "é", "NaN"])


@given(data=st.data())
def test_accepts_exactly_what_json_loads_accepts(data: st.DataObject) -> None:
    text, _ = data.draw(files())
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 2))
        text = text[:at] + data.draw(st.one_of(st.just(""), _NOISE)) + text[at + cut :]
    try:
        expected = _json_loads_strict(text)
    except ValueError:
        with pytest.raises(DiagnosticError) as caught:
            _scan(text)
        span = caught.value.diagnostics[0].span
        assert span is not None and 0 <= span.start <= span.end <= len(text)
    else:
        assert to_python(_scan(text)) == expected
