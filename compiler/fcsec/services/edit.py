"""Apply a ``ServicesPlan`` to services.json: rewrite what fcsec manages, keep every other byte.

fcsec manages the listeners the plan names (matched by ``serviceName``) and
``mqtt.authenticationMethods``. A managed listener keeps its place in the ``listeners`` array and is
edited member by member: a member whose value is already right stays byte-identical, a changed value
replaces just that value's text, an owned member (``LISTENER_KEYS``; ``TLS_KEYS`` inside ``tls``)
the plan lacks is removed with its comma, a member the plan adds goes after the nearest owned member
that precedes it in the plan, and a member fcsec does not know stays where it is. A new listener is
appended to the array; a missing ``listeners`` becomes the first member of the file and a missing
``mqtt`` its last. New text follows the file's indentation and line ending (``detect_style``).

Every container is rebuilt from the original pieces (the whitespace before each child, the child,
the whitespace before its comma; ``fcsec.services.layout``), so an unchanged child is copied, never
re-serialised: a no-op returns the text it was given and applying a plan twice changes nothing the
second time.

The certificate key spelling is the one thing the editor may change in a plan
(``fcsec.services.spelling``): each listener respelled is named in a note of the result
(``ServicesEdit.notes``), for the compile summary.

It must never reorder, reformat or drop a member fcsec does not own, write files, or edit a file it
cannot read: broken JSON is FCS301 (``fcsec.services.scan``), a shape FairCom does not read is
FCS302, and a managed ``serviceName`` used by two listeners is FCS303 (``fcsec.services.shape``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from fcsec.diagnostics import DiagnosticError
from fcsec.record import Record
from fcsec.services.layout import Add, Keep, Layout, Slot
from fcsec.services.plan import (
    LISTENER_KEYS,
    TLS_KEYS,
    JsonObject,
    JsonValue,
    ListenerPlan,
    ServicesPlan,
)
from fcsec.services.render import (
    ONE_LINE_ARRAYS,
    VENDOR_STYLE,
    detect_style,
    render_document,
    render_value,
)
from fcsec.services.scan import ArrayNode, MemberNode, Node, ObjectNode, ScalarNode, scan, to_python
from fcsec.services.shape import check_shape, service_name
from fcsec.services.spelling import settle_spelling
from fcsec.services.validate import SchemaViolation, check_services, json_path
from fcsec.source import SourceFile

# Objects inside a managed object that are edited member by member, with the keys fcsec owns there.
_NESTED_OWNED: Mapping[str, tuple[str, ...]] = {"tls": TLS_KEYS}


class ServicesEdit(Record):
    """The new text of services.json and what the summary must say about it.

    ``notes`` are one line each, such as "listeners.mqtts8883: certificate key respelled
    serverCertificateFilename -> certificateFilename for faircom-db 13".
    """

    __slots__ = ("notes", "text")
    _compared = ("text", "notes")

    def __init__(self, *, text: str, notes: tuple[str, ...] = ()) -> None:
        self.text: Final = text
        self.notes: Final = notes


def edit_services(source: SourceFile, plan: ServicesPlan) -> ServicesEdit:
    """services.json with ``plan`` applied (a new file when ``source`` is blank), and the notes.

    Raises ``DiagnosticError`` (FCS301-FCS303) when the existing text cannot be edited safely, and
    ``SchemaViolation`` when the result breaks the schema (a bug in fcsec).
    """
    if not source.text.strip():
        edit = ServicesEdit(text=render_document(_sections(plan), VENDOR_STYLE))
    else:
        edit = _Editor(source, plan).run()
    _verify(source.name, edit.text, plan)
    return edit


def apply_services_plan(source: SourceFile, plan: ServicesPlan) -> str:
    """The text of ``edit_services``, for callers that need no notes."""
    return edit_services(source, plan).text


def _sections(plan: ServicesPlan) -> JsonObject:
    members: list[tuple[str, JsonValue]] = []
    if plan.listeners:
        members.append(("listeners", tuple(listener.body for listener in plan.listeners)))
    if plan.authentication_methods is not None:
        members.append(("mqtt", _mqtt_members(plan.authentication_methods)))
    return JsonObject(tuple(members))


def _mqtt_members(methods: tuple[str, ...]) -> JsonObject:
    return JsonObject((("authenticationMethods", methods),))


def _same(node: Node, value: JsonValue) -> bool:
    """Whether a node holds exactly ``value`` (``true`` is not ``1``, ``1.0`` is not ``1``)."""
    if isinstance(value, JsonObject):
        if not isinstance(node, ObjectNode) or len(node.members) != len(value.members):
            return False
        return all(
            member.key == key and _same(member.value, item)
            for member, (key, item) in zip(node.members, value.members, strict=True)
        )
    if isinstance(value, tuple):
        return (
            isinstance(node, ArrayNode)
            and len(node.items) == len(value)
            and all(_same(item, wanted) for item, wanted in zip(node.items, value, strict=True))
        )
    return isinstance(node, ScalarNode) and type(node.value) is type(value) and node.value == value


class _Editor:
    def __init__(self, source: SourceFile, plan: ServicesPlan) -> None:
        self.source = source
        self.text = source.text
        self.plan = plan
        self.layout = Layout(source.text, detect_style(source.text))
        self.managed: dict[str, ListenerPlan] = {}  # by serviceName, once the spelling is settled

    def run(self) -> ServicesEdit:
        root = scan(self.source)
        check_shape(self.source, root, self.plan)
        assert isinstance(root, ObjectNode)
        self.plan, notes = settle_spelling(root, self.plan)
        self.managed = {listener.service_name: listener for listener in self.plan.listeners}
        rebuilt = self.layout.rebuild(root, self._root_slots(root))
        return ServicesEdit(
            text=self.text[: root.start] + rebuilt + self.text[root.end :], notes=notes
        )

    # --- what changes where ---------------------------------------------------------------------

    def _root_slots(self, root: ObjectNode) -> list[Slot]:
        plan = self.plan
        slots: list[Slot] = []
        has_listeners = has_mqtt = False
        for index, member in enumerate(root.members):
            value = member.value
            if member.key == "listeners" and plan.listeners and not has_listeners:
                has_listeners = True
                assert isinstance(value, ArrayNode)
                slots.append(Keep(index=index, text=self._listeners_text(value)))
            elif member.key == "mqtt" and plan.authentication_methods is not None and not has_mqtt:
                has_mqtt = True
                assert isinstance(value, ObjectNode)
                slots.append(
                    Keep(
                        index=index,
                        text=self._object_text(
                            value,
                            _mqtt_members(plan.authentication_methods),
                            owned=("authenticationMethods",),
                        ),
                    )
                )
            else:
                slots.append(Keep(index=index))
        if plan.listeners and not has_listeners:
            bodies = tuple(listener.body for listener in plan.listeners)
            slots.insert(0, Add(key="listeners", value=bodies))
        if plan.authentication_methods is not None and not has_mqtt:
            slots.append(Add(key="mqtt", value=_mqtt_members(plan.authentication_methods)))
        return slots

    def _listeners_text(self, array: ArrayNode) -> str:
        slots: list[Slot] = []
        present: set[str] = set()
        for index, item in enumerate(array.items):
            assert isinstance(item, ObjectNode)
            named = service_name(item)
            listener = self.managed.get(named[0]) if named is not None else None
            if listener is None:
                slots.append(Keep(index=index))
                continue
            present.add(listener.service_name)
            keep = frozenset({"description"}) if listener.description_is_default else frozenset()
            text = self._object_text(item, listener.body, owned=LISTENER_KEYS, keep=keep)
            slots.append(Keep(index=index, text=text))
        for listener in self.plan.listeners:
            if listener.service_name not in present:
                slots.append(Add(key=None, value=listener.body))
        return self.layout.rebuild(array, slots)

    def _object_text(
        self,
        node: ObjectNode,
        desired: JsonObject,
        *,
        owned: tuple[str, ...],
        keep: frozenset[str] = frozenset(),
    ) -> str:
        """The new text of ``node`` holding ``desired``; ``keep`` names members whose existing
        string value wins over the plan's (a listener's own description)."""
        wanted = desired.keys()
        owned_keys = set(owned) | set(wanted)
        seen: set[str] = set()
        slots: list[Slot] = []
        for index, member in enumerate(node.members):
            key = member.key
            if key not in owned_keys:
                slots.append(Keep(index=index))  # the user's: stays where it is
                continue
            if key in seen or key not in wanted:
                seen.add(key)  # an owned member the plan lacks, or a later duplicate: removed
                continue
            seen.add(key)
            value = desired.get(key)
            assert value is not None
            slots.append(Keep(index=index, text=self._value_text(member, value, key in keep)))
        for position, key in enumerate(wanted):
            if key in seen:
                continue
            at = 0
            for earlier in reversed(wanted[:position]):
                found = self._slot_of(node, slots, earlier)
                if found is not None:
                    at = found + 1
                    break
            value = desired.get(key)
            assert value is not None
            slots.insert(at, Add(key=key, value=value))
            seen.add(key)
        return self.layout.rebuild(node, slots)

    @staticmethod
    def _slot_of(node: ObjectNode, slots: Sequence[Slot], key: str) -> int | None:
        for position, slot in enumerate(slots):
            slot_key = slot.key if isinstance(slot, Add) else node.members[slot.index].key
            if slot_key == key:
                return position
        return None

    def _value_text(self, member: MemberNode, value: JsonValue, keep: bool) -> str | None:
        """The new text of an owned member's value, or ``None`` when its bytes stay."""
        node = member.value
        if keep and isinstance(node, ScalarNode) and isinstance(node.value, str):
            return None
        nested = _NESTED_OWNED.get(member.key)
        if nested is not None and isinstance(node, ObjectNode) and isinstance(value, JsonObject):
            text = self._object_text(node, value, owned=nested)
            return None if text == self.text[node.start : node.end] else text
        if _same(node, value):
            return None
        return render_value(
            value,
            indent=self.layout.line_indent(member.start),
            style=self.layout.style,
            inline=not self.layout.starts_line(member.start),
            one_line=member.key in ONE_LINE_ARRAYS,
        )


def _verify(name: str, result: str, plan: ServicesPlan) -> None:
    """Re-read the result and check what fcsec manages in it; any failure is a bug in fcsec."""
    try:
        root = scan(SourceFile(name=name, text=result))
    except DiagnosticError as problem:
        raise SchemaViolation("$", f"fcsec produced text that is not JSON: {problem}") from problem
    document = to_python(root)
    scope: list[tuple[str | int, ...]] = []
    listeners = document.get("listeners") if isinstance(document, dict) else None
    counts = dict.fromkeys((listener.service_name for listener in plan.listeners), 0)
    if isinstance(listeners, list):
        for index, item in enumerate(listeners):
            if isinstance(item, dict) and item.get("serviceName") in counts:
                counts[item["serviceName"]] += 1
                scope.append(("listeners", index))
    for listener_name, count in counts.items():
        if count != 1:
            raise SchemaViolation(
                json_path(("listeners",)),
                f"the result holds {count} listeners named {listener_name!r}, not one",
            )
    if plan.authentication_methods is not None:
        scope.append(("mqtt", "authenticationMethods"))
    check_services(document, scope=scope)
