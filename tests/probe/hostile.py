"""Hostile servers for the probe tests, on 127.0.0.1 with ephemeral ports, always stopped.

``raw_server`` answers every connection with fixed bytes (or closes it at once): plain HTTP,
garbage, a lone TLS alert. ``big_chain`` and ``escaping_subject`` build certificates with
``cryptography`` that ``openssl s_server`` then serves: a chain over openssl's 100 KB limit,
and a subject full of terminal escape sequences. tests/data/probe/README.md lists the files.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import attrs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from tests.probe.servers import HOST, free_port, require_tool, running

DATA = Path(__file__).parent.parent / "data" / "probe"
#: How long a raw server waits for the ClientHello before it answers anyway.
READ_WAIT = 1.0
#: A private OID for the padding extension that makes a certificate large.
_PADDING_OID = x509.ObjectIdentifier("1.3.6.1.4.1.55555.1.1")


#: A reply for ``raw_server``: take the connection, read, and say nothing until stopped.
SILENT = b"<silent>"


def _answer(connection: socket.socket, reply: bytes | None, stopping: threading.Event) -> None:
    with connection:
        if reply is None:  # close at once, without reading
            return
        if reply is SILENT:
            stopping.wait(timeout=60)
            return
        connection.settimeout(READ_WAIT)
        with contextlib.suppress(OSError):
            connection.recv(65536)
        with contextlib.suppress(OSError):
            connection.sendall(reply)


@contextlib.contextmanager
def raw_server(reply: bytes | None) -> Iterator[int]:
    """A TCP server that reads the first bytes and sends ``reply`` (None: closes at once;
    ``SILENT``: keeps the connection open and says nothing)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((HOST, 0))
    listener.listen(64)
    listener.settimeout(0.1)
    stopping = threading.Event()

    def serve() -> None:
        while not stopping.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            answer = threading.Thread(target=_answer, args=(connection, reply, stopping))
            answer.daemon = True
            answer.start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stopping.set()
        thread.join(timeout=5)
        listener.close()


@attrs.frozen(kw_only=True)
class Served:
    """Certificate files for ``openssl s_server``: the leaf, its key, the CA that signed it."""

    cert: Path
    key: Path
    ca: Path


def _octet_string(size: int) -> bytes:
    """DER of an OCTET STRING of ``size`` zero bytes (long-form length, up to 16 MB)."""
    return b"\x04\x83" + size.to_bytes(3, "big") + b"\x00" * size


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_served(folder: Path, *, subject: str = "localhost", padding: int = 0) -> Served:
    """A CA and a leaf for localhost and 127.0.0.1 it signed; ``padding`` bytes of a private
    non-critical extension make the leaf as large as a test needs."""
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("hostile test CA")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), False)
    )
    if padding:
        builder = builder.add_extension(
            x509.UnrecognizedExtension(_PADDING_OID, _octet_string(padding)), critical=False
        )
    leaf = builder.sign(ca_key, hashes.SHA256())
    served = Served(cert=folder / "leaf.pem", key=folder / "leaf.key", ca=folder / "ca.pem")
    served.cert.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    served.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    served.ca.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return served


@contextlib.contextmanager
def serving(served: Served, log_folder: Path) -> Iterator[int]:
    """``openssl s_server`` with these files (leaf and CA sent as the chain), any suite."""
    openssl = require_tool("openssl")
    port = free_port()
    args = [
        openssl,
        "s_server",
        "-accept",
        f"{HOST}:{port}",
        "-cert",
        str(served.cert),
        "-key",
        str(served.key),
        "-cert_chain",
        str(served.ca),
        "-www",
        "-quiet",
    ]
    with running(args, port, log_folder / f"s_server-{port}.log") as ready:
        yield ready
