"""What a compile changes for the clients of the server, read from the files before and after.

A change that locks clients out after the next restart must not pass unnoticed in a summary of
"updated" lines: newly requiring TLS for SQL, ISAM and CTDB (``SSL_CONNECTIONS_ONLY YES``),
turning shared memory off (``COMM_PROTOCOL FSHAREMM``), disabling a listener, or dropping a login
method from ``mqtt.authenticationMethods``. Each such change becomes one sentence naming who loses
access and how to keep them. Works on text only: the command hands in what it read and planned.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from fcsec.source import SourceFile

if TYPE_CHECKING:
    from fcsec.cfg.edit import SslParses

__all__ = ["client_notes"]

_SERVICES = "services.json"
_CTSRVR = "ctsrvr.cfg"


def _cfg_state(path: str, text: str | None, parses: SslParses | None) -> tuple[bool, bool, bool]:
    """(SSL block enabled, SSL_CONNECTIONS_ONLY YES in effect, FSHAREMM active) of a ctsrvr.cfg."""
    if text is None:
        return False, False, False
    from fcsec.cfg.edit import SslParses

    try:
        config = (SslParses() if parses is None else parses).view(SourceFile(path, text))
    except Exception:  # a file the parser refuses has no state we can describe
        return False, False, False
    blocks = [block for block in config.find_blocks("COMM_PROTOCOL", "SSL") if block.enabled]
    ssl_on = bool(blocks)
    only = any(
        value.strip().upper() == "YES"
        for block in blocks
        for value in block.values("SSL_CONNECTIONS_ONLY")
    )
    shared = any(value.strip().upper() == "FSHAREMM" for value in config.values("COMM_PROTOCOL"))
    return ssl_on, only, shared


def _listeners(text: str | None) -> tuple[dict[str, dict[str, object]], tuple[str, ...] | None]:
    """The listeners of a services.json by serviceName, and its authenticationMethods."""
    if text is None:
        return {}, None
    from fcsec.services.scan import scan, to_python

    try:
        document = to_python(scan(SourceFile(_SERVICES, text)))
    except Exception:  # a file the scanner refuses has no state we can describe
        return {}, None
    if not isinstance(document, dict):
        return {}, None
    found: dict[str, dict[str, object]] = {}
    listeners = document.get("listeners")
    for item in listeners if isinstance(listeners, list) else ():
        if isinstance(item, dict) and isinstance(item.get("serviceName"), str):
            found[str(item["serviceName"])] = item
    mqtt = document.get("mqtt")
    methods = mqtt.get("authenticationMethods") if isinstance(mqtt, dict) else None
    if isinstance(methods, list):
        return found, tuple(str(method) for method in methods)
    return found, None


def _cfg_notes(path: str, before: str | None, after: str, parses: SslParses | None) -> list[str]:
    # Read under the path the config-file rules read the same texts under, so that the run's
    # parses (``parses``) are reused.
    ssl_before, only_before, shared_before = _cfg_state(path, before, parses)
    ssl_after, only_after, shared_after = _cfg_state(path, after, parses)
    notes = []
    if only_after and not only_before:
        notes.append(
            "ctsrvr.cfg now sets SSL_CONNECTIONS_ONLY YES: after the restart, SQL, ISAM and CTDB "
            "clients that connect without TLS are refused (to keep them, set "
            "`tls_only = false` under [database])"
        )
    if shared_before and not shared_after:
        notes.append(
            "ctsrvr.cfg no longer enables COMM_PROTOCOL FSHAREMM: after the restart, local "
            "clients that use shared memory must connect over TCP (set `shared_memory = true` "
            "under [database] to keep it)"
        )
    if ssl_before and not ssl_after:
        notes.append(
            "ctsrvr.cfg's SSL block is now disabled: after the restart, SQL, ISAM and CTDB "
            "clients that require TLS cannot connect"
        )
    return notes


def _enabled(listener: dict[str, object]) -> bool:
    return listener.get("enabled", True) is not False


def _services_notes(before: str | None, after: str) -> list[str]:
    old, old_methods = _listeners(before)
    new, new_methods = _listeners(after)
    notes = []
    for name, listener in old.items():
        now = new.get(name)
        if _enabled(listener) and (now is None or not _enabled(now)):
            port = listener.get("port", "?")
            protocol = listener.get("protocol", "?")
            notes.append(
                f"services.json: listener {name} ({protocol}, port {port}) is now disabled: its "
                "clients cannot connect after the restart"
            )
    if old_methods is not None and new_methods is not None:
        dropped = [method for method in old_methods if method not in new_methods]
        if dropped:
            notes.append(
                "services.json: mqtt.authenticationMethods no longer allows "
                + ", ".join(dropped)
                + ": MQTT clients that log in that way are refused after the restart"
            )
    return notes


def client_notes(
    changes: Iterable[tuple[str, str | None, str]], parses: SslParses | None = None
) -> tuple[str, ...]:
    """One sentence per change that takes access away, from (path, before, after) triples
    (the file is told by the path's last part: ``services.json`` or ``ctsrvr.cfg``).
    ``parses``: the compile's parses of ctsrvr.cfg texts (``fcsec.cfg.edit.SslParses``).

    Only files whose text changes are looked at; a file created from nothing takes nothing away.
    """
    from fcsec.safetext import escape

    notes: list[str] = []
    for name, before, after in changes:
        if before == after or before is None:
            continue
        kind = os.path.basename(name)
        if kind == _CTSRVR:
            notes.extend(_cfg_notes(name, before, after, parses))
        elif kind == _SERVICES:
            notes.extend(_services_notes(before, after))
    return tuple(escape(note) for note in notes)
