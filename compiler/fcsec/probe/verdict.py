"""How a probe came out: what was compared with the spec and how, in one line, and in blocks.

``aspects`` says how each part of the spec's expectation came out (match, differ, not compared)
and ``headline`` says it in one line, so "matches the spec" is said only when everything was
compared and matched; ``group`` folds repeated findings of one kind (``fcsec.probe.compare``)
into one block for the text report and the annotations. Pure: no I/O, deterministic order.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

import attrs

from fcsec.probe.compare import ProbeFinding
from fcsec.probe.expect import Expectation
from fcsec.probe.scan import ClientCertMode, ScanResult
from fcsec.rule_ids import (
    CHAIN_NOT_VERIFIED,
    CLIENT_CERT_DIFFERS,
    NOT_COMPARED,
    SUITE_NOT_ALLOWED,
    SUITE_REFUSED,
    VERSION_NOT_ALLOWED,
    WRONG_SERVER_CERT,
)
from fcsec.source import Span


class State(enum.Enum):
    MATCH = "match"
    DIFFER = "differ"
    NOT_COMPARED = "not compared"


@attrs.frozen(kw_only=True)
class Aspect:
    """One thing a probe compares with the spec, and how it came out."""

    #: ``versions``, ``suites``, ``client certificate``, ``certificate`` (or ``2 suites``
    #: for the part of the suites that could not be tried).
    name: str
    state: State
    #: Why it was not compared, in a few words (``file not found``).
    reason: str = ""


@attrs.frozen(kw_only=True)
class Group:
    """Findings of one kind (same rule, kind and hint), shown as one block."""

    rule: str
    difference: bool
    #: The message of a single finding, or the kind of several.
    message: str
    items: tuple[str, ...] = ()
    hint: str | None = None
    span: Span | None = attrs.field(default=None, eq=False, repr=False)


def _state(findings: Sequence[ProbeFinding], rules: Iterable[str]) -> State:
    wanted = frozenset(rules)
    differs = any(finding.difference and finding.rule in wanted for finding in findings)
    return State.DIFFER if differs else State.MATCH


def _cert_aspect(expect: Expectation, scan: ScanResult, findings: Sequence[ProbeFinding]) -> Aspect:
    name = "certificate"
    cert = expect.cert
    if cert is None:
        return Aspect(name=name, state=State.NOT_COMPARED, reason="the spec names none")
    if cert.sha256 is None:
        return Aspect(name=name, state=State.NOT_COMPARED, reason=cert.reason or "not read")
    if not scan.chain:
        return Aspect(name=name, state=State.NOT_COMPARED, reason="the server sent none")
    return Aspect(name=name, state=_state(findings, (WRONG_SERVER_CERT,)))


def aspects(
    expect: Expectation, scan: ScanResult, findings: Sequence[ProbeFinding]
) -> tuple[Aspect, ...]:
    """How each part of the spec's expectation came out, in a fixed order."""
    left = "the spec leaves the suites to the server"
    result: list[Aspect] = []
    if expect.versions is None:
        result.append(Aspect(name="versions", state=State.NOT_COMPARED, reason=left))
    else:
        result.append(Aspect(name="versions", state=_state(findings, (VERSION_NOT_ALLOWED,))))
    if expect.suites is None:
        result.append(Aspect(name="suites", state=State.NOT_COMPARED, reason=left))
    else:
        rules = (SUITE_NOT_ALLOWED, SUITE_REFUSED)
        result.append(Aspect(name="suites", state=_state(findings, rules)))
        untried = sum(1 for f in findings if f.rule == NOT_COMPARED and f.suite is not None)
        if untried:
            result.append(
                Aspect(
                    name=f"{untried} suite{'s' if untried != 1 else ''}",
                    state=State.NOT_COMPARED,
                    reason="the local openssl cannot offer " + ("them" if untried != 1 else "it"),
                )
            )
    if scan.client_cert is ClientCertMode.UNKNOWN:
        result.append(
            Aspect(
                name="client certificate",
                state=State.NOT_COMPARED,
                reason="the server's requirement could not be determined",
            )
        )
    else:
        result.append(
            Aspect(name="client certificate", state=_state(findings, (CLIENT_CERT_DIFFERS,)))
        )
    result.append(_cert_aspect(expect, scan, findings))
    return tuple(result)


def _shown(aspect: Aspect) -> str:
    return f"{aspect.name} ({aspect.reason})" if aspect.reason else aspect.name


def headline(compared: Sequence[Aspect] | None, findings: Sequence[ProbeFinding]) -> str:
    """One line that says what matched, what differed and what was not compared.

    ``matches the spec`` only when every aspect was compared and matched; ``compared`` is None
    without a spec. A chain not verified against ``--ca`` is a difference either way.
    """
    unverified = any(finding.rule == CHAIN_NOT_VERIFIED for finding in findings)
    if compared is None:
        if unverified:
            return "chain not verified against --ca; not compared with a spec"
        return "not compared with a spec (give --spec and --listener or --database)"
    differ = [_shown(aspect) for aspect in compared if aspect.state is State.DIFFER]
    if unverified:
        differ.append("chain (not verified against --ca)")
    match = [aspect.name for aspect in compared if aspect.state is State.MATCH]
    missing = [_shown(aspect) for aspect in compared if aspect.state is State.NOT_COMPARED]
    if not differ and not missing:
        return "matches the spec"
    parts = []
    if differ:
        parts.append("differs on: " + ", ".join(differ))
    if match:
        parts.append("matches on: " + ", ".join(match))
    if missing:
        parts.append("not compared: " + ", ".join(missing))
    return "; ".join(parts)


def group(findings: Iterable[ProbeFinding]) -> tuple[Group, ...]:
    """One group per kind of finding (same rule, kind and hint), in order of first appearance."""
    order: list[tuple[str, bool, str, str | None]] = []
    members: dict[tuple[str, bool, str, str | None], list[ProbeFinding]] = {}
    for index, finding in enumerate(findings):
        key = (finding.rule, finding.difference, finding.kind or f"#{index}", finding.hint)
        if key not in members:
            order.append(key)
            members[key] = []
        members[key].append(finding)
    groups = []
    for key in order:
        items = members[key]
        first = items[0]
        if len(items) == 1:
            groups.append(
                Group(
                    rule=first.rule,
                    difference=first.difference,
                    message=first.message,
                    hint=first.hint,
                    span=first.span,
                )
            )
            continue
        groups.append(
            Group(
                rule=first.rule,
                difference=first.difference,
                message=f"{first.kind} ({len(items)})",
                items=tuple(item.item or item.message for item in items),
                hint=first.hint,
                span=first.span,
            )
        )
    return tuple(groups)
