"""Compile a spec into a config folder, or check it, as functions: what the commands do, without
their printing.

``fcsec compile`` and the Ansible module ``fcsec.faircom.compile`` both go through
``compile_folder``: under the folder's lock (``fcsec.folderlock``) it reads the current files,
plans the new ones and, when asked to write, replaces the changed ones in one transaction
(``fcsec.fileio.Transaction``), optionally keeping a timestamped copy of each file it replaces.
It returns what changed (or would change) and leaves the telling to the caller. ``check_spec`` is
``fcsec check`` as a report (``fcsec.faircom.check``): ``fcsec.checking.check`` itself, imported
on first use. ``diagnostic_data`` turns a diagnostic into plain data (rule, severity, message,
file, line, column, hint).

Every failure of the input or of the file system is a ``DiagnosticError``; ``check_spec`` raises
``ValueError`` for a usage error (an unknown policy). Anything else is a bug in fcsec.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

from fcsec.diagnostics import Diagnostic, DiagnosticError
from fcsec.folderlock import DEFAULT_TIMEOUT
from fcsec.record import Record
from fcsec.source import SourceFile

if TYPE_CHECKING:
    from fcsec.api import Loaded, Output
    from fcsec.cfg.edit import SslParses
    from fcsec.checking import check as check_spec
    from fcsec.ir.nodes import Spec
    from fcsec.lint.findings import Finding
    from fcsec.report.model import CheckReport

__all__ = [
    "LOCK_TIMEOUT",
    "Compiled",
    "check_data",
    "check_spec",
    "compile_folder",
    "default_config_dir",
    "diagnostic_data",
    "finding_data",
    "load_all",
    "one_line",
    "read_spec_file",
]

#: Seconds to wait for another fcsec run on the same config folder.
LOCK_TIMEOUT = DEFAULT_TIMEOUT


def __getattr__(name: str) -> Any:
    """``check_spec`` is ``fcsec.checking.check``, imported on first use (as the package root
    imports its names), so that importing this module stays cheap."""
    if name == "check_spec":
        from fcsec.checking import check

        return check
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_spec_file(path: str) -> SourceFile:
    """The spec at ``path`` as ``fcsec compile`` reads it (a regular file of at most 10 MiB, in
    UTF-8; ``-``: standard input); ``DiagnosticError`` when it cannot be read."""
    from fcsec.commands.common import read_spec

    return read_spec(path)


def load_all(source: SourceFile, env: str | None) -> Loaded:
    """The spec with ``env`` applied; raise with the errors of every environment.

    An overlay that is not compiled now is compiled later by someone else: a broken one fails
    here too, as ``fcsec check`` fails it.
    """
    from fcsec.api import environments, load_spec, parse_spec

    tree = parse_spec(source)
    problems: list[Diagnostic] = []
    chosen = None
    for name in dict.fromkeys([env, *environments(source, tree=tree)]):
        try:
            loaded = load_spec(source, name, tree=tree)
        except DiagnosticError as failure:
            problems.extend(failure.diagnostics)
            continue
        if name == env:
            chosen = loaded
    if problems or chosen is None:
        raise DiagnosticError({(p.rule, p.span, p.message): p for p in problems}.values())
    return chosen


def default_config_dir(spec: Spec, spec_path: str) -> str | None:
    """``<server.root>/config`` (a relative root being relative to the spec's folder); None when
    the spec has no root."""
    if spec.server.root is None:
        return None
    from fcsec.roots import server_root

    return os.path.normpath(os.path.join(server_root(spec.server.root, spec_path), "config"))


class Compiled(Record):
    """What ``compile_folder`` did, or would do, to one config folder."""

    __slots__ = ("backups", "config_dir", "findings", "outputs", "parses", "written", "wrote")
    _compared = ("config_dir", "outputs", "wrote", "written", "backups", "findings")

    def __init__(
        self,
        *,
        config_dir: str,
        outputs: tuple[Output, ...],
        wrote: bool,
        written: Mapping[str, bool] | None = None,
        backups: Mapping[str, str] | None = None,
        findings: tuple[Diagnostic, ...] = (),
        parses: SslParses | None = None,
    ) -> None:
        self.config_dir: Final = config_dir
        #: The new text of each file the spec manages (``Output.changed``: its text differs).
        self.outputs: Final = outputs
        #: Whether the files were written (False for a dry run: nothing was).
        self.wrote: Final = wrote
        #: The files replaced, by name (only when ``wrote``; an unchanged file is not replaced).
        self.written: Final[Mapping[str, bool]] = {} if written is None else written
        #: The timestamped copy of each replaced file that existed before, by name
        #: (``backup=True``).
        self.backups: Final[Mapping[str, str]] = {} if backups is None else backups
        #: What the config-file rules find in the files after compile (``lint_files=True``).
        self.findings: Final = findings
        #: The run's parses of ctsrvr.cfg texts, reused by ``client_notes`` (neither compared
        #: nor shown).
        self.parses: Final = parses

    def path(self, name: str) -> str:
        """The file's path as shown to users: the config folder as given, joined with ``name``."""
        return os.path.join(self.config_dir, name)

    def changes(self, name: str) -> bool:
        """Whether the file was replaced (a real run) or would be (a dry run)."""
        if self.wrote:
            return bool(self.written.get(name))
        return any(output.changed for output in self.outputs if output.name == name)

    @property
    def changed(self) -> bool:
        return any(self.changes(output.name) for output in self.outputs)

    def client_notes(self) -> tuple[str, ...]:
        """What the change takes away from clients after the restart (``fcsec.consequences``)."""
        from fcsec.consequences import client_notes

        changes = [
            (self.path(o.name), o.before, o.after) for o in self.outputs if self.changes(o.name)
        ]
        return tuple(client_notes(changes, self.parses))


def compile_folder(
    loaded: Loaded,
    source: SourceFile,
    config_dir: str,
    *,
    write: bool,
    holder: str,
    lock_timeout: float = LOCK_TIMEOUT,
    lint_files: bool | None = None,
    backup: bool = False,
) -> Compiled:
    """Bring the files of ``config_dir`` up to date with ``loaded`` (compiled from ``source``).

    ``write=False`` is a dry run: nothing is created or written (a missing folder is fine), and
    the folder is read under a shared lock when another run holds it. ``write=True`` creates the
    folder when needed and replaces every changed file in one transaction, under the folder's
    exclusive lock (``holder`` says who holds it, for a run that has to wait). ``lint_files``
    (default: when writing) also runs the config-file rules over the files after compile.
    ``backup`` keeps a copy of each file it replaces, ``NAME.PID.YYYY-MM-DD@HH:MM:SS~`` beside
    it, with its permission bits and times (removed again when the transaction fails).

    Raises ``DiagnosticError``: the folder cannot be used or locked, a file cannot be read,
    edited safely or written, or (when writing) the config-file rules find an error in the files
    as they would be written, such as two enabled listeners on one port (both files are then as
    they were).
    """
    from fcsec import api
    from fcsec.cfg.edit import SslParses
    from fcsec.fileio import ensure_config_dir
    from fcsec.filewrite import plain_path
    from fcsec.folderlock import folder_lock

    folder = plain_path(config_dir)
    if write or _exists(folder):
        ensure_config_dir(folder, config_dir, create=write)
    lock = folder_lock(folder, config_dir, exclusive=write, timeout=lock_timeout, command=holder)
    lint = write if lint_files is None else lint_files
    findings: list[Diagnostic] = []
    written: dict[str, bool] = {}
    backups: dict[str, str] = {}
    with lock:
        files = _ConfigFolder(folder, config_dir)
        # Each ctsrvr.cfg text of this run is parsed once, for the edit, the config-file rules
        # and the client notes alike.
        parses = SslParses()
        outputs = api.render_outputs(loaded.spec, files, parses=parses)
        if lint:
            findings = _config_findings(
                loaded, source, files, outputs, written=write, parses=parses
            )
        if write and any(finding.is_error for finding in findings):
            # The server would not start as written (two listeners on one port, ...): nothing
            # is written, and the errors say why.
            raise DiagnosticError([*loaded.warnings, *findings])
        if write:
            written, backups = _commit(outputs, folder, config_dir, backup=backup)
    return Compiled(
        config_dir=config_dir,
        outputs=outputs,
        wrote=write,
        written=written,
        backups=backups,
        findings=tuple(findings),
        parses=parses,
    )


#: The errors of ``os.stat`` that ``pathlib.Path.exists`` takes for "nothing there".
_ABSENT = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def _exists(path: str) -> bool:
    """``pathlib.Path(path).exists()``: False when nothing is there, any other error raised."""
    try:
        os.stat(path)
    except ValueError:
        return False
    except OSError as exc:
        if exc.errno in _ABSENT or getattr(exc, "winerror", None) in (21, 123, 1921):
            return False
        raise
    return True


def _config_findings(
    loaded: Loaded,
    spec_source: SourceFile,
    files: _ConfigFolder,
    outputs: tuple[Output, ...],
    *,
    written: bool,
    parses: SslParses,
) -> list[Diagnostic]:
    """What the config-file rules find in the files as written (the managed parts and the rest
    of each file compile touches), computed before the commit so that it cannot fail after it."""
    from fcsec.lint.effective import config_diagnostics

    touched = {output.name: files[output.name] for output in outputs}
    return config_diagnostics(
        loaded.spec,
        spec_source,
        touched,
        outputs,
        written=written,
        tree=loaded.tree,
        parses=parses,
    )


class _ConfigFolder(Mapping[str, SourceFile | None]):
    """The config files by name, each read when ``render_outputs`` first asks for it: a file the
    spec does not manage is never read. None: there is no such file."""

    def __init__(self, folder: str, display_dir: str) -> None:
        self._folder = folder
        self._display_dir = display_dir
        self._read: dict[str, SourceFile | None] = {}

    def __getitem__(self, name: str) -> SourceFile | None:
        if name not in self._read:
            from fcsec.fileio import read_config

            display = os.path.join(self._display_dir, name)
            text = read_config(os.path.join(self._folder, name), display)
            self._read[name] = None if text is None else SourceFile(display, text)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        from fcsec.api import CTSRVR_CFG, SERVICES_JSON

        return iter((SERVICES_JSON, CTSRVR_CFG))

    def __len__(self) -> int:
        return 2


def _commit(
    outputs: tuple[Output, ...], folder: str, config_dir: str, *, backup: bool
) -> tuple[dict[str, bool], dict[str, str]]:
    """Write every changed output in one transaction: which files were written, by name, and
    the backup copies made of them (removed again when the transaction fails)."""
    from fcsec.api import CTSRVR_CFG, SERVICES_JSON
    from fcsec.fileio import Transaction, remove_leftovers
    from fcsec.signals import terminating_cleanly

    remove_leftovers(folder, (SERVICES_JSON, CTSRVR_CFG))
    written: dict[str, bool] = {}
    backups: dict[str, str] = {}
    copies: list[str] = []
    try:
        with terminating_cleanly(), Transaction() as transaction:
            for output in outputs:
                display = os.path.join(config_dir, output.name)
                written[output.name] = transaction.stage(
                    os.path.join(folder, output.name), output.after, display
                )
            if backup:
                suffix = f".{os.getpid()}.{time.strftime('%Y-%m-%d@%H:%M:%S')}~"
                for output in outputs:
                    if written[output.name] and output.before is not None:
                        display = os.path.join(config_dir, output.name)
                        copies.append(_copy(os.path.join(folder, output.name), suffix, display))
                        backups[output.name] = display + suffix
            transaction.commit()
    except BaseException:
        for copy in copies:
            with contextlib.suppress(OSError):
                os.unlink(copy)
        raise
    return written, backups


def _copy(target: str, suffix: str, display: str) -> str:
    """A copy of the current file (of the file a link points to) named ``target + suffix``,
    created readable by its owner only, then given the file's permission bits and times."""
    import shutil  # here: only a run with backup=True copies

    copy = f"{target}{suffix}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    created = False
    try:
        fd = os.open(copy, flags, 0o600)
        created = True
        with open(target, "rb") as old, os.fdopen(fd, "wb") as new:
            shutil.copyfileobj(old, new)
            new.flush()
            os.fsync(new.fileno())
        shutil.copystat(target, copy)
    except OSError as exc:
        if created:
            with contextlib.suppress(OSError):
                os.unlink(copy)
        raise _backup_error(display, display + suffix, exc) from exc
    return copy


def _backup_error(display: str, copy: str, exc: OSError) -> DiagnosticError:
    from fcsec.diagnostics import diagnostic
    from fcsec.fileio import describe_os_error
    from fcsec.rule_ids import CANNOT_WRITE

    return DiagnosticError(
        [
            diagnostic(
                CANNOT_WRITE,
                f"cannot write {display}: {describe_os_error(exc)} (while keeping a backup "
                f"copy as {copy}); nothing was changed",
                None,
                path=display,
                hint="check the folder's permissions and free space, or run without backup",
            )
        ]
    )


def diagnostic_data(item: Diagnostic, *, file: str | None = None) -> dict[str, Any]:
    """One diagnostic as plain data: ``rule``, ``severity``, ``title``, ``message``, ``file``,
    ``line``, ``column``, ``end_line``, ``end_column`` (1-based; None without a place), ``label``
    and ``hint``, as in ``fcsec check --format json``, except that ``file`` is the file as named
    to fcsec (``file`` when the diagnostic names none)."""
    from fcsec.report.json import fields

    return fields(item, item.span.source.name if item.span is not None else (item.path or file))


def finding_data(item: Finding, report: CheckReport) -> dict[str, Any]:
    """A finding of ``check_spec`` as plain data: ``diagnostic_data`` plus ``notes``,
    ``allowed`` and the allowance's ``reason``."""
    return {
        **diagnostic_data(item.diagnostic, file=report.spec),
        "notes": list(item.notes),
        "allowed": item.allowed,
        "reason": item.allowance.reason if item.allowance is not None else None,
    }


def check_data(report: CheckReport) -> dict[str, Any]:
    """A ``check_spec`` report as plain data: ``findings`` (``finding_data``), ``summary``
    (``errors``, ``warnings``, ``infos``, ``allowed``, ``failed``), ``environments`` and
    ``configures``."""
    from fcsec.report.model import summarize

    return {
        "findings": [finding_data(item, report) for item in report.findings],
        "summary": summarize(report).data(),
        "environments": list(report.environments),
        "configures": report.configures,
    }


def one_line(item: Diagnostic) -> str:
    """``error[FCS012] security.fcsec:14:8: port 8443 is used by ... (help: pick a free port)``:
    a diagnostic on one line, for a log or a message field (control characters escaped)."""
    from fcsec.safetext import escape

    hint = f" (help: {item.hint})" if item.hint else ""
    return escape(f"{item.severity.value}[{item.rule}] {item.location()}: {item.message}{hint}")
