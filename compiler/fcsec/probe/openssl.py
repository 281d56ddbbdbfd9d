"""Run ``openssl s_client``: one handshake per call, offering exactly what the caller asks.

Python's ``ssl`` module cannot choose TLS 1.3 suites, so every handshake of a probe goes
through the openssl binary (docs/probe.md says why). Each run gets ``OPENSSL_CONF`` pointing
at an empty file, so a system-wide policy (a minimum protocol, a security level) cannot hide
what the server accepts, ``@SECLEVEL=0`` so old suites can be offered at all, and no CA store
at all, which keeps a run short: the chain is verified by ``probe.verify``, never by openssl.
This module builds command lines and runs them; parsing the output is ``trace``'s job.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Sequence

import attrs

from fcsec.ciphers.registry import TlsVersion
from fcsec.probe.target import Target
from fcsec.probe.trace import Handshake, parse

#: Every TLS <= 1.2 suite the local OpenSSL has, at the lowest security level.
ALL_CLASSIC = "ALL:COMPLEMENTOFALL:@SECLEVEL=0"
VERSION_FLAGS = {
    TlsVersion.TLSv1: "-tls1",
    TlsVersion.TLSv1_1: "-tls1_1",
    TlsVersion.TLSv1_2: "-tls1_2",
    TlsVersion.TLSv1_3: "-tls1_3",
}
_CODE = re.compile(r"^\s*0x([0-9A-F]{2}),0x([0-9A-F]{2})\s", re.M)


def _timed_out(expired: subprocess.TimeoutExpired) -> Handshake:
    """What a run that the timeout ended had printed: a server that took the connection and
    then said nothing is told from one that could not be reached."""
    printed = "".join(
        part.decode("utf-8", "replace") if isinstance(part, bytes) else part
        for part in (expired.stdout, expired.stderr)
        if part
    )
    partial = parse(printed)
    # hello_sent False: a version or suite that timed out counts as untested, not refused.
    return attrs.evolve(partial, failure="timeout", hello_sent=False, completed=False)


@attrs.frozen(kw_only=True)
class ClientCert:
    cert: str
    key: str | None = None


@attrs.frozen(kw_only=True)
class Offer:
    """What one handshake offers: a version and either classic suites or TLS 1.3 suites."""

    version: TlsVersion
    cipher: str = ALL_CLASSIC
    ciphersuites: str | None = None
    show_chain: bool = False
    client: ClientCert | None = None


@attrs.frozen(kw_only=True)
class OpenSsl:
    """The openssl binary at ``binary``, with a per-handshake timeout in seconds."""

    binary: str
    timeout: float

    def _env(self) -> dict[str, str]:
        return dict(os.environ, OPENSSL_CONF=os.devnull)

    def version(self) -> str:
        result = subprocess.run(
            [self.binary, "version"],
            capture_output=True,
            text=True,
            timeout=self.timeout,
            env=self._env(),
            check=False,
        )
        return result.stdout.strip() or "unknown"

    def supported_codes(self, tls13_names: Sequence[str]) -> frozenset[int]:
        """Code points of the suites this openssl can offer (classic ones and ``tls13_names``)."""
        return self._codes(":".join(tls13_names), ALL_CLASSIC)

    def expand(self, cipher_string: str) -> frozenset[int]:
        """Code points of the TLS <= 1.2 suites an OpenSSL cipher string selects here."""
        return self._codes("", cipher_string)

    def _codes(self, tls13_suites: str, cipher_string: str) -> frozenset[int]:
        """The code points ``openssl ciphers -V`` lists for these TLS 1.3 and older suites."""
        result = subprocess.run(
            [self.binary, "ciphers", "-V", "-ciphersuites", tls13_suites, cipher_string],
            capture_output=True,
            text=True,
            timeout=self.timeout,
            env=self._env(),
            check=False,
        )
        return frozenset(
            int(match[1], 16) << 8 | int(match[2], 16) for match in _CODE.finditer(result.stdout)
        )

    def command(self, target: Target, offer: Offer) -> list[str]:
        args = [
            self.binary,
            "s_client",
            "-connect",
            target.address,
            VERSION_FLAGS[offer.version],
            "-trace",
            "-no-CAfile",
            "-no-CApath",
            "-no-CAstore",
        ]
        args.append("-noservername" if target.is_ip else "-servername")
        if not target.is_ip:
            args.append(target.host)
        if offer.version is TlsVersion.TLSv1_3:
            args += ["-ciphersuites", offer.ciphersuites or ""]
        else:
            args += ["-cipher", offer.cipher]
        if offer.show_chain:
            args.append("-showcerts")
        if offer.client is not None:
            args += ["-cert", offer.client.cert, "-key", offer.client.key or offer.client.cert]
        return args

    def handshake(self, target: Target, offer: Offer) -> Handshake:
        """One handshake; stdin is empty, so openssl closes the connection once it is done."""
        try:
            result = subprocess.run(
                self.command(target, offer),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=self.timeout,
                env=self._env(),
                check=False,
            )
        except subprocess.TimeoutExpired as expired:
            return _timed_out(expired)
        return parse(result.stdout + "\n" + result.stderr)

    def handshake_and_wait(
        self, target: Target, offer: Offer, wait: float
    ) -> tuple[Handshake, bool]:
        """A handshake that keeps the connection open for ``wait`` seconds.

        A TLS 1.3 server rejects a missing client certificate only after the handshake, with
        an alert; keeping stdin open gives it the time to send one. Returns the handshake and
        whether openssl ended by itself within ``wait`` (the server closed or refused).
        """
        with tempfile.TemporaryFile() as out:
            process = subprocess.Popen(
                self.command(target, offer),
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self._env(),
            )
            try:
                try:
                    process.wait(timeout=wait)
                    ended = True
                except subprocess.TimeoutExpired:
                    ended = False
                if process.stdin is not None:
                    process.stdin.close()
                process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                pass
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
            out.seek(0)
            text = out.read().decode("utf-8", "replace")
        return parse(text), ended
