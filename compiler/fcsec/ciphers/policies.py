"""The built-in cipher policies a spec can name (``profile = "tlsref-intermediate"``).

A policy is data (``data/policies.json``, written by ``scripts/regen_cipher_data.py``): an ordered
list of registry suites, an OpenSSL cipher string kept verbatim, or "leave it to the server". A
policy that transcribes part of a source names the suites its source lists but it leaves out, with
the reason, so that a finding can say so instead of calling them foreign. Names
in the data are resolved against the registry when first loaded; a name that does not resolve is a
packaging bug and fails loudly. This module must never render output for a target (the backends
do) and never judge a policy's strength (the linter does).
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from fcsec.ciphers.registry import Suite, lookup
from fcsec.packagedata import read_text
from fcsec.record import Record

__all__ = [
    "DEFAULT_POLICY",
    "FAIRCOM_DEFAULT",
    "Exclusion",
    "Policy",
    "PolicyKind",
    "policy",
    "policy_names",
]

#: The policy fcsec uses when a spec asks for TLS but names no ciphers.
DEFAULT_POLICY = "tlsref-intermediate"
#: The name of "leave it to the server": as a cipher policy it emits no cipher setting (kind
#: ``PolicyKind.SERVER_DEFAULT``); as ``tls_only`` it writes no SSL_CONNECTIONS_ONLY line.
FAIRCOM_DEFAULT = "faircom-default"


class PolicyKind(enum.Enum):
    #: An ordered list of registry suites.
    SUITES = "suites"
    #: An OpenSSL cipher string (``ALL:!aNULL:…``), passed through; its expansion depends on the
    #: server's OpenSSL build.
    OPENSSL_STRING = "openssl-string"
    #: No cipher setting is emitted.
    SERVER_DEFAULT = "server-default"


class Exclusion(Record):
    """Suites the policy's source lists that the policy leaves out on purpose."""

    __slots__ = ("listed_in", "reason", "suites")
    _compared = ("listed_in", "reason", "suites")

    def __init__(self, *, listed_in: str, reason: str, suites: tuple[Suite, ...]) -> None:
        #: Where the source lists them, e.g. "NIST SP 800-52r2 section 3.3.1.1 for servers with
        #: DSA certificates".
        self.listed_in: Final = listed_in
        #: Why the policy leaves them out.
        self.reason: Final = reason
        self.suites: Final = suites


class Policy(Record):
    """A named cipher policy with where it comes from."""

    __slots__ = ("excluded", "kind", "name", "openssl", "source", "suites", "title")
    _compared = ("name", "title", "source", "kind", "suites", "openssl", "excluded")

    def __init__(
        self,
        *,
        name: str,
        title: str,
        source: str,
        kind: PolicyKind,
        suites: tuple[Suite, ...] = (),
        openssl: str | None = None,
        excluded: tuple[Exclusion, ...] = (),
    ) -> None:
        self.name: Final = name
        self.title: Final = title
        #: Citation of the document the policy transcribes, and any choices made while
        #: transcribing.
        self.source: Final = source
        self.kind: Final = kind
        #: In the policy's own order (the sources list TLS 1.3 suites first).
        self.suites: Final = suites
        #: The OpenSSL cipher string of an ``OPENSSL_STRING`` policy.
        self.openssl: Final = openssl
        #: Suites of the source the policy leaves out, by group, with the reason.
        self.excluded: Final = excluded
        self._check()

    def _check(self) -> None:
        # Each kind carries one sort of content; a mixed policy would be ambiguous to render.
        has_suites, has_string = bool(self.suites), self.openssl is not None
        expected = {
            PolicyKind.SUITES: (True, False),
            PolicyKind.OPENSSL_STRING: (False, True),
            PolicyKind.SERVER_DEFAULT: (False, False),
        }[self.kind]
        if (has_suites, has_string) != expected:
            raise ValueError(
                f"policy {self.name!r} of kind {self.kind.value} "
                f"{'must' if expected[0] else 'must not'} list suites and "
                f"{'must' if expected[1] else 'must not'} have an OpenSSL string"
            )
        both = {suite.iana for group in self.excluded for suite in group.suites}
        both &= {suite.iana for suite in self.suites}
        if both:
            raise ValueError(f"policy {self.name!r} both lists and excludes {sorted(both)}")

    def exclusion(self, suite: Suite) -> Exclusion | None:
        """The group of left-out suites ``suite`` belongs to, or None."""
        return next((group for group in self.excluded if suite in group.suites), None)


def _resolve(policy_name: str, names: list[str]) -> tuple[Suite, ...]:
    suites = []
    for name in names:
        suite = lookup(name)
        if suite is None:
            raise ValueError(f"policies.json: policy {policy_name!r} names unknown suite {name!r}")
        suites.append(suite)
    return tuple(suites)


def _parse_policy(raw: Mapping[str, Any]) -> Policy:
    return Policy(
        name=raw["name"],
        title=raw["title"],
        source=raw["source"],
        kind=PolicyKind(raw["kind"]),
        suites=_resolve(raw["name"], raw["suites"]),
        openssl=raw["openssl"],
        excluded=tuple(
            Exclusion(
                listed_in=group["listed_in"],
                reason=group["reason"],
                suites=_resolve(raw["name"], group["suites"]),
            )
            for group in raw["excluded"]
        ),
    )


@functools.cache
def _policies() -> Mapping[str, Policy]:
    text = read_text("fcsec.ciphers", "data/policies.json")
    by_name: dict[str, Policy] = {}
    for raw in json.loads(text)["policies"]:
        parsed = _parse_policy(raw)
        if parsed.name in by_name:
            raise ValueError(f"policies.json: policy {parsed.name!r} is defined twice")
        by_name[parsed.name] = parsed
    return MappingProxyType(by_name)


def policy(name: str) -> Policy | None:
    """The built-in policy called ``name`` (exact spelling), or None."""
    return _policies().get(name)


def policy_names() -> tuple[str, ...]:
    """Every built-in policy name, in the order the data lists them."""
    return tuple(_policies())
