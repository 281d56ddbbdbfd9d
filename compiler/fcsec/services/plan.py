"""What fcsec wants in services.json, as plain data: the contract between backend and editor.

The services.json backend turns the IR into a ``ServicesPlan``; ``fcsec.services.edit`` applies
it to the existing file (or creates one). Values are JSON-ready Python values (str, int, bool,
lists of str, and ``JsonObject`` for nested objects, which keeps key order).
"""

from __future__ import annotations

from typing import Final, Union

from fcsec.record import Record

JsonValue = Union[str, int, bool, tuple["JsonValue", ...], "JsonObject"]


class JsonObject(Record):
    """An ordered JSON object: (key, value) pairs in the order they are written."""

    __slots__ = ("members",)
    _compared = ("members",)

    def __init__(self, members: tuple[tuple[str, JsonValue], ...]) -> None:
        self.members: Final = members

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
# The two spellings of a listener's certificate key (faircom-formats.md §1.5); a plan writes one.
CERTIFICATE_KEYS: tuple[str, ...] = ("certificateFilename", "serverCertificateFilename")
TLS_KEYS: tuple[str, ...] = (
    *CERTIFICATE_KEYS,
    "privateKeyFilename",
    "certificateAuthoritiesFilename",
    "allowedCipherSuites",
    "clientCertificateFilename",
)


class ListenerPlan(Record):
    """One listener as fcsec wants it; ``body`` is in the vendor's key order.

    When ``description_is_default`` is true the spec gave no description: an existing listener
    keeps its own description, and only a new listener gets the one in ``body``.
    """

    __slots__ = ("body", "description_is_default", "service_name")
    _compared = ("service_name", "body", "description_is_default")

    def __init__(
        self,
        *,
        service_name: str,
        body: JsonObject,
        description_is_default: bool = False,
    ) -> None:
        self.service_name: Final = service_name
        self.body: Final = body
        self.description_is_default: Final = description_is_default


class ServicesPlan(Record):
    """The managed parts of services.json: named listeners and ``mqtt.authenticationMethods``.

    ``certificate_key_source`` says what chose the certificate key spelling in the bodies (the
    spec's ``[server]``, e.g. "faircom-db 13"): the editor then writes that spelling and notes
    every listener it respells. None means nothing chose it (no product in the spec): an existing
    listener keeps its own spelling, and one without a certificate key takes the spelling all the
    file's listeners share.
    """

    __slots__ = ("authentication_methods", "certificate_key_source", "listeners")
    _compared = ("listeners", "authentication_methods", "certificate_key_source")

    def __init__(
        self,
        *,
        listeners: tuple[ListenerPlan, ...] = (),
        authentication_methods: tuple[str, ...] | None = None,
        certificate_key_source: str | None = None,
    ) -> None:
        self.listeners: Final = listeners
        self.authentication_methods: Final = authentication_methods
        self.certificate_key_source: Final = certificate_key_source
