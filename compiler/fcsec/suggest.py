"""Did you mean: the known name closest to a mistyped one, and the hint that offers it.

Every "did you mean" of fcsec goes through here, so each is found and worded the same way: an
unknown key, certificate, profile, environment, rule id or cipher suite name. What counts as a
candidate (and a domain's own preferences, such as ``fcsec.ciphers.registry.suggest``) stays
with the caller.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["closest", "closest_rule", "did_you_mean"]

#: How alike (``difflib`` ratio, 0 to 1) a candidate must be to be offered.
CUTOFF = 0.6

# Letters typed for the digits they look like, in a rule id (``FCS6O1``).
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5"})


def closest(name: str, candidates: Iterable[str], *, ignore_case: bool = False) -> str | None:
    """The candidate most like ``name``, or None when none is close enough.

    ``ignore_case`` compares the names upper-cased and returns the candidate as it is spelt.
    """
    import difflib  # here: only a mistyped name needs it, and a valid run makes none

    if not ignore_case:
        matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=CUTOFF)
        return matches[0] if matches else None
    spelt = {candidate.upper(): candidate for candidate in candidates}
    matches = difflib.get_close_matches(name.upper(), list(spelt), n=1, cutoff=CUTOFF)
    return spelt[matches[0]] if matches else None


def closest_rule(wanted: str, known: Iterable[str]) -> str | None:
    """The rule id the user most likely meant: letters typed for digits first, then the closest."""
    ids = list(known)
    if wanted.startswith("FCS"):
        digits = "FCS" + wanted[3:].translate(_LOOKALIKES)
        if digits in ids:
            return digits
    return closest(wanted, ids)


def did_you_mean(guess: str | None, *, otherwise: str = "", then: str = "") -> str:
    """The hint that offers ``guess``: ``did you mean `guess`?``, followed by ``then``.

    Without a guess, ``otherwise`` stands in place of the question (``then`` still follows);
    the parts are joined by one space, and an empty part is left out.
    """
    first = f"did you mean `{guess}`?" if guess else otherwise
    return " ".join(part for part in (first, then) if part)
