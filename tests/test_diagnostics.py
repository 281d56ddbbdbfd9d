"""The constructors of ``fcsec.diagnostics``: severity from the catalogue, or said outright."""

from __future__ import annotations

import pytest

from fcsec.diagnostics import Related, Severity, diagnostic, error
from fcsec.rule_ids import IMPORT_NOTE, MQTT_WITHOUT_CLIENT_CA, PLAIN_DATABASE, UNKNOWN_KEY
from fcsec.rules import RULES
from fcsec.source import SourceFile


@pytest.mark.parametrize("rule", [UNKNOWN_KEY, PLAIN_DATABASE, MQTT_WITHOUT_CLIENT_CA, IMPORT_NOTE])
def test_diagnostic_takes_the_severity_of_the_catalogue(rule: str) -> None:
    assert diagnostic(rule, "message", None).severity is RULES[rule].severity


def test_diagnostic_keeps_every_detail() -> None:
    span = SourceFile("a.fcsec", "fcsec = 1\n").span(0, 5)
    related = (Related(span=span, message="first here"),)
    found = diagnostic(
        UNKNOWN_KEY, "message", span, label="here", hint="fix", path="a.fcsec", related=related
    )
    assert (found.rule, found.message, found.span) == (UNKNOWN_KEY, "message", span)
    assert (found.label, found.hint, found.path, found.related) == (
        "here",
        "fix",
        "a.fcsec",
        related,
    )


def test_a_severity_given_overrides_the_catalogue() -> None:
    assert diagnostic(PLAIN_DATABASE, "m", None, severity=Severity.ERROR).is_error
    assert error(PLAIN_DATABASE, "m", None).severity is Severity.ERROR
    lowered = diagnostic(UNKNOWN_KEY, "m", None, severity=Severity.WARNING)
    assert lowered.severity is Severity.WARNING


def test_an_id_outside_the_catalogue_needs_a_severity() -> None:
    assert error("usage", "m", None).severity is Severity.ERROR
    with pytest.raises(KeyError):
        diagnostic("usage", "m", None)
