"""What every format shares: counting, failing, paths, positions."""

from __future__ import annotations

import os

from tests.report.sample import NULL, PLAIN, allow, make, report

from fcsec.report.model import Summary, counts_text, portable_path, region, summarize


def test_an_allowed_error_does_not_fail() -> None:
    assert summarize(report(allow(NULL))) == Summary(
        errors=0, warnings=0, infos=0, allowed=1, failed=False
    )


def test_a_warning_fails_only_when_strict() -> None:
    assert (summarize(report(PLAIN)).failed, summarize(report(PLAIN, strict=True)).failed) == (
        False,
        True,
    )


def test_an_info_never_fails() -> None:
    assert not summarize(report(make("FCS604", "fcsec", "x"), strict=True)).failed


def test_counts_name_only_what_is_there() -> None:
    summary = Summary(errors=2, warnings=1, infos=0, allowed=3, failed=True)
    assert counts_text(summary) == "2 errors, 1 warning and 3 allowed"


def test_a_relative_path_keeps_its_spelling_with_slashes() -> None:
    assert portable_path(os.path.join("specs", "a.fcsec")) == "specs/a.fcsec"


def test_an_absolute_path_is_made_relative_to_the_working_folder() -> None:
    assert portable_path(os.path.abspath(os.path.join("specs", "a.fcsec"))) == "specs/a.fcsec"


def test_a_region_ends_just_after_the_span() -> None:
    span = NULL.diagnostic.span
    assert span is not None
    place = region(span)
    assert (place.line, place.column, place.end_line, place.end_column) == (4, 12, 4, 25)
