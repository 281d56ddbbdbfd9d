"""What every lint rule sees: the lowered spec, where its settings are written, and the options.

"Production" is decided here, once: the base spec and every environment whose name does not
start with a development word (``dev``, ``test``, ``local``, ``ci``, ``qa``, ``sandbox``,
``demo``, ``lab``, ...) are production; ``dev``, ``dev-laptop`` and ``test_eu`` are not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from fcsec.ir import nodes as ir
from fcsec.lint.locate import Locator
from fcsec.record import Record
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


class LintOptions(Record):
    """How ``fcsec check`` was asked to lint."""

    __slots__ = ("check_files", "expand", "files", "now", "policy", "spec_path")
    _compared = ("spec_path", "check_files", "policy", "now", "files", "expand")

    def __init__(
        self,
        *,
        spec_path: str,
        check_files: bool = True,
        policy: str | None = None,
        now: datetime.datetime | None = None,
        files: Files | None = None,
        expand: Expander | None = None,
    ) -> None:
        #: The spec's path as typed; relative file names resolve beside it when there is no root.
        self.spec_path: Final = spec_path
        #: False with ``--skip-files``: no certificate, key or key-store file is looked at.
        self.check_files: Final = check_files
        #: The built-in policy every cipher list must stay inside (``--policy``), if any.
        self.policy: Final = policy
        #: The moment validity is judged at (timezone-aware, UTC); required to check files.
        self.now: Final = now
        #: Reads the files the spec names; required to check files.
        self.files: Final = files
        #: Expands an OpenSSL cipher string with the local ``openssl``; None: not shown.
        self.expand: Final = expand


class LintContext(Record):
    """One lowered spec (base or one environment) and how to find its text."""

    __slots__ = ("locate", "options", "source", "spec")
    _compared = ("spec", "source", "locate", "options")

    def __init__(
        self,
        *,
        spec: ir.Spec,
        source: SourceFile,
        locate: Locator,
        options: LintOptions,
    ) -> None:
        self.spec: Final = spec
        self.source: Final = source
        self.locate: Final = locate
        self.options: Final = options

    @property
    def env(self) -> str | None:
        return self.spec.env

    @property
    def production(self) -> bool:
        return is_production(self.spec.env)
