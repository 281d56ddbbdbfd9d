"""fcsec.spec.document: TOML's table rules on the syntax AST, and the table tree it builds."""

from __future__ import annotations

from tests.spec.helpers import failure, parse, text_at, tree, where

from fcsec.diagnostics import Diagnostic
from fcsec.spec import syntax as ast
from fcsec.spec.document import MAX_DEPTH, Table, assemble, to_plain


def _rejected(text: str) -> tuple[Diagnostic, ...]:
    return failure(assemble, parse(text))


def _one(text: str) -> Diagnostic:
    diagnostics = _rejected(text)
    assert len(diagnostics) == 1, [d.message for d in diagnostics]
    return diagnostics[0]


# --- the tree ---------------------------------------------------------------------------------
def test_tables_and_dotted_keys_build_nested_tables() -> None:
    text = "fcsec = 1\n[listeners.https]\nport = 8443\ntls.cert = 'server'\n"
    assert to_plain(tree(text)) == {
        "fcsec": 1,
        "listeners": {"https": {"port": 8443, "tls": {"cert": "server"}}},
    }


def test_items_keep_the_order_written() -> None:
    assert tree("b = 1\na = 2\nc = 3\n").names() == ("b", "a", "c")


def test_item_key_span_is_the_last_part_of_the_key() -> None:
    item = tree("[listeners.a]\ntls.cert = 'x'\n").get("listeners")
    assert item is not None and isinstance(item.value, Table)
    listener = item.value.get("a")
    assert listener is not None and isinstance(listener.value, Table)
    tls = listener.value.get("tls")
    assert tls is not None and isinstance(tls.value, Table)
    cert = tls.value.get("cert")
    assert cert is not None
    assert where(cert.key_span) == (2, 5)


def test_table_span_is_its_header() -> None:
    item = tree("fcsec = 1\n[server]\n").get("server")
    assert item is not None and isinstance(item.value, Table)
    assert text_at(item.value.span) == "[server]"


def test_table_made_by_dotted_keys_has_no_span() -> None:
    item = tree("server.root = '/opt'\n").get("server")
    assert item is not None and isinstance(item.value, Table)
    assert item.value.span is None


def test_inline_table_becomes_a_table_with_its_span() -> None:
    item = tree("x = {a = 1}\n").get("x")
    assert item is not None and isinstance(item.value, Table)
    assert text_at(item.value.span) == "{a = 1}"


def test_get_of_a_missing_name_is_none() -> None:
    assert tree("a = 1\n").get("b") is None


def test_to_plain_reads_inline_tables_inside_arrays() -> None:
    assert to_plain(tree("a = [{b = 1}, [2]]\n")) == {"a": [{"b": 1}, [2]]}


def test_tree_equality_ignores_spans() -> None:
    assert tree("a = 1\n[t]\nb = 'x'\n") == tree('\n a=1\n\n[ t ]\n b = "x"\n')


# --- duplicate keys ---------------------------------------------------------------------------
def test_duplicate_key_points_at_the_second_and_names_the_first_line() -> None:
    diagnostic = _one("[certs.s]\nfile = 'a'\nfile = 'b'\n")
    assert diagnostic.rule == "FCS006"
    assert where(diagnostic.span) == (3, 1)
    assert diagnostic.hint is not None and "line 2" in diagnostic.hint


def test_bare_and_quoted_spellings_are_the_same_key() -> None:
    assert _one('a = 1\n"a" = 2\n').rule == "FCS006"


def test_literal_and_escaped_spellings_are_the_same_key() -> None:
    assert _one("'a' = 1\n\"\\u0061\" = 2\n").rule == "FCS006"


def test_duplicate_key_inside_an_inline_table() -> None:
    assert "defined twice" in _one("t = {a = 1, a = 2}\n").message


def test_duplicate_key_inside_an_inline_table_inside_an_array() -> None:
    assert "defined twice" in _one("t = [{a = 1, a = 2}]\n").message


def test_every_duplicate_is_reported_in_one_error() -> None:
    diagnostics = _rejected("a = 1\na = 2\n[t]\nb = 1\nb = 2\n")
    assert [where(d.span) for d in diagnostics] == [(2, 1), (5, 1)]


# --- tables defined twice ---------------------------------------------------------------------
def test_table_defined_twice_names_the_first_header() -> None:
    diagnostic = _one("[database]\ncert = 'a'\n[database]\ntls_only = true\n")
    assert "defined twice" in diagnostic.message
    assert where(diagnostic.span) == (3, 1)
    assert diagnostic.hint is not None and "line 1" in diagnostic.hint


def test_keys_under_a_rejected_header_are_not_reported_again() -> None:
    assert len(_rejected("[a]\nx = 1\n[a]\nx = 2\n")) == 1


def test_super_table_may_follow_its_sub_table() -> None:
    assert to_plain(tree("[a.b]\nc = 1\n[a]\nd = 2\n")) == {"a": {"b": {"c": 1}, "d": 2}}


def test_super_table_may_not_be_declared_twice_after_its_sub_table() -> None:
    assert _one("[a.b]\n[a]\n[a]\n").rule == "FCS006"


# --- dotted keys against tables ---------------------------------------------------------------
def test_header_cannot_reopen_a_table_made_by_dotted_keys() -> None:
    assert "defined twice" in _one("[certs]\nserver.file = 'a'\n[certs.server]\n").message


def test_dotted_key_cannot_add_to_a_table_made_by_a_header() -> None:
    diagnostic = _one("[certs.server]\nfile = 'a'\n[certs]\nserver.key = 'b'\n")
    assert "a dotted key cannot add to it" in diagnostic.message
    assert diagnostic.hint == "write `key` in the [certs.server] section"


def test_dotted_keys_may_share_a_prefix() -> None:
    assert to_plain(tree("a.b = 1\na.c = 2\n")) == {"a": {"b": 1, "c": 2}}


# The assembler adds `name = scalar` and, after one accepted `name.x`, `name.y = scalar` of the
# same section the short way; these hold it to the rules it skips.
def test_second_dotted_key_of_a_section_joins_the_first_ones_table() -> None:
    text = "[l.a]\ntls.cert = 'x'\ntls.ciphers = 'y'\n[l.b]\ntls.cert = 'z'\n"
    assert to_plain(tree(text)) == {
        "l": {"a": {"tls": {"cert": "x", "ciphers": "y"}}, "b": {"tls": {"cert": "z"}}}
    }


def test_repeated_dotted_key_in_a_section_is_a_duplicate() -> None:
    diagnostic = _one("[l.a]\ntls.cert = 'x'\ntls.cert = 'y'\n")
    assert "`tls.cert` is defined twice" in diagnostic.message
    assert where(diagnostic.span) == (3, 1)


def test_plain_key_over_a_dotted_table_is_a_duplicate() -> None:
    assert "`tls` is defined twice" in _one("[a]\ntls.cert = 'x'\ntls = 'y'\n").message


def test_dotted_key_after_a_rejected_one_is_checked_in_full() -> None:
    # The first `tls.x` fails (tls is a value), so the second must not take the short way.
    diagnostics = _rejected("[a]\ntls = 1\ntls.x = 2\ntls.y = 3\n")
    assert [d.rule for d in diagnostics] == ["FCS006", "FCS006"]


def test_a_dotted_table_of_one_section_is_not_reused_in_the_next() -> None:
    assert "defined twice" in _one("[a]\nb.c = 1\n[a.b]\nd = 2\n").message
    text = "[a]\nt.x = 1\n[z]\nt.y = 2\n"
    assert to_plain(tree(text)) == {"a": {"t": {"x": 1}}, "z": {"t": {"y": 2}}}


def test_header_below_a_dotted_table_is_allowed() -> None:
    assert to_plain(tree("[x]\na.b = 1\n[x.a.c]\n")) == {"x": {"a": {"b": 1, "c": {}}}}


def test_dotted_key_through_a_value_is_rejected() -> None:
    diagnostic = _one("fcsec = 1\nfcsec.x = 2\n")
    assert "would overwrite a value" in diagnostic.message
    assert diagnostic.hint is not None and "line 1" in diagnostic.hint


def test_header_through_a_value_is_rejected() -> None:
    assert "would overwrite a value" in _one("a = 1\n[a.b]\n").message


# --- inline tables and arrays are closed ------------------------------------------------------
def test_dotted_key_cannot_extend_an_inline_table() -> None:
    diagnostic = _one("database = {cert = 'a'}\ndatabase.tls_only = true\n")
    assert "cannot be extended" in diagnostic.message
    assert text_at(diagnostic.span) == "database.tls_only"


def test_header_cannot_extend_an_inline_table() -> None:
    assert _one("database = {cert = 'a'}\n[database]\n").rule == "FCS006"


def test_header_cannot_open_a_table_inside_an_inline_table() -> None:
    assert _one("a = {b = {c = 1}}\n[a.b.d]\n").rule == "FCS006"


def test_header_cannot_reopen_an_array() -> None:
    assert _one("a = [1]\n[a]\n").rule == "FCS006"


def test_inline_table_cannot_be_extended_from_inside_itself() -> None:
    assert "closed inline table" in _one("t = {a = {b = 1}, a.c = 2}\n").message


def test_inline_table_allows_dotted_keys_with_a_shared_parent() -> None:
    assert to_plain(tree("t = {a.b = 1, a.c = 2}\n")) == {"t": {"a": {"b": 1, "c": 2}}}


# --- depth limits -----------------------------------------------------------------------------
def _nested(depth: int) -> str:
    return "x = " + "[" * depth + "]" * depth + "\n"


def test_arrays_nested_to_the_limit_are_accepted() -> None:
    item = tree(_nested(MAX_DEPTH)).get("x")
    assert item is not None and isinstance(item.value, ast.ArrayValue)


def test_arrays_nested_beyond_the_limit_are_fcs005() -> None:
    diagnostic = _one(_nested(100))
    assert diagnostic.rule == "FCS005"
    assert "100 levels" in diagnostic.message
    assert where(diagnostic.span) == (1, 5 + MAX_DEPTH)


def test_inline_tables_nested_beyond_the_limit_are_fcs005() -> None:
    text = "x = " + "{a = " * 40 + "1" + "}" * 40 + "\n"
    assert _one(text).rule == "FCS005"


def test_dotted_key_longer_than_the_limit_is_fcs005() -> None:
    diagnostic = _one(".".join(["a"] * 40) + " = 1\n")
    assert diagnostic.rule == "FCS005"


def test_table_header_longer_than_the_limit_is_fcs005() -> None:
    assert _one("[" + ".".join(["a"] * 5000) + "]\nb = 1\n").rule == "FCS005"


def test_header_and_dotted_key_together_count_towards_the_limit() -> None:
    half = ".".join(["a"] * 20)
    assert _one(f"[{half}]\n{half} = 1\n").rule == "FCS005"


def test_key_at_the_limit_is_accepted() -> None:
    assert tree(".".join(["a"] * MAX_DEPTH) + " = 1\n").names() == ("a",)
