"""Lower a checked table tree to the typed IR: resolve names, apply defaults, check meaning.

The domain rules of the language live in lowering: the language version here, names of
certificates and cipher policies in ``lower_names``, protocols, ports and what TLS needs in
``lower_listeners``, the database TLS block in ``lower_database``, and the cross-field rules of
the guide (MQTT client-certificate login needs a client CA and a database certificate) in
``lower_mqtt``. What a target file cannot express (FCS029) is the backend's to say, asked from
here so that it is reported with the rest. Every problem is collected with its span and raised
together. Types and unknown keys were checked before (``fcsec.spec.structure``), so values of
the wrong type are skipped here, not reported again.
"""

from __future__ import annotations

from fcsec.diagnostics import Diagnostic, diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import BAD_LANGUAGE_VERSION, UNKNOWN_RULE
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.document import Table
from fcsec.spec.lower_context import Lowerer, members
from fcsec.spec.lower_database import lower_database
from fcsec.spec.lower_listeners import lower_listeners
from fcsec.spec.lower_mqtt import lower_mqtt
from fcsec.spec.lower_names import declare_certs, declare_cipher_policies
from fcsec.suggest import closest_rule, did_you_mean

LANGUAGE_VERSION = 1


def _version(lowerer: Lowerer) -> int:
    found = lowerer.get(lowerer.root, "fcsec", ast.IntValue)
    item = lowerer.root.get("fcsec")
    if item is None:
        lowerer.problems.append(
            diagnostic(
                BAD_LANGUAGE_VERSION,
                "the spec does not say which language version it is written in",
                lowerer.start,
                label="expected `fcsec = 1` here",
                hint="add `fcsec = 1` as the first line",
            )
        )
    elif found is not None and found[0].value != LANGUAGE_VERSION:
        lowerer.problems.append(
            diagnostic(
                BAD_LANGUAGE_VERSION,
                f"fcsec language version {found[0].value} is not supported",
                found[0].span,
                label="unsupported version",
                hint=f"this fcsec reads version {LANGUAGE_VERSION}: write `fcsec = 1`",
            )
        )
    return LANGUAGE_VERSION


def _server(lowerer: Lowerer) -> ir.Server:
    table = lowerer.table(lowerer.root, "server")
    return ir.Server(
        product=lowerer.choice(table, "product", members(ir.Product)),
        version=lowerer.string(table, "version"),
        root=lowerer.string(table, "root"),
        hostname=lowerer.string(table, "hostname"),
        span=table.span if table else None,
    )


def _allowances(lowerer: Lowerer) -> tuple[ir.Allowance, ...]:
    from fcsec.rules import RULES

    lint = lowerer.table(lowerer.root, "lint")
    found = lowerer.get(lint, "allow", ast.ArrayValue)
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


def lower(root: Table, start: Span, env: str | None) -> tuple[ir.Spec | None, list[Diagnostic]]:
    """Build the IR of a structurally checked spec; the IR is None when any error was found."""
    lowerer = Lowerer(root, start)
    version = _version(lowerer)
    server = _server(lowerer)
    certs = declare_certs(lowerer)
    policies = declare_cipher_policies(lowerer)
    listeners = lower_listeners(lowerer)
    database = lower_database(lowerer)
    mqtt = lower_mqtt(lowerer, listeners, database)
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
