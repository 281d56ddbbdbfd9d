"""The certificate key spelling of a ``ServicesPlan``, settled against the services.json it edits.

Both ``certificateFilename`` and ``serverCertificateFilename`` are real
(``fcsec.backends.products``). When the plan's ``certificate_key_source`` is None (the spec names
no product), an existing listener keeps the spelling it already has, and a listener without one
takes the spelling every listener of the file shares; when the spec's ``[server]`` chose the
spelling, each listener respelled is named in a note, for the compile summary.
"""

from __future__ import annotations

from fcsec.record import replace
from fcsec.services.plan import CERTIFICATE_KEYS, JsonObject, ListenerPlan, ServicesPlan
from fcsec.services.scan import ArrayNode, ObjectNode
from fcsec.services.shape import service_name


def settle_spelling(root: ObjectNode, plan: ServicesPlan) -> tuple[ServicesPlan, tuple[str, ...]]:
    """The plan with its certificate keys adjusted to the file, and the notes to show."""
    own, house = _spellings_in_file(root, {listener.service_name for listener in plan.listeners})
    source = plan.certificate_key_source
    notes: list[str] = []
    settled: list[ListenerPlan] = []
    for listener in plan.listeners:
        planned = _planned_certificate_key(listener.body)
        found = own.get(listener.service_name, ())
        where = f"listeners.{listener.service_name}"
        if planned is None or found == (planned,):
            pass
        elif len(found) > 1:
            chooser = f"for {source}" if source else "(set [server] product to choose)"
            notes.append(f"{where}: tls held both {' and '.join(found)}; kept {planned} {chooser}")
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
    return replace(plan, listeners=tuple(settled)), tuple(notes)


def _spellings_in_file(
    root: ObjectNode, managed: set[str]
) -> tuple[dict[str, tuple[str, ...]], str | None]:
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
        named = service_name(item)
        if named is not None and named[0] in managed:
            own.setdefault(named[0], spellings)
    return own, next(iter(shared)) if len(shared) == 1 else None


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
    return replace(listener, body=body)
