"""The cipher suites of an existing ``allowedCipherSuites`` or ``SSL_CIPHERS``, suite by suite.

Unknown names (FCS510), a raw OpenSSL string (FCS508), a TLS 1.3 suite in SSL_CIPHERS (FCS509)
and every suite rule of the spec (FCS501-FCS507, judged by ``cipher_suites.suite_problems``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from fcsec.ciphers.registry import lookup, suggest
from fcsec.lint import cipher_suites
from fcsec.lint.config_file_context import FileRules, Found, make_found, part_key
from fcsec.lint.configview_parts import Named
from fcsec.lint.configview_services import split_names
from fcsec.record import replace
from fcsec.rule_ids import OPENSSL_STRING, TLS13_IN_SSL_CIPHERS, UNKNOWN_OPENSSL_NAME
from fcsec.rules import RULES
from fcsec.suggest import did_you_mean

__all__ = ["database_suites", "listener_suites"]


def listener_suites(rules: FileRules) -> Iterable[Found]:
    for listener in rules.listeners():
        if not listener.uses_tls or not listener.enabled or not listener.suites:
            continue
        yield from _suites(
            listener.suites,
            "allowedCipherSuites",
            f"{listener.name} allowedCipherSuites",
            part_key(listener, f"listeners.{listener.name}.tls.allowedCipherSuites"),
            (listener,),
            database=False,
        )


def database_suites(rules: FileRules) -> Iterable[Found]:
    database = rules.enabled_database()
    line = database.setting("SSL_CIPHERS") if database is not None else None
    if database is None or line is None:
        return
    source = line.span.source if line.span is not None and not database.managed else None
    names = split_names(line.value, source, line.value_start)
    if database.managed:
        names = tuple(replace(named, span=line.span) for named in names)
    yield from _suites(
        names,
        "SSL_CIPHERS",
        "SSL_CIPHERS",
        part_key(database, "database.ciphers"),
        (database,),
        database=True,
    )


_OPERATORS = "!-+@"


def _is_keyword(name: str) -> bool:
    """A class or alias of an OpenSSL cipher string (HIGH, aNULL, TLSv1.2), or an operator:
    suite names always hold a ``-`` or ``_``, keywords never do."""
    return name[0] in _OPERATORS or ("-" not in name and "_" not in name)


def _suites(
    names: Sequence[Named],
    setting: str,
    where: str,
    key: str,
    parts: tuple[object, ...],
    *,
    database: bool,
) -> Iterable[Found]:
    keywords = [named for named in names if _is_keyword(named.value)]
    if keywords and database:
        yield make_found(
            OPENSSL_STRING,
            f"{where} is a raw OpenSSL cipher string "
            f"({', '.join(named.value for named in keywords)}): what it allows depends on the "
            "OpenSSL build of the server",
            keywords[0].span,
            parts,
            key=f"{key}:openssl",
            label="OpenSSL string",
            hint="list the suites, or manage the block with [database] `ciphers = "
            '"tlsref-intermediate"`',
        )
    for named in names:
        if _is_keyword(named.value):
            continue
        suite = lookup(named.value)
        if suite is None:
            guess = suggest(named.value)
            yield make_found(
                UNKNOWN_OPENSSL_NAME,
                f"{setting} names `{named.value}`, which is no cipher suite: the server skips "
                "it without a word",
                named.span,
                parts,
                key=f"{key}:{named.value}",
                label="unknown name",
                hint=did_you_mean(guess, otherwise="check the spelling"),
            )
            continue
        if database and suite.is_tls13:
            yield make_found(
                TLS13_IN_SSL_CIPHERS,
                f"`{named.value}` is a TLS 1.3 suite: SSL_CIPHERS covers TLS 1.2 and older",
                named.span,
                parts,
                key=f"{key}:{suite.iana}",
                label="no effect in SSL_CIPHERS",
                hint="list only TLS 1.2 suites in SSL_CIPHERS",
            )
            continue  # it has no effect there, so its other properties do not matter
        for rule, detail in cipher_suites.suite_problems(suite):
            yield make_found(
                rule,
                f"{setting} allows `{named.value}`, {RULES[rule].title} ({detail})",
                named.span,
                parts,
                key=f"{key}:{suite.iana}:{rule}",
                label=RULES[rule].title,
                hint="remove it, or let the spec manage the list with a profile such as "
                "`tlsref-intermediate`",
            )
