"""A listener's TLS policy as a Mozilla-format profile for ``sslyze --custom_tls_config``.

The profile has every key sslyze's loader requires (the fields of the Mozilla/TLSRef guideline
JSON, anchors.md §1.1 and §2.1). What the spec decides comes from the spec: ``tls_versions``
(the versions its suites imply), ``ciphersuites`` (TLS 1.3), ``ciphers`` (TLS <= 1.2, OpenSSL and
IANA names in the policy's order), ``certificate_types`` and ``dh_param_size``. What a FairCom
spec cannot express is filled with values that accept what an OpenSSL 3 server does by default,
so that sslyze checks what the spec decides and nothing else (docs/probe.md lists them). The
output is deterministic: sorted keys, no dates. Pure: no file system.
"""

from __future__ import annotations

import json
from typing import Any

from fcsec.ciphers.expect import implied_versions
from fcsec.ciphers.policies import PolicyKind
from fcsec.ciphers.registry import Authentication, KeyExchange, Suite
from fcsec.diagnostics import DiagnosticError, diagnostic
from fcsec.ir import nodes as ir
from fcsec.ir.scopes import tls_listener
from fcsec.rule_ids import CANNOT_EXPORT

#: Elliptic curves for the certificate key, as the guidelines name them.
CERTIFICATE_CURVES = ("prime256v1", "secp384r1", "secp521r1")
#: Signature algorithms of the certificate, as sslyze reads them from the certificate.
CERTIFICATE_SIGNATURES = (
    "sha256WithRSAEncryption",
    "sha384WithRSAEncryption",
    "sha512WithRSAEncryption",
    "rsassaPss",
    "ecdsa-with-SHA256",
    "ecdsa-with-SHA384",
    "ecdsa-with-SHA512",
    "ed25519",
)
#: Key-exchange groups an OpenSSL 3 server offers by default (FairCom has no setting for them).
TLS_CURVES = ("X25519", "prime256v1", "secp384r1", "secp521r1", "X448")
RSA_KEY_SIZE = 2048
DH_PARAM_SIZE = 2048
ECDH_PARAM_SIZE = 256
#: Lifespans in days (TLSRef intermediate: at most 366, 90 recommended).
MAXIMUM_CERTIFICATE_LIFESPAN = 366
RECOMMENDED_CERTIFICATE_LIFESPAN = 90
#: FairCom sends no HSTS header and cannot staple OCSP; sslyze does not check HSTS.
HSTS_MIN_AGE = 63072000

_CERT_TYPES = {Authentication.ECDSA: "ecdsa", Authentication.RSA: "rsa"}


def _certificate_types(suites: tuple[Suite, ...]) -> list[str]:
    classic = [suite for suite in suites if not suite.is_tls13]
    if not classic:
        return ["ecdsa", "rsa"]  # TLS 1.3 suites work with either kind of certificate
    kinds = {
        _CERT_TYPES[suite.authentication]
        for suite in classic
        if suite.authentication in _CERT_TYPES
    }
    return sorted(kinds)


def profile(spec: ir.Spec, listener_name: str) -> dict[str, Any]:
    """The profile of listener ``listener_name``; raises FCS712 or FCS740 when there is none."""
    listener = tls_listener(spec, listener_name)
    assert listener.tls is not None
    policy = listener.tls.ciphers
    if policy.kind is not PolicyKind.SUITES:
        why = (
            "leaves the suites to the server"
            if policy.kind is PolicyKind.SERVER_DEFAULT
            else "is an OpenSSL cipher string, whose expansion depends on the OpenSSL build"
        )
        raise DiagnosticError(
            [
                diagnostic(
                    CANNOT_EXPORT,
                    f"listener `{listener_name}`: its cipher policy {why}; there is no list of "
                    "suites to export",
                    policy.span,
                    hint="name a built-in profile or list the suites in the spec",
                )
            ]
        )
    suites = policy.suites
    classic = [suite for suite in suites if not suite.is_tls13]
    has_dhe = any(suite.key_exchange is KeyExchange.DHE for suite in classic)
    return {
        "certificate_curves": list(CERTIFICATE_CURVES),
        "certificate_signatures": list(CERTIFICATE_SIGNATURES),
        "certificate_types": _certificate_types(suites),
        "ciphers": {
            "caddy": [],
            "go": [],
            "iana": [suite.iana for suite in classic],
            "openssl": [suite.openssl for suite in classic if suite.openssl is not None],
        },
        "ciphersuites": [suite.iana for suite in suites if suite.is_tls13],
        "dh_param_size": DH_PARAM_SIZE if has_dhe else None,
        "ecdh_param_size": ECDH_PARAM_SIZE,
        "hsts_min_age": HSTS_MIN_AGE,
        "maximum_certificate_lifespan": MAXIMUM_CERTIFICATE_LIFESPAN,
        "ocsp_staple": False,
        "recommended_certificate_lifespan": RECOMMENDED_CERTIFICATE_LIFESPAN,
        "rsa_key_size": RSA_KEY_SIZE,
        "server_preferred_order": False,
        "tls_curves": list(TLS_CURVES),
        "tls_versions": [version.value for version in sorted(implied_versions(suites))],
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True) + "\n"
