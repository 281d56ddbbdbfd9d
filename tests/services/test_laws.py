"""The editing laws of design.md, as hypothesis properties over generated services.json files.

Locality: every byte outside the managed listeners and ``mqtt.authenticationMethods`` survives.
Idempotence: applying a plan twice equals applying it once; a no-op returns the same text.
PutGet: the result holds exactly the plan's values, in the plan's order, and nothing owned else.
Rejection: text that is not JSON always gets an FCS301 diagnostic with a line and a column.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st
from tests.services.strategies import files, plans

from fcsec.diagnostics import DiagnosticError
from fcsec.services.edit import apply_services_plan
from fcsec.services.plan import (
    CERTIFICATE_KEYS,
    LISTENER_KEYS,
    TLS_KEYS,
    JsonObject,
    JsonValue,
    ServicesPlan,
)
from fcsec.services.scan import ArrayNode, MemberNode, Node, ObjectNode, ScalarNode, scan
from fcsec.source import SourceFile


def _apply(text: str, plan: ServicesPlan) -> str:
    return apply_services_plan(SourceFile(name="services.json", text=text), plan)


def _spelling_blind(key: str) -> str:
    return CERTIFICATE_KEYS[0] if key in CERTIFICATE_KEYS else key


def _root(text: str) -> ObjectNode:
    root = scan(SourceFile(name="services.json", text=text))
    assert isinstance(root, ObjectNode)
    return root


def _pieces(text: str, node: ObjectNode | ArrayNode) -> tuple[list[tuple[str, str]], str]:
    """(whitespace before, raw text) of each child, and the whitespace before the closer."""
    children: Sequence[MemberNode | Node] = (
        node.members if isinstance(node, ObjectNode) else node.items
    )
    pieces = []
    after = node.start + 1
    for child in children:
        pieces.append((text[after : child.start], text[child.start : child.end]))
        after = text.index(",", child.end) + 1 if child is not children[-1] else child.end
    trail = text[children[-1].end : node.end - 1] if children else ""
    return pieces, trail


def _name(item: Node) -> str | None:
    if not isinstance(item, ObjectNode):
        return None
    named = [m for m in item.members if m.key == "serviceName"]
    if named and isinstance(named[-1].value, ScalarNode) and isinstance(named[-1].value.value, str):
        return named[-1].value.value
    return None


def _member(node: ObjectNode, key: str) -> MemberNode | None:
    named = [m for m in node.members if m.key == key]
    return named[0] if named else None


def _user_pieces(
    text: str, node: ObjectNode, owned: Sequence[str]
) -> tuple[list[tuple[str, str]], str | None]:
    """The user's members as written, and the closing whitespace unless the object was empty."""
    pieces, trail = _pieces(text, node)
    kept = [p for p, m in zip(pieces, node.members, strict=True) if m.key not in owned]
    return kept, trail if node.members else None


def _plain(value: JsonValue) -> object:
    if isinstance(value, JsonObject):
        return {key: _plain(item) for key, item in value.members}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _pairs(text: str) -> Any:
    return json.loads(text, object_pairs_hook=lambda pairs: pairs)


# --- Locality -------------------------------------------------------------------------------------


@given(data=st.data())
def test_locality_bytes_outside_managed_parts_are_unchanged(data: st.DataObject) -> None:
    text, names = data.draw(files())
    plan = data.draw(plans(names))
    result = _apply(text, plan)
    before, after = _root(text), _root(result)
    managed = {listener.service_name for listener in plan.listeners}
    manages_mqtt = plan.authentication_methods is not None

    assert result[: after.start] == text[: before.start]
    assert result[after.end :] == text[before.end :]

    # Top level: every original member keeps its leading whitespace, key and (unless managed) value.
    old_members, old_trail = _pieces(text, before)
    new_members, new_trail = _pieces(result, after)
    if before.members:  # an empty object is laid out anew
        assert new_trail == old_trail
    added = {"listeners"} if plan.listeners and _member(before, "listeners") is None else set()
    if manages_mqtt and _member(before, "mqtt") is None:
        added.add("mqtt")
    survivors = [
        (piece, member)
        for piece, member in zip(new_members, after.members, strict=True)
        if member.key not in added
    ]
    assert len(survivors) == len(before.members)
    for (old, old_member), (new, new_member) in zip(
        zip(old_members, before.members, strict=True), survivors, strict=True
    ):
        assert new_member.key == old_member.key
        assert new[0] == old[0]
        key_part = text[old_member.start : old_member.value.start]
        assert result[new_member.start : new_member.value.start] == key_part
        managed_value = (old_member.key == "listeners" and plan.listeners) or (
            old_member.key == "mqtt" and manages_mqtt
        )
        if not managed_value:
            assert new[1] == old[1]

    # listeners: unmanaged elements byte-identical and in place, new ones appended in plan order.
    old_array = _member(before, "listeners")
    if plan.listeners and old_array is not None:
        new_array = _member(after, "listeners")
        assert new_array is not None
        assert isinstance(old_array.value, ArrayNode) and isinstance(new_array.value, ArrayNode)
        old_items, old_trail = _pieces(text, old_array.value)
        new_items, new_trail = _pieces(result, new_array.value)
        count = len(old_items)
        if count:
            assert new_trail == old_trail
        for index, (old, new) in enumerate(zip(old_items, new_items[:count], strict=True)):
            assert new[0] == old[0]
            old_node, new_node = old_array.value.items[index], new_array.value.items[index]
            assert _name(new_node) == _name(old_node)
            if _name(old_node) not in managed:
                assert new[1] == old[1]
            else:
                assert isinstance(old_node, ObjectNode) and isinstance(new_node, ObjectNode)
                assert (
                    _user_pieces(result, new_node, LISTENER_KEYS)[0]
                    == (_user_pieces(text, old_node, LISTENER_KEYS)[0])
                )
                if old_node.members:
                    assert _user_pieces(result, new_node, LISTENER_KEYS) == _user_pieces(
                        text, old_node, LISTENER_KEYS
                    )
                old_tls, new_tls = _member(old_node, "tls"), _member(new_node, "tls")
                if (
                    old_tls is not None
                    and new_tls is not None
                    and isinstance(old_tls.value, ObjectNode)
                    and isinstance(new_tls.value, ObjectNode)
                ):
                    old_user = _user_pieces(text, old_tls.value, TLS_KEYS)
                    new_user = _user_pieces(result, new_tls.value, TLS_KEYS)
                    assert new_user[0] == old_user[0]
                    if old_user[1] is not None:
                        assert new_user == old_user
        existing = {_name(item) for item in old_array.value.items}
        appended = [_name(item) for item in new_array.value.items[count:]]
        assert appended == [
            lp.service_name for lp in plan.listeners if lp.service_name not in existing
        ]

    # mqtt: every member but authenticationMethods byte-identical and in place.
    old_mqtt = _member(before, "mqtt")
    if manages_mqtt and old_mqtt is not None:
        new_mqtt = _member(after, "mqtt")
        assert new_mqtt is not None
        assert isinstance(old_mqtt.value, ObjectNode) and isinstance(new_mqtt.value, ObjectNode)
        owned = ("authenticationMethods",)
        old_user = _user_pieces(text, old_mqtt.value, owned)
        new_user = _user_pieces(result, new_mqtt.value, owned)
        assert new_user[0] == old_user[0]
        if old_user[1] is not None:
            assert new_user == old_user

    # And as data: everything but the managed parts is equal.
    def unmanaged(document: dict[str, object]) -> dict[str, object]:
        rest = dict(document)
        if plan.listeners and isinstance(rest.get("listeners"), list):
            rest["listeners"] = [
                item
                for item in rest["listeners"]  # type: ignore[attr-defined]
                if not (isinstance(item, dict) and item.get("serviceName") in managed)
            ]
            if "listeners" not in json.loads(text) and not rest["listeners"]:
                del rest["listeners"]
        if manages_mqtt and isinstance(rest.get("mqtt"), dict):
            mqtt = dict(rest["mqtt"])  # type: ignore[call-overload]
            mqtt.pop("authenticationMethods", None)
            if "mqtt" not in json.loads(text) and not mqtt:
                del rest["mqtt"]
            else:
                rest["mqtt"] = mqtt
        return rest

    assert unmanaged(json.loads(result)) == unmanaged(json.loads(text))


# --- Idempotence ----------------------------------------------------------------------------------


@given(data=st.data())
def test_idempotence_applying_twice_equals_applying_once(data: st.DataObject) -> None:
    text, names = data.draw(files())
    plan = data.draw(plans(names))
    once = _apply(text, plan)
    assert _apply(once, plan) == once


@given(data=st.data())
def test_an_empty_plan_returns_the_text_unchanged(data: st.DataObject) -> None:
    text, _ = data.draw(files())
    assert _apply(text, ServicesPlan()) == text


@given(data=st.data())
def test_a_new_file_is_stable_and_complete(data: st.DataObject) -> None:
    plan = data.draw(plans(()))
    created = _apply("", plan)
    assert created.endswith("\n") and "\r" not in created
    assert _apply(created, plan) == created
    document = json.loads(created)
    assert ("listeners" in document) == bool(plan.listeners)
    assert ("mqtt" in document) == (plan.authentication_methods is not None)


# --- PutGet ---------------------------------------------------------------------------------------


def _in_vendor_order(keys: Sequence[str], order: Sequence[str]) -> bool:
    positions = [order.index(key) for key in keys if key in order]
    return positions == sorted(positions)


@given(data=st.data())
def test_putget_result_holds_exactly_the_plans_values(data: st.DataObject) -> None:
    text, names = data.draw(files())
    plan = data.draw(plans(names))
    result = _apply(text, plan)
    old = json.loads(text)
    old_pairs = _pairs(text)
    new = json.loads(result)
    new_pairs = _pairs(result)
    assert isinstance(old_pairs, list) and isinstance(new_pairs, list)

    def listeners_of(pairs: list[tuple[str, object]]) -> dict[str, list[tuple[str, object]]]:
        found = dict(pairs).get("listeners")
        if not isinstance(found, list):
            return {}
        return {
            dict(item)["serviceName"]: item
            for item in found
            if isinstance(item, list) and isinstance(dict(item).get("serviceName"), str)
        }

    old_listeners = listeners_of(old_pairs)
    new_listeners = listeners_of(new_pairs)
    for listener in plan.listeners:
        body = listener.body
        got = new_listeners[listener.service_name]
        owned_got = [(k, v) for k, v in got if k in LISTENER_KEYS]
        # exactly the plan's owned keys, once each
        assert sorted(k for k, _ in owned_got) == sorted(body.keys())
        previous = old_listeners.get(listener.service_name)
        first_old: dict[str, object] = {}
        if previous is not None:
            for key, value in previous:
                first_old.setdefault(key, value)
            old_owned = [k for k, _ in previous if k in LISTENER_KEYS]
            if _in_vendor_order(list(dict.fromkeys(old_owned)), LISTENER_KEYS):
                assert [k for k, _ in owned_got] == list(body.keys())
        else:
            assert [k for k, _ in owned_got] == list(body.keys())
        values = dict(got)
        for key, wanted in body.members:
            if (
                key == "description"
                and listener.description_is_default
                and isinstance(first_old.get("description"), str)
            ):
                assert values[key] == first_old["description"]
            elif key == "tls":
                assert isinstance(wanted, JsonObject)
                tls_pairs = values["tls"]
                assert isinstance(tls_pairs, list)
                owned_tls = [(k, v) for k, v in tls_pairs if k in TLS_KEYS]
                if plan.certificate_key_source is None:
                    # Nothing chose the spelling: the file's own may replace the plan's.
                    owned_tls = [(_spelling_blind(k), v) for k, v in owned_tls]
                    wanted = JsonObject(tuple((_spelling_blind(k), v) for k, v in wanted.members))
                assert sorted(k for k, _ in owned_tls) == sorted(wanted.keys())
                assert {k: v for k, v in owned_tls} == _plain(wanted)
                old_tls = first_old.get("tls")
                if isinstance(old_tls, list):
                    user_old = [(k, v) for k, v in old_tls if k not in TLS_KEYS]
                    assert [(k, v) for k, v in tls_pairs if k not in TLS_KEYS] == user_old
                    if _in_vendor_order([k for k, _ in old_tls], TLS_KEYS):
                        assert [k for k, _ in owned_tls] == list(wanted.keys())
            else:
                assert values[key] == _plain(wanted)
        if previous is not None:
            assert [(k, v) for k, v in got if k not in LISTENER_KEYS] == [
                (k, v) for k, v in previous if k not in LISTENER_KEYS
            ]
    if plan.authentication_methods is not None:
        assert new["mqtt"]["authenticationMethods"] == list(plan.authentication_methods)
        mqtt_pairs = dict(new_pairs)["mqtt"]
        assert [k for k, _ in mqtt_pairs].count("authenticationMethods") == 1
    elif "mqtt" in old:
        assert new["mqtt"] == old["mqtt"]


# --- Rejection ------------------------------------------------------------------------------------

_NOISE: st.SearchStrategy[str] = st.sampled_from(
    [*",:{}[]\"'\\/ \t\n0-.etn", "//", "NaN", "\u00e9", "\x01"]
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text, _ = draw(files())
    at = draw(st.integers(0, len(text)))
    kind = draw(st.sampled_from(("delete", "insert", "truncate", "replace")))
    if kind == "delete" and at < len(text):
        return text[:at] + text[at + 1 :]
    if kind == "truncate":
        return text[:at]
    if kind == "replace" and at < len(text):
        return text[:at] + draw(_NOISE) + text[at + 1 :]
    return text[:at] + draw(_NOISE) + text[at:]


def _is_json(text: str) -> bool:
    def no_constants(name: str) -> object:
        raise ValueError(name)

    try:
        json.loads(text, parse_constant=no_constants)
    except ValueError:
        return False
    return True


@given(data=st.data())
def test_rejection_broken_json_gets_fcs301_with_line_and_column(data: st.DataObject) -> None:
    text = data.draw(mutated())
    plan = data.draw(plans(("https8443", "mqtts8883")))
    assume(text.strip())
    try:
        _apply(text, plan)
    except DiagnosticError as failure:
        assert failure.diagnostics
        for diagnostic in failure.diagnostics:
            assert diagnostic.rule in {"FCS301", "FCS302", "FCS303"}
            assert diagnostic.span is not None
            assert diagnostic.span.line >= 1 and diagnostic.span.column >= 1
        rules = {d.rule for d in failure.diagnostics}
        assert (rules == {"FCS301"}) == (not _is_json(text))
    else:
        assert _is_json(text)
