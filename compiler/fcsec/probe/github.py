"""``fcsec probe --format github``: the text report, then GitHub Actions annotations.

One annotation per kind of finding (differences as ``::error``, notes as ``::notice``), with
every suite or version of the kind on its own line, then a last ``::notice`` with the headline.
A probe that could not run gives its diagnostics as ``::error`` lines. Every piece of text goes
through ``fcsec.safetext.escape`` and then GitHub's own encoding (``report.github``), so what a
server sends can neither act on the log viewer nor start a workflow command of its own. At most
``LIMIT`` annotations of each kind are written, as GitHub shows no more per step.
"""

from __future__ import annotations

from collections.abc import Sequence

from fcsec.diagnostics import Diagnostic, Severity
from fcsec.probe.verdict import Group
from fcsec.report.github import LIMIT, safe_message, safe_property
from fcsec.report.model import portable_path, region
from fcsec.source import Span

TITLE = "fcsec probe"


def _properties(rule: str, span: Span | None) -> str:
    properties = []
    if span is not None:
        properties.append(f"file={safe_property(portable_path(span.source.name))}")
        properties.append(f"line={region(span).line}")
    properties.append(f"title={safe_property(rule)}")
    return ",".join(properties)


def _group_annotation(block: Group) -> str:
    kind = "error" if block.difference else "notice"
    lines = [block.message, *(f"  {item}" for item in block.items)]
    if block.hint:
        lines.append(f"help: {block.hint}")
    return f"::{kind} {_properties(block.rule, block.span)}::{safe_message(*lines)}"


def render(groups: Sequence[Group], headline: str) -> str:
    """Annotations for the findings of a probe, worst first, and the headline."""
    errors = [_group_annotation(block) for block in groups if block.difference]
    notices = [_group_annotation(block) for block in groups if not block.difference]
    lines = errors[:LIMIT] + notices[: LIMIT - 1]
    cut = len(errors[LIMIT:]) + len(notices[LIMIT - 1 :])
    summary = headline + (f" ({cut} more findings not annotated)" if cut else "")
    lines.append(f"::notice title={safe_property(TITLE)}::{safe_message(summary)}")
    return "".join(line + "\n" for line in lines)


def render_failure(diagnostics: Sequence[Diagnostic]) -> str:
    """A probe that could not run: each diagnostic as an annotation."""
    lines = []
    for diagnostic in diagnostics[:LIMIT]:
        kind = "error" if diagnostic.severity is Severity.ERROR else "notice"
        text = [diagnostic.message] + ([f"help: {diagnostic.hint}"] if diagnostic.hint else [])
        lines.append(
            f"::{kind} {_properties(diagnostic.rule, diagnostic.span)}::{safe_message(*text)}"
        )
    return "".join(line + "\n" for line in lines)
