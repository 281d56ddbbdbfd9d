"""Which cipher policies a spec uses, and where each is written.

Every cipher list a listener or the database uses is judged where it is written: a suite of a
list at its own element, a built-in profile once where it is named, the implicit default policy
at the listener or ``[database]`` that leaves ``ciphers`` out, an OpenSSL string at its text.
``uses`` lists the policies, ``site`` finds where one is written.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import Final

from fcsec.ciphers.policies import DEFAULT_POLICY
from fcsec.ciphers.registry import Suite, lookup
from fcsec.ir import nodes as ir
from fcsec.lint.cipher_suites import Target
from fcsec.lint.context import LintContext
from fcsec.record import Record
from fcsec.source import Span
from fcsec.spec import syntax as ast


class CipherUse(Record):
    """A listener or the database and the cipher policy it uses."""

    __slots__ = ("owner", "path", "policy", "target", "where")
    _compared = ("where", "path", "owner", "policy", "target")

    def __init__(
        self,
        *,
        where: str,
        path: tuple[str, ...],
        owner: tuple[str, ...],
        policy: ir.CipherPolicy,
        target: Target,
    ) -> None:
        self.where: Final = where
        self.path: Final = path
        self.owner: Final = owner
        self.policy: Final = policy
        self.target: Final = target


class SiteKind(enum.Enum):
    DEFAULT = "default"
    PROFILE = "profile"
    LIST = "list"
    OPENSSL = "openssl"


class Site(Record):
    """Where the policy of a use is written."""

    __slots__ = ("key", "kind", "list_path", "profile", "span", "written")
    _compared = ("kind", "span", "key", "list_path", "profile", "written")

    def __init__(
        self,
        *,
        kind: SiteKind,
        span: Span | None,
        key: str,
        list_path: tuple[str, ...] = (),
        profile: str = "",
        written: ast.StringValue | None = None,
    ) -> None:
        self.kind: Final = kind
        self.span: Final = span
        self.key: Final = key
        #: LIST: the path of the array whose elements name the suites.
        self.list_path: Final = list_path
        #: PROFILE: the built-in profile's name.
        self.profile: Final = profile
        #: OPENSSL: the string as written (for spans of its parts).
        self.written: Final = written


def uses(spec: ir.Spec) -> Iterator[CipherUse]:
    """The cipher policy of every TLS listener, then the database's."""
    for listener in spec.listeners:
        if listener.tls is not None:
            yield CipherUse(
                where=f"listeners.{listener.name}",
                path=("listeners", listener.name, "tls", "ciphers"),
                owner=("listeners", listener.name),
                policy=listener.tls.ciphers,
                target=Target.LISTENER,
            )
    if spec.database is not None:
        yield CipherUse(
            where="database",
            path=("database", "ciphers"),
            owner=("database",),
            policy=spec.database.ciphers,
            target=Target.DATABASE,
        )


def site(context: LintContext, use: CipherUse) -> Site:
    """Where the spec writes the policy of ``use``."""
    locate = context.locate
    item = locate.item(*use.path)
    dotted = ".".join(use.path)
    if item is None:
        return Site(
            kind=SiteKind.DEFAULT,
            span=locate.span(*use.owner),
            key=dotted,
            profile=DEFAULT_POLICY,
        )
    value = item.value
    if isinstance(value, ast.StringValue):
        declared = {entry.name for entry in context.spec.ciphers}
        if value.value in declared:
            profile = locate.value("ciphers", value.value, "profile")
            if isinstance(profile, ast.StringValue):
                return Site(
                    kind=SiteKind.PROFILE,
                    span=profile.span,
                    key=f"ciphers.{value.value}.profile",
                    profile=profile.value,
                )
            path = ("ciphers", value.value, "suites")
            return Site(
                kind=SiteKind.LIST, span=locate.span(*path), key=".".join(path), list_path=path
            )
        return Site(kind=SiteKind.PROFILE, span=value.span, key=dotted, profile=value.value)
    if isinstance(value, ast.ArrayValue):
        return Site(kind=SiteKind.LIST, span=value.span, key=dotted, list_path=use.path)
    written = locate.value(*use.path, "openssl")
    return Site(
        kind=SiteKind.OPENSSL,
        span=locate.span(*use.path, "openssl"),
        key=f"{dotted}.openssl",
        written=written if isinstance(written, ast.StringValue) else None,
    )


def profile_words(use: CipherUse, site: Site) -> str:
    """How a finding names a profile: ``profile `x``` or ``the default profile `x` of ...``."""
    if site.kind is SiteKind.DEFAULT:
        return f"the default profile `{site.profile}` of {use.where}"
    return f"profile `{site.profile}`"


def judged(use: CipherUse) -> tuple[Suite, ...]:
    """The suites of a policy that its target's file gets (SSL_CIPHERS has no TLS 1.3 suite)."""
    suites = use.policy.suites
    if use.target is Target.DATABASE:
        return tuple(suite for suite in suites if not suite.is_tls13)
    return suites


def element_span(context: LintContext, site: Site, suite: Suite) -> Span | None:
    """The element of a LIST site that names ``suite`` (the site's span if none does)."""
    span = context.locate.element(site.list_path, lambda text: lookup(text) == suite)
    return span or site.span
