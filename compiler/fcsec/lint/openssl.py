"""What an OpenSSL cipher string means on this machine: ``openssl ciphers -stdname STRING``.

Only used to *show* an expansion beside the FCS508 warning: the answer depends on the local
OpenSSL build, so no rule ever depends on it. ``LocalOpenSSL`` is the one place that runs the
binary; tests hand in their own ``Expander``. Nothing is looked up or imported for it until a
string is expanded: most runs of ``fcsec check`` have none.
"""

from __future__ import annotations

from typing import Final, Protocol

from fcsec.record import Record

_TIMEOUT = 10.0


class Expansion(Record):
    """The TLS <= 1.2 suites a string selects, by OpenSSL name, in OpenSSL's order."""

    __slots__ = ("error", "suites", "version")
    _compared = ("version", "suites", "error")

    def __init__(
        self, *, version: str, suites: tuple[str, ...] = (), error: str | None = None
    ) -> None:
        #: ``OpenSSL 3.0.19`` (the build's release date is left out, so output stays stable).
        self.version: Final = version
        self.suites: Final = suites
        #: Why there is no list (OpenSSL matched no suite, or refused the string).
        self.error: Final = error


class Expander(Protocol):
    def __call__(self, cipher_string: str) -> Expansion | None:
        """The local expansion, or None when no ``openssl`` binary is available."""
        ...


def _version(binary: str) -> str:
    import subprocess

    try:
        done = subprocess.run(
            [binary, "version"], capture_output=True, text=True, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return "OpenSSL"
    words = done.stdout.split()
    return " ".join(words[:2]) if len(words) >= 2 else "OpenSSL"


def parse_stdname_listing(text: str) -> tuple[str, ...]:
    """OpenSSL names of the TLS <= 1.2 suites in ``openssl ciphers -stdname`` output.

    Each line reads ``STANDARD_NAME - OPENSSL-NAME VERSION Kx=...``.
    """
    names: list[str] = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[1] == "-" and parts[3] != "TLSv1.3":
            names.append(parts[2])
    return tuple(names)


class LocalOpenSSL:
    """Runs an ``openssl`` binary (each string once per run); None: there is none.

    ``search``: find ``openssl`` on PATH at the first expansion (``binary`` is then ignored).
    """

    def __init__(self, binary: str | None, *, search: bool = False) -> None:
        self._binary = binary
        self._search = search
        self._cache: dict[str, Expansion | None] = {}
        self._version: str | None = None

    def __call__(self, cipher_string: str) -> Expansion | None:
        if cipher_string not in self._cache:
            self._cache[cipher_string] = self._expand(cipher_string)
        return self._cache[cipher_string]

    def _expand(self, cipher_string: str) -> Expansion | None:
        import subprocess

        if self._search:
            import shutil

            self._binary, self._search = shutil.which("openssl"), False
        if self._binary is None:
            return None
        if self._version is None:
            self._version = _version(self._binary)
        try:
            done = subprocess.run(
                [self._binary, "ciphers", "-stdname", cipher_string],
                capture_output=True,
                text=True,
                timeout=_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            return Expansion(
                version=self._version, error=f"openssl did not run ({type(exc).__name__})"
            )
        if done.returncode != 0:
            return Expansion(version=self._version, error="it matches no cipher suite")
        suites = parse_stdname_listing(done.stdout)
        if not suites:
            return Expansion(version=self._version, error="it matches no TLS 1.2 suite")
        return Expansion(version=self._version, suites=suites)


def local_openssl() -> LocalOpenSSL:
    """The expander of the ``openssl`` binary on PATH (expanding nothing when there is none)."""
    return LocalOpenSSL(None, search=True)
