"""Reading and writing config files on disk: the only module of fcsec that touches them.

Everything else in fcsec works on text. This module turns a ctsrvr.cfg or services.json into
text and back without losing a byte, and puts the new text in place safely:

* Text is UTF-8 decoded with ``surrogateescape``, so bytes that are not UTF-8 (a Latin-1 comment
  in an old ctsrvr.cfg) come back unchanged when the text is encoded again, and a UTF-8 byte
  order mark stays in the text as ``\\ufeff``.
* A write goes to a temporary file in the same folder as the target, is flushed to disk, and then
  renamed over the target in one step. The target keeps its permission bits (and, where the
  operating system allows, its owner and group); a symbolic link is written through, so the
  link stays and the file it points to is replaced.

It must never leave a partly written config file or a stray temporary file behind, whatever goes
wrong (a full disk, a read-only file system, an exception in the middle of a write), and it must
never rewrite a file whose bytes would not change: an identical file is not touched at all, so its
modification time stays as it was. Every failure reaches the caller as a ``DiagnosticError`` with
rule FCS901 (read), FCS902 (write) or FCS903 (config folder), naming the file and the reason the
operating system gave; the original file is then as it was.

Several files are written as one transaction (``Transaction``): every new file is written and
flushed beside its target first, the current files are kept under backup names (hard links), and
only then are the targets replaced, one rename each. If anything fails before or during those
renames, the files already replaced get their old contents back, so the files are all old or all
new. A process killed between two renames leaves temporary and backup files named
``.NAME.XXXXXXXX.fcsec-tmp`` and ``.fcsec-bak``; ``remove_leftovers`` deletes exactly those on the
next run. Power loss between two renames can still leave one file new and one old: renames of two
files are not atomic together on any POSIX file system.

Files are read only when they are regular files (never a FIFO or a device, which could block or
never end) and up to a size limit; a config file in UTF-16 or UTF-32, or with NUL bytes, is
refused (FCS904-FCS906) before anything is written.

Replacing by rename gives the target a new inode: hard links to the old file keep the old
contents, and extended attributes or ACLs on the old file are not copied.

This module is the door: the reading is ``fcsec.fileread``, the writing and the transaction
``fcsec.filewrite``, the config folder and its leftovers ``fcsec.configdir``. Import the names
from here.
"""

from __future__ import annotations

from fcsec.configdir import ensure_config_dir, remove_leftovers
from fcsec.fileread import (
    CONFIG_LIMIT,
    SPEC_LIMIT,
    Refused,
    describe_os_error,
    encode_config,
    read_config,
    read_regular,
    read_stream,
)
from fcsec.filewrite import Transaction, write_if_changed

__all__ = [
    "CONFIG_LIMIT",
    "SPEC_LIMIT",
    "Refused",
    "Transaction",
    "describe_os_error",
    "encode_config",
    "ensure_config_dir",
    "read_config",
    "read_regular",
    "read_stream",
    "remove_leftovers",
    "write_if_changed",
]
