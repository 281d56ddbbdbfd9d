"""Write an ``SslBlockPlan`` into a ctsrvr.cfg with the change a careful person would make.

This follows the FairCom guide ("Enable TLS for SQL, ISAM, and CTDB"): the
``SUBSYSTEM COMM_PROTOCOL SSL`` block is edited where it stands (the vendor ships it disabled, so
its header and the settings the plan sets are uncommented), or appended when the file has none.
Inside an enabled block a line that is already right keeps every byte, a changed value changes
only that value, a missing setting goes to its place in ``SSL_KEYWORDS`` order, and a managed
setting the plan does not set is deleted; disabling comments the block out, values kept
(``fcsec.cfg.block_edit``; each changed line is built by ``fcsec.cfg.lines``).
``COMM_PROTOCOL FSHAREMM`` is commented out or restored at the top level when the plan says so
(``fcsec.cfg.shared_memory``).

It never touches any other line (the Locality law), never reformats, never reads or writes files,
and refuses, with located diagnostics and before changing anything, a file whose SSL block it
cannot be sure of (``fcsec.cfg.shape``: FCS201-FCS212); it never adds a second SSL block.
Applying the same plan twice gives the result of applying it once; a plan the file already
satisfies returns the input string unchanged.
"""

from __future__ import annotations

from typing import Final

from fcsec.cfg.block_edit import check_plan, edit_block, new_block
from fcsec.cfg.cst import Blank, Block, BlockOpen, Document, Entry, Item
from fcsec.cfg.lines import keep_line_breaks, with_eol
from fcsec.cfg.model import ConfigView, dominant_eol, view
from fcsec.cfg.parse import Sparse, parse_sparse
from fcsec.cfg.plan import SSL_BLOCK_CLASS, SSL_BLOCK_NAME, SslBlockPlan
from fcsec.cfg.shape import ssl_block_problems, unwritable_values
from fcsec.cfg.shared_memory import SharedMemory, edit_shared_memory
from fcsec.diagnostics import DiagnosticError
from fcsec.record import Record, replace
from fcsec.source import SourceFile, dominant_line_ending


class SslEdit(Record):
    """The result of applying an ``SslBlockPlan`` to one file: the new text and what changed.

    ``text`` is the input string itself when nothing changed. ``shared_memory_managed`` says
    whether the plan governs ``COMM_PROTOCOL FSHAREMM`` in this file (it names a state and the
    file has such a line before or after the edit, active or commented), so a summary names that
    line only when it is there; ``shared_memory_changed`` whether one of those lines changed.
    """

    __slots__ = ("block_changed", "shared_memory_changed", "shared_memory_managed", "text")
    _compared = ("text", "block_changed", "shared_memory_managed", "shared_memory_changed")

    def __init__(
        self,
        *,
        text: str,
        block_changed: bool = False,
        shared_memory_managed: bool = False,
        shared_memory_changed: bool = False,
    ) -> None:
        self.text: Final = text
        self.block_changed: Final = block_changed
        self.shared_memory_managed: Final = shared_memory_managed
        self.shared_memory_changed: Final = shared_memory_changed

    @property
    def managed(self) -> tuple[str, ...]:
        """What the plan manages in this file, as the compile summary names it."""
        return (
            (SSL_BLOCK_LABEL, SHARED_MEMORY_LABEL)
            if self.shared_memory_managed
            else (SSL_BLOCK_LABEL,)
        )

    @property
    def changed(self) -> tuple[str, ...]:
        """The managed parts whose lines changed, in the order of ``managed``."""
        parts = (
            (SSL_BLOCK_LABEL, self.block_changed),
            (SHARED_MEMORY_LABEL, self.shared_memory_changed),
        )
        return tuple(label for label, changed in parts if changed)


SSL_BLOCK_LABEL = f"SUBSYSTEM {SSL_BLOCK_CLASS} {SSL_BLOCK_NAME}"
SHARED_MEMORY_LABEL = "COMM_PROTOCOL FSHAREMM"


def apply_ssl_plan(source: SourceFile, plan: SslBlockPlan) -> str:
    """Return the text of ``source`` with ``plan`` applied (``edit_ssl(...).text``)."""
    return edit_ssl(source, plan).text


def edit_ssl(source: SourceFile, plan: SslBlockPlan, *, parses: SslParses | None = None) -> SslEdit:
    """Apply ``plan`` to ``source``; the new text and which managed parts changed.

    ``parses``: the run's parses, so that the config-file rules and the client notes of the same
    compile do not parse the text again (``SslParses``).

    Raises ``DiagnosticError`` with every problem of ``fcsec.cfg.shape.ssl_block_problems``
    (a broken block structure, two SSL blocks, an SSL block in a shape fcsec does not edit),
    before changing anything, and ``ValueError`` for a plan that breaks its contract.
    """
    check_plan(plan)
    # Only the lines the edit looks at are parsed (block braces, COMM_PROTOCOL lines, the SSL
    # block, their neighbours and the last line): a 100,000-line file costs a regex scan, not
    # 100,000 line nodes. tests/cfg/test_laws.py holds this to the result of a full parse.
    sparse = (parses or SslParses()).sparse(source)
    edited, block_changed, shared_memory = _edit(
        sparse.document, plan, dominant_line_ending(source.text)
    )
    text = sparse.render(edited)
    if parses is not None and text != source.text:
        # The run reads the new text next (the config-file rules, the client notes): its sparse
        # document is the edited one, given the spans of the new text, not a second parse.
        after = SourceFile(name=source.name, text=text)
        parses.keep(after, sparse.of_edit(edited, after))
    return SslEdit(
        text=source.text if text == source.text else text,
        block_changed=block_changed,
        shared_memory_managed=shared_memory.managed,
        shared_memory_changed=shared_memory.changed,
    )


# The lines the edit reads: block braces and COMM_PROTOCOL keywords (in any letter case).
_MARKS = ("{", "}", "comm_protocol")


def ssl_document(source: SourceFile, parses: SslParses | None = None) -> Document:
    """The document of a ctsrvr.cfg as far as its SSL block and COMM_PROTOCOL lines go: those
    lines (and every block header) parsed exactly as ``parse`` parses them, with the same
    diagnostics, and each run of other lines one placeholder comment (``parses``: the run's
    parses, see ``SslParses``)."""
    return (parses or SslParses()).sparse(source).document


class SslParses:
    """The sparse parses of the ctsrvr.cfg texts one run reads, by file name and text.

    One compile reads the text before and after its edit several times (the edit itself, the
    config-file rules, what changes for clients). The run makes one ``SslParses`` and hands it
    to each of them, so each text is parsed once. It belongs to that run: nothing is kept in the
    module, so runs in other threads never see each other's texts, and a run's parses go when
    the run is done. Equal name and text give the same parse (a document is never changed)."""

    __slots__ = ("_parsed", "_views")

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, str], Sparse] = {}
        self._views: dict[tuple[str, str], ConfigView] = {}

    def sparse(self, source: SourceFile) -> Sparse:
        """The sparse parse of ``source``'s SSL block lines, made on first use."""
        key = (source.name, source.text)
        found = self._parsed.get(key)
        if found is None:
            found = self._parsed[key] = parse_sparse(source, _MARKS, _is_ssl_header)
        return found

    def view(self, source: SourceFile) -> ConfigView:
        """``fcsec.cfg.model.view`` of the sparse document of ``source``, made on first use: the
        config-file rules and the client notes read the same text's settings."""
        key = (source.name, source.text)
        found = self._views.get(key)
        if found is None:
            found = self._views[key] = view(self.sparse(source).document)
        return found

    def keep(self, source: SourceFile, sparse: Sparse) -> None:
        """Use ``sparse`` as the sparse parse of ``source`` from now on (``Sparse.of_edit``)."""
        key = (source.name, source.text)
        self._parsed[key] = sparse
        self._views.pop(key, None)


def _is_ssl_header(header: BlockOpen) -> bool:
    # A real file has thousands of block headers; the view below is built only for one that
    # names SSL at all (``str.upper`` folds at least what the view's ``key_of`` folds).
    if SSL_BLOCK_NAME.upper() not in header.words.upper():
        return False
    block = Block(header=header)
    return bool(view(Document(items=(block,))).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME))


def edit_document(document: Document, plan: SslBlockPlan, *, eol: str | None = None) -> Document:
    """Apply ``plan`` to a document (see ``edit_ssl``; raises the same diagnostics).

    New lines end in ``eol``, by default the line ending most lines of the document use.
    """
    return _edit(document, plan, dominant_eol(document) if eol is None else eol)[0]


def _edit(document: Document, plan: SslBlockPlan, eol: str) -> tuple[Document, bool, SharedMemory]:
    problems = (*unwritable_values(plan), *ssl_block_problems(document))
    if problems:
        raise DiagnosticError(problems)
    blocks = view(document).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME)
    ssl = blocks[0].block if blocks else None
    shared_memory = edit_shared_memory(list(document.items), plan.shared_memory, eol)
    items, prelude = shared_memory.items, shared_memory.prelude
    if ssl is None:
        items = _append(items, prelude, new_block(plan, eol), eol)
        block_changed = True
    else:
        index = next(index for index, item in enumerate(items) if item is ssl)
        spacer = (Blank(eol=eol),) if prelude else ()
        edited = edit_block(ssl, plan, eol)
        items[index : index + 1] = [*prelude, *spacer, edited]
        block_changed = edited is not ssl
    return replace(document, items=keep_line_breaks(items)), block_changed, shared_memory


def _append(items: list[Item], prelude: tuple[Entry, ...], block: Block, eol: str) -> list[Item]:
    """The file, one blank line (unless it ends in one), the prelude and a blank line, the block."""
    if items:
        items[-1] = with_eol(items[-1], eol)
        if not isinstance(items[-1], Blank):
            items.append(Blank(eol=eol))
    spacer = (Blank(eol=eol),) if prelude else ()
    return [*items, *prelude, *spacer, block]
