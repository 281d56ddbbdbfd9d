"""One lint finding: a diagnostic, the logical place it is about, and whether it was allowed.

The ``key`` names what the finding is about independently of line numbers (``database.tls_only``,
``ciphers.strict.suites:AES256-SHA``), so fingerprints survive edits elsewhere in the spec.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from fcsec.diagnostics import Diagnostic, Related, Severity, diagnostic, sort_key
from fcsec.ir.nodes import Allowance
from fcsec.record import Record
from fcsec.source import Span


class Finding(Record):
    """A diagnostic plus what the reports need beyond it."""

    __slots__ = ("allowance", "diagnostic", "key", "notes")
    _compared = ("diagnostic", "key", "notes", "allowance")

    def __init__(
        self,
        *,
        diagnostic: Diagnostic,
        key: str,
        notes: tuple[str, ...] = (),
        allowance: Allowance | None = None,
    ) -> None:
        self.diagnostic: Final = diagnostic
        #: Logical path and offending text; with the rule and the file, the basis of a
        #: fingerprint.
        self.key: Final = key
        #: Extra lines of explanation (the local expansion of an OpenSSL string).
        self.notes: Final = notes
        #: The ``[lint] allow`` entry that accepts this finding, if any.
        self.allowance: Final = allowance

    @property
    def rule(self) -> str:
        return self.diagnostic.rule

    @property
    def severity(self) -> Severity:
        return self.diagnostic.severity

    @property
    def allowed(self) -> bool:
        return self.allowance is not None

    def identity(self) -> tuple[str, object, str]:
        """What makes two findings the same: rule, place and message (not the environment)."""
        return (self.diagnostic.rule, self.diagnostic.span, self.diagnostic.message)


def finding(
    rule: str,
    message: str,
    span: Span | None,
    *,
    key: str,
    label: str = "",
    hint: str | None = None,
    related: tuple[Related, ...] = (),
    notes: tuple[str, ...] = (),
) -> Finding:
    """A finding of ``rule`` with the severity the catalogue gives it."""
    return Finding(
        diagnostic=diagnostic(rule, message, span, label=label, hint=hint, related=related),
        key=key,
        notes=notes,
    )


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per identity (rule, place, message), in the stable diagnostic order."""
    unique: dict[tuple[str, object, str], Finding] = {}
    for item in findings:
        unique.setdefault(item.identity(), item)
    return sorted(unique.values(), key=lambda item: (*sort_key(item.diagnostic), item.key))
