"""Hypothesis strategies for spec texts: generated from the grammar itself, and plain TOML data.

``grammar_texts`` draws strings from grammar/fcsec_spec.lark with ``hypothesis.extra.lark``. A
few terminals get explicit strategies: comments move into the line ends (an ignored comment drawn
in the middle of a line would swallow the rest of it), integers without the lookahead the regex
generator cannot honour, and basic strings whose \\u escapes are Unicode scalar values.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from lark import Lark

Plain = str | int | bool | list[str] | dict[str, "Plain"]


def generation_grammar() -> Lark:
    """The spec grammar as the parser uses it, without the transformer."""
    return Lark.open_from_package(
        "fcsec.grammar", "fcsec_spec.lark", parser="lalr", lexer="contextual"
    )


_TEXT_CHAR = st.characters(
    codec="utf-8", exclude_characters="\"'\\", exclude_categories=("Cc", "Cs")
)
_SCALAR = st.integers(min_value=0, max_value=0x10FFFF).filter(
    lambda code: not 0xD800 <= code <= 0xDFFF
)
_ESCAPE = st.one_of(
    st.sampled_from(["\\b", "\\t", "\\n", "\\f", "\\r", '\\"', "\\\\"]),
    _SCALAR.filter(lambda code: code <= 0xFFFF).map(lambda code: f"\\u{code:04X}"),
    _SCALAR.map(lambda code: f"\\U{code:08x}"),
)
# A few short names come back often, so that keys and tables collide (TOML's table rules).
_COMMON = ["a", "b", "c", "1"]
BASIC_STRING = st.one_of(
    st.sampled_from([f'"{name}"' for name in _COMMON] + ['"\\u0061"']),
    st.lists(st.one_of(_TEXT_CHAR, st.just("'"), _ESCAPE), max_size=8).map(
        lambda parts: '"' + "".join(parts) + '"'
    ),
)
LITERAL_STRING = st.one_of(
    st.sampled_from([f"'{name}'" for name in _COMMON]),
    st.lists(st.one_of(_TEXT_CHAR, st.just('"'), st.just("\\")), max_size=8).map(
        lambda parts: "'" + "".join(parts) + "'"
    ),
)
INTEGER = st.from_regex(r"[+-]?(0|[1-9](_?[0-9]){0,20})", fullmatch=True)
BARE_KEY = st.one_of(
    st.sampled_from([*_COMMON, "true", "false", "inf", "1e5", "0x1"]),
    st.from_regex(r"[A-Za-z0-9_-]{1,6}", fullmatch=True),
)
COMMENT_TEXT = st.text(_TEXT_CHAR, max_size=10)
NEWLINE = st.one_of(
    st.just("\n"),
    st.just("\r\n"),
    COMMENT_TEXT.map(lambda text: f" #{text}\n"),
)


def grammar_texts() -> st.SearchStrategy[str]:
    """Spec texts the grammar accepts (TOML's key rules are not considered)."""
    return from_lark(
        generation_grammar(),
        explicit={
            "_NL": NEWLINE,
            "COMMENT": st.just(""),
            "WS": st.sampled_from([" ", "\t", "  "]),
            "INTEGER": INTEGER,
            "BARE_KEY": BARE_KEY,
            "BASIC_STRING": BASIC_STRING,
            "LITERAL_STRING": LITERAL_STRING,
        },
    )


# --- plain data, as tomllib returns it ------------------------------------------------------
KEYS = st.one_of(
    st.sampled_from(["a", "b", "port", "tls", "1", "a-b", "A_1", "true"]),
    st.sampled_from(["", " ", "a b", "a.b", "é", '"', "'", "\\", "#", "="]),
)
SCALARS: st.SearchStrategy[Plain] = st.one_of(
    st.text(max_size=10),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=4),
)


def _tables(children: st.SearchStrategy[Plain]) -> st.SearchStrategy[Plain]:
    return st.dictionaries(KEYS, children, max_size=4)


PLAIN_DOCUMENTS: st.SearchStrategy[dict[str, Plain]] = st.dictionaries(
    KEYS, st.recursive(SCALARS, _tables, max_leaves=12), max_size=5
)


# --- spec-shaped documents: the language's own keys with values of any type ----------------
_WORDS = st.sampled_from(
    [
        "server",
        "client_ca",
        "strict",
        "https",
        "http",
        "mqtts",
        "mqttwss",
        "mqttws",
        "faircom-db",
        "faircom-edge",
        "13",
        "5.1",
        "tlsref-intermediate",
        "tlsref-modern",
        "faircom-default",
        "clientCertificate",
        "password",
        "none",
        "TLS_AES_256_GCM_SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "AES256-GCM-SHA38",
        "serverCert.pem",
        "CN",
        "",
        " ",
        "C:\\faircom\\ca.pem",
        "ALL:!aNULL",
    ]
)
_VALUES: st.SearchStrategy[Plain] = st.one_of(
    _WORDS,
    st.sampled_from([0, 1, 2, 443, 8443, 8883, 65535, 65536, -1]),
    st.booleans(),
    st.lists(_WORDS, max_size=3),
    st.builds(lambda value: {"openssl": value}, _WORDS),
    st.dictionaries(_WORDS, _WORDS, max_size=2),
)
_NAMES = st.sampled_from(["server", "client_ca", "strict", "a", "dev"])


def _shaped(key: object, depth: int) -> st.SearchStrategy[Plain]:
    from fcsec.spec.schema import Key, Kind

    assert isinstance(key, Key)
    if key.kind is Kind.TABLE and depth < 4:
        return _table_of(key, depth + 1)
    if key.kind is Kind.NAMED_TABLES and depth < 4:
        if key.name == "env":
            from fcsec.spec.schema import LANGUAGE

            return st.dictionaries(_NAMES, _table_of(LANGUAGE, depth + 1), max_size=2)
        return st.dictionaries(_NAMES, _table_of(key, depth + 1), max_size=3)
    return _VALUES


def _table_of(key: object, depth: int) -> st.SearchStrategy[Plain]:
    from fcsec.spec.schema import Key

    assert isinstance(key, Key)
    fields = {child.name: _shaped(child, depth) for child in key.children}
    fields["unknown_key"] = _VALUES
    return st.fixed_dictionaries({}, optional=fields)  # type: ignore[arg-type]


def spec_documents() -> st.SearchStrategy[dict[str, Plain]]:
    """Documents made of the language's keys (and one unknown key) with values of any type."""
    from fcsec.spec.schema import LANGUAGE

    return st.one_of(
        st.builds(lambda body: {"fcsec": 1, **body}, _table_of(LANGUAGE, 0)),
        _table_of(LANGUAGE, 0),  # type: ignore[arg-type]
    )
