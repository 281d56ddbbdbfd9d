"""Lowering of the names a spec declares: ``[certs.NAME]``, ``[ciphers.NAME]``, and every use.

The declarations are read first (``declare_certs``, ``declare_cipher_policies``), so a listener
or ``[database]`` can name them; a ``ciphers`` value may also be a built-in profile, a list of
suites or ``{ openssl = "..." }``. An unknown name gets a "did you mean" from its neighbours.
"""

from __future__ import annotations

from fcsec.ciphers.policies import DEFAULT_POLICY, Policy, PolicyKind, policy, policy_names
from fcsec.ciphers.registry import Suite, lookup, suggest
from fcsec.diagnostics import Related, diagnostic
from fcsec.ir import nodes as ir
from fcsec.rule_ids import POLICY_SHAPE, UNKNOWN_CERT, UNKNOWN_POLICY, UNKNOWN_SUITE
from fcsec.source import Span
from fcsec.spec import syntax as ast
from fcsec.spec.document import Item, Table
from fcsec.spec.lower_context import Lowerer
from fcsec.suggest import closest, did_you_mean


def declare_certs(lowerer: Lowerer) -> tuple[ir.CertRef, ...]:
    for name, table, span in lowerer.named("certs"):
        file = lowerer.string(table, "file")
        if file is None:
            continue  # missing or mistyped: reported by the structure check
        lowerer.certs[name] = ir.CertRef(
            name=name,
            file=file,
            key=lowerer.string(table, "key"),
            key_store=lowerer.string(table, "key_store"),
            span=span,
        )
    return tuple(lowerer.certs.values())


def declare_cipher_policies(lowerer: Lowerer) -> tuple[ir.CipherPolicy, ...]:
    for name, table, span in lowerer.named("ciphers"):
        profile = lowerer.get(table, "profile", ast.StringValue)
        suites = lowerer.get(table, "suites", ast.ArrayValue)
        if (table.get("profile") is None) == (table.get("suites") is None):
            lowerer.problems.append(
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
            resolved = _builtin(lowerer, profile[0])
            if resolved is not None:
                lowerer.policies[name] = ir.CipherPolicy(
                    name=name,
                    kind=resolved.kind,
                    suites=resolved.suites,
                    openssl=resolved.openssl,
                    span=span,
                )
        elif suites is not None:
            listed = _suites(lowerer, suites[0])
            if listed is not None:
                lowerer.policies[name] = ir.CipherPolicy(
                    name=name, kind=PolicyKind.SUITES, suites=listed, span=span
                )
    return tuple(lowerer.policies.values())


def _builtin(lowerer: Lowerer, value: ast.StringValue) -> ir.CipherPolicy | None:
    found = policy(value.value)
    if found is None:
        guess = closest(value.value, list(policy_names()))
        lowerer.problems.append(
            diagnostic(
                UNKNOWN_POLICY,
                f"unknown cipher profile `{value.value}`",
                value.span,
                label="unknown profile",
                hint=did_you_mean(guess, then=f"built-in profiles: {', '.join(policy_names())}"),
            )
        )
        return None
    return _profile(found, value.span)


def _profile(found: Policy, span: Span) -> ir.CipherPolicy:
    """A built-in profile where the spec names it."""
    return ir.CipherPolicy(
        name=found.name, kind=found.kind, suites=found.suites, openssl=found.openssl, span=span
    )


def _suites(lowerer: Lowerer, array: ast.ArrayValue) -> tuple[Suite, ...] | None:
    if not array.items:
        lowerer.problems.append(
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
            lowerer.problems.append(
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


def ciphers_ref(lowerer: Lowerer, item: Item) -> ir.CipherPolicy | None:
    """A ``ciphers`` value: a [ciphers] name, a built-in profile, a list, or {openssl}."""
    value = item.value
    if isinstance(value, ast.StringValue):
        declared = lowerer.policies.get(value.value)
        if declared is not None:
            return declared
        builtin = policy(value.value)
        if builtin is not None:
            return _profile(builtin, value.span)
        known = list(lowerer.policies) + list(policy_names())
        guess = closest(value.value, known)
        lowerer.problems.append(
            diagnostic(
                UNKNOWN_POLICY,
                f"`{value.value}` is neither a [ciphers] entry nor a built-in profile",
                value.span,
                label="unknown cipher policy",
                hint=did_you_mean(
                    guess,
                    then=f"declared: {', '.join(lowerer.policies) or 'none'}; "
                    f"built-in: {', '.join(policy_names())}",
                ),
            )
        )
        return None
    if isinstance(value, ast.ArrayValue):
        suites = _suites(lowerer, value)
        if suites is None:
            return None
        return ir.CipherPolicy(name=None, kind=PolicyKind.SUITES, suites=suites, span=value.span)
    if isinstance(value, Table):
        raw = lowerer.get(value, "openssl", ast.StringValue)
        if raw is None:
            return None
        return ir.CipherPolicy(
            name=None, kind=PolicyKind.OPENSSL_STRING, openssl=raw[0].value, span=raw[0].span
        )
    return None


def declared_at(lowerer: Lowerer, ciphers: ir.CipherPolicy) -> tuple[Related, ...]:
    """Where a ``[ciphers.NAME]`` policy is declared, as a related note (none for the others)."""
    declared = lowerer.policies.get(ciphers.name or "")
    if declared is not ciphers or declared.span is None:
        return ()
    return (Related(span=declared.span, message=f"[ciphers.{declared.name}] is declared here"),)


def ciphers_or_default(lowerer: Lowerer, item: Item | None) -> ir.CipherPolicy | None:
    """The policy a ``ciphers`` key names, or the default policy when the key is absent."""
    return default_policy() if item is None else ciphers_ref(lowerer, item)


def default_policy() -> ir.CipherPolicy:
    found = policy(DEFAULT_POLICY)
    assert found is not None
    return ir.CipherPolicy(
        name=found.name, kind=found.kind, suites=found.suites, openssl=found.openssl
    )


def cert_ref(lowerer: Lowerer, table: Table | None, name: str, owner: str) -> ir.CertRef | None:
    """The ``[certs.NAME]`` that the key ``name`` of ``table`` names (``owner``: the table's
    dotted path, for the message when none is declared)."""
    found = lowerer.get(table, name, ast.StringValue)
    if found is None:
        return None
    value = found[0]
    cert = lowerer.certs.get(value.value)
    if cert is None:
        guess = closest(value.value, list(lowerer.certs))
        lowerer.problems.append(
            diagnostic(
                UNKNOWN_CERT,
                f"no certificate named `{value.value}` for {owner}.{name}",
                value.span,
                label="unknown certificate",
                hint=did_you_mean(
                    guess, otherwise=f'declare it: [certs.{value.value}] with file = "..."'
                ),
            )
        )
    return cert
