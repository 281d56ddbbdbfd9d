"""Render the result of ``fcsec check`` for people (text) and for CI (JSON, SARIF, GitHub).

Every renderer takes one ``CheckReport`` and returns text; none of them prints, reads a file or
looks at the clock, so the same report always renders to the same bytes.
"""

from __future__ import annotations

from fcsec.report.model import CheckReport, Summary, summarize

__all__ = ["CheckReport", "Summary", "summarize"]
