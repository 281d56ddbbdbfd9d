"""Backend: the IR's database TLS settings as an SslBlockPlan for ctsrvr.cfg.

Keywords are spelled and ordered as in the vendor template (``fcsec.cfg.plan.SSL_KEYWORDS``).
Secure defaults: SSL_CONNECTIONS_ONLY YES unless the spec says otherwise (FairCom's own default
is NO), SSL_CIPHERS from the default policy; what FairCom already gets right is left out.
Returns None when the spec has no ``[database]``: ctsrvr.cfg is then not touched. What
SSL_CIPHERS cannot hold is an error of the spec (FCS029, ``ssl_ciphers_problem``), which lowering
reports with the spec's other errors.
"""

from __future__ import annotations

from fcsec.cfg.plan import SslBlockPlan
from fcsec.ciphers.policies import FAIRCOM_DEFAULT, PolicyKind
from fcsec.diagnostics import Diagnostic, Related, diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import CANNOT_EXPRESS
from fcsec.source import Span


def _yes_no(value: bool) -> str:
    return "YES" if value else "NO"


def ssl_ciphers(policy: ir.CipherPolicy) -> str | None:
    """Colon-joined OpenSSL names of the TLS <= 1.2 suites (SSL_CIPHERS does not cover 1.3)."""
    if policy.kind is PolicyKind.OPENSSL_STRING:
        return policy.openssl
    if policy.kind is not PolicyKind.SUITES:
        return None
    names = [suite.openssl for suite in policy.suites if not suite.is_tls13 and suite.openssl]
    return ":".join(names) or None


def ssl_ciphers_problem(
    ciphers: ir.CipherPolicy, at: Span, related: tuple[Related, ...]
) -> Diagnostic | None:
    """FCS029 when the database's list of suites is TLS 1.3 only: SSL_CIPHERS would be empty.
    ``at`` is where the spec uses the policy, ``related`` where it declares it."""
    if ciphers.kind is not PolicyKind.SUITES or any(not suite.is_tls13 for suite in ciphers.suites):
        return None
    return diagnostic(
        CANNOT_EXPRESS,
        "SSL_CIPHERS lists TLS 1.2 and older suites, and this policy has only TLS 1.3 suites",
        at,
        related=related,
        label="nothing for SSL_CIPHERS",
        hint='use a policy with TLS 1.2 suites (e.g. "tlsref-intermediate"), or '
        f'"{FAIRCOM_DEFAULT}" to leave SSL_CIPHERS out',
    )


def plan_ctsrvr(spec: ir.Spec) -> SslBlockPlan | None:
    database = spec.database
    if database is None:
        return None
    settings: list[tuple[str, str | None]] = []
    cert = database.cert
    settings.append(("SERVER_CERTIFICATE_FILE", cert.file if cert else None))
    settings.append(("SERVER_PRIVATE_KEY_FILE", cert.key if cert else None))
    settings.append(("SERVER_ENCRYPTED_STORE_FILE", cert.key_store if cert else None))
    settings.append(("DEBUG_LOG", database.debug_log))
    if database.tls_only is not None:  # None: the server's own default, no line
        settings.append(("SSL_CONNECTIONS_ONLY", _yes_no(database.tls_only)))
    if database.verify_client_certs is not None:
        settings.append(("VERIFY_CLIENT_CERTIFICATE", _yes_no(database.verify_client_certs)))
    login = database.x509_login
    if login is not None:
        settings.append(("x509_AUTHENTICATION", "YES"))
        settings.append(("x509_PATH", login.path))
        settings.append(("X509_PREFIX", login.prefix))
        settings.append(("X509_DELIMITER", login.delimiter))
        settings.append(("X509_REQUIREMENT_PATH", login.requirement_path))
        settings.append(("X509_REQUIREMENT", login.requirement))
    settings.append(("SSL_CIPHERS", ssl_ciphers(database.ciphers)))
    return SslBlockPlan(
        settings=tuple((keyword, value) for keyword, value in settings if value is not None),
        enabled=database.enabled,
        shared_memory=database.shared_memory,
    )
