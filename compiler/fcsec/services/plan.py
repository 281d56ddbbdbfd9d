"""What fcsec wants in services.json, as plain data: the contract between backend and editor.

The services.json backend turns the IR into a ``ServicesPlan``; ``fcsec.services.edit`` applies
it to the existing file (or creates one). Values are JSON-ready Python values (str, int, bool,
lists of str, and ``JsonObject`` for nested objects, which keeps key order).
"""

from __future__ import annotations

from typing import Union

import attrs

JsonValue = Union[str, int, bool, tuple["JsonValue", ...], "JsonObject"]


@attrs.frozen
class JsonObject:
    """An ordered JSON object: (key, value) pairs in the order they are written."""

    members: tuple[tuple[str, JsonValue], ...]

    def get(self, key: str) -> JsonValue | None:
        for name, value in self.members:
            if name == key:
                return value
        return None

    def keys(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.members)


# Keys fcsec owns inside a listener and inside its "tls" object. A managed listener loses an owned
# key that the plan does not set; keys outside these sets are the user's and stay as they are.
LISTENER_KEYS: tuple[str, ...] = (
    "serviceName",
    "description",
    "port",
    "protocol",
    "enabled",
    "tls",
)
TLS_KEYS: tuple[str, ...] = (
    "certificateFilename",
    "serverCertificateFilename",
    "privateKeyFilename",
    "certificateAuthoritiesFilename",
    "allowedCipherSuites",
    "clientCertificateFilename",
)


@attrs.frozen(kw_only=True)
class ListenerPlan:
    """One listener as fcsec wants it; ``body`` is in the vendor's key order.

    When ``description_is_default`` is true the spec gave no description: an existing listener
    keeps its own description, and only a new listener gets the one in ``body``.
    """

    service_name: str
    body: JsonObject
    description_is_default: bool = False


@attrs.frozen(kw_only=True)
class ServicesPlan:
    """The managed parts of services.json: named listeners and ``mqtt.authenticationMethods``."""

    listeners: tuple[ListenerPlan, ...] = ()
    authentication_methods: tuple[str, ...] | None = None
