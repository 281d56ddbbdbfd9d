"""Golden tests: the exact unified diff fcsec makes to real and look-alike ctsrvr.cfg files.

Regenerate with ``FCSEC_UPDATE_GOLDEN=1 python -m pytest tests/cfg/test_golden.py``, then read
every changed line of the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from tests.cfg.corpus import GOLDEN, data, read

from fcsec.cfg.edit import apply_ssl_plan
from fcsec.cfg.parse import parse
from fcsec.cfg.plan import SslBlockPlan
from fcsec.cfg.render import render_line
from fcsec.record import replace
from fcsec.source import SourceFile

UPDATE = os.environ.get("FCSEC_UPDATE_GOLDEN") == "1"

ENABLE_TLS = SslBlockPlan(
    settings=(
        ("SERVER_CERTIFICATE_FILE", "ctree_ssl.pem"),
        ("SSL_CONNECTIONS_ONLY", "YES"),
        (
            "SSL_CIPHERS",
            "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
            "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305",
        ),
    )
)
TLS_ONLY_WITHOUT_SHARED_MEMORY = SslBlockPlan(
    settings=(
        ("SERVER_CERTIFICATE_FILE", "serverCert.pem"),
        ("SERVER_PRIVATE_KEY_FILE", "serverKey.pem"),
        ("SSL_CONNECTIONS_ONLY", "YES"),
        ("VERIFY_CLIENT_CERTIFICATE", "YES"),
        ("x509_AUTHENTICATION", "YES"),
        ("x509_PATH", "CN"),
        ("SSL_CIPHERS", "ECDHE-RSA-AES256-GCM-SHA384"),
    ),
    shared_memory=False,
)


def _lines(text: str) -> list[str]:
    document = parse(text)
    lines = [render_line(line) for line in document.lines()]
    if lines:
        lines[0] = document.bom + lines[0]
    return lines


def unified_diff(before: str, after: str) -> str:
    """``diff -u`` of two texts, split at their own line endings, marking a missing last one."""
    out = []
    for line in difflib.unified_diff(_lines(before), _lines(after), "a/ctsrvr.cfg", "b/ctsrvr.cfg"):
        out.append(
            line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
        )
    return "".join(out)


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(actual.encode("utf-8", "surrogateescape"))
    assert path.is_file(), f"missing golden {path}; run with FCSEC_UPDATE_GOLDEN=1 and review it"
    assert read(path) == actual


def _edit(text: str, plan: SslBlockPlan) -> str:
    return apply_ssl_plan(SourceFile(name="ctsrvr.cfg", text=text), plan)


def test_enabling_tls_in_the_real_edge_5_1_file(samples: Path) -> None:
    before = read(samples / "faircom-edge-5.1" / "ctsrvr.cfg")
    check_golden("edge51-enable-tls.diff", unified_diff(before, _edit(before, ENABLE_TLS)))


def test_enabling_tls_in_the_real_embedded_minimal_file(samples: Path) -> None:
    before = read(samples / "embedded-minimal" / "ctsrvr.cfg")
    check_golden(
        "embedded-minimal-enable-tls.diff", unified_diff(before, _edit(before, ENABLE_TLS))
    )


def test_disabling_tls_in_the_real_edge_5_1_file_comments_out_the_block(samples: Path) -> None:
    # issue 12: every active line of the block commented out, values kept; enabling again
    # gives back the enabled file byte for byte.
    enabled = _edit(read(samples / "faircom-edge-5.1" / "ctsrvr.cfg"), ENABLE_TLS)
    disabled = _edit(enabled, replace(ENABLE_TLS, enabled=False))
    check_golden("edge51-disable-tls.diff", unified_diff(enabled, disabled))
    assert _edit(disabled, ENABLE_TLS) == enabled


@pytest.mark.parametrize(
    ("fixture", "plan", "golden"),
    [
        ("edge-lookalike.cfg", ENABLE_TLS, "edge-lookalike-enable-tls.diff"),
        (
            "edge-lookalike.cfg",
            TLS_ONLY_WITHOUT_SHARED_MEMORY,
            "edge-lookalike-tls-only-x509.diff",
        ),
        ("minimal-no-final-newline.cfg", ENABLE_TLS, "minimal-enable-tls.diff"),
        (
            "ssl-mixed-case-odd-spacing.cfg",
            TLS_ONLY_WITHOUT_SHARED_MEMORY,
            "mixed-case-odd-spacing-tls-only.diff",
        ),
    ],
    ids=["edge-lookalike", "edge-lookalike-x509-no-shm", "minimal", "mixed-case-odd-spacing"],
)
def test_golden_edits_of_the_committed_look_alikes(
    fixture: str, plan: SslBlockPlan, golden: str
) -> None:
    before = data(fixture)
    after = _edit(before, plan)
    check_golden(golden, unified_diff(before, after))
    assert _edit(after, plan) is after
