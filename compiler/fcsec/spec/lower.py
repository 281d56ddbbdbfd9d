"""Lower a checked table tree to the typed IR: resolve names, apply defaults, check meaning.

All domain rules of the language live here: the language version, names of certificates and
cipher policies, protocols and ports, what TLS needs, and the cross-field rules of the guide
(MQTT client-certificate login needs a client CA and a database certificate). Every problem is
collected with its span and raised together. Types and unknown keys were checked before
(``fcsec.spec.structure``), so values of the wrong type are skipped here, not reported again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fcsec.ciphers.policies import DEFAULT_POLICY, SERVER_DEFAULT, PolicyKind, policy, policy_names
from fcsec.ciphers.registry import Suite, lookup, suggest
from fcsec.diagnostics import Diagnostic, Related, diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import (
    BAD_CHOICE,
    BAD_LANGUAGE_VERSION,
    CANNOT_EXPRESS,
    DATABASE_WITHOUT_CERT,
    DUPLICATE_PORT,
    MQTT_WITHOUT_CLIENT_CA,
    MQTT_WITHOUT_DATABASE_CERT,
    POLICY_SHAPE,
    PORT_OUT_OF_RANGE,
    TLS_ON_PLAIN,
    TLS_WITHOUT_CERT,
    UNKNOWN_CERT,
    UNKNOWN_POLICY,
    UNKNOWN_RULE,
    UNKNOWN_SUITE,
)
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.document import Item, Table
from fcsec.suggest import closest, closest_rule, did_you_mean

LANGUAGE_VERSION = 1


T = TypeVar("T")


class _Lowerer:
    def __init__(self, root: Table, start: Span) -> None:
        self.root = root
        self.start = start
        self.problems: list[Diagnostic] = []
        self._certs: dict[str, ir.CertRef] = {}
        self._policies: dict[str, ir.CipherPolicy] = {}

    # --- typed access (wrong types were reported by the structure check) -----------------------
    @staticmethod
    def _get(table: Table | None, name: str, kind: type[T]) -> tuple[T, Item] | None:
        if table is None:
            return None
        item = table.get(name)
        if item is None or not isinstance(item.value, kind):
            return None
        return item.value, item

    def _str(self, table: Table | None, name: str) -> str | None:
        found = self._get(table, name, ast.StringValue)
        return found[0].value if found else None

    def _bool(self, table: Table | None, name: str, default: T) -> bool | T:
        found = self._get(table, name, ast.BoolValue)
        return found[0].value if found else default

    def _table(self, table: Table | None, name: str) -> Table | None:
        found = self._get(table, name, Table)
        return found[0] if found else None

    def _named(self, name: str) -> list[tuple[str, Table, Span]]:
        section = self._table(self.root, name)
        if section is None:
            return []
        return [
            (item.name, item.value, item.value.span or item.key_span)
            for item in section
            if isinstance(item.value, Table)
        ]

    def _choice(
        self, table: Table | None, name: str, enum: Callable[[str], T], choices: tuple[str, ...]
    ) -> T | None:
        found = self._get(table, name, ast.StringValue)
        if found is None:
            return None
        value = found[0]
        try:
            return enum(value.value)
        except ValueError:
            guess = closest(value.value, choices)
            self.problems.append(
                diagnostic(
                    BAD_CHOICE,
                    f"`{value.value}` is not a valid {name}",
                    value.span,
                    label=f"unknown {name}",
                    hint=did_you_mean(guess, then=f"valid: {', '.join(choices)}"),
                )
            )
            return None

    # --- sections ---------------------------------------------------------------------------
    def version(self) -> int:
        found = self._get(self.root, "fcsec", ast.IntValue)
        item = self.root.get("fcsec")
        if item is None:
            self.problems.append(
                diagnostic(
                    BAD_LANGUAGE_VERSION,
                    "the spec does not say which language version it is written in",
                    self.start,
                    label="expected `fcsec = 1` here",
                    hint="add `fcsec = 1` as the first line",
                )
            )
        elif found is not None and found[0].value != LANGUAGE_VERSION:
            self.problems.append(
                diagnostic(
                    BAD_LANGUAGE_VERSION,
                    f"fcsec language version {found[0].value} is not supported",
                    found[0].span,
                    label="unsupported version",
                    hint=f"this fcsec reads version {LANGUAGE_VERSION}: write `fcsec = 1`",
                )
            )
        return LANGUAGE_VERSION

    def server(self) -> ir.Server:
        table = self._table(self.root, "server")
        products = tuple(product.value for product in ir.Product)
        return ir.Server(
            product=self._choice(table, "product", ir.Product, products),
            version=self._str(table, "version"),
            root=self._str(table, "root"),
            hostname=self._str(table, "hostname"),
            span=table.span if table else None,
        )

    def certs(self) -> tuple[ir.CertRef, ...]:
        for name, table, span in self._named("certs"):
            file = self._str(table, "file")
            if file is None:
                continue  # missing or mistyped: reported by the structure check
            self._certs[name] = ir.CertRef(
                name=name,
                file=file,
                key=self._str(table, "key"),
                key_store=self._str(table, "key_store"),
                span=span,
            )
        return tuple(self._certs.values())

    def cipher_policies(self) -> tuple[ir.CipherPolicy, ...]:
        for name, table, span in self._named("ciphers"):
            profile = self._get(table, "profile", ast.StringValue)
            suites = self._get(table, "suites", ast.ArrayValue)
            if (table.get("profile") is None) == (table.get("suites") is None):
                self.problems.append(
                    diagnostic(
                        POLICY_SHAPE,
                        f"[ciphers.{name}] needs exactly one of `profile` and `suites`",
                        span,
                        label="profile or suites",
                        hint='for example `profile = "tlsref-intermediate"`',
                    )
                )
                continue
            if profile is not None:
                resolved = self._builtin(profile[0])
                if resolved is not None:
                    self._policies[name] = ir.CipherPolicy(
                        name=name,
                        kind=resolved.kind,
                        suites=resolved.suites,
                        openssl=resolved.openssl,
                        span=span,
                    )
            elif suites is not None:
                listed = self._suites(suites[0])
                if listed is not None:
                    self._policies[name] = ir.CipherPolicy(
                        name=name, kind=PolicyKind.SUITES, suites=listed, span=span
                    )
        return tuple(self._policies.values())

    def _builtin(self, value: ast.StringValue) -> ir.CipherPolicy | None:
        found = policy(value.value)
        if found is None:
            guess = closest(value.value, list(policy_names()))
            self.problems.append(
                diagnostic(
                    UNKNOWN_POLICY,
                    f"unknown cipher profile `{value.value}`",
                    value.span,
                    label="unknown profile",
                    hint=did_you_mean(
                        guess, then=f"built-in profiles: {', '.join(policy_names())}"
                    ),
                )
            )
            return None
        return ir.CipherPolicy(
            name=found.name,
            kind=found.kind,
            suites=found.suites,
            openssl=found.openssl,
            span=value.span,
        )

    def _suites(self, array: ast.ArrayValue) -> tuple[Suite, ...] | None:
        if not array.items:
            self.problems.append(
                diagnostic(
                    POLICY_SHAPE,
                    "an empty list of cipher suites allows no connection at all",
                    array.span,
                    label="empty list",
                    hint="list at least one suite, or name a profile",
                )
            )
            return None
        suites: list[Suite] = []
        ok = True
        for element in array.items:
            if not isinstance(element, ast.StringValue):
                continue
            suite = lookup(element.value)
            if suite is None:
                ok = False
                guess = suggest(element.value)
                self.problems.append(
                    diagnostic(
                        UNKNOWN_SUITE,
                        f"unknown cipher suite `{element.value}`",
                        element.span,
                        label="not a known suite",
                        hint=did_you_mean(guess, then="name a suite by its IANA or OpenSSL name"),
                    )
                )
            elif suite not in suites:
                suites.append(suite)
        return tuple(suites) if ok else None

    def ciphers_ref(self, item: Item) -> ir.CipherPolicy | None:
        """A ``ciphers`` value: a [ciphers] name, a built-in profile, a list, or {openssl}."""
        value = item.value
        if isinstance(value, ast.StringValue):
            declared = self._policies.get(value.value)
            if declared is not None:
                return declared
            if policy(value.value) is not None:
                return self._builtin(value)
            known = list(self._policies) + list(policy_names())
            guess = closest(value.value, known)
            self.problems.append(
                diagnostic(
                    UNKNOWN_POLICY,
                    f"`{value.value}` is neither a [ciphers] entry nor a built-in profile",
                    value.span,
                    label="unknown cipher policy",
                    hint=did_you_mean(
                        guess,
                        then=f"declared: {', '.join(self._policies) or 'none'}; "
                        f"built-in: {', '.join(policy_names())}",
                    ),
                )
            )
            return None
        if isinstance(value, ast.ArrayValue):
            suites = self._suites(value)
            if suites is None:
                return None
            return ir.CipherPolicy(
                name=None, kind=PolicyKind.SUITES, suites=suites, span=value.span
            )
        if isinstance(value, Table):
            raw = self._get(value, "openssl", ast.StringValue)
            if raw is None:
                return None
            return ir.CipherPolicy(
                name=None, kind=PolicyKind.OPENSSL_STRING, openssl=raw[0].value, span=raw[0].span
            )
        return None

    def _declared_at(self, ciphers: ir.CipherPolicy) -> tuple[Related, ...]:
        declared = self._policies.get(ciphers.name or "")
        if declared is not ciphers or declared.span is None:
            return ()
        return (Related(span=declared.span, message=f"[ciphers.{declared.name}] is declared here"),)

    def ciphers_or_default(self, item: Item | None) -> ir.CipherPolicy | None:
        """The policy a ``ciphers`` key names, or the default policy when the key is absent."""
        return self.default_policy() if item is None else self.ciphers_ref(item)

    def default_policy(self) -> ir.CipherPolicy:
        found = policy(DEFAULT_POLICY)
        assert found is not None
        return ir.CipherPolicy(
            name=found.name, kind=found.kind, suites=found.suites, openssl=found.openssl
        )

    def cert_ref(self, table: Table | None, name: str, what: str) -> ir.CertRef | None:
        found = self._get(table, name, ast.StringValue)
        if found is None:
            return None
        value = found[0]
        cert = self._certs.get(value.value)
        if cert is None:
            guess = closest(value.value, list(self._certs))
            self.problems.append(
                diagnostic(
                    UNKNOWN_CERT,
                    f"no certificate named `{value.value}` for {what}",
                    value.span,
                    label="unknown certificate",
                    hint=did_you_mean(
                        guess, otherwise=f'declare it: [certs.{value.value}] with file = "..."'
                    ),
                )
            )
        return cert

    def listeners(self) -> tuple[ir.Listener, ...]:
        listeners: list[ir.Listener] = []
        ports: dict[int, tuple[str, Span]] = {}
        protocols = tuple(protocol.value for protocol in ir.Protocol)
        for name, table, span in self._named("listeners"):
            protocol = self._choice(table, "protocol", ir.Protocol, protocols)
            port = self._port(table, name, ports)
            tls = self._tls(table, name, protocol, span)
            if protocol is None or port is None:
                continue
            if protocol.uses_tls and tls is None:
                continue
            listeners.append(
                ir.Listener(
                    name=name,
                    protocol=protocol,
                    port=port,
                    enabled=bool(self._bool(table, "enabled", True)),
                    description=self._str(table, "description"),
                    tls=tls,
                    span=span,
                )
            )
        return tuple(listeners)

    def _port(self, table: Table, name: str, ports: dict[int, tuple[str, Span]]) -> int | None:
        found = self._get(table, "port", ast.IntValue)
        if found is None:
            return None
        value = found[0]
        if not 1 <= value.value <= 65535:
            self.problems.append(
                diagnostic(
                    PORT_OUT_OF_RANGE,
                    f"port {value.value} is outside 1-65535",
                    value.span,
                    label="not a TCP port",
                    hint="pick a port between 1 and 65535",
                )
            )
            return None
        other = ports.get(value.value)
        if other is not None:
            free = next((port for port in range(value.value + 1, 65536) if port not in ports), None)
            self.problems.append(
                diagnostic(
                    DUPLICATE_PORT,
                    f"port {value.value} is used by two listeners; FairCom needs different ports "
                    "for TLS and non-TLS",
                    value.span,
                    label=f"also used by listeners.{other[0]} (line {other[1].line})",
                    hint=f"pick a free port, e.g. {free}" if free else "pick a free port",
                    related=(Related(span=other[1], message=f"listeners.{other[0]} uses it"),),
                )
            )
            return value.value
        ports[value.value] = (name, value.span)
        return value.value

    def _tls(
        self, table: Table, name: str, protocol: ir.Protocol | None, span: Span
    ) -> ir.Tls | None:
        tls_item = table.get("tls")
        tls_table = self._table(table, "tls")
        if protocol is None:
            return None
        if not protocol.uses_tls:
            if tls_item is not None:
                self.problems.append(
                    diagnostic(
                        TLS_ON_PLAIN,
                        f"listener `{name}` uses the plain protocol `{protocol.value}` but has tls "
                        "settings",
                        tls_item.key_span,
                        label="tls on a plain protocol",
                        hint=f'use protocol = "{_secure_twin(protocol)}" on a different port, or '
                        "remove the tls keys",
                    )
                )
            return None
        if tls_item is None:
            self.problems.append(
                diagnostic(
                    TLS_WITHOUT_CERT,
                    f"listener `{name}` uses `{protocol.value}` and needs a certificate",
                    span,
                    label="tls.cert missing",
                    hint='add `tls.cert = "NAME"` naming a [certs.NAME] entry',
                )
            )
            return None
        if tls_table is None or tls_table.get("cert") is None:
            return None  # a tls that is no table, or has no cert: reported by the structure check
        cert = self.cert_ref(tls_table, "cert", f"listeners.{name}.tls.cert")
        client_ca = self.cert_ref(tls_table, "client_ca", f"listeners.{name}.tls.client_ca")
        ciphers_item = tls_table.get("ciphers")
        ciphers = self.ciphers_or_default(ciphers_item)
        if ciphers is not None and ciphers.kind is PolicyKind.OPENSSL_STRING:
            assert ciphers_item is not None
            self.problems.append(
                diagnostic(
                    CANNOT_EXPRESS,
                    f"listener `{name}`: services.json takes a list of suites, not an OpenSSL "
                    "cipher string",
                    _use_span(ciphers_item),
                    related=self._declared_at(ciphers),
                    label="OpenSSL string",
                    hint="name a profile or list the suites",
                )
            )
            return None
        if cert is None or ciphers is None:
            return None
        return ir.Tls(
            cert=cert,
            client_ca=client_ca,
            ciphers=ciphers,
            client_cert=self._client_cert(tls_table),
            span=tls_table.span,
        )

    def _client_cert(self, tls: Table) -> str | None:
        value = self._str(tls, "client_cert")
        if value is not None and value in self._certs:
            return self._certs[value].file
        return value

    def mqtt(
        self, listeners: tuple[ir.Listener, ...], database: ir.DatabaseTls | None
    ) -> ir.Mqtt | None:
        table = self._table(self.root, "mqtt")
        if table is None:
            return None
        found = self._get(table, "authentication", ast.ArrayValue)
        if found is None:
            return ir.Mqtt(authentication=(), span=table.span)
        array, item = found
        methods: list[ir.AuthMethod] = []
        choices = tuple(method.value for method in ir.AuthMethod)
        for element in array.items:
            if not isinstance(element, ast.StringValue):
                continue
            try:
                method = ir.AuthMethod(element.value)
            except ValueError:
                guess = closest(element.value, choices)
                self.problems.append(
                    diagnostic(
                        BAD_CHOICE,
                        f"`{element.value}` is not an MQTT authentication method",
                        element.span,
                        label="unknown method",
                        hint=did_you_mean(guess, then=f"valid: {', '.join(choices)}"),
                    )
                )
                continue
            if method not in methods:
                methods.append(method)
            if method is ir.AuthMethod.CLIENT_CERTIFICATE:
                self._client_certificate_needs(element.span, listeners, database)
        return ir.Mqtt(authentication=tuple(methods), span=item.key_span)

    def _client_certificate_needs(
        self, span: Span, listeners: tuple[ir.Listener, ...], database: ir.DatabaseTls | None
    ) -> None:
        mqtt_tls = [
            listener
            for listener in listeners
            if listener.protocol in (ir.Protocol.MQTTS, ir.Protocol.MQTTWSS)
            and listener.tls is not None
            and listener.tls.client_ca is not None
        ]
        if not mqtt_tls:
            self.problems.append(
                diagnostic(
                    MQTT_WITHOUT_CLIENT_CA,
                    "MQTT clientCertificate authentication needs an mqtts or mqttwss listener with "
                    "tls.client_ca: until one asks for client certificates, no client can log in "
                    "with one",
                    span,
                    label="no listener asks for client certificates",
                    hint='add `tls.client_ca = "NAME"` to your mqtts listener',
                )
            )
        if database is None or database.cert is None or not database.enabled:
            self.problems.append(
                diagnostic(
                    MQTT_WITHOUT_DATABASE_CERT,
                    "MQTT clientCertificate authentication needs the database TLS block with a "
                    "certificate (SERVER_CERTIFICATE_FILE), as the FairCom guide requires: without "
                    "it, certificate logins are not expected to work",
                    span,
                    label="no [database] cert",
                    hint='add [database] with `cert = "NAME"`; `tls_only` then defaults to true '
                    "(SSL_CONNECTIONS_ONLY YES), which locks out every plain SQL, ISAM and CTDB "
                    "client after the restart: add `tls_only = false` to keep them",
                )
            )

    def database(self) -> ir.DatabaseTls | None:
        item = self.root.get("database")
        table = self._table(self.root, "database")
        if table is None or item is None:
            return None
        span = table.span or item.key_span
        enabled = bool(self._bool(table, "enabled", True))
        cert = self.cert_ref(table, "cert", "database.cert")
        if table.get("cert") is None and enabled:
            self.problems.append(
                diagnostic(
                    DATABASE_WITHOUT_CERT,
                    "[database] needs a certificate: FairCom requires SERVER_CERTIFICATE_FILE",
                    span,
                    label="`cert` missing",
                    hint='add `cert = "NAME"` naming a [certs.NAME] entry',
                )
            )
        ciphers_item = table.get("ciphers")
        ciphers = self.ciphers_or_default(ciphers_item)
        if (
            ciphers is not None
            and ciphers.kind is PolicyKind.SUITES
            and not any(not suite.is_tls13 for suite in ciphers.suites)
        ):
            assert ciphers_item is not None
            self.problems.append(
                diagnostic(
                    CANNOT_EXPRESS,
                    "SSL_CIPHERS lists TLS 1.2 and older suites, and this policy has only TLS 1.3 "
                    "suites",
                    _use_span(ciphers_item),
                    related=self._declared_at(ciphers),
                    label="nothing for SSL_CIPHERS",
                    hint='use a policy with TLS 1.2 suites (e.g. "tlsref-intermediate"), or '
                    f'"{SERVER_DEFAULT}" to leave SSL_CIPHERS out',
                )
            )
            ciphers = None
        return ir.DatabaseTls(
            cert=cert,
            tls_only=self._tls_only(table),
            ciphers=ciphers or self.default_policy(),
            verify_client_certs=self._bool(table, "verify_client_certs", None),
            x509_login=self._x509(table),
            debug_log=self._str(table, "debug_log"),
            shared_memory=self._bool(table, "shared_memory", None),
            enabled=enabled,
            span=span,
        )

    def _tls_only(self, database: Table) -> bool | None:
        """``tls_only``: a boolean, or "faircom-default" (None: no SSL_CONNECTIONS_ONLY line).

        Any other string was reported by the structure check.
        """
        if self._get(database, "tls_only", ast.StringValue) is not None:
            return None
        return bool(self._bool(database, "tls_only", True))

    def _x509(self, database: Table) -> ir.X509Login | None:
        table = self._table(database, "x509_login")
        if table is None:
            return None
        path = self._str(table, "path")
        if path is None:
            return None  # missing path: reported by the structure check
        return ir.X509Login(
            path=path,
            prefix=self._str(table, "prefix"),
            delimiter=self._str(table, "delimiter"),
            requirement_path=self._str(table, "requirement_path"),
            requirement=self._str(table, "requirement"),
            span=table.span,
        )


def _allowances(lowerer: _Lowerer) -> tuple[ir.Allowance, ...]:
    from fcsec.rules import RULES

    lint = lowerer._table(lowerer.root, "lint")
    found = lowerer._get(lint, "allow", ast.ArrayValue)
    if found is None:
        return ()
    allowances: list[ir.Allowance] = []
    for entry in found[0].items:
        if not isinstance(entry, ast.InlineTableValue):
            continue
        fields = {
            keyval.key.dotted(): keyval.value
            for keyval in entry.entries
            if isinstance(keyval.value, ast.StringValue)
        }
        rule, reason = fields.get("rule"), fields.get("reason")
        if rule is None or reason is None:
            continue  # reported by the structure check
        if rule.value not in RULES:
            guess = closest_rule(rule.value, RULES)
            lowerer.problems.append(
                diagnostic(
                    UNKNOWN_RULE,
                    f"`{rule.value}` is not a rule of fcsec",
                    rule.span,
                    label="unknown rule",
                    hint=did_you_mean(
                        guess,
                        then="`fcsec explain RULE` describes a rule; docs/rules.md lists them all",
                    ),
                )
            )
            continue
        allowances.append(ir.Allowance(rule=rule.value, reason=reason.value, span=entry.span))
    return tuple(allowances)


def _use_span(item: Item) -> Span:
    """Where a value is used: the value itself when it has a span, else its key."""
    span = getattr(item.value, "span", None)
    return span if isinstance(span, Span) else item.key_span


def _secure_twin(protocol: ir.Protocol) -> str:
    return {"http": "https", "mqtt": "mqtts", "mqttws": "mqttwss"}.get(protocol.value, "https")


def lower(root: Table, start: Span, env: str | None) -> tuple[ir.Spec | None, list[Diagnostic]]:
    """Build the IR of a structurally checked spec; the IR is None when any error was found."""
    lowerer = _Lowerer(root, start)
    version = lowerer.version()
    server = lowerer.server()
    certs = lowerer.certs()
    policies = lowerer.cipher_policies()
    listeners = lowerer.listeners()
    database = lowerer.database()
    mqtt = lowerer.mqtt(listeners, database)
    allow = _allowances(lowerer)
    problems = lowerer.problems
    if any(problem.is_error for problem in problems):
        return None, problems
    return (
        ir.Spec(
            version=version,
            server=server,
            certs=certs,
            ciphers=policies,
            listeners=listeners,
            mqtt=mqtt,
            database=database,
            allow=allow,
            env=env,
        ),
        problems,
    )
