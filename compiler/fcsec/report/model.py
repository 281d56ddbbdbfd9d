"""What every output format shows: the findings of one ``fcsec check`` run and their summary.

Positions are 1-based; an end column is the column just after the last character of the span
(as in SARIF and the Language Server Protocol). File names in machine formats are relative,
with ``/`` separators, so reports do not depend on where the check ran.
"""

from __future__ import annotations

import os
import posixpath
from typing import Final

from fcsec.diagnostics import Severity
from fcsec.lint.findings import Finding
from fcsec.record import Record
from fcsec.source import Span


class CheckReport(Record):
    """The findings of one run, with how the run was asked for."""

    __slots__ = (
        "configures",
        "environments",
        "files_checked",
        "findings",
        "policy",
        "sarif_root",
        "spec",
        "strict",
    )
    _compared = (
        "spec",
        "findings",
        "environments",
        "files_checked",
        "policy",
        "strict",
        "configures",
        "sarif_root",
    )

    def __init__(
        self,
        *,
        spec: str,
        findings: tuple[Finding, ...],
        environments: tuple[str, ...] = (),
        files_checked: bool = True,
        policy: str | None = None,
        strict: bool = False,
        configures: str = "",
        sarif_root: str | None = None,
    ) -> None:
        #: The spec's path as typed.
        self.spec: Final = spec
        self.findings: Final = findings
        #: The ``[env.NAME]`` overlays that were checked (the base spec is always checked).
        self.environments: Final = environments
        self.files_checked: Final = files_checked
        self.policy: Final = policy
        self.strict: Final = strict
        #: "1 listener, database TLS": what the spec configures (empty when it did not load).
        self.configures: Final = configures
        #: The folder SARIF artifact URIs are relative to (``--sarif-root``); None: the
        #: repository around the working folder (its ``.git``), else the working folder.
        self.sarif_root: Final = sarif_root


class Summary(Record):
    """The counts of a check's findings that count (allowed ones apart), and whether it failed."""

    __slots__ = ("allowed", "errors", "failed", "infos", "warnings")
    _compared = ("errors", "warnings", "infos", "allowed", "failed")

    def __init__(
        self, *, errors: int, warnings: int, infos: int, allowed: int, failed: bool
    ) -> None:
        self.errors: Final = errors
        self.warnings: Final = warnings
        self.infos: Final = infos
        self.allowed: Final = allowed
        self.failed: Final = failed

    def data(self) -> dict[str, int | bool]:
        """The fields as plain data, in the order of ``_compared``."""
        return {name: getattr(self, name) for name in self._compared}


def summarize(report: CheckReport) -> Summary:
    """Counts of the findings that count (allowed ones apart), and whether the check failed."""
    counting = [item for item in report.findings if not item.allowed]
    errors = sum(1 for item in counting if item.severity is Severity.ERROR)
    warnings = sum(1 for item in counting if item.severity is Severity.WARNING)
    infos = sum(1 for item in counting if item.severity is Severity.INFO)
    allowed = len(report.findings) - len(counting)
    return Summary(
        errors=errors,
        warnings=warnings,
        infos=infos,
        allowed=allowed,
        failed=errors > 0 or (report.strict and warnings > 0),
    )


def portable_path(name: str) -> str:
    """``name`` relative to the working folder when it is absolute, with ``/`` separators."""
    if os.path.isabs(name):
        try:
            name = os.path.relpath(name)
        except ValueError:  # another drive on Windows: keep the name, never the machine's root
            name = os.path.basename(name)
    name = name.replace(os.sep, "/")
    return posixpath.normpath(name) if name else name


def repository_root(start: str) -> str | None:
    """The nearest folder at or above ``start`` that holds ``.git`` (a folder, or the file of a
    worktree or submodule); None outside a repository. Reads no git configuration."""
    folder = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def artifact_uri(name: str, root: str) -> str:
    """``name`` (as typed, relative to the working folder) as a relative URI reference from
    ``root``: ``/`` separators, every character outside RFC 3986's unreserved set and ``/``
    percent-encoded as UTF-8 (``my specs/a b%c.fcsec`` -> ``my%20specs/a%20b%25c.fcsec``)."""
    from urllib.parse import quote

    path = os.path.abspath(name)
    try:
        path = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows: the file name alone, never the machine's root
        path = os.path.basename(path)
    return quote(path.replace(os.sep, "/"), safe="/")


class Region(Record):
    """Where a span is: 1-based line and column, and the column just after its end."""

    __slots__ = ("column", "end_column", "end_line", "line")
    _compared = ("line", "column", "end_line", "end_column")

    def __init__(self, *, line: int, column: int, end_line: int, end_column: int) -> None:
        self.line: Final = line
        self.column: Final = column
        self.end_line: Final = end_line
        self.end_column: Final = end_column


def region(span: Span) -> Region:
    line, column = span.source.line_col(span.start)
    end_line, end_column = span.source.line_col(max(span.start, span.end))
    return Region(line=line, column=column, end_line=end_line, end_column=end_column)


def file_of(item: Finding, report: CheckReport) -> str:
    span = item.diagnostic.span
    return portable_path(span.source.name if span is not None else report.spec)


def fingerprint(item: Finding, report: CheckReport) -> str:
    """Stable across runs and line shifts: a hash of rule, file and what the finding is about."""
    import hashlib  # here: most reports print no fingerprint, and the import costs milliseconds

    text = "\0".join((item.rule, file_of(item, report), item.key))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts_text(summary: Summary) -> str:
    """``2 errors, 1 warning and 3 allowed`` (only the non-zero parts)."""
    parts = [
        plural(summary.errors, "error") if summary.errors else "",
        plural(summary.warnings, "warning") if summary.warnings else "",
        plural(summary.infos, "info") if summary.infos else "",
        f"{summary.allowed} allowed" if summary.allowed else "",
    ]
    shown = [part for part in parts if part]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]
