"""``fcsec.suggest``: the one "did you mean" of fcsec, found and worded the same everywhere."""

from __future__ import annotations

from fcsec.rules import RULES
from fcsec.suggest import closest, closest_rule, did_you_mean


def test_closest_is_the_most_alike_candidate() -> None:
    assert closest("prodcut", ("product", "hostname", "listeners")) == "product"


def test_nothing_close_is_none() -> None:
    assert closest("zzz", ("product", "hostname")) is None
    assert closest("anything", ()) is None


def test_letter_case_counts_unless_ignored() -> None:
    assert closest("aes256-gcm-sha38", ["AES256-GCM-SHA384"]) is None
    assert closest("aes256-gcm-sha38", ["AES256-GCM-SHA384"], ignore_case=True) == (
        "AES256-GCM-SHA384"
    )


def test_a_rule_id_with_letters_for_digits_is_read_as_digits() -> None:
    # difflib alone would offer FCS616 and FCS901: many ids tie, and difflib takes the greatest.
    assert closest_rule("FCS6O1", RULES) == "FCS601"
    assert closest_rule("FCSOO1", RULES) == "FCS001"


def test_a_rule_id_far_from_any_has_no_guess() -> None:
    assert closest_rule("nothing-like-it", RULES) is None


def test_the_hint_asks_and_then_says_the_rest() -> None:
    assert did_you_mean("dev", then="environments: dev, prod") == (
        "did you mean `dev`? environments: dev, prod"
    )
    assert did_you_mean(None, then="environments: dev, prod") == "environments: dev, prod"


def test_without_a_guess_the_hint_says_otherwise() -> None:
    assert did_you_mean("rule", otherwise="keys: rule, reason") == "did you mean `rule`?"
    assert did_you_mean(None, otherwise="keys: rule, reason") == "keys: rule, reason"
    assert did_you_mean(None) == ""
