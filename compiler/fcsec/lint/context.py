"""What every lint rule sees: the lowered spec, where its settings are written, and the options.

"Production" is decided here, once: the base spec and every environment whose name does not
start with a development word (``dev``, ``test``, ``local``, ``ci``, ``qa``, ``sandbox``,
``demo``, ``lab``, ...) are production; ``dev``, ``dev-laptop`` and ``test_eu`` are not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from fcsec.ir import nodes as ir
from fcsec.lint.locate import Locator
from fcsec.source import SourceFile

if TYPE_CHECKING:  # types of options only: a run that checks no file imports none of this
    import datetime

    from fcsec.lint.files import Files
    from fcsec.lint.openssl import Expander

_DEVELOPMENT_WORDS = frozenset(
    {
        "dev",
        "devel",
        "develop",
        "development",
        "local",
        "laptop",
        "test",
        "tests",
        "testing",
        "ci",
        "qa",
        "sandbox",
        "demo",
        "lab",
    }
)


def is_production(env: str | None) -> bool:
    """The base spec and every environment not named as a development one (see module doc)."""
    if env is None:
        return True
    first = re.split(r"[-_.\s]", env.strip().lower(), maxsplit=1)[0]
    return first not in _DEVELOPMENT_WORDS


@attrs.frozen(kw_only=True)
class LintOptions:
    """How ``fcsec check`` was asked to lint."""

    #: The spec's path as typed; relative file names resolve beside it when there is no root.
    spec_path: str
    #: False with ``--skip-files``: no certificate, key or key-store file is looked at.
    check_files: bool = True
    #: The built-in policy every cipher list must stay inside (``--policy``), if any.
    policy: str | None = None
    #: The moment validity is judged at (timezone-aware, UTC); required to check files.
    now: datetime.datetime | None = None
    #: Reads the files the spec names; required to check files.
    files: Files | None = None
    #: Expands an OpenSSL cipher string with the local ``openssl``; None: not shown.
    expand: Expander | None = None


@attrs.frozen(kw_only=True)
class LintContext:
    """One lowered spec (base or one environment) and how to find its text."""

    spec: ir.Spec
    source: SourceFile
    locate: Locator
    options: LintOptions

    @property
    def env(self) -> str | None:
        return self.spec.env

    @property
    def production(self) -> bool:
        return is_production(self.spec.env)
