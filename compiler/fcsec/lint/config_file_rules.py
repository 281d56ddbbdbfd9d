"""Rules over the configuration as the server will read it (``fcsec.lint.configview``).

The spec rules (``config_rules``, ``cipher_rules``) see only what the spec says; these see both
files after compile, unmanaged parts included: plain listeners beside TLS ones (FCS602, FCS609,
FCS610), anonymous MQTT login (FCS603, FCS611), the SSL block (FCS601, FCS605, FCS606, FCS613,
FCS614), shared memory beside SSL-only (FCS612), TLS without a certificate (FCS615), one port for
two listeners (FCS616) and the suites of an existing ``SSL_CIPHERS`` or ``allowedCipherSuites``
(FCS501-FCS510, judged by ``cipher_rules.suite_problems``).

Each result says whether every part it is about is managed by the spec: then a spec rule has
already said the same at the spec's own line, and ``fcsec check`` drops it (``spec_covered``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import attrs

from fcsec.ciphers.registry import lookup, suggest
from fcsec.diagnostics import Related
from fcsec.lint import cipher_rules
from fcsec.lint.configview import (
    DatabasePart,
    Effective,
    ListenerPart,
    MethodsPart,
    Named,
    split_names,
)
from fcsec.lint.findings import Finding, finding
from fcsec.rule_ids import (
    ANONYMOUS_MQTT,
    ANONYMOUS_PLAIN_MQTT,
    DATABASE_TLS_OFF,
    DEBUG_LOG,
    NO_TLS_LISTENER,
    OPENSSL_STRING,
    OPTIONAL_CLIENT_CERT,
    PLAIN_DATABASE,
    PLAIN_MQTT_PASSWORDS,
    PLAIN_TWIN,
    SHARED_MEMORY_ON,
    SHARED_PORT,
    STRAY_LINES,
    TLS13_IN_SSL_CIPHERS,
    TLS_WITHOUT_CERT_FILE,
    UNKNOWN_OPENSSL_NAME,
)
from fcsec.rules import RULES
from fcsec.source import Span
from fcsec.suggest import did_you_mean

#: Rules that a spec rule reports at the spec's line when every part involved is managed (and
#: every cipher-suite rule, FCS5xx).
SPEC_COVERED = frozenset(
    {
        PLAIN_DATABASE,
        PLAIN_TWIN,
        ANONYMOUS_MQTT,
        DEBUG_LOG,
        OPTIONAL_CLIENT_CERT,
        PLAIN_MQTT_PASSWORDS,
        ANONYMOUS_PLAIN_MQTT,
        DATABASE_TLS_OFF,
    }
)


def spec_covered(rule: str) -> bool:
    """Whether a spec rule reports ``rule`` itself when every part involved is managed."""
    return rule in SPEC_COVERED or rule.startswith("FCS5")


_TWIN = {"http": "https", "mqtt": "mqtts", "mqttws": "mqttwss"}
_PLAIN_MQTT = ("mqtt", "mqttws")
_TLS_MQTT = ("mqtts", "mqttwss")


@attrs.frozen(kw_only=True)
class Found:
    """A finding and whether every part it is about is managed by the spec."""

    finding: Finding
    managed: bool


@attrs.frozen(kw_only=True)
class _Rules:
    effective: Effective
    production: bool

    @property
    def with_spec(self) -> bool:
        return self.effective.with_spec

    # --- services.json --------------------------------------------------------------------------
    def listeners(self) -> tuple[ListenerPart, ...]:
        return self.effective.listeners or ()

    def _file_hint(self, listener: ListenerPart, change: str, spec_change: str) -> str:
        if listener.managed:
            return spec_change
        fix = f"in services.json, {change} for `{listener.name}`"
        if self.with_spec:
            fix += f", or add [listeners.{listener.name}] to the spec ({spec_change}) so "
            fix += "compile manages it"
        return fix

    def plain_twins(self) -> Iterable[Found]:
        on = [listener for listener in self.listeners() if listener.enabled]
        for plain in on:
            twin_protocol = _TWIN.get(plain.protocol)
            twin = next((other for other in on if other.protocol == twin_protocol), None)
            if twin is None:
                continue
            yield _found(
                PLAIN_TWIN,
                f"{plain.where} is enabled beside its TLS twin {twin.where}: clients can still "
                "connect without encryption",
                plain.enabled_span,
                (plain, twin),
                key=_key(plain, f"listeners.{plain.name}.enabled"),
                label="plain listener on",
                hint=self._file_hint(plain, 'set `"enabled": false`', "`enabled = false`"),
                related=_related(twin.span, f"{twin.name} is on"),
            )

    def no_tls_listener(self) -> Iterable[Found]:
        listeners = self.listeners()
        secure = [listener for listener in listeners if listener.uses_tls]
        plain_on = [
            listener for listener in listeners if not listener.uses_tls and listener.enabled
        ]
        if not plain_on or any(listener.enabled for listener in secure):
            return
        names = ", ".join(f"`{listener.name}`" for listener in plain_on)
        verb = "is" if len(plain_on) == 1 else "are"
        if secure:
            first = secure[0]
            message = f"every TLS listener is disabled while {names} {verb} on"
            span, label = first.enabled_span, "TLS listener off"
            hint = f"enable `{first.name}`, or disable the plain listeners"
        else:
            first = plain_on[0]
            message = f"services.json has no TLS listener while {names} {verb} on"
            span, label = first.span, "no TLS listener"
            hint = "add an https, mqtts or mqttwss listener to the spec, or disable these"
        yield _found(
            NO_TLS_LISTENER,
            f"{message}: the app server speaks only plain text",
            span,
            (*secure, *plain_on),
            key=_key(first, "listeners:no-tls"),
            label=label,
            hint=hint,
            related=tuple(
                Related(span=listener.span, message=f"{listener.name} is on")
                for listener in plain_on
                if listener.span is not None and listener is not first
            ),
        )

    def _methods(self) -> MethodsPart | None:
        return self.effective.methods

    def plain_mqtt_passwords(self) -> Iterable[Found]:
        methods = self._methods()
        password = methods.find("password") if methods is not None else None
        if methods is None or password is None:
            return
        for listener in self.listeners():
            if listener.protocol not in _PLAIN_MQTT or not listener.enabled:
                continue
            yield _found(
                PLAIN_MQTT_PASSWORDS,
                f'{listener.where} is enabled and mqtt.authenticationMethods includes "password": '
                "passwords cross the network in clear text",
                listener.enabled_span,
                (listener, methods),
                key=_key(listener, f"listeners.{listener.name}:password"),
                label="passwords in clear text",
                hint=self._file_hint(
                    listener,
                    'set `"enabled": false`',
                    f"`enabled = false`, and use {_TWIN[listener.protocol]}",
                ),
                related=_related(password.span, "mqtt.authenticationMethods"),
            )

    def anonymous_mqtt(self) -> Iterable[Found]:
        methods = self._methods()
        none = methods.find("none") if methods is not None else None
        if methods is None or none is None:
            return
        for listener in self.listeners():
            if listener.protocol not in _TLS_MQTT or not listener.enabled:
                continue
            if listener.client_ca is not None:
                continue
            yield _found(
                ANONYMOUS_MQTT,
                f"{listener.where} asks for no client certificate and "
                'mqtt.authenticationMethods includes "none": anyone who reaches it can connect '
                "without credentials",
                none.span,
                (listener, methods),
                key=_key(methods, f"mqtt.authentication:none:{listener.name}"),
                label="anonymous login",
                hint=_methods_hint(methods, self.with_spec),
                related=_related(listener.span, listener.name),
            )

    def anonymous_plain_mqtt(self) -> Iterable[Found]:
        methods = self._methods()
        none = methods.find("none") if methods is not None else None
        if methods is None or none is None:
            return
        plain = [
            listener
            for listener in self.listeners()
            if listener.protocol in _PLAIN_MQTT and listener.enabled
        ]
        if not plain:
            return
        names = ", ".join(listener.where for listener in plain)
        yield _found(
            ANONYMOUS_PLAIN_MQTT,
            'mqtt.authenticationMethods includes "none" while plain MQTT is on: anyone who '
            f"reaches {names} can connect without credentials and without encryption",
            none.span,
            (methods, *plain),
            key=_key(methods, "mqtt.authentication:none:plain"),
            label="anonymous login in clear text",
            hint=_methods_hint(methods, self.with_spec) + ", and disable the plain listeners",
            related=tuple(
                Related(span=listener.span, message=f"{listener.name} is on")
                for listener in plain
                if listener.span is not None
            ),
        )

    def no_certificate(self) -> Iterable[Found]:
        for listener in self.listeners():
            if not listener.uses_tls or not listener.enabled or listener.cert is not None:
                continue
            yield _found(
                TLS_WITHOUT_CERT_FILE,
                f"{listener.where} uses TLS but names no certificate file (certificateFilename "
                "or serverCertificateFilename): the server falls back to its documented default "
                "./web/fccert.pem, the self-signed certificate shipped with every install",
                listener.tls_span,
                (listener,),
                key=_key(listener, f"listeners.{listener.name}.tls"),
                label="no certificate",
                hint=self._file_hint(
                    listener, "name your certificate file in `tls`", '`tls.cert = "NAME"`'
                ),
            )

    def shared_ports(self) -> Iterable[Found]:
        first_on: dict[int, ListenerPart] = {}
        for listener in self.listeners():
            if not listener.enabled or listener.port is None:
                continue
            other = first_on.setdefault(listener.port, listener)
            if other is listener or other.name == listener.name:
                continue
            yield _found(
                SHARED_PORT,
                f"{listener.where} and {other.where} are both enabled on port {listener.port}: "
                "only one of them can listen there",
                listener.port_span,
                (listener, other),
                key=_key(listener, f"listeners.{listener.name}.port:{listener.port}"),
                label=f"also used by {other.name}",
                hint="give one of them another port, or disable one",
                related=_related(other.port_span, f"{other.name} uses port {listener.port}"),
            )

    def listener_suites(self) -> Iterable[Found]:
        for listener in self.listeners():
            if not listener.uses_tls or not listener.enabled or not listener.suites:
                continue
            yield from _suites(
                listener.suites,
                "allowedCipherSuites",
                f"{listener.name} allowedCipherSuites",
                _key(listener, f"listeners.{listener.name}.tls.allowedCipherSuites"),
                (listener,),
                database=False,
            )

    # --- ctsrvr.cfg -------------------------------------------------------------------------------
    def _database(self) -> DatabasePart | None:
        return self.effective.database

    def database_off(self) -> Iterable[Found]:
        database = self._database()
        if database is None or database.enabled:
            return
        if database.managed:
            message = "[database] is disabled"
            span = database.header_span
        elif database.block_found:
            message = (
                "the SSL block of ctsrvr.cfg is disabled (its SUBSYSTEM line is commented out)"
            )
            span = database.header_span
        else:
            message = "ctsrvr.cfg has no SUBSYSTEM COMM_PROTOCOL SSL block"
            span = _file_start(self.effective, database)
        hint = (
            "remove `enabled = false` from [database]"
            if database.managed
            else 'add [database] with `cert = "NAME"` to the spec and compile'
            if self.with_spec
            else 'write a spec with [database] `cert = "NAME"` (fcsec import gives a start) '
            "and compile it"
        )
        yield _found(
            DATABASE_TLS_OFF,
            f"{message}: SQL, ISAM and CTDB connections are not encrypted",
            span,
            (database,),
            key=_key(database, "database.enabled"),
            label="database TLS off",
            hint=hint,
        )

    def stray_lines(self) -> Iterable[Found]:
        database = self._database()
        if database is None or not database.stray:
            return
        first, *others = database.stray
        keywords = ", ".join(dict.fromkeys(part.keyword for part in database.stray))
        count = len(database.stray)
        yield _found(
            STRAY_LINES,
            f"the SSL block is disabled, yet {count} line{'s' if count != 1 else ''} inside it "
            f"{'are' if count != 1 else 'is'} not commented out ({keywords}): FairCom does not "
            "document what it does with them",
            first.span,
            (database,),
            key=_key(database, f"database.stray:{keywords}"),
            label="active-looking line in a disabled block",
            hint="comment them out (`;KEYWORD value`) like the header, or enable the block",
            related=tuple(
                Related(span=part.span, message=f"{part.keyword} is not commented out")
                for part in others
                if part.span is not None
            ),
        )

    def _enabled_database(self) -> DatabasePart | None:
        database = self._database()
        return database if database is not None and database.enabled else None

    def plain_database(self) -> Iterable[Found]:
        database = self._enabled_database()
        if database is None or database.is_yes("SSL_CONNECTIONS_ONLY"):
            return
        line = database.setting("SSL_CONNECTIONS_ONLY")
        state = f"SSL_CONNECTIONS_ONLY {line.value}" if line else "no SSL_CONNECTIONS_ONLY line"
        yield _found(
            PLAIN_DATABASE,
            f"the SSL block has {state}: SQL, ISAM and CTDB clients may still connect without TLS",
            line.span if line else database.header_span,
            (database,),
            key=_key(database, "database.tls_only"),
            label="plain connections allowed",
            hint="set `tls_only = true` in [database]"
            if database.managed
            else "add `SSL_CONNECTIONS_ONLY YES` to the block, once every client uses TLS",
        )

    def shared_memory(self) -> Iterable[Found]:
        database = self._enabled_database()
        if database is None or not database.is_yes("SSL_CONNECTIONS_ONLY"):
            return
        lines = database.shared_memory
        if not lines:
            return
        only = database.setting("SSL_CONNECTIONS_ONLY")
        managed = database.managed and database.shared_memory_managed
        yield _found(
            SHARED_MEMORY_ON,
            "COMM_PROTOCOL FSHAREMM is active beside SSL_CONNECTIONS_ONLY YES: shared memory is "
            "never encrypted and local clients silently use it (the vendor template says to "
            "comment it out)",
            lines[0].span,
            (database,) if managed else (),
            key=_key(database if managed else None, "database.shared_memory"),
            label="shared memory on",
            hint="set `shared_memory = false` in [database] unless local clients need it"
            if database.managed
            else "comment the line out (`;COMM_PROTOCOL FSHAREMM`) unless local clients need it",
            related=_related(only.span if only else None, "SSL_CONNECTIONS_ONLY YES"),
        )

    def database_certificate(self) -> Iterable[Found]:
        database = self._enabled_database()
        if database is None or database.setting("SERVER_CERTIFICATE_FILE") is not None:
            return
        yield _found(
            TLS_WITHOUT_CERT_FILE,
            "the SSL block is enabled without SERVER_CERTIFICATE_FILE: FairCom needs a "
            "certificate for TLS",
            database.header_span,
            (database,),
            key=_key(database, "database.cert"),
            label="no certificate",
            hint="add `SERVER_CERTIFICATE_FILE <file>` to the block, or [database] with "
            '`cert = "NAME"` to the spec',
        )

    def debug_log(self) -> Iterable[Found]:
        database = self._enabled_database()
        line = database.setting("DEBUG_LOG") if database is not None else None
        if database is None or line is None:
            return
        if database.managed and not self.production:
            return
        yield _found(
            DEBUG_LOG,
            f"DEBUG_LOG {line.value} writes a TLS debug log on every connection",
            line.span,
            (database,),
            key=_key(database, "database.debug_log"),
            label="debug log",
            hint="move `debug_log` to a development overlay, e.g. [env.dev]"
            if database.managed
            else "comment the line out outside development",
        )

    def optional_client_cert(self) -> Iterable[Found]:
        database = self._enabled_database()
        if database is None or not database.is_yes("x509_AUTHENTICATION"):
            return
        if database.is_yes("VERIFY_CLIENT_CERTIFICATE"):
            return
        line = database.setting("x509_AUTHENTICATION")
        yield _found(
            OPTIONAL_CLIENT_CERT,
            "x509_AUTHENTICATION YES without VERIFY_CLIENT_CERTIFICATE YES: the client "
            "certificate stays optional and clients still log in with passwords",
            line.span if line is not None else database.header_span,
            (database,),
            key=_key(database, "database.x509_login"),
            label="client certificate optional",
            hint="add `verify_client_certs = true` to [database]"
            if database.managed
            else "add `VERIFY_CLIENT_CERTIFICATE YES` to the block",
        )

    def database_suites(self) -> Iterable[Found]:
        database = self._enabled_database()
        line = database.setting("SSL_CIPHERS") if database is not None else None
        if database is None or line is None:
            return
        source = line.span.source if line.span is not None and not database.managed else None
        names = split_names(line.value, source, line.value_start)
        if database.managed:
            names = tuple(attrs.evolve(named, span=line.span) for named in names)
        yield from _suites(
            names,
            "SSL_CIPHERS",
            "SSL_CIPHERS",
            _key(database, "database.ciphers"),
            (database,),
            database=True,
        )


# --- cipher suites ------------------------------------------------------------------------------
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
        yield _found(
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
            yield _found(
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
            yield _found(
                TLS13_IN_SSL_CIPHERS,
                f"`{named.value}` is a TLS 1.3 suite: SSL_CIPHERS covers TLS 1.2 and older",
                named.span,
                parts,
                key=f"{key}:{suite.iana}",
                label="no effect in SSL_CIPHERS",
                hint="list only TLS 1.2 suites in SSL_CIPHERS",
            )
            continue  # it has no effect there, so its other properties do not matter
        for rule, detail in cipher_rules.suite_problems(suite):
            yield _found(
                rule,
                f"{setting} allows `{named.value}`, {RULES[rule].title} ({detail})",
                named.span,
                parts,
                key=f"{key}:{suite.iana}:{rule}",
                label=RULES[rule].title,
                hint="remove it, or let the spec manage the list with a profile such as "
                "`tlsref-intermediate`",
            )


# --- helpers ------------------------------------------------------------------------------------
def _found(
    rule: str,
    message: str,
    span: Span | None,
    parts: tuple[object, ...],
    *,
    key: str,
    label: str,
    hint: str,
    related: tuple[Related, ...] = (),
) -> Found:
    managed = bool(parts) and all(getattr(part, "managed", False) for part in parts)
    return Found(
        finding=finding(rule, message, span, key=key, label=label, hint=hint, related=related),
        managed=managed,
    )


def _key(part: object, path: str) -> str:
    """The logical place: the spec path for a managed part, else the file's part."""
    if getattr(part, "managed", False):
        return path
    if isinstance(part, DatabasePart) or path.startswith("database"):
        return f"ctsrvr.cfg:{path}"
    return f"services.json:{path}"


def _related(span: Span | None, message: str) -> tuple[Related, ...]:
    return () if span is None else (Related(span=span, message=message),)


def _methods_hint(methods: MethodsPart, with_spec: bool) -> str:
    if methods.managed:
        return 'remove "none" from mqtt.authentication'
    if with_spec:
        return (
            'remove "none" from authenticationMethods in services.json, or set '
            "[mqtt] authentication in the spec so compile manages it"
        )
    return 'remove "none" from mqtt.authenticationMethods in services.json'


def _file_start(effective: Effective, database: DatabasePart) -> Span | None:
    if database.protocols and database.protocols[0].span is not None:
        return database.protocols[0].span
    source = effective.files.get("ctsrvr.cfg")
    return source.span(0, 0) if source is not None else None


_CHECKS: tuple[Callable[[_Rules], Iterable[Found]], ...] = (
    _Rules.plain_twins,
    _Rules.no_tls_listener,
    _Rules.plain_mqtt_passwords,
    _Rules.anonymous_mqtt,
    _Rules.anonymous_plain_mqtt,
    _Rules.no_certificate,
    _Rules.shared_ports,
    _Rules.listener_suites,
    _Rules.database_off,
    _Rules.stray_lines,
    _Rules.plain_database,
    _Rules.shared_memory,
    _Rules.database_certificate,
    _Rules.debug_log,
    _Rules.optional_client_cert,
    _Rules.database_suites,
)


def check(effective: Effective, *, production: bool = True) -> list[Found]:
    """Every finding about the configuration after compile, managed parts included."""
    rules = _Rules(effective=effective, production=production)
    return [found for run in _CHECKS for found in run(rules)]
