"""The certificate files a spec names, each in its role, and what the certificate rules share.

``uses`` lists every certificate file a listener or the database uses: a server certificate, a
client CA, a client certificate. ``CertRun`` is one run of the rules (``fcsec.lint.certs``,
``fcsec.lint.cert_server``): it finds each file where FairCom will (``fcsec.lint.files``),
reads and parses it once (``fcsec.x509.parse_pem``), reports a file that is not there (FCS401)
and collects the findings. It reads files only through the ``Files`` reader it is given.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterator

import attrs

from fcsec.diagnostics import Related
from fcsec.ir import nodes as ir
from fcsec.lint.context import LintContext
from fcsec.lint.files import Files, resolve
from fcsec.lint.findings import Finding, finding
from fcsec.rule_ids import CERT_FILE_MISSING
from fcsec.source import Span
from fcsec.x509 import Pem, parse_pem


class Role(enum.Enum):
    SERVER = "server certificate"
    CLIENT_CA = "client CA"
    CLIENT_CERT = "client certificate"


@attrs.frozen(kw_only=True)
class CertUse:
    """A certificate file in one role, and where the spec names it."""

    role: Role
    file: str
    file_path: tuple[str, ...]
    cert: ir.CertRef | None = None
    database: bool = False


def uses(spec: ir.Spec) -> Iterator[CertUse]:
    """Every certificate file of the spec's listeners and database, in its role."""
    for listener in spec.listeners:
        tls = listener.tls
        if tls is None:
            continue
        yield CertUse(
            role=Role.SERVER,
            file=tls.cert.file,
            file_path=("certs", tls.cert.name, "file"),
            cert=tls.cert,
        )
        if tls.client_ca is not None:
            yield CertUse(
                role=Role.CLIENT_CA,
                file=tls.client_ca.file,
                file_path=("certs", tls.client_ca.name, "file"),
                cert=tls.client_ca,
            )
        if tls.client_cert is not None:
            yield CertUse(
                role=Role.CLIENT_CERT,
                file=tls.client_cert,
                file_path=("listeners", listener.name, "tls", "client_cert"),
            )
    database = spec.database
    if database is not None and database.cert is not None:
        yield CertUse(
            role=Role.SERVER,
            file=database.cert.file,
            file_path=("certs", database.cert.name, "file"),
            cert=database.cert,
            database=True,
        )


class CertRun:
    """One run of the certificate rules: the spec, its files, the time and the findings."""

    def __init__(self, context: LintContext, files: Files, now: datetime.datetime) -> None:
        self.context = context
        self.files = files
        self.now = now
        self.findings: list[Finding] = []
        self._pem: dict[str, Pem] = {}

    def span(self, *path: str) -> Span | None:
        return self.context.locate.span(*path)

    def add(
        self,
        rule: str,
        message: str,
        span: Span | None,
        key: str,
        *,
        label: str,
        hint: str,
        related: tuple[Related, ...] = (),
    ) -> None:
        self.findings.append(
            finding(rule, message, span, key=key, label=label, hint=hint, related=related)
        )

    def _resolve(self, name: str) -> str:
        return resolve(
            name, root=self.context.spec.server.root, spec_path=self.context.options.spec_path
        )

    def read(self, name: str, span: Span | None, key: str, what: str) -> Pem | None:
        """The PEM file ``name`` parsed, or None (and FCS401) when it cannot be read."""
        path = self._resolve(name)
        if path in self._pem:
            return self._pem[path]
        loaded = self.files.read(path)
        if loaded.data is None:
            shown = "" if path == name else f" (looked up as {path})"
            self.add(
                CERT_FILE_MISSING,
                f"{what} `{name}` {loaded.problem}{shown}",
                span,
                f"{key}:{name}",
                label="file not found" if loaded.problem == "does not exist" else "not readable",
                hint="put the file there, or fix the name; on a machine without the files, "
                "run `fcsec check --skip-files`",
            )
            return None
        pem = self._pem[path] = parse_pem(loaded.data)
        return pem

    def key_store(self, use: CertUse) -> None:
        """FCS401 when the key store of ``use``'s certificate is not there."""
        cert = use.cert
        if cert is None or cert.key_store is None:
            return
        path = self._resolve(cert.key_store)
        loaded = self.files.read(path)
        if loaded.data is not None:
            return
        shown = "" if path == cert.key_store else f" (looked up as {path})"
        self.add(
            CERT_FILE_MISSING,
            f"key store `{cert.key_store}` {loaded.problem}{shown}",
            self.span("certs", cert.name, "key_store"),
            f"certs.{cert.name}.key_store:{cert.key_store}",
            label="file not found",
            hint="create it with FairCom's ctcpvf, or fix the name",
        )
