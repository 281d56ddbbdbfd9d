"""Whether services.json has a shape the editor can edit safely: FCS302 and FCS303.

The editor (``fcsec.services.edit``) rewrites what a ``ServicesPlan`` manages in place, so before
any edit the parts it touches must be what FairCom reads: an object at the top level, one
``listeners`` array of objects, one ``mqtt`` object, and each managed ``serviceName`` on one
listener only. Every problem is reported at once, in file order; nothing is changed.
"""

from __future__ import annotations

from fcsec.diagnostics import Diagnostic, DiagnosticError, Related, diagnostic, sort_key
from fcsec.rule_ids import SERVICES_SHAPE, SERVICES_SHARED_NAME
from fcsec.services.plan import ServicesPlan
from fcsec.services.scan import ArrayNode, Node, ObjectNode, ScalarNode, kind_of
from fcsec.source import SourceFile

_SHAPE_HINT = "make the top level an object, `listeners` an array of objects and `mqtt` an object"


def service_name(item: ObjectNode) -> tuple[str, ScalarNode] | None:
    """The listener's name and its value node: the last ``serviceName``, as JSON readers take it."""
    named = item.members_named("serviceName")
    value = named[-1].value if named else None
    if isinstance(value, ScalarNode) and isinstance(value.value, str):
        return value.value, value
    return None


def check_shape(source: SourceFile, root: Node, plan: ServicesPlan) -> None:
    """Raise ``DiagnosticError`` with every reason ``plan`` cannot be applied to ``root``."""
    if not isinstance(root, ObjectNode):
        raise DiagnosticError(
            [
                diagnostic(
                    SERVICES_SHAPE,
                    f"the top level of services.json is {kind_of(root)}, not an object",
                    source.span(root.start, root.end),
                    hint=_SHAPE_HINT,
                )
            ]
        )
    found: list[Diagnostic] = []
    sections: list[tuple[str, type[ObjectNode] | type[ArrayNode]]] = []
    if plan.listeners:
        sections.append(("listeners", ArrayNode))
    if plan.authentication_methods is not None:
        sections.append(("mqtt", ObjectNode))
    for key, expected in sections:
        named = root.members_named(key)
        for extra in named[1:]:
            found.append(
                diagnostic(
                    SERVICES_SHAPE,
                    f"`{key}` appears more than once in the top-level object",
                    source.span(extra.key_start, extra.key_end),
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
                    source.span(value.start, value.end),
                    hint=_SHAPE_HINT,
                )
            )
    listeners = root.members_named("listeners")
    if plan.listeners and listeners and isinstance(listeners[0].value, ArrayNode):
        managed = {listener.service_name for listener in plan.listeners}
        found.extend(_check_listeners(source, listeners[0].value, managed))
    if found:
        raise DiagnosticError(sorted(found, key=sort_key))


def _check_listeners(source: SourceFile, array: ArrayNode, managed: set[str]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    first: dict[str, ScalarNode] = {}
    for index, item in enumerate(array.items):
        if not isinstance(item, ObjectNode):
            found.append(
                diagnostic(
                    SERVICES_SHAPE,
                    f"`listeners[{index}]` is {kind_of(item)}, not an object",
                    source.span(item.start, item.end),
                    hint="every element of `listeners` is an object such as "
                    '{ "serviceName": "https8443", ... }',
                )
            )
            continue
        named = service_name(item)
        if named is None or named[0] not in managed:
            continue
        name, value = named
        if name not in first:
            first[name] = value
            continue
        earlier = first[name]
        line, _ = source.line_col(earlier.start)
        found.append(
            diagnostic(
                SERVICES_SHARED_NAME,
                f"a second listener is named `{name}`, which the spec manages",
                source.span(value.start, value.end),
                hint="rename or delete one of the two listeners",
                related=(
                    Related(
                        span=source.span(earlier.start, earlier.end),
                        message=f"the first `{name}` is at line {line}",
                    ),
                ),
            )
        )
    return found
