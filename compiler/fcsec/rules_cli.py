"""The command line's part of the rule catalogue (``fcsec.rules``): FCS8xx ``fcsec import``,
FCS9xx files and the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fcsec import rule_ids as ids
from fcsec.diagnostics import Severity

if TYPE_CHECKING:
    from fcsec.rules import RuleRow

_E = Severity.ERROR

ROWS: tuple[RuleRow, ...] = (
    # --- FCS8xx: fcsec import --------------------------------------------------------------
    (ids.IMPORT_LEFT_OUT, Severity.WARNING,
     "a part of the config files that the import leaves out",
     "The spec says only what compiles back to the same bytes; a part it cannot say "
     "stays in the file, unmanaged, as fcsec does with every part a spec does not "
     "name.",
     "Read the reason; change the file if you want fcsec to manage the part, then "
     "import again, or add it to the spec by hand."),
    (ids.IMPORT_NOTE, Severity.INFO, "a choice the import made",
     "Where the files allow more than one spec (the product behind a certificate key "
     "spelling, a disabled SSL block), the import says what it chose.", ""),
    (ids.IMPORT_WOULD_OVERWRITE, _E, "the import would overwrite a file",
     "fcsec import never replaces an existing spec unless asked to, and never writes "
     "a config file.",
     "Add --force, or write the spec elsewhere with -o."),
    (ids.NOTHING_TO_IMPORT, _E, "nothing to import",
     "The config folder holds neither services.json nor ctsrvr.cfg.",
     "Give the folder that holds them: --config-dir <faircom>/config."),
    (ids.NOT_REPRODUCED, _E, "the imported spec would change the config files",
     "fcsec import checks its spec by compiling it against the files it read; a spec "
     "that would change a byte is not written.",
     "This is a bug in fcsec import: report it with the config files."),
    # --- FCS9xx: files and the command line -------------------------------------------------
    (ids.CANNOT_READ, _E, "cannot read a file", "", ""),
    (
        ids.CANNOT_WRITE,
        _E,
        "cannot write a file",
        "fcsec writes atomically: the original file is left as it was.",
        "Check the folder's permissions and free space, then run the command again.",
    ),
    (ids.CONFIG_DIR_UNUSABLE, _E, "the config folder is not usable", "", ""),
    (ids.NOT_A_REGULAR_FILE, _E, "not a regular file",
     "fcsec reads specs, config files and certificate files only when they are regular "
     "files: reading a FIFO or a device could block forever or never end.",
     "Give the path of the file itself, not of a pipe, device, socket or folder."),
    (ids.FILE_TOO_LARGE, _E, "a file larger than fcsec reads",
     "Specs and config files have a size limit, so a wrong path (a disk image, a log) "
     "cannot exhaust memory.",
     "Check the path; the message names the limit."),
    (ids.CONFIG_NOT_UTF8, _E, "a config file that is not UTF-8 text",
     "fcsec edits ctsrvr.cfg and services.json as UTF-8 text (stray Latin-1 bytes are "
     "kept as they are). A UTF-16 or UTF-32 file, or one with NUL bytes, would be "
     "corrupted by an edit, so fcsec refuses it and leaves it unchanged.",
     "Convert the file to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`), then run fcsec again."),
    (ids.FOLDER_LOCKED, _E, "another fcsec run holds the config folder",
     "Runs that write one config folder are serialised by an advisory lock "
     "(`.fcsec.lock` in the folder), so two specs never end up half in each file.",
     "Wait for the other run to finish (the message names it), or raise "
     "`--lock-timeout`."),
    (ids.PROJECT_FILE, _E, "a project file (fcsec.toml) fcsec cannot use",
     "`fcsec project` runs check and compile for every [targets.NAME] of fcsec.toml; a "
     "target without its spec or config folder would be skipped without a word.",
     'Give each target `spec` and `config_dir` (and `env` for an overlay): '
     '[targets.db]\nspec = "security.fcsec"\nconfig_dir = "config".'),
)
