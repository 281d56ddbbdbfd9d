"""Apply one ``[env.NAME]`` overlay to the base spec: a deep merge of table trees.

An overlay's dotted keys (``database.tls_only = false``) replace the base values at the same
path or add new ones; tables merge key by key. Replaced values carry the overlay's spans, so a
diagnostic about them points into the ``[env.NAME]`` section. Keys are checked elsewhere.
"""

from __future__ import annotations

from fcsec.spec.document import Item, Table


def merge(base: Table, overlay: Table) -> Table:
    """Return ``base`` with every key of ``overlay`` applied on top of it."""
    items = list(base.items)
    index = {item.name: position for position, item in enumerate(items)}
    for patch in overlay:
        position = index.get(patch.name)
        if position is None:
            index[patch.name] = len(items)
            items.append(patch)
            continue
        current = items[position]
        if isinstance(current.value, Table) and isinstance(patch.value, Table):
            items[position] = Item(
                name=current.name,
                key_span=current.key_span,
                value=merge(current.value, patch.value),
            )
        else:
            items[position] = patch
    return Table(items=tuple(items), span=base.span)


def without(table: Table, name: str) -> Table:
    """The table minus one top-level key (the base spec without its ``env`` section)."""
    return Table(items=tuple(item for item in table if item.name != name), span=table.span)
