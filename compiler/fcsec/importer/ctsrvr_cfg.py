"""The reader of ctsrvr.cfg: the SSL block a spec can manage unchanged, and the header.

``database_facts`` reads the ``SUBSYSTEM COMM_PROTOCOL SSL`` block: the keywords fcsec writes
(those of the ctsrvr.cfg plan, ``fcsec.cfg.plan``; the x509 options as the language's table
names them, ``fcsec.spec.schema``), each set at most once, with YES or NO where fcsec writes
them. ``server_facts`` reads the product and version of the vendor's header comment (the
products of the IR). A block that fcsec could not manage without changing a byte is left out
with a warning (FCS801) or, when there is nothing to manage, a note (FCS802).
"""

from __future__ import annotations

import re

from fcsec.cfg.cst import key_of
from fcsec.cfg.model import BlockView, view
from fcsec.cfg.parse import parse
from fcsec.cfg.plan import SSL_BLOCK_CLASS, SSL_BLOCK_NAME, SSL_KEYWORDS
from fcsec.diagnostics import Diagnostic, DiagnosticError, diagnostic
from fcsec.importer.facts import (
    DatabaseFacts,
    ServerFacts,
    Skip,
    X509Facts,
    note,
    speakable,
    unreadable,
)
from fcsec.ir.nodes import Product
from fcsec.rule_ids import IMPORT_LEFT_OUT
from fcsec.source import SourceFile, Span
from fcsec.spec.schema import LANGUAGE, setting_names

_SSL_KEYS = frozenset(key_of(keyword) for keyword in SSL_KEYWORDS)


def _x509_options() -> tuple[str, ...]:
    """The keywords of the x509 options (``x509_PATH`` ...), as the language's table has them."""
    database = LANGUAGE.child("database")
    login = database.child("x509_login") if database is not None else None
    assert login is not None
    return tuple(key_of(name) for key in login.children for name in setting_names(key))


_X509_OPTIONS = _x509_options()


# The word of the vendor's header for each product of the IR (``db``: ``faircom-db``).
_PRODUCTS = {product.value.removeprefix("faircom-"): product.value for product in Product}
# The vendor's first line (faircom-formats.md §3):
# `; FairCom <DB|EDGE> Server Configuration File - v<ver> Build(<yymmdd>)`.
_HEADER = re.compile(
    rf";[ \t]*FairCom[ \t]+({'|'.join(_PRODUCTS)})[ \t]+Server[ \t]+Configuration[ \t]+File\b"
    r"[^\r\n]*?[ \t]v(\d+(?:\.\d+)*)\b",
    re.IGNORECASE,
)


def server_facts(source: SourceFile) -> ServerFacts | None:
    """The product and version the vendor's header names, when the file opens with it.

    Only the comment lines before the first setting are read: a header further down was pasted
    from another file.
    """
    position = 0
    for line in source.text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith(";"):
            return None
        found = _HEADER.match(line.lstrip())
        if found is not None:
            start = position + len(line) - len(line.lstrip())
            return ServerFacts(
                product=_PRODUCTS[found.group(1).lower()],
                version=found.group(2),
                span=source.span(start, start + len(stripped)),
            )
        position += len(line)
    return None


def database_facts(source: SourceFile) -> tuple[DatabaseFacts | None, tuple[Diagnostic, ...]]:
    """The SSL block when a spec can manage it unchanged, and why not otherwise."""
    document = parse(source)
    if document.diagnostics:
        return None, unreadable(DiagnosticError(document.diagnostics), "ctsrvr.cfg")
    blocks = view(document).find_blocks(SSL_BLOCK_CLASS, SSL_BLOCK_NAME)
    if not blocks:
        return None, (
            note(
                "ctsrvr.cfg has no SUBSYSTEM COMM_PROTOCOL SSL block; the spec has no "
                "[database] and leaves ctsrvr.cfg alone",
                None,
                path=source.name,
                hint="add [database] to the spec to have fcsec write the block",
            ),
        )
    if len(blocks) > 1:
        header = blocks[1].block.header.span
        return None, (
            diagnostic(
                IMPORT_LEFT_OUT,
                "ctsrvr.cfg has two SSL blocks; [database] is not imported",
                header,
                hint="delete one of them, then import again",
            ),
        )
    block = blocks[0]
    header = block.block.header.span
    managed = [setting for setting in block.settings if setting.key in _SSL_KEYS]
    if not block.enabled and not managed:
        return None, (
            note(
                "the SSL block is disabled and sets nothing; the spec has no [database] and "
                "leaves ctsrvr.cfg alone",
                header,
                hint="add [database] to the spec to have fcsec enable the block",
            ),
        )
    if not block.enabled:
        # fcsec writes a disabled block with every line commented out (what a server makes of
        # active lines under `;SUBSYSTEM` is undocumented), so `enabled = false` would change them.
        keywords = ", ".join(dict.fromkeys(setting.keyword for setting in managed))
        return None, (
            diagnostic(
                IMPORT_LEFT_OUT,
                f"the SSL block is disabled (;SUBSYSTEM) but {keywords} stay active lines; fcsec "
                "comments out every line of a disabled block, so [database] is not imported",
                header,
                hint="comment those lines out (;KEYWORD value) or enable the block, then import "
                "again",
            ),
        )
    try:
        return _BlockReader(block).facts(), ()
    except Skip as skip:
        return None, (skip.diagnostic,)


class _BlockReader:
    """The managed keywords of one SSL block, each set at most once."""

    def __init__(self, block: BlockView) -> None:
        self.block = block
        self.values: dict[str, str] = {}
        self.spans: dict[str, Span | None] = {}
        for setting in block.settings:
            if setting.key not in _SSL_KEYS:
                continue
            if setting.key in self.values:
                raise Skip(
                    f"the SSL block sets {setting.keyword} twice; fcsec would keep one line, so "
                    "[database] is not imported",
                    setting.line.span,
                    "delete one of the lines (FairCom reads the last), then import again",
                )
            self.values[setting.key] = setting.value
            self.spans[setting.key] = setting.line.span

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is not None and not speakable(value):
            raise Skip(
                f"{key} holds a control character, which a spec cannot name; [database] is not "
                "imported",
                self.spans[key],
            )
        return value

    def yes_no(self, key: str) -> bool | None:
        value = self.values.get(key)
        if value is None:
            return None
        if value not in ("YES", "NO"):
            fixed = "YES" if value.upper() == "YES" else "NO"
            raise Skip(
                f"{key} is `{value}`; fcsec writes YES or NO, so [database] is not imported",
                self.spans[key],
                f"write `{key} {fixed}` if that is what you mean, then import again",
            )
        return value == "YES"

    def facts(self) -> DatabaseFacts:
        block = self.block
        cert = self.text("SERVER_CERTIFICATE_FILE")
        for key in ("SERVER_PRIVATE_KEY_FILE", "SERVER_ENCRYPTED_STORE_FILE"):
            if key in self.values and cert is None:
                raise Skip(
                    f"the SSL block sets {key} without SERVER_CERTIFICATE_FILE; [database] is "
                    "not imported",
                    self.spans[key],
                )
        if block.enabled and cert is None:
            raise Skip(
                "the SSL block is enabled without SERVER_CERTIFICATE_FILE, which fcsec "
                "requires; [database] is not imported",
                block.block.header.span,
            )
        return DatabaseFacts(
            enabled=block.enabled,
            cert_file=cert,
            private_key=self.text("SERVER_PRIVATE_KEY_FILE"),
            key_store=self.text("SERVER_ENCRYPTED_STORE_FILE"),
            debug_log=self.text("DEBUG_LOG"),
            tls_only=self.yes_no("SSL_CONNECTIONS_ONLY"),
            verify_client_certs=self.yes_no("VERIFY_CLIENT_CERTIFICATE"),
            x509=self.x509(),
            ciphers=self.text("SSL_CIPHERS"),
            span=block.block.header.span,
        )

    def x509(self) -> X509Facts | None:
        login = self.values.get("X509_AUTHENTICATION")
        options = [key for key in _X509_OPTIONS if key in self.values]
        if login is None:
            if options:
                raise Skip(
                    f"the SSL block sets {options[0]} without x509_AUTHENTICATION YES; "
                    "[database] is not imported",
                    self.spans[options[0]],
                )
            return None
        if login != "YES":
            raise Skip(
                f"x509_AUTHENTICATION is `{login}`; fcsec writes the line only as YES, so "
                "[database] is not imported",
                self.spans["X509_AUTHENTICATION"],
                "delete the line (off is the server's default), then import again",
            )
        path = self.text("X509_PATH")
        if path is None:
            raise Skip(
                "x509_AUTHENTICATION YES without x509_PATH; [database] is not imported",
                self.spans["X509_AUTHENTICATION"],
            )
        return X509Facts(
            path=path,
            prefix=self.text("X509_PREFIX"),
            delimiter=self.text("X509_DELIMITER"),
            requirement_path=self.text("X509_REQUIREMENT_PATH"),
            requirement=self.text("X509_REQUIREMENT"),
        )
