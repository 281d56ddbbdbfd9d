"""fcsec.spec.overlay and --env: an [env.NAME] overlay patches the base spec, key by key."""

from __future__ import annotations

from tests.spec.helpers import BASE, load, load_errors, only, source, text_at, tree, where

from fcsec.api import environments
from fcsec.spec.document import Table, to_plain
from fcsec.spec.overlay import merge, without


def _merged(base: str, overlay: str) -> Table:
    return merge(tree(base), tree(overlay))


# --- merge ------------------------------------------------------------------------------------
def test_overlay_replaces_a_value() -> None:
    assert to_plain(_merged("a = 1\n", "a = 2\n")) == {"a": 2}


def test_overlay_adds_a_new_key_after_the_base_keys() -> None:
    assert list(to_plain(_merged("b = 1\na = 1\n", "c = 1\nb = 2\n"))) == ["b", "a", "c"]  # type: ignore[arg-type]


def test_tables_merge_key_by_key() -> None:
    merged = _merged("[t]\na = 1\nb = 1\n", "t.b = 2\nt.c = 3\n")
    assert to_plain(merged) == {"t": {"a": 1, "b": 2, "c": 3}}


def test_nested_tables_merge_deeply() -> None:
    merged = _merged("[x.y]\na = 1\n", "x.y.b = 2\n")
    assert to_plain(merged) == {"x": {"y": {"a": 1, "b": 2}}}


def test_a_value_may_replace_a_table_and_the_structure_check_judges_it() -> None:
    assert to_plain(_merged("[t]\na = 1\n", "t = 2\n")) == {"t": 2}


def test_arrays_are_replaced_not_appended() -> None:
    assert to_plain(_merged('a = ["x", "y"]\n', 'a = ["z"]\n')) == {"a": ["z"]}


def test_replaced_value_carries_the_overlay_span() -> None:
    merged = _merged("a = 1\n", "\n\na = 2\n")
    item = merged.get("a")
    assert item is not None
    assert where(item.key_span) == (3, 1)


def test_merge_keeps_the_base_table_span() -> None:
    base = tree("[t]\na = 1\n")
    item = merge(base, tree("t.a = 2\n")).get("t")
    assert item is not None and isinstance(item.value, Table)
    assert text_at(item.value.span) == "[t]"


def test_empty_overlay_changes_nothing() -> None:
    base = tree("a = 1\n[t]\nb = 2\n")
    assert merge(base, tree("")) == base


def test_without_removes_one_top_level_key() -> None:
    assert to_plain(without(tree("a = 1\n[env.dev]\nb = 2\n"), "env")) == {"a": 1}


# --- through load_spec ------------------------------------------------------------------------
SPEC = (
    BASE
    + '[listeners.http8080]\nprotocol = "http"\nport = 8080\nenabled = false\n'
    + '[database]\ncert = "server"\n'
    + "[env.dev]\ndatabase.tls_only = false\nlisteners.http8080.enabled = true\n"
    + '[env.prod]\nlisteners.https8443 = { protocol = "https", port = 8443, tls.cert = "server" }\n'
)


def test_without_env_the_overlays_are_not_applied() -> None:
    spec = load(SPEC).spec
    assert spec.database is not None and spec.database.tls_only is True
    assert spec.listeners[0].enabled is False
    assert spec.env is None


def test_env_overlay_changes_the_database() -> None:
    spec = load(SPEC, env="dev").spec
    assert spec.database is not None and spec.database.tls_only is False
    assert spec.env == "dev"


def test_env_overlay_changes_a_listener() -> None:
    assert load(SPEC, env="dev").spec.listeners[0].enabled is True


def test_env_overlay_adds_a_listener() -> None:
    names = [listener.name for listener in load(SPEC, env="prod").spec.listeners]
    assert names == ["http8080", "https8443"]


def test_environments_are_listed_in_the_order_written() -> None:
    assert environments(source(SPEC)) == ("dev", "prod")


def test_unknown_env_is_fcs025_and_suggests_the_closest() -> None:
    diagnostic = only(load_errors(SPEC, env="deb"), "FCS025")
    assert diagnostic.message == "the spec has no environment `deb`"
    assert diagnostic.hint == "did you mean `dev`? environments: dev, prod"


def test_unknown_env_without_any_overlay_says_how_to_add_one() -> None:
    diagnostic = only(load_errors(BASE, env="nope"), "FCS025")
    assert diagnostic.hint == "add [env.nope]"


def test_bad_overlay_is_reported_even_when_another_env_is_chosen() -> None:
    text = SPEC + "[env.broken]\ndatabase.tls_onyl = false\n"
    diagnostic = only(load_errors(text, env="dev"), "FCS024")
    assert text_at(diagnostic.span) == "tls_onyl"


def test_bad_overlay_is_reported_without_any_env() -> None:
    text = SPEC + "[env.broken]\ndatabase.tls_onyl = false\n"
    assert only(load_errors(text), "FCS024").message.startswith("unknown key `tls_onyl`")


def test_error_caused_by_an_overlay_points_into_the_overlay() -> None:
    text = SPEC + "[env.bad]\nlisteners.http8080.port = 0\n"
    diagnostic = only(load_errors(text, env="bad"), "FCS016")
    assert where(diagnostic.span)[0] == text.count("\n")


def test_overlay_creating_an_incomplete_listener_needs_its_required_keys() -> None:
    text = SPEC + "[env.half]\nlisteners.mqtt1883.port = 1883\n"
    diagnostic = only(load_errors(text, env="half"), "FCS026")
    assert diagnostic.message == "[listeners.mqtt1883] needs `protocol`"
