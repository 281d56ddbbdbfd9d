"""Lowering of ``[database]``: the TLS of SQL, ISAM and CTDB clients (ctsrvr.cfg's SSL block).

An enabled block needs a certificate; ``tls_only`` defaults to true (the secure default); the
cipher policy must be one SSL_CIPHERS can hold: the backend says
(``fcsec.backends.ctsrvr_cfg.ssl_ciphers_problem``).
"""

from __future__ import annotations

from fcsec.backends.ctsrvr_cfg import ssl_ciphers_problem
from fcsec.diagnostics import diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import DATABASE_WITHOUT_CERT
from fcsec.spec import syntax as ast
from fcsec.spec.document import Table
from fcsec.spec.lower_context import Lowerer, use_span
from fcsec.spec.lower_names import cert_ref, ciphers_or_default, declared_at, default_policy


def lower_database(lowerer: Lowerer) -> ir.DatabaseTls | None:
    item = lowerer.root.get("database")
    table = lowerer.table(lowerer.root, "database")
    if table is None or item is None:
        return None
    span = table.span or item.key_span
    enabled = bool(lowerer.boolean(table, "enabled", True))
    cert = cert_ref(lowerer, table, "cert", "database")
    if table.get("cert") is None and enabled:
        lowerer.problems.append(
            diagnostic(
                DATABASE_WITHOUT_CERT,
                "[database] needs a certificate: FairCom requires SERVER_CERTIFICATE_FILE",
                span,
                label="`cert` missing",
                hint='add `cert = "NAME"` naming a [certs.NAME] entry',
            )
        )
    ciphers_item = table.get("ciphers")
    ciphers = ciphers_or_default(lowerer, ciphers_item)
    if ciphers is not None and ciphers_item is not None:  # the default policy is always written
        problem = ssl_ciphers_problem(
            ciphers, use_span(ciphers_item), declared_at(lowerer, ciphers)
        )
        if problem is not None:
            lowerer.problems.append(problem)
            ciphers = None
    return ir.DatabaseTls(
        cert=cert,
        tls_only=_tls_only(lowerer, table),
        ciphers=ciphers or default_policy(),
        verify_client_certs=lowerer.boolean(table, "verify_client_certs", None),
        x509_login=_x509(lowerer, table),
        debug_log=lowerer.string(table, "debug_log"),
        shared_memory=lowerer.boolean(table, "shared_memory", None),
        enabled=enabled,
        span=span,
    )


def _tls_only(lowerer: Lowerer, database: Table) -> bool | None:
    """``tls_only``: a boolean, or "faircom-default" (None: no SSL_CONNECTIONS_ONLY line).

    Any other string was reported by the structure check.
    """
    if lowerer.get(database, "tls_only", ast.StringValue) is not None:
        return None
    return bool(lowerer.boolean(database, "tls_only", True))


def _x509(lowerer: Lowerer, database: Table) -> ir.X509Login | None:
    table = lowerer.table(database, "x509_login")
    if table is None:
        return None
    path = lowerer.string(table, "path")
    if path is None:
        return None  # missing path: reported by the structure check
    return ir.X509Login(
        path=path,
        prefix=lowerer.string(table, "prefix"),
        delimiter=lowerer.string(table, "delimiter"),
        requirement_path=lowerer.string(table, "requirement_path"),
        requirement=lowerer.string(table, "requirement"),
        span=table.span,
    )
