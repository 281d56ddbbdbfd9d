"""The spec text that uses a freshly made development PKI, to paste into a spec.

The snippet is valid spec TOML on its own (tests load it); paths are written as the user gave
the folder, joined with ``/``. It never reads the files it names.
"""

from __future__ import annotations

from fcsec.pki import layout


def _path(folder: str, name: str) -> str:
    if not folder:
        return name
    return f"{folder}{name}" if folder.endswith(("/", "\\")) else f"{folder}/{name}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(folder: str, clients: tuple[str, ...]) -> str:
    """The ``[certs.server]`` and ``[certs.client_ca]`` tables, with the uses as comments."""
    lines = [
        "# Relative names resolve in <faircom>/server: copy the files there, or use full paths.",
        "[certs.server]",
        f"file = {_quote(_path(folder, layout.SERVER_COMBINED))}"
        "  # certificate, CA certificate and key in one file",
        f"# or: file = {_quote(_path(folder, layout.SERVER_CERT))}"
        f" and key = {_quote(_path(folder, layout.SERVER_KEY))}",
        "",
        "[certs.client_ca]",
        f"file = {_quote(_path(folder, layout.CA_CERT))}"
        "  # the CA that signed the client certificates",
        "",
        '# Use them: tls.cert = "server" and tls.client_ca = "client_ca" in a listener;',
        '# [database] cert = "server", verify_client_certs = true, x509_login = { path = "CN" }.',
        f"# Clients trust {_path(folder, layout.CLIENT_TRUST)}"
        f" (or {_path(folder, layout.CA_CERT)}).",
    ]
    for user in clients:
        cert, key = layout.client_files(user)
        lines.append(
            f"# User {_quote(user)}: {_path(folder, cert.name)} with {_path(folder, key.name)}."
        )
    return "\n".join(lines) + "\n"
