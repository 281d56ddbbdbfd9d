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
the whitespace before its comma), so an unchanged child is copied, never re-serialised: a no-op
returns the text it was given and applying a plan twice changes nothing the second time.

The certificate key spelling is the one thing the editor may change in a plan: when the plan's
``certificate_key_source`` is None (the spec names no product), an existing listener keeps the
spelling it already has, and a listener without one takes the spelling every listener of the
file shares; when the spec's ``[server]`` chose the spelling, each listener respelled is named in
a note of the result (``ServicesEdit.notes``), for the compile summary.

It must never reorder, reformat or drop a member fcsec does not own, write files, or edit a file it
cannot read: broken JSON is FCS301, a shape FairCom does not read is FCS302, and a managed
``serviceName`` used by two listeners is FCS303.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from fcsec.diagnostics import Diagnostic, DiagnosticError, Related, diagnostic, sort_key
from fcsec.rule_ids import SERVICES_SHAPE, SERVICES_SHARED_NAME
from fcsec.services.plan import (
    CERTIFICATE_KEYS,
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
    Style,
    detect_style,
    render_document,
    render_member,
    render_value,
)
from fcsec.services.scan import (
    ArrayNode,
    MemberNode,
    Node,
    ObjectNode,
    ScalarNode,
    kind_of,
    scan,
    to_python,
)
from fcsec.services.validate import SchemaViolation, check_services, json_path
from fcsec.source import SourceFile, Span

# Objects inside a managed object that are edited member by member, with the keys fcsec owns there.
_NESTED_OWNED: Mapping[str, tuple[str, ...]] = {"tls": TLS_KEYS}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What may precede an empty container on its line for new children to go on lines of their own:
# indentation and, for a member's value, the member's name.
_OWNER_OPENS_LINE = re.compile(r'[ \t]*+(?:"(?:[^"\\]|\\.)*+"[ \t]*+:[ \t]*+)?+')


@attrs.frozen(kw_only=True)
class ServicesEdit:
    """The new text of services.json and what the summary must say about it.

    ``notes`` are one line each, such as "listeners.mqtts8883: certificate key respelled
    serverCertificateFilename -> certificateFilename for faircom-db 13".
    """

    text: str
    notes: tuple[str, ...] = ()


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


def _service_name(item: ObjectNode) -> tuple[str, ScalarNode] | None:
    """The listener's name and its value node: the last ``serviceName``, as JSON readers take it."""
    named = item.members_named("serviceName")
    value = named[-1].value if named else None
    if isinstance(value, ScalarNode) and isinstance(value.value, str):
        return value.value, value
    return None


def _certificate_keys(item: ObjectNode) -> tuple[str, ...]:
    """The certificate key spellings in a listener's ``tls`` object (the last one, as read)."""
    tls = item.members_named("tls")
    node = tls[-1].value if tls else None
    if not isinstance(node, ObjectNode):
        return ()
    return tuple(key for key in CERTIFICATE_KEYS if node.members_named(key))


def _planned_certificate_key(body: JsonObject) -> str | None:
    tls = body.get("tls")
    if not isinstance(tls, JsonObject):
        return None
    return next((key for key, _ in tls.members if key in CERTIFICATE_KEYS), None)


def _respelled(listener: ListenerPlan, old: str, new: str) -> ListenerPlan:
    tls = listener.body.get("tls")
    assert isinstance(tls, JsonObject)
    renamed = JsonObject(tuple((new if key == old else key, value) for key, value in tls.members))
    body = JsonObject(
        tuple((key, renamed if key == "tls" else value) for key, value in listener.body.members)
    )
    return attrs.evolve(listener, body=body)


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


@attrs.frozen(kw_only=True)
class _Keep:
    """An existing child, copied; ``text`` replaces a member's value or an element when given."""

    index: int
    text: str | None = None


@attrs.frozen(kw_only=True)
class _Add:
    """A new child: a member when ``key`` is set, an array element otherwise."""

    key: str | None
    value: JsonValue


_Slot = _Keep | _Add


class _Editor:
    def __init__(self, source: SourceFile, plan: ServicesPlan) -> None:
        self.source = source
        self.text = source.text
        self.plan = plan
        self.style: Style = detect_style(source.text)
        self.managed: dict[str, ListenerPlan] = {
            listener.service_name: listener for listener in plan.listeners
        }

    def run(self) -> ServicesEdit:
        root = scan(self.source)
        self._check_shape(root)
        assert isinstance(root, ObjectNode)
        notes = self._settle_spelling(root)
        rebuilt = self._rebuild(root, self._root_slots(root))
        return ServicesEdit(
            text=self.text[: root.start] + rebuilt + self.text[root.end :], notes=notes
        )

    # --- the certificate key spelling -----------------------------------------------------------

    def _settle_spelling(self, root: ObjectNode) -> tuple[str, ...]:
        """Adjust the plan's certificate keys to the file (see the module docstring); the notes."""
        own, house = self._spellings_in_file(root)
        source = self.plan.certificate_key_source
        notes: list[str] = []
        settled: list[ListenerPlan] = []
        for listener in self.plan.listeners:
            planned = _planned_certificate_key(listener.body)
            found = own.get(listener.service_name, ())
            where = f"listeners.{listener.service_name}"
            if planned is None or found == (planned,):
                pass
            elif len(found) > 1:
                chooser = f"for {source}" if source else "(set [server] product to choose)"
                notes.append(
                    f"{where}: tls held both {' and '.join(found)}; kept {planned} {chooser}"
                )
            elif source is not None:
                if found:
                    notes.append(
                        f"{where}: certificate key respelled {found[0]} -> {planned} for {source}"
                    )
                elif house is not None:
                    notes.append(
                        f"{where}: certificate key {planned} for {source}, while the file's "
                        f"listeners spell {house}"
                    )
            elif found:
                listener = _respelled(listener, planned, found[0])
            elif house is not None:
                listener = _respelled(listener, planned, house)
            settled.append(listener)
        self.plan = attrs.evolve(self.plan, listeners=tuple(settled))
        self.managed = {listener.service_name: listener for listener in settled}
        return tuple(notes)

    def _spellings_in_file(self, root: ObjectNode) -> tuple[dict[str, tuple[str, ...]], str | None]:
        """The spellings of each managed listener, and the one every listener shares (if any)."""
        own: dict[str, tuple[str, ...]] = {}
        shared: set[str] = set()
        listeners = root.members_named("listeners")
        array = listeners[0].value if listeners else None
        for item in array.items if isinstance(array, ArrayNode) else ():
            if not isinstance(item, ObjectNode):
                continue
            spellings = _certificate_keys(item)
            shared.update(spellings)
            named = _service_name(item)
            if named is not None and named[0] in self.managed:
                own.setdefault(named[0], spellings)
        return own, next(iter(shared)) if len(shared) == 1 else None

    # --- shape checks ---------------------------------------------------------------------------

    def _span(self, start: int, end: int) -> Span:
        return self.source.span(start, end)

    def _check_shape(self, root: Node) -> None:
        shape_hint = (
            "make the top level an object, `listeners` an array of objects and `mqtt` an object"
        )
        if not isinstance(root, ObjectNode):
            raise DiagnosticError(
                [
                    diagnostic(
                        SERVICES_SHAPE,
                        f"the top level of services.json is {kind_of(root)}, not an object",
                        self._span(root.start, root.end),
                        hint=shape_hint,
                    )
                ]
            )
        found: list[Diagnostic] = []
        sections: list[tuple[str, type[ObjectNode] | type[ArrayNode]]] = []
        if self.plan.listeners:
            sections.append(("listeners", ArrayNode))
        if self.plan.authentication_methods is not None:
            sections.append(("mqtt", ObjectNode))
        for key, expected in sections:
            named = root.members_named(key)
            for extra in named[1:]:
                found.append(
                    diagnostic(
                        SERVICES_SHAPE,
                        f"`{key}` appears more than once in the top-level object",
                        self._span(extra.key_start, extra.key_end),
                        hint=f"merge the `{key}` members into one; fcsec cannot tell which one "
                        "FairCom reads",
                    )
                )
            if named and not isinstance(named[0].value, expected):
                wanted = "an array" if expected is ArrayNode else "an object"
                value = named[0].value
                found.append(
                    diagnostic(
                        SERVICES_SHAPE,
                        f"`{key}` is {kind_of(value)}, not {wanted}",
                        self._span(value.start, value.end),
                        hint=shape_hint,
                    )
                )
        listeners = root.members_named("listeners")
        if self.plan.listeners and listeners and isinstance(listeners[0].value, ArrayNode):
            found.extend(self._check_listeners(listeners[0].value))
        if found:
            raise DiagnosticError(sorted(found, key=sort_key))

    def _check_listeners(self, array: ArrayNode) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        first: dict[str, ScalarNode] = {}
        for index, item in enumerate(array.items):
            if not isinstance(item, ObjectNode):
                found.append(
                    diagnostic(
                        SERVICES_SHAPE,
                        f"`listeners[{index}]` is {kind_of(item)}, not an object",
                        self._span(item.start, item.end),
                        hint="every element of `listeners` is an object such as "
                        '{ "serviceName": "https8443", ... }',
                    )
                )
                continue
            named = _service_name(item)
            if named is None or named[0] not in self.managed:
                continue
            name, value = named
            if name not in first:
                first[name] = value
                continue
            earlier = first[name]
            line, _ = self.source.line_col(earlier.start)
            found.append(
                diagnostic(
                    SERVICES_SHARED_NAME,
                    f"a second listener is named `{name}`, which the spec manages",
                    self._span(value.start, value.end),
                    hint="rename or delete one of the two listeners",
                    related=(
                        Related(
                            span=self._span(earlier.start, earlier.end),
                            message=f"the first `{name}` is at line {line}",
                        ),
                    ),
                )
            )
        return found

    # --- what changes where ---------------------------------------------------------------------

    def _root_slots(self, root: ObjectNode) -> list[_Slot]:
        plan = self.plan
        slots: list[_Slot] = []
        has_listeners = has_mqtt = False
        for index, member in enumerate(root.members):
            value = member.value
            if member.key == "listeners" and plan.listeners and not has_listeners:
                has_listeners = True
                assert isinstance(value, ArrayNode)
                slots.append(_Keep(index=index, text=self._listeners_text(value)))
            elif member.key == "mqtt" and plan.authentication_methods is not None and not has_mqtt:
                has_mqtt = True
                assert isinstance(value, ObjectNode)
                slots.append(
                    _Keep(
                        index=index,
                        text=self._object_text(
                            value,
                            _mqtt_members(plan.authentication_methods),
                            owned=("authenticationMethods",),
                        ),
                    )
                )
            else:
                slots.append(_Keep(index=index))
        if plan.listeners and not has_listeners:
            bodies = tuple(listener.body for listener in plan.listeners)
            slots.insert(0, _Add(key="listeners", value=bodies))
        if plan.authentication_methods is not None and not has_mqtt:
            slots.append(_Add(key="mqtt", value=_mqtt_members(plan.authentication_methods)))
        return slots

    def _listeners_text(self, array: ArrayNode) -> str:
        slots: list[_Slot] = []
        present: set[str] = set()
        for index, item in enumerate(array.items):
            assert isinstance(item, ObjectNode)
            named = _service_name(item)
            listener = self.managed.get(named[0]) if named is not None else None
            if listener is None:
                slots.append(_Keep(index=index))
                continue
            present.add(listener.service_name)
            keep = frozenset({"description"}) if listener.description_is_default else frozenset()
            text = self._object_text(item, listener.body, owned=LISTENER_KEYS, keep=keep)
            slots.append(_Keep(index=index, text=text))
        for listener in self.plan.listeners:
            if listener.service_name not in present:
                slots.append(_Add(key=None, value=listener.body))
        return self._rebuild(array, slots)

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
        slots: list[_Slot] = []
        for index, member in enumerate(node.members):
            key = member.key
            if key not in owned_keys:
                slots.append(_Keep(index=index))  # the user's: stays where it is
                continue
            if key in seen or key not in wanted:
                seen.add(key)  # an owned member the plan lacks, or a later duplicate: removed
                continue
            seen.add(key)
            value = desired.get(key)
            assert value is not None
            slots.append(_Keep(index=index, text=self._value_text(member, value, key in keep)))
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
            slots.insert(at, _Add(key=key, value=value))
            seen.add(key)
        return self._rebuild(node, slots)

    @staticmethod
    def _slot_of(node: ObjectNode, slots: Sequence[_Slot], key: str) -> int | None:
        for position, slot in enumerate(slots):
            slot_key = slot.key if isinstance(slot, _Add) else node.members[slot.index].key
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
            indent=self._line_indent(member.start),
            style=self.style,
            inline=not self._starts_line(member.start),
            one_line=member.key in ONE_LINE_ARRAYS,
        )

    # --- text -----------------------------------------------------------------------------------

    def _line_start(self, pos: int) -> int:
        return max(self.text.rfind("\n", 0, pos), self.text.rfind("\r", 0, pos)) + 1

    def _line_indent(self, pos: int) -> str:
        """The spaces and TABs that open the line holding ``pos``."""
        start = self._line_start(pos)
        line = self.text[start:pos]
        return line[: len(line) - len(line.lstrip(" \t"))]

    def _starts_line(self, pos: int) -> bool:
        return self.text[self._line_start(pos) : pos].strip(" \t") == ""

    def _new_lead(self, model: str, *, at_end: bool) -> tuple[str, str, bool]:
        """Whitespace before a new child, its indentation, and whether it stays on one line.

        ``model`` is the whitespace before a neighbouring child; the new child takes its
        indentation. A child appended after the last one also copies a blank line before it (the
        vendor separates top-level sections that way); elsewhere it gets a plain line break.
        """
        breaks = len(_LINE_BREAK.findall(model))
        if breaks == 0:
            return model, "", True
        indent = _LINE_BREAK.split(model)[-1]
        count = min(breaks, 2) if at_end else 1
        return self.style.newline * count + indent, indent, False

    def _rebuild(self, node: ObjectNode | ArrayNode, slots: Sequence[_Slot]) -> str:
        """The text of ``node`` with its children laid out as ``slots`` say.

        Children that are not in ``slots`` are dropped with their comma. Kept children bring the
        whitespace before them and before their comma, so an unchanged container comes back
        byte-identical.
        """
        text = self.text
        is_object = isinstance(node, ObjectNode)
        children: Sequence[MemberNode | Node]
        children = node.members if isinstance(node, ObjectNode) else node.items
        open_char, close_char = ("{", "}") if is_object else ("[", "]")
        if all(isinstance(slot, _Keep) and slot.text is None for slot in slots) and [
            slot.index for slot in slots if isinstance(slot, _Keep)
        ] == list(range(len(children))):
            return text[node.start : node.end]

        if not children:
            adds = [slot for slot in slots if isinstance(slot, _Add)]
            if not adds:
                return text[node.start : node.end]
            if not _OWNER_OPENS_LINE.fullmatch(text, self._line_start(node.start), node.start):
                # `{ "a": 1, "tls": {} }`: the new members stay on the line too.
                members = ", ".join(self._render_add(add, "", True, ": ") for add in adds)
                return f"{open_char} {members} {close_char}"
            outer = self._line_indent(node.start)
            # The vendor writes an object element at its key's indentation (`\t{`).
            inner = outer + self.style.indent if is_object else outer
            lead = self.style.newline + inner
            parts = [lead + self._render_add(add, inner, False, ": ") for add in adds]
            return open_char + ",".join(parts) + self.style.newline + outer + close_char

        leads: list[str] = []
        tails: list[str] = []
        after = node.start + 1
        for index, child in enumerate(children):
            leads.append(text[after : child.start])
            if index + 1 < len(children):
                comma = text.index(",", child.end)
                tails.append(text[child.end : comma])
                after = comma + 1
            else:
                tails.append("")
        trail = text[children[-1].end : node.end - 1]
        colon = ": "
        if isinstance(node, ObjectNode):
            between = text[node.members[0].key_end : node.members[0].value.start]
            if not _LINE_BREAK.search(between):
                colon = between

        out = [open_char]
        for position, slot in enumerate(slots):
            if isinstance(slot, _Keep):
                child = children[slot.index]
                out.append(leads[slot.index])
                if slot.text is None:
                    out.append(text[child.start : child.end])
                elif isinstance(child, MemberNode):
                    out.append(text[child.start : child.value.start] + slot.text)
                else:
                    out.append(slot.text)
                tail = tails[slot.index]
            else:
                at_end = not any(isinstance(later, _Keep) for later in slots[position:])
                model = leads[self._neighbour(slots, position)]
                lead, indent, inline = self._new_lead(model, at_end=at_end)
                out.append(lead + self._render_add(slot, indent, inline, colon))
                tail = ""
            if position + 1 < len(slots):
                out.append(tail + ",")
        out.append(trail + close_char)
        return "".join(out)

    @staticmethod
    def _neighbour(slots: Sequence[_Slot], position: int) -> int:
        """The existing child whose leading whitespace a new child at ``position`` copies."""
        for slot in reversed(slots[:position]):
            if isinstance(slot, _Keep):
                return slot.index
        for slot in slots[position + 1 :]:
            if isinstance(slot, _Keep):
                return slot.index
        return 0

    def _render_add(self, slot: _Add, indent: str, inline: bool, colon: str) -> str:
        if slot.key is None:
            return render_value(slot.value, indent=indent, style=self.style, inline=inline)
        return render_member(
            slot.key, slot.value, indent=indent, style=self.style, inline=inline, colon=colon
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
    for service_name, count in counts.items():
        if count != 1:
            raise SchemaViolation(
                json_path(("listeners",)),
                f"the result holds {count} listeners named {service_name!r}, not one",
            )
    if plan.authentication_methods is not None:
        scope.append(("mqtt", "authenticationMethods"))
    check_services(document, scope=scope)
