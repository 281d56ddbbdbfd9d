"""Read what one ``openssl s_client -trace -showcerts`` run printed.

Pure text parsing: which protocol version and suite the server's ServerHello chose, whether
the server asked for a client certificate, the fatal alert it sent, the certificate chain it
served, whether the server answered in TLS at all and whether the handshake completed. It never
runs openssl and never judges the result.

openssl's own ``Verify return code`` is deliberately not read: s_client prints
``0 (ok)`` even after a handshake it aborted (an oversized chain, a closed connection), so the
chain is verified by ``probe.verify`` instead.
"""

from __future__ import annotations

import os
import re

import attrs

from fcsec.ciphers.registry import TlsVersion

_VERSIONS = {
    0x0300: TlsVersion.SSLv3,
    0x0301: TlsVersion.TLSv1,
    0x0302: TlsVersion.TLSv1_1,
    0x0303: TlsVersion.TLSv1_2,
    0x0304: TlsVersion.TLSv1_3,
}

ALERT_HANDSHAKE_FAILURE = 40
ALERT_BAD_CERTIFICATE = 42
ALERT_CERTIFICATE_REQUIRED = 116

_SUITE = re.compile(r"cipher_suite \{0x([0-9A-Fa-f]{2}), 0x([0-9A-Fa-f]{2})\}")
_SERVER_VERSION = re.compile(r"server_version=0x([0-9A-Fa-f]+)")
_SELECTED_VERSION = re.compile(r"^\s+TLS 1\.3 \((\d+)\)\s*$")
_ALERT = re.compile(r"Level=fatal\(2\), description=.*\((\d+)\)")
_LEVEL = re.compile(r"^\s+Level=(?:fatal|warning)\(\d+\), description=")
#: The reason of an ``SSL routines`` error line, e.g. ``excessive message size``.
_SSL_ERROR = re.compile(r":error:[0-9A-Fa-f]+:SSL routines:[^:]*:([^:\n]+):")
_READ = re.compile(r"^SSL handshake has read (\d+) bytes", re.M)
_PEM = re.compile(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.S)
_ERRNO = re.compile(r"connect:errno=(\d+)")
_MESSAGE = re.compile(r"^ {4}[A-Za-z]+, Length=")


@attrs.frozen(kw_only=True)
class Handshake:
    """One handshake attempt as the client saw it."""

    #: A TCP connection was made.
    connected: bool
    #: A ClientHello went out (False: the local openssl could not offer what was asked).
    hello_sent: bool
    #: From the last ServerHello: the version and suite code the server chose.
    version: TlsVersion | None = None
    suite_code: int | None = None
    #: The server sent a CertificateRequest.
    cert_requested: bool = False
    #: The code of the first fatal alert the server sent.
    alert: int | None = None
    #: The chain the server sent, leaf first, as PEM text.
    chain: tuple[str, ...] = ()
    #: A record from the server held a TLS handshake message or an alert: it speaks TLS.
    tls_answer: bool = False
    #: The server's Finished arrived: the handshake completed, so the server proved that it
    #: holds the key of the certificate it sent.
    completed: bool = False
    #: Bytes read from the server, from openssl's summary (None when it printed none).
    bytes_read: int | None = None
    #: The reason of openssl's first ``SSL routines`` error (``wrong version number``).
    error: str | None = None
    #: Why the attempt went wrong before any TLS happened (e.g. ``connection refused``).
    failure: str | None = None

    @property
    def accepted(self) -> bool:
        """The server answered with a ServerHello (whatever happened afterwards)."""
        return self.suite_code is not None


def _records(text: str) -> list[tuple[str, list[str]]]:
    """Split the trace into (direction, lines) records; text outside records is 'other'."""
    records: list[tuple[str, list[str]]] = [("other", [])]
    for line in text.splitlines():
        if line.startswith("Sent Record"):
            records.append(("sent", []))
        elif line.startswith("Received Record"):
            records.append(("received", []))
        elif line.startswith("---") or line.startswith("CONNECTED("):
            records.append(("other", []))
        records[-1][1].append(line)
    return records


def _server_hello(lines: list[str]) -> tuple[TlsVersion | None, int | None]:
    version: TlsVersion | None = None
    code: int | None = None
    for line in lines:
        if _MESSAGE.match(line):
            break
        if (match := _SERVER_VERSION.search(line)) is not None:
            version = _VERSIONS.get(int(match[1], 16))
        elif (match := _SUITE.search(line)) is not None:
            code = int(match[1], 16) << 8 | int(match[2], 16)
        elif (match := _SELECTED_VERSION.match(line)) is not None:
            version = _VERSIONS.get(int(match[1]))
    return version, code


def _chain(text: str) -> tuple[str, ...]:
    start = text.find("\nCertificate chain")
    if start < 0:
        return ()
    end = text.find("\n---\n", start + 1)
    section = text[start : end if end >= 0 else len(text)]
    return tuple(match.group(0) for match in _PEM.finditer(section))


def _failure(text: str) -> str | None:
    if "BIO_lookup" in text:  # openssl could not resolve the name (its errno is then 0 or stale)
        reason = next(
            (line.rsplit(":", 1)[-1] for line in text.splitlines() if "BIO_lookup" in line), ""
        )
        return f"cannot resolve the host name: {reason.strip() or 'lookup failed'}"
    if (match := _ERRNO.search(text)) is not None:
        code = int(match[1])
        return f"cannot connect: {os.strerror(code)}"
    if "CONNECTED(" not in text:
        first = next((line for line in text.splitlines() if line.strip()), "")
        return f"openssl did not connect: {first.strip()[:200]}" if first else "no output"
    return None


def parse(text: str) -> Handshake:
    """Parse the combined stdout and stderr of one ``s_client -trace -showcerts`` run."""
    version: TlsVersion | None = None
    code: int | None = None
    requested = False
    hello_sent = False
    alert: int | None = None
    tls_answer = False
    completed = False
    for direction, lines in _records(text):
        body = "\n".join(lines)
        if direction == "sent" and "ClientHello, Length=" in body:
            hello_sent = True
        if direction != "received":
            continue
        for index, line in enumerate(lines):
            if _MESSAGE.match(line) is not None or _LEVEL.match(line) is not None:
                tls_answer = True
            if "Finished, Length=" in line:
                completed = True
            if "ServerHello, Length=" in line:
                version, code = _server_hello(lines[index + 1 :])
            elif "CertificateRequest, Length=" in line:
                requested = True
            elif alert is None and (match := _ALERT.search(line)) is not None:
                alert = int(match[1])
    read = _READ.search(text)
    ssl_error = _SSL_ERROR.search(text)
    return Handshake(
        connected="CONNECTED(" in text,
        hello_sent=hello_sent,
        version=version,
        suite_code=code,
        cert_requested=requested,
        alert=alert,
        chain=_chain(text),
        tls_answer=tls_answer,
        completed=completed,
        bytes_read=None if read is None else int(read[1]),
        error=None if ssl_error is None else ssl_error[1].strip(),
        failure=_failure(text),
    )
