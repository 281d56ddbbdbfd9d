"""Real servers for the live tests, on 127.0.0.1 with free ports, always stopped afterwards.

``require_tool`` skips a test when a tool is missing, naming the tool, and fails it instead
when the CI environment variable is set (CI must install every tool: see .ci/run).
"""

from __future__ import annotations

import contextlib
import datetime
import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import pytest

from fcsec.pki import layout, store
from fcsec.pki.issue import KeyType, PkiRequest, issue

HOST = "127.0.0.1"
START_TIMEOUT = 10.0
# Debian installs the broker in /usr/sbin, which a non-root PATH may lack.
_EXTRA_PATHS = {"mosquitto": ("/usr/sbin/mosquitto",)}


def require_tool(name: str) -> str:
    """The path of tool ``name``; skip (locally) or fail (under CI) when it is missing."""
    found = shutil.which(name) or next(
        (path for path in _EXTRA_PATHS.get(name, ()) if os.access(path, os.X_OK)), None
    )
    if found is not None:
        return found
    message = f"{name} is not installed, and this test runs a real {name}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must install it (.ci/run)")
    pytest.skip(f"{message} (install the Debian package {name} to run it)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port} within {START_TIMEOUT} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def running(args: Sequence[str], port: int, log: Path) -> Iterator[int]:
    with log.open("wb") as sink:
        process = subprocess.Popen(
            list(args), stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        wait_for_port(port, process, log)
        yield port
    finally:
        stop(process)


def make_pki(
    folder: Path, key_type: KeyType, clients: tuple[str, ...] = (), hostnames: tuple[str, ...] = ()
) -> Path:
    """A development PKI made by fcsec's own pki module; returns the folder."""
    request = PkiRequest(
        hostnames=hostnames or ("localhost", HOST), clients=clients, key_type=key_type
    )
    made = dict(issue(request, datetime.datetime.now(datetime.UTC)))
    planned = layout.plan(clients)
    store.write_new(folder, str(folder), [(item, made[item.name]) for item in planned])
    return folder


@contextlib.contextmanager
def tls_server(
    pki: Path,
    *,
    cipher: str,
    ciphersuites: str,
    verify: str | None = None,
    extra: Sequence[str] = (),
) -> Iterator[int]:
    """``openssl s_server`` with exactly these suites, serving the PKI's ctree_ssl.pem.

    ``verify`` is ``request`` (ask for a client certificate) or ``require`` (demand one).
    """
    openssl = require_tool("openssl")
    port = free_port()
    args = [
        openssl,
        "s_server",
        "-accept",
        f"{HOST}:{port}",
        "-cert",
        str(pki / layout.SERVER_COMBINED),
        # s_server reads only the first certificate of the file; FairCom serves the chain.
        "-cert_chain",
        str(pki / layout.CA_CERT),
        "-cipher",
        cipher,
        "-ciphersuites",
        ciphersuites,
        "-www",
        "-quiet",
        *extra,
    ]
    if verify is not None:
        args += ["-Verify" if verify == "require" else "-verify", "1"]
        args += ["-CAfile", str(pki / layout.CA_CERT)]
    env_log = pki.parent / f"s_server-{port}.log"
    with running(args, port, env_log) as ready:
        yield ready


@attrs.frozen(kw_only=True)
class Broker:
    #: MQTTS; the client certificate's CN becomes the user name.
    mqtts: int
    #: MQTT over secure WebSockets, configured like ``mqtts``.
    mqttwss: int
    #: MQTTS that demands a certificate but takes no user name from it, and lets no
    #: anonymous client in: every CONNECT is refused as not authorized.
    refusing: int


@contextlib.contextmanager
def mosquitto(pki: Path, folder: Path) -> Iterator[Broker]:
    """Mosquitto with three TLS listeners (see ``Broker``), each demanding a client
    certificate signed by the PKI's CA."""
    binary = require_tool("mosquitto")
    broker = Broker(mqtts=free_port(), mqttwss=free_port(), refusing=free_port())
    tls = [
        f"cafile {pki / layout.CA_CERT}",
        f"certfile {pki / layout.SERVER_CERT}",
        f"keyfile {pki / layout.SERVER_KEY}",
        "require_certificate true",
    ]
    lines = [
        "per_listener_settings true",
        "persistence false",
        "log_dest stderr",
        # As root, mosquitto would switch to the user `mosquitto`, who cannot read 0600 keys.
        f"user {pwd.getpwuid(os.getuid()).pw_name}",
        f"listener {broker.mqtts} {HOST}",
        *tls,
        "use_identity_as_username true",
        f"listener {broker.mqttwss} {HOST}",
        "protocol websockets",
        *tls,
        "use_identity_as_username true",
        f"listener {broker.refusing} {HOST}",
        *tls,
        "allow_anonymous false",
    ]
    config = folder / "mosquitto.conf"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with running([binary, "-c", str(config)], broker.mqtts, folder / "mosquitto.log") as _:
        for port in (broker.mqttwss, broker.refusing):
            wait_for_listener(port)
        yield broker


def wait_for_listener(port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {START_TIMEOUT} s")
