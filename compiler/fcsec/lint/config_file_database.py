"""The config-file rules of ctsrvr.cfg: the SSL block and the protocols around it.

The SSL block off or missing (FCS613), stray lines in a disabled block (FCS614), plain
connections allowed (FCS601), shared memory beside SSL-only (FCS612), no certificate (FCS615), a
debug log (FCS605) and an optional client certificate (FCS606), over the file after compile.
"""

from __future__ import annotations

from collections.abc import Iterable

from fcsec.diagnostics import Related
from fcsec.lint.config_file_context import FileRules, Found, make_found, part_key, related_to
from fcsec.lint.configview_parts import DatabasePart, Effective
from fcsec.rule_ids import (
    DATABASE_TLS_OFF,
    DEBUG_LOG,
    OPTIONAL_CLIENT_CERT,
    PLAIN_DATABASE,
    SHARED_MEMORY_ON,
    STRAY_LINES,
    TLS_WITHOUT_CERT_FILE,
)
from fcsec.source import Span

__all__ = [
    "database_certificate",
    "database_off",
    "debug_log",
    "optional_client_cert",
    "plain_database",
    "shared_memory",
    "stray_lines",
]


def database_off(rules: FileRules) -> Iterable[Found]:
    database = rules.database()
    if database is None or database.enabled:
        return
    if database.managed:
        message = "[database] is disabled"
        span = database.header_span
    elif database.block_found:
        message = "the SSL block of ctsrvr.cfg is disabled (its SUBSYSTEM line is commented out)"
        span = database.header_span
    else:
        message = "ctsrvr.cfg has no SUBSYSTEM COMM_PROTOCOL SSL block"
        span = _file_start(rules.effective, database)
    hint = (
        "remove `enabled = false` from [database]"
        if database.managed
        else 'add [database] with `cert = "NAME"` to the spec and compile'
        if rules.with_spec
        else 'write a spec with [database] `cert = "NAME"` (fcsec import gives a start) '
        "and compile it"
    )
    yield make_found(
        DATABASE_TLS_OFF,
        f"{message}: SQL, ISAM and CTDB connections are not encrypted",
        span,
        (database,),
        key=part_key(database, "database.enabled"),
        label="database TLS off",
        hint=hint,
    )


def stray_lines(rules: FileRules) -> Iterable[Found]:
    database = rules.database()
    if database is None or not database.stray:
        return
    first, *others = database.stray
    keywords = ", ".join(dict.fromkeys(part.keyword for part in database.stray))
    count = len(database.stray)
    yield make_found(
        STRAY_LINES,
        f"the SSL block is disabled, yet {count} line{'s' if count != 1 else ''} inside it "
        f"{'are' if count != 1 else 'is'} not commented out ({keywords}): FairCom does not "
        "document what it does with them",
        first.span,
        (database,),
        key=part_key(database, f"database.stray:{keywords}"),
        label="active-looking line in a disabled block",
        hint="comment them out (`;KEYWORD value`) like the header, or enable the block",
        related=tuple(
            Related(span=part.span, message=f"{part.keyword} is not commented out")
            for part in others
            if part.span is not None
        ),
    )


def plain_database(rules: FileRules) -> Iterable[Found]:
    database = rules.enabled_database()
    if database is None or database.is_yes("SSL_CONNECTIONS_ONLY"):
        return
    line = database.setting("SSL_CONNECTIONS_ONLY")
    state = f"SSL_CONNECTIONS_ONLY {line.value}" if line else "no SSL_CONNECTIONS_ONLY line"
    yield make_found(
        PLAIN_DATABASE,
        f"the SSL block has {state}: SQL, ISAM and CTDB clients may still connect without TLS",
        line.span if line else database.header_span,
        (database,),
        key=part_key(database, "database.tls_only"),
        label="plain connections allowed",
        hint="set `tls_only = true` in [database]"
        if database.managed
        else "add `SSL_CONNECTIONS_ONLY YES` to the block, once every client uses TLS",
    )


def shared_memory(rules: FileRules) -> Iterable[Found]:
    database = rules.enabled_database()
    if database is None or not database.is_yes("SSL_CONNECTIONS_ONLY"):
        return
    lines = database.shared_memory
    if not lines:
        return
    only = database.setting("SSL_CONNECTIONS_ONLY")
    managed = database.managed and database.shared_memory_managed
    yield make_found(
        SHARED_MEMORY_ON,
        "COMM_PROTOCOL FSHAREMM is active beside SSL_CONNECTIONS_ONLY YES: shared memory is "
        "never encrypted and local clients silently use it (the vendor template says to "
        "comment it out)",
        lines[0].span,
        (database,) if managed else (),
        key=part_key(database if managed else None, "database.shared_memory"),
        label="shared memory on",
        hint="set `shared_memory = false` in [database] unless local clients need it"
        if database.managed
        else "comment the line out (`;COMM_PROTOCOL FSHAREMM`) unless local clients need it",
        related=related_to(only.span if only else None, "SSL_CONNECTIONS_ONLY YES"),
    )


def database_certificate(rules: FileRules) -> Iterable[Found]:
    database = rules.enabled_database()
    if database is None or database.setting("SERVER_CERTIFICATE_FILE") is not None:
        return
    yield make_found(
        TLS_WITHOUT_CERT_FILE,
        "the SSL block is enabled without SERVER_CERTIFICATE_FILE: FairCom needs a "
        "certificate for TLS",
        database.header_span,
        (database,),
        key=part_key(database, "database.cert"),
        label="no certificate",
        hint="add `SERVER_CERTIFICATE_FILE <file>` to the block, or [database] with "
        '`cert = "NAME"` to the spec',
    )


def debug_log(rules: FileRules) -> Iterable[Found]:
    database = rules.enabled_database()
    line = database.setting("DEBUG_LOG") if database is not None else None
    if database is None or line is None:
        return
    if database.managed and not rules.production:
        return
    yield make_found(
        DEBUG_LOG,
        f"DEBUG_LOG {line.value} writes a TLS debug log on every connection",
        line.span,
        (database,),
        key=part_key(database, "database.debug_log"),
        label="debug log",
        hint="move `debug_log` to a development overlay, e.g. [env.dev]"
        if database.managed
        else "comment the line out outside development",
    )


def optional_client_cert(rules: FileRules) -> Iterable[Found]:
    database = rules.enabled_database()
    if database is None or not database.is_yes("x509_AUTHENTICATION"):
        return
    if database.is_yes("VERIFY_CLIENT_CERTIFICATE"):
        return
    line = database.setting("x509_AUTHENTICATION")
    yield make_found(
        OPTIONAL_CLIENT_CERT,
        "x509_AUTHENTICATION YES without VERIFY_CLIENT_CERTIFICATE YES: the client "
        "certificate stays optional and clients still log in with passwords",
        line.span if line is not None else database.header_span,
        (database,),
        key=part_key(database, "database.x509_login"),
        label="client certificate optional",
        hint="add `verify_client_certs = true` to [database]"
        if database.managed
        else "add `VERIFY_CLIENT_CERTIFICATE YES` to the block",
    )


def _file_start(effective: Effective, database: DatabasePart) -> Span | None:
    if database.protocols and database.protocols[0].span is not None:
        return database.protocols[0].span
    source = effective.files.get("ctsrvr.cfg")
    return source.span(0, 0) if source is not None else None
