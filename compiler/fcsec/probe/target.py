"""What ``fcsec probe`` connects to: ``HOST:PORT``, ``mqtts://HOST:PORT`` or ``mqttwss://...``.

Parsing only; nothing here resolves names or opens sockets.
"""

from __future__ import annotations

import enum
import ipaddress
import re

import attrs


class Scheme(enum.Enum):
    TLS = "tls"
    MQTTS = "mqtts"
    MQTTWSS = "mqttwss"


@attrs.frozen(kw_only=True)
class Target:
    scheme: Scheme
    host: str
    port: int
    #: The WebSocket path of an ``mqttwss://`` URL.
    path: str = "/mqtt"

    @property
    def is_ip(self) -> bool:
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            return False
        return True

    @property
    def address(self) -> str:
        """``host:port`` as openssl's ``-connect`` takes it (IPv6 in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def __str__(self) -> str:
        if self.scheme is Scheme.TLS:
            return self.address
        path = self.path if self.scheme is Scheme.MQTTWSS else ""
        return f"{self.scheme.value}://{self.address}{path}"


_HOST_PORT = re.compile(r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:/\[\]\s]+)):(?P<port>\d{1,5})")


def parse_target(text: str) -> Target:
    """Parse the command line's target; raise ValueError with a message for the user."""
    scheme = Scheme.TLS
    rest = text
    path = "/mqtt"
    if "://" in text:
        name, rest = text.split("://", 1)
        try:
            scheme = Scheme(name.lower())
        except ValueError:
            raise ValueError(
                f"{text!r}: unknown scheme {name!r}; use HOST:PORT, mqtts:// or mqttwss://"
            ) from None
        if scheme is Scheme.TLS:
            raise ValueError(f"{text!r}: write a TLS target as HOST:PORT, without a scheme")
        if "/" in rest:
            rest, tail = rest.split("/", 1)
            if tail and scheme is not Scheme.MQTTWSS:
                raise ValueError(f"{text!r}: only mqttwss:// takes a path")
            path = "/" + tail
    match = _HOST_PORT.fullmatch(rest)
    if match is None:
        raise ValueError(f"{text!r}: expected HOST:PORT (e.g. 127.0.0.1:8443 or [::1]:8443)")
    port = int(match["port"])
    if not 1 <= port <= 65535:
        raise ValueError(f"{text!r}: port {port} is outside 1-65535")
    host = match["v6"] or match["host"]
    if match["v6"]:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(f"{text!r}: {host!r} is not an IPv6 address") from None
    return Target(scheme=scheme, host=host, port=port, path=path)
