"""The file names of a development PKI: fixed, documented, and the same on every run.

Names follow FairCom's x509 demo where it has one (``ctree_ssl.pem`` for
SERVER_CERTIFICATE_FILE, ``ctsrvr.pem`` for clients); client files are named after a slug of
the user name. This module only names files; it never creates, reads or judges them.
"""

from __future__ import annotations

import enum
import re

import attrs

CA_CERT = "ca.pem"
CA_KEY = "ca.key"
SERVER_CERT = "server.crt"
SERVER_KEY = "server.key"
SERVER_COMBINED = "ctree_ssl.pem"
CLIENT_TRUST = "ctsrvr.pem"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Content(enum.Enum):
    """What a file holds, which decides its permission bits."""

    CERTIFICATE = "certificate"
    PRIVATE_KEY = "private key"

    @property
    def mode(self) -> int:
        return 0o600 if self is Content.PRIVATE_KEY else 0o644


@attrs.frozen(kw_only=True)
class PlannedFile:
    """One file of the PKI: its name inside the folder, what it holds, and why it exists."""

    name: str
    content: Content
    purpose: str


def client_slug(user: str) -> str:
    """The file-name part for a client: ``Jon Doe`` -> ``Jon_Doe``; may be empty.

    Letters, digits, ``.``, ``_`` and ``-`` are kept; every other run of characters becomes one
    ``_``; leading and trailing ``._-`` are dropped, so no name is hidden or relative.
    """
    return _UNSAFE.sub("_", user).strip("._-")


def client_files(user: str) -> tuple[PlannedFile, PlannedFile]:
    slug = client_slug(user)
    return (
        PlannedFile(
            name=f"client-{slug}.pem",
            content=Content.CERTIFICATE,
            purpose=f'client certificate for user "{user}" (CN), then the CA certificate',
        ),
        PlannedFile(
            name=f"client-{slug}.key",
            content=Content.PRIVATE_KEY,
            purpose=f'private key of the client certificate of "{user}"',
        ),
    )


def plan(clients: tuple[str, ...]) -> tuple[PlannedFile, ...]:
    """Every file of a PKI with these client users, in the order they are written."""
    files = [
        PlannedFile(name=CA_CERT, content=Content.CERTIFICATE, purpose="CA certificate"),
        PlannedFile(
            name=CA_KEY, content=Content.PRIVATE_KEY, purpose="CA private key: keep it offline"
        ),
        PlannedFile(
            name=SERVER_CERT, content=Content.CERTIFICATE, purpose="server certificate alone"
        ),
        PlannedFile(
            name=SERVER_KEY, content=Content.PRIVATE_KEY, purpose="server private key alone"
        ),
        PlannedFile(
            name=SERVER_COMBINED,
            content=Content.PRIVATE_KEY,
            purpose="server certificate, CA certificate and server key: SERVER_CERTIFICATE_FILE",
        ),
        PlannedFile(
            name=CLIENT_TRUST,
            content=Content.CERTIFICATE,
            purpose="server certificate and CA certificate: the clients' trust file",
        ),
    ]
    for user in clients:
        files.extend(client_files(user))
    return tuple(files)
