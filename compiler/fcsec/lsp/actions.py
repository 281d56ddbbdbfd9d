"""Formatting (``fcsec fmt``'s layout) and code actions on ``fcsec check``'s diagnostics.

- **did you mean**: a diagnostic whose help reads "did you mean `X`?" replaces the text it
  points at with ``X`` (inside the quotes of a string);
- **allow**: a finding of the lint (or a warning) gets a ``[lint] allow`` entry with its rule
  and a reason to fill in; the entry goes into an existing ``allow`` list, else a new one;
- **replace a weak suite**: a suite that ``fcsec check`` calls weak (FCS501-FCS506,
  FCS512-FCS514) is replaced by a suite of the default policy without weakness, with the same
  authentication, spelled the way the list spells the weak one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from lsprotocol import types

from fcsec import rule_ids as ids
from fcsec.lsp import cursor
from fcsec.lsp.diagnostics import SOURCE, lsp_range
from fcsec.lsp.documents import Snapshot
from fcsec.spec import syntax as ast

REASON_PLACEHOLDER = "TODO: why this risk is accepted"
#: The rules of a weak suite in a list: the findings a replacement suite answers.
WEAK_SUITE_RULES = frozenset(
    {
        ids.NO_FORWARD_SECRECY,
        ids.CBC_SUITE,
        ids.SHA1_MAC,
        ids.NULL_CIPHER,
        ids.BROKEN_CIPHER,
        ids.ANONYMOUS_SUITE,
        ids.CCM8_SUITE,
        ids.DSS_SUITE,
        ids.NOT_IN_OPENSSL,
    }
)
_GUESS = re.compile(r"did you mean `([^`]+)`\?")


def format_document(snapshot: Snapshot) -> list[types.TextEdit] | None:
    """One edit to the canonical layout; none when already formatted; None when the spec has a
    syntax error (``fcsec fmt`` leaves such a spec as it is)."""
    from fcsec.diagnostics import DiagnosticError
    from fcsec.spec.format import format_spec

    try:
        formatted = format_spec(snapshot.source)
    except DiagnosticError:
        return None
    if formatted == snapshot.text:
        return []
    return [
        types.TextEdit(range=lsp_range(snapshot.index, 0, len(snapshot.text)), new_text=formatted)
    ]


def _hint(diagnostic: types.Diagnostic) -> str:
    data: Any = diagnostic.data
    if isinstance(data, dict) and isinstance(data.get("hint"), str):
        return str(data["hint"])
    _, _, hint = diagnostic.message.partition("help: ")
    return hint


def _edit(
    snapshot: Snapshot,
    title: str,
    diagnostic: types.Diagnostic,
    edits: list[types.TextEdit],
    *,
    preferred: bool = False,
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={snapshot.uri: edits}),
        is_preferred=preferred or None,
    )


def _offsets(snapshot: Snapshot, where: types.Range) -> tuple[int, int]:
    index = snapshot.index
    return (
        index.offset(where.start.line, where.start.character),
        index.offset(where.end.line, where.end.character),
    )


def _did_you_mean(snapshot: Snapshot, diagnostic: types.Diagnostic) -> Iterator[types.CodeAction]:
    match = _GUESS.search(_hint(diagnostic))
    if match is None:
        return
    guess = match.group(1)
    start, end = _offsets(snapshot, diagnostic.range)
    written = snapshot.text[start:end]
    if len(written) >= 2 and written[0] == written[-1] and written[0] in "\"'":
        start, end = start + 1, end - 1
    elif "\n" in written or not written:
        return
    edit = types.TextEdit(range=lsp_range(snapshot.index, start, end), new_text=guess)
    yield _edit(snapshot, f"Replace with `{guess}`", diagnostic, [edit], preferred=True)


def _allowable(diagnostic: types.Diagnostic, rule: str) -> bool:
    if rule == ids.STALE_ALLOWANCE or diagnostic.severity == types.DiagnosticSeverity.Hint:
        return False  # the allowance itself, or a finding already allowed
    lint = rule[:4] in ("FCS4", "FCS5", "FCS6")
    return lint or diagnostic.severity != types.DiagnosticSeverity.Error


def _allow_edit(snapshot: Snapshot, rule: str) -> types.TextEdit | None:
    document = snapshot.syntax
    if document is None:
        return None
    entry = f'{{ rule = "{rule}", reason = "{REASON_PLACEHOLDER}" }}'
    index, text = snapshot.index, snapshot.text
    lint_header: ast.TableHeader | None = None
    header: cursor.Path = ()
    for statement in document.statements:
        if isinstance(statement, ast.TableHeader):
            header = statement.key.names
            if header == ("lint",):
                lint_header = statement
            continue
        if header + statement.key.names != ("lint", "allow"):
            continue
        if not isinstance(statement.value, ast.ArrayValue):
            return None
        array = statement.value
        close = array.span.end - 1  # the `]`
        if array.items:
            last = array.items[-1].span.end
            between = text[last:close]
            if "\n" in text[array.span.start : array.span.end]:
                insert = f",\n    {entry}" if "," not in between else f"\n    {entry},"
                at = last if "," not in between else last + between.index(",") + 1
            else:
                insert, at = f", {entry}", last
        else:
            insert, at = entry, close
        return types.TextEdit(range=lsp_range(index, at, at), new_text=insert)
    if lint_header is not None:
        at = lint_header.span.end
        return types.TextEdit(range=lsp_range(index, at, at), new_text=f"\nallow = [{entry}]")
    newline = "\r\n" if "\r\n" in text else "\n"
    lead = "" if text.endswith(("\n", "\r")) or not text else newline
    block = f"{lead}{newline}[lint]{newline}allow = [{entry}]{newline}"
    end = len(text)
    return types.TextEdit(range=lsp_range(index, end, end), new_text=block)


def _allow(
    snapshot: Snapshot, diagnostic: types.Diagnostic, rule: str
) -> Iterator[types.CodeAction]:
    if not _allowable(diagnostic, rule):
        return
    edit = _allow_edit(snapshot, rule)
    if edit is not None:
        yield _edit(
            snapshot, f"Allow {rule} in [lint] allow (write the reason)", diagnostic, [edit]
        )


def _replacement(weak_name: str, others: set[str]) -> str | None:
    """A suite of the default policy without weakness for ``weak_name``, named alike."""
    from fcsec.ciphers.policies import DEFAULT_POLICY, policy
    from fcsec.ciphers.registry import Authentication, lookup
    from fcsec.lint.cipher_suites import suite_problems

    weak = lookup(weak_name)
    chosen = policy(DEFAULT_POLICY)
    if weak is None or chosen is None:
        return None
    taken = {suite for name in others if (suite := lookup(name)) is not None}
    authentication = weak.authentication
    if authentication not in (Authentication.RSA, Authentication.ECDSA):
        authentication = Authentication.RSA
    candidates = [
        suite
        for suite in chosen.suites
        if suite.is_tls13 == weak.is_tls13
        and not suite_problems(suite)
        and suite not in taken
        and (suite.is_tls13 or suite.authentication is authentication)
    ]
    if not candidates:
        return None
    candidates.sort(key=lambda suite: suite.bulk.key_bits != weak.bulk.key_bits)
    best = candidates[0]
    if weak_name.upper() == weak.iana.upper() or best.openssl is None:
        return best.iana
    return best.openssl


def _weak_suite(
    snapshot: Snapshot, diagnostic: types.Diagnostic, rule: str
) -> Iterator[types.CodeAction]:
    document = snapshot.syntax
    if rule not in WEAK_SUITE_RULES or document is None:
        return
    start, end = _offsets(snapshot, diagnostic.range)
    place = cursor.place_at(document, start)
    if not (
        isinstance(place, cursor.ValueAt)
        and place.in_array
        and isinstance(place.value, ast.StringValue)
        and place.start == start
        and place.end == end
    ):
        return
    siblings = {
        other.value.value
        for other in cursor.places(document)
        if isinstance(other, cursor.ValueAt)
        and other.path == place.path
        and isinstance(other.value, ast.StringValue)
    }
    better = _replacement(place.value.value, siblings)
    if better is None:
        return
    edit = types.TextEdit(range=lsp_range(snapshot.index, start + 1, end - 1), new_text=better)
    yield _edit(snapshot, f"Replace `{place.value.value}` with `{better}`", diagnostic, [edit])


def code_actions(
    snapshot: Snapshot, diagnostics: Sequence[types.Diagnostic]
) -> list[types.CodeAction]:
    """The quick fixes for the diagnostics the client sends back (fcsec's own only)."""
    actions: list[types.CodeAction] = []
    allowed: set[str] = set()
    for diagnostic in diagnostics:
        if diagnostic.source != SOURCE or diagnostic.code is None:
            continue
        rule = str(diagnostic.code)
        actions.extend(_did_you_mean(snapshot, diagnostic))
        actions.extend(_weak_suite(snapshot, diagnostic, rule))
        if rule not in allowed:
            allow = list(_allow(snapshot, diagnostic, rule))
            if allow:
                allowed.add(rule)
                actions.extend(allow)
    return actions
