"""The local expansion of an OpenSSL cipher string (shown, never judged)."""

from __future__ import annotations

import shutil

import pytest

from fcsec.lint.openssl import LocalOpenSSL, local_openssl, parse_stdname_listing

pytestmark = pytest.mark.external  # runs openssl, mosquitto or nmap, or real local TLS servers

LISTING = """\
TLS_AES_256_GCM_SHA384  - TLS_AES_256_GCM_SHA384  TLSv1.3 Kx=any Au=any Enc=AESGCM(256) Mac=AEAD
TLS_RSA_WITH_AES_256_CBC_SHA256 - AES256-SHA256 TLSv1.2 Kx=RSA Au=RSA Enc=AES(256) Mac=SHA256
TLS_RSA_WITH_AES_128_CBC_SHA - AES128-SHA SSLv3 Kx=RSA Au=RSA Enc=AES(128) Mac=SHA1
"""


def test_the_listing_gives_openssl_names_without_tls13_suites() -> None:
    assert parse_stdname_listing(LISTING) == ("AES256-SHA256", "AES128-SHA")


def test_without_a_binary_there_is_no_expansion() -> None:
    assert LocalOpenSSL(None)("HIGH") is None


def test_a_missing_binary_path_reports_that_openssl_did_not_run() -> None:
    expansion = LocalOpenSSL(binary="/nonexistent/openssl")("HIGH")
    assert expansion is not None
    assert expansion.error == "openssl did not run (FileNotFoundError)"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl binary")
def test_the_local_openssl_expands_a_suite_name() -> None:
    expansion = local_openssl()("AES256-SHA256")
    assert expansion is not None
    assert expansion.suites == ("AES256-SHA256",)
    assert expansion.version.startswith(("OpenSSL", "LibreSSL"))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl binary")
def test_the_local_openssl_reports_a_string_that_matches_nothing() -> None:
    expansion = local_openssl()("NO-SUCH-SUITE")
    assert expansion is not None
    assert expansion.error == "it matches no cipher suite"
