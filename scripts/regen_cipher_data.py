"""Regenerate the cipher registry data shipped in ``fcsec.ciphers`` (suites.json, policies.json).

The facts live here as two reviewable tables (code point, IANA name, OpenSSL name, minimum protocol
version) and a list of policies; everything else about a suite (key exchange, authentication, bulk
cipher, MAC, AEAD, forward secrecy, whether current OpenSSL offers it) is derived from its IANA name
and its table by small functions, so a fact is written once. ``tests/ciphers`` checks that the
committed JSON is byte-identical to what this script writes, and cross-checks the facts against
the local OpenSSL.

This script must never read the local OpenSSL or the network: its output has to be the same on
every machine, so the committed data does not drift with whoever last ran it.

Usage: ``python scripts/regen_cipher_data.py`` (write) or ``--check`` (exit 1 if the files differ).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "compiler" / "fcsec" / "ciphers" / "data"
GENERATED_BY = "scripts/regen_cipher_data.py (edit the script, not this file)"

# Every suite `openssl ciphers -V -stdname ALL:COMPLEMENTOFALL` lists with OpenSSL 3.0, plus the two
# TLS 1.3 CCM suites that only `-ciphersuites` shows. Columns: code point, IANA name, OpenSSL name,
# minimum protocol version (as OpenSSL reports it).
_OPENSSL_SUITES = """
0x00,0x01  TLS_RSA_WITH_NULL_MD5                          NULL-MD5                        SSLv3
0x00,0x02  TLS_RSA_WITH_NULL_SHA                          NULL-SHA                        SSLv3
0x00,0x2C  TLS_PSK_WITH_NULL_SHA                          PSK-NULL-SHA                    SSLv3
0x00,0x2D  TLS_DHE_PSK_WITH_NULL_SHA                      DHE-PSK-NULL-SHA                SSLv3
0x00,0x2E  TLS_RSA_PSK_WITH_NULL_SHA                      RSA-PSK-NULL-SHA                SSLv3
0x00,0x2F  TLS_RSA_WITH_AES_128_CBC_SHA                   AES128-SHA                      SSLv3
0x00,0x32  TLS_DHE_DSS_WITH_AES_128_CBC_SHA               DHE-DSS-AES128-SHA              SSLv3
0x00,0x33  TLS_DHE_RSA_WITH_AES_128_CBC_SHA               DHE-RSA-AES128-SHA              SSLv3
0x00,0x34  TLS_DH_anon_WITH_AES_128_CBC_SHA               ADH-AES128-SHA                  SSLv3
0x00,0x35  TLS_RSA_WITH_AES_256_CBC_SHA                   AES256-SHA                      SSLv3
0x00,0x38  TLS_DHE_DSS_WITH_AES_256_CBC_SHA               DHE-DSS-AES256-SHA              SSLv3
0x00,0x39  TLS_DHE_RSA_WITH_AES_256_CBC_SHA               DHE-RSA-AES256-SHA              SSLv3
0x00,0x3A  TLS_DH_anon_WITH_AES_256_CBC_SHA               ADH-AES256-SHA                  SSLv3
0x00,0x3B  TLS_RSA_WITH_NULL_SHA256                       NULL-SHA256                     TLSv1.2
0x00,0x3C  TLS_RSA_WITH_AES_128_CBC_SHA256                AES128-SHA256                   TLSv1.2
0x00,0x3D  TLS_RSA_WITH_AES_256_CBC_SHA256                AES256-SHA256                   TLSv1.2
0x00,0x40  TLS_DHE_DSS_WITH_AES_128_CBC_SHA256            DHE-DSS-AES128-SHA256           TLSv1.2
0x00,0x41  TLS_RSA_WITH_CAMELLIA_128_CBC_SHA              CAMELLIA128-SHA                 SSLv3
0x00,0x44  TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA          DHE-DSS-CAMELLIA128-SHA         SSLv3
0x00,0x45  TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA          DHE-RSA-CAMELLIA128-SHA         SSLv3
0x00,0x46  TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA          ADH-CAMELLIA128-SHA             SSLv3
0x00,0x67  TLS_DHE_RSA_WITH_AES_128_CBC_SHA256            DHE-RSA-AES128-SHA256           TLSv1.2
0x00,0x6A  TLS_DHE_DSS_WITH_AES_256_CBC_SHA256            DHE-DSS-AES256-SHA256           TLSv1.2
0x00,0x6B  TLS_DHE_RSA_WITH_AES_256_CBC_SHA256            DHE-RSA-AES256-SHA256           TLSv1.2
0x00,0x6C  TLS_DH_anon_WITH_AES_128_CBC_SHA256            ADH-AES128-SHA256               TLSv1.2
0x00,0x6D  TLS_DH_anon_WITH_AES_256_CBC_SHA256            ADH-AES256-SHA256               TLSv1.2
0x00,0x84  TLS_RSA_WITH_CAMELLIA_256_CBC_SHA              CAMELLIA256-SHA                 SSLv3
0x00,0x87  TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA          DHE-DSS-CAMELLIA256-SHA         SSLv3
0x00,0x88  TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA          DHE-RSA-CAMELLIA256-SHA         SSLv3
0x00,0x89  TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA          ADH-CAMELLIA256-SHA             SSLv3
0x00,0x8C  TLS_PSK_WITH_AES_128_CBC_SHA                   PSK-AES128-CBC-SHA              SSLv3
0x00,0x8D  TLS_PSK_WITH_AES_256_CBC_SHA                   PSK-AES256-CBC-SHA              SSLv3
0x00,0x90  TLS_DHE_PSK_WITH_AES_128_CBC_SHA               DHE-PSK-AES128-CBC-SHA          SSLv3
0x00,0x91  TLS_DHE_PSK_WITH_AES_256_CBC_SHA               DHE-PSK-AES256-CBC-SHA          SSLv3
0x00,0x94  TLS_RSA_PSK_WITH_AES_128_CBC_SHA               RSA-PSK-AES128-CBC-SHA          SSLv3
0x00,0x95  TLS_RSA_PSK_WITH_AES_256_CBC_SHA               RSA-PSK-AES256-CBC-SHA          SSLv3
0x00,0x9C  TLS_RSA_WITH_AES_128_GCM_SHA256                AES128-GCM-SHA256               TLSv1.2
0x00,0x9D  TLS_RSA_WITH_AES_256_GCM_SHA384                AES256-GCM-SHA384               TLSv1.2
0x00,0x9E  TLS_DHE_RSA_WITH_AES_128_GCM_SHA256            DHE-RSA-AES128-GCM-SHA256       TLSv1.2
0x00,0x9F  TLS_DHE_RSA_WITH_AES_256_GCM_SHA384            DHE-RSA-AES256-GCM-SHA384       TLSv1.2
0x00,0xA2  TLS_DHE_DSS_WITH_AES_128_GCM_SHA256            DHE-DSS-AES128-GCM-SHA256       TLSv1.2
0x00,0xA3  TLS_DHE_DSS_WITH_AES_256_GCM_SHA384            DHE-DSS-AES256-GCM-SHA384       TLSv1.2
0x00,0xA6  TLS_DH_anon_WITH_AES_128_GCM_SHA256            ADH-AES128-GCM-SHA256           TLSv1.2
0x00,0xA7  TLS_DH_anon_WITH_AES_256_GCM_SHA384            ADH-AES256-GCM-SHA384           TLSv1.2
0x00,0xA8  TLS_PSK_WITH_AES_128_GCM_SHA256                PSK-AES128-GCM-SHA256           TLSv1.2
0x00,0xA9  TLS_PSK_WITH_AES_256_GCM_SHA384                PSK-AES256-GCM-SHA384           TLSv1.2
0x00,0xAA  TLS_DHE_PSK_WITH_AES_128_GCM_SHA256            DHE-PSK-AES128-GCM-SHA256       TLSv1.2
0x00,0xAB  TLS_DHE_PSK_WITH_AES_256_GCM_SHA384            DHE-PSK-AES256-GCM-SHA384       TLSv1.2
0x00,0xAC  TLS_RSA_PSK_WITH_AES_128_GCM_SHA256            RSA-PSK-AES128-GCM-SHA256       TLSv1.2
0x00,0xAD  TLS_RSA_PSK_WITH_AES_256_GCM_SHA384            RSA-PSK-AES256-GCM-SHA384       TLSv1.2
0x00,0xAE  TLS_PSK_WITH_AES_128_CBC_SHA256                PSK-AES128-CBC-SHA256           TLSv1
0x00,0xAF  TLS_PSK_WITH_AES_256_CBC_SHA384                PSK-AES256-CBC-SHA384           TLSv1
0x00,0xB0  TLS_PSK_WITH_NULL_SHA256                       PSK-NULL-SHA256                 TLSv1
0x00,0xB1  TLS_PSK_WITH_NULL_SHA384                       PSK-NULL-SHA384                 TLSv1
0x00,0xB2  TLS_DHE_PSK_WITH_AES_128_CBC_SHA256            DHE-PSK-AES128-CBC-SHA256       TLSv1
0x00,0xB3  TLS_DHE_PSK_WITH_AES_256_CBC_SHA384            DHE-PSK-AES256-CBC-SHA384       TLSv1
0x00,0xB4  TLS_DHE_PSK_WITH_NULL_SHA256                   DHE-PSK-NULL-SHA256             TLSv1
0x00,0xB5  TLS_DHE_PSK_WITH_NULL_SHA384                   DHE-PSK-NULL-SHA384             TLSv1
0x00,0xB6  TLS_RSA_PSK_WITH_AES_128_CBC_SHA256            RSA-PSK-AES128-CBC-SHA256       TLSv1
0x00,0xB7  TLS_RSA_PSK_WITH_AES_256_CBC_SHA384            RSA-PSK-AES256-CBC-SHA384       TLSv1
0x00,0xB8  TLS_RSA_PSK_WITH_NULL_SHA256                   RSA-PSK-NULL-SHA256             TLSv1
0x00,0xB9  TLS_RSA_PSK_WITH_NULL_SHA384                   RSA-PSK-NULL-SHA384             TLSv1
0x00,0xBA  TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256           CAMELLIA128-SHA256              TLSv1.2
0x00,0xBD  TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA256       DHE-DSS-CAMELLIA128-SHA256      TLSv1.2
0x00,0xBE  TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256       DHE-RSA-CAMELLIA128-SHA256      TLSv1.2
0x00,0xBF  TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA256       ADH-CAMELLIA128-SHA256          TLSv1.2
0x00,0xC0  TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256           CAMELLIA256-SHA256              TLSv1.2
0x00,0xC3  TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA256       DHE-DSS-CAMELLIA256-SHA256      TLSv1.2
0x00,0xC4  TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256       DHE-RSA-CAMELLIA256-SHA256      TLSv1.2
0x00,0xC5  TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA256       ADH-CAMELLIA256-SHA256          TLSv1.2
0x13,0x01  TLS_AES_128_GCM_SHA256                         TLS_AES_128_GCM_SHA256          TLSv1.3
0x13,0x02  TLS_AES_256_GCM_SHA384                         TLS_AES_256_GCM_SHA384          TLSv1.3
0x13,0x03  TLS_CHACHA20_POLY1305_SHA256                   TLS_CHACHA20_POLY1305_SHA256    TLSv1.3
0x13,0x04  TLS_AES_128_CCM_SHA256                         TLS_AES_128_CCM_SHA256          TLSv1.3
0x13,0x05  TLS_AES_128_CCM_8_SHA256                       TLS_AES_128_CCM_8_SHA256        TLSv1.3
0xC0,0x06  TLS_ECDHE_ECDSA_WITH_NULL_SHA                  ECDHE-ECDSA-NULL-SHA            TLSv1
0xC0,0x09  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA           ECDHE-ECDSA-AES128-SHA          TLSv1
0xC0,0x0A  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA           ECDHE-ECDSA-AES256-SHA          TLSv1
0xC0,0x10  TLS_ECDHE_RSA_WITH_NULL_SHA                    ECDHE-RSA-NULL-SHA              TLSv1
0xC0,0x13  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA             ECDHE-RSA-AES128-SHA            TLSv1
0xC0,0x14  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA             ECDHE-RSA-AES256-SHA            TLSv1
0xC0,0x15  TLS_ECDH_anon_WITH_NULL_SHA                    AECDH-NULL-SHA                  TLSv1
0xC0,0x18  TLS_ECDH_anon_WITH_AES_128_CBC_SHA             AECDH-AES128-SHA                TLSv1
0xC0,0x19  TLS_ECDH_anon_WITH_AES_256_CBC_SHA             AECDH-AES256-SHA                TLSv1
0xC0,0x1D  TLS_SRP_SHA_WITH_AES_128_CBC_SHA               SRP-AES-128-CBC-SHA             SSLv3
0xC0,0x1E  TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA           SRP-RSA-AES-128-CBC-SHA         SSLv3
0xC0,0x1F  TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA           SRP-DSS-AES-128-CBC-SHA         SSLv3
0xC0,0x20  TLS_SRP_SHA_WITH_AES_256_CBC_SHA               SRP-AES-256-CBC-SHA             SSLv3
0xC0,0x21  TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA           SRP-RSA-AES-256-CBC-SHA         SSLv3
0xC0,0x22  TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA           SRP-DSS-AES-256-CBC-SHA         SSLv3
0xC0,0x23  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256        ECDHE-ECDSA-AES128-SHA256       TLSv1.2
0xC0,0x24  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384        ECDHE-ECDSA-AES256-SHA384       TLSv1.2
0xC0,0x27  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256          ECDHE-RSA-AES128-SHA256         TLSv1.2
0xC0,0x28  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384          ECDHE-RSA-AES256-SHA384         TLSv1.2
0xC0,0x2B  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256        ECDHE-ECDSA-AES128-GCM-SHA256   TLSv1.2
0xC0,0x2C  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384        ECDHE-ECDSA-AES256-GCM-SHA384   TLSv1.2
0xC0,0x2F  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256          ECDHE-RSA-AES128-GCM-SHA256     TLSv1.2
0xC0,0x30  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384          ECDHE-RSA-AES256-GCM-SHA384     TLSv1.2
0xC0,0x35  TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA             ECDHE-PSK-AES128-CBC-SHA        TLSv1
0xC0,0x36  TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA             ECDHE-PSK-AES256-CBC-SHA        TLSv1
0xC0,0x37  TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256          ECDHE-PSK-AES128-CBC-SHA256     TLSv1
0xC0,0x38  TLS_ECDHE_PSK_WITH_AES_256_CBC_SHA384          ECDHE-PSK-AES256-CBC-SHA384     TLSv1
0xC0,0x39  TLS_ECDHE_PSK_WITH_NULL_SHA                    ECDHE-PSK-NULL-SHA              TLSv1
0xC0,0x3A  TLS_ECDHE_PSK_WITH_NULL_SHA256                 ECDHE-PSK-NULL-SHA256           TLSv1
0xC0,0x3B  TLS_ECDHE_PSK_WITH_NULL_SHA384                 ECDHE-PSK-NULL-SHA384           TLSv1
0xC0,0x50  TLS_RSA_WITH_ARIA_128_GCM_SHA256               ARIA128-GCM-SHA256              TLSv1.2
0xC0,0x51  TLS_RSA_WITH_ARIA_256_GCM_SHA384               ARIA256-GCM-SHA384              TLSv1.2
0xC0,0x52  TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256           DHE-RSA-ARIA128-GCM-SHA256      TLSv1.2
0xC0,0x53  TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384           DHE-RSA-ARIA256-GCM-SHA384      TLSv1.2
0xC0,0x56  TLS_DHE_DSS_WITH_ARIA_128_GCM_SHA256           DHE-DSS-ARIA128-GCM-SHA256      TLSv1.2
0xC0,0x57  TLS_DHE_DSS_WITH_ARIA_256_GCM_SHA384           DHE-DSS-ARIA256-GCM-SHA384      TLSv1.2
0xC0,0x5C  TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256       ECDHE-ECDSA-ARIA128-GCM-SHA256  TLSv1.2
0xC0,0x5D  TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384       ECDHE-ECDSA-ARIA256-GCM-SHA384  TLSv1.2
0xC0,0x60  TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256         ECDHE-ARIA128-GCM-SHA256        TLSv1.2
0xC0,0x61  TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384         ECDHE-ARIA256-GCM-SHA384        TLSv1.2
0xC0,0x6A  TLS_PSK_WITH_ARIA_128_GCM_SHA256               PSK-ARIA128-GCM-SHA256          TLSv1.2
0xC0,0x6B  TLS_PSK_WITH_ARIA_256_GCM_SHA384               PSK-ARIA256-GCM-SHA384          TLSv1.2
0xC0,0x6C  TLS_DHE_PSK_WITH_ARIA_128_GCM_SHA256           DHE-PSK-ARIA128-GCM-SHA256      TLSv1.2
0xC0,0x6D  TLS_DHE_PSK_WITH_ARIA_256_GCM_SHA384           DHE-PSK-ARIA256-GCM-SHA384      TLSv1.2
0xC0,0x6E  TLS_RSA_PSK_WITH_ARIA_128_GCM_SHA256           RSA-PSK-ARIA128-GCM-SHA256      TLSv1.2
0xC0,0x6F  TLS_RSA_PSK_WITH_ARIA_256_GCM_SHA384           RSA-PSK-ARIA256-GCM-SHA384      TLSv1.2
0xC0,0x72  TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256   ECDHE-ECDSA-CAMELLIA128-SHA256  TLSv1.2
0xC0,0x73  TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384   ECDHE-ECDSA-CAMELLIA256-SHA384  TLSv1.2
0xC0,0x76  TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256     ECDHE-RSA-CAMELLIA128-SHA256    TLSv1.2
0xC0,0x77  TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384     ECDHE-RSA-CAMELLIA256-SHA384    TLSv1.2
0xC0,0x94  TLS_PSK_WITH_CAMELLIA_128_CBC_SHA256           PSK-CAMELLIA128-SHA256          TLSv1
0xC0,0x95  TLS_PSK_WITH_CAMELLIA_256_CBC_SHA384           PSK-CAMELLIA256-SHA384          TLSv1
0xC0,0x96  TLS_DHE_PSK_WITH_CAMELLIA_128_CBC_SHA256       DHE-PSK-CAMELLIA128-SHA256      TLSv1
0xC0,0x97  TLS_DHE_PSK_WITH_CAMELLIA_256_CBC_SHA384       DHE-PSK-CAMELLIA256-SHA384      TLSv1
0xC0,0x98  TLS_RSA_PSK_WITH_CAMELLIA_128_CBC_SHA256       RSA-PSK-CAMELLIA128-SHA256      TLSv1
0xC0,0x99  TLS_RSA_PSK_WITH_CAMELLIA_256_CBC_SHA384       RSA-PSK-CAMELLIA256-SHA384      TLSv1
0xC0,0x9A  TLS_ECDHE_PSK_WITH_CAMELLIA_128_CBC_SHA256     ECDHE-PSK-CAMELLIA128-SHA256    TLSv1
0xC0,0x9B  TLS_ECDHE_PSK_WITH_CAMELLIA_256_CBC_SHA384     ECDHE-PSK-CAMELLIA256-SHA384    TLSv1
0xC0,0x9C  TLS_RSA_WITH_AES_128_CCM                       AES128-CCM                      TLSv1.2
0xC0,0x9D  TLS_RSA_WITH_AES_256_CCM                       AES256-CCM                      TLSv1.2
0xC0,0x9E  TLS_DHE_RSA_WITH_AES_128_CCM                   DHE-RSA-AES128-CCM              TLSv1.2
0xC0,0x9F  TLS_DHE_RSA_WITH_AES_256_CCM                   DHE-RSA-AES256-CCM              TLSv1.2
0xC0,0xA0  TLS_RSA_WITH_AES_128_CCM_8                     AES128-CCM8                     TLSv1.2
0xC0,0xA1  TLS_RSA_WITH_AES_256_CCM_8                     AES256-CCM8                     TLSv1.2
0xC0,0xA2  TLS_DHE_RSA_WITH_AES_128_CCM_8                 DHE-RSA-AES128-CCM8             TLSv1.2
0xC0,0xA3  TLS_DHE_RSA_WITH_AES_256_CCM_8                 DHE-RSA-AES256-CCM8             TLSv1.2
0xC0,0xA4  TLS_PSK_WITH_AES_128_CCM                       PSK-AES128-CCM                  TLSv1.2
0xC0,0xA5  TLS_PSK_WITH_AES_256_CCM                       PSK-AES256-CCM                  TLSv1.2
0xC0,0xA6  TLS_DHE_PSK_WITH_AES_128_CCM                   DHE-PSK-AES128-CCM              TLSv1.2
0xC0,0xA7  TLS_DHE_PSK_WITH_AES_256_CCM                   DHE-PSK-AES256-CCM              TLSv1.2
0xC0,0xA8  TLS_PSK_WITH_AES_128_CCM_8                     PSK-AES128-CCM8                 TLSv1.2
0xC0,0xA9  TLS_PSK_WITH_AES_256_CCM_8                     PSK-AES256-CCM8                 TLSv1.2
0xC0,0xAA  TLS_PSK_DHE_WITH_AES_128_CCM_8                 DHE-PSK-AES128-CCM8             TLSv1.2
0xC0,0xAB  TLS_PSK_DHE_WITH_AES_256_CCM_8                 DHE-PSK-AES256-CCM8             TLSv1.2
0xC0,0xAC  TLS_ECDHE_ECDSA_WITH_AES_128_CCM               ECDHE-ECDSA-AES128-CCM          TLSv1.2
0xC0,0xAD  TLS_ECDHE_ECDSA_WITH_AES_256_CCM               ECDHE-ECDSA-AES256-CCM          TLSv1.2
0xC0,0xAE  TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8             ECDHE-ECDSA-AES128-CCM8         TLSv1.2
0xC0,0xAF  TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8             ECDHE-ECDSA-AES256-CCM8         TLSv1.2
0xCC,0xA8  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256    ECDHE-RSA-CHACHA20-POLY1305     TLSv1.2
0xCC,0xA9  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256  ECDHE-ECDSA-CHACHA20-POLY1305   TLSv1.2
0xCC,0xAA  TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256      DHE-RSA-CHACHA20-POLY1305       TLSv1.2
0xCC,0xAB  TLS_PSK_WITH_CHACHA20_POLY1305_SHA256          PSK-CHACHA20-POLY1305           TLSv1.2
0xCC,0xAC  TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256    ECDHE-PSK-CHACHA20-POLY1305     TLSv1.2
0xCC,0xAD  TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256      DHE-PSK-CHACHA20-POLY1305       TLSv1.2
0xCC,0xAE  TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256      RSA-PSK-CHACHA20-POLY1305       TLSv1.2
"""

# Suites an operator's old config may still name, which a default build of OpenSSL 3 does not offer.
# OpenSSL 1.1.0 removed the static ECDH/DH, single-DES, export-grade and RC2 suites; it builds the
# RC4 and 3DES suites only when configured with enable-weak-ssl-ciphers; OpenSSL 3 offers the SEED
# and IDEA suites only with the legacy provider loaded (and many distributions build without IDEA).
# `_openssl_support` derives which of these applies from the suite's make-up; the cross-check in
# tests/ciphers asks the local OpenSSL. Names are the ones OpenSSL 1.0.2 (or the weak-cipher build)
# accepted; minimum versions follow what OpenSSL recorded for their siblings.
_LEGACY_SUITES = """
0x00,0x03  TLS_RSA_EXPORT_WITH_RC4_40_MD5                 EXP-RC4-MD5                     SSLv3
0x00,0x04  TLS_RSA_WITH_RC4_128_MD5                       RC4-MD5                         SSLv3
0x00,0x05  TLS_RSA_WITH_RC4_128_SHA                       RC4-SHA                         SSLv3
0x00,0x06  TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5             EXP-RC2-CBC-MD5                 SSLv3
0x00,0x07  TLS_RSA_WITH_IDEA_CBC_SHA                      IDEA-CBC-SHA                    SSLv3
0x00,0x08  TLS_RSA_EXPORT_WITH_DES40_CBC_SHA              EXP-DES-CBC-SHA                 SSLv3
0x00,0x09  TLS_RSA_WITH_DES_CBC_SHA                       DES-CBC-SHA                     SSLv3
0x00,0x0A  TLS_RSA_WITH_3DES_EDE_CBC_SHA                  DES-CBC3-SHA                    SSLv3
0x00,0x11  TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA          EXP-EDH-DSS-DES-CBC-SHA         SSLv3
0x00,0x12  TLS_DHE_DSS_WITH_DES_CBC_SHA                   EDH-DSS-DES-CBC-SHA             SSLv3
0x00,0x13  TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA              DHE-DSS-DES-CBC3-SHA            SSLv3
0x00,0x14  TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA          EXP-EDH-RSA-DES-CBC-SHA         SSLv3
0x00,0x15  TLS_DHE_RSA_WITH_DES_CBC_SHA                   EDH-RSA-DES-CBC-SHA             SSLv3
0x00,0x16  TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA              DHE-RSA-DES-CBC3-SHA            SSLv3
0x00,0x17  TLS_DH_anon_EXPORT_WITH_RC4_40_MD5             EXP-ADH-RC4-MD5                 SSLv3
0x00,0x18  TLS_DH_anon_WITH_RC4_128_MD5                   ADH-RC4-MD5                     SSLv3
0x00,0x19  TLS_DH_anon_EXPORT_WITH_DES40_CBC_SHA          EXP-ADH-DES-CBC-SHA             SSLv3
0x00,0x1A  TLS_DH_anon_WITH_DES_CBC_SHA                   ADH-DES-CBC-SHA                 SSLv3
0x00,0x1B  TLS_DH_anon_WITH_3DES_EDE_CBC_SHA              ADH-DES-CBC3-SHA                SSLv3
0x00,0x30  TLS_DH_DSS_WITH_AES_128_CBC_SHA                DH-DSS-AES128-SHA               SSLv3
0x00,0x31  TLS_DH_RSA_WITH_AES_128_CBC_SHA                DH-RSA-AES128-SHA               SSLv3
0x00,0x36  TLS_DH_DSS_WITH_AES_256_CBC_SHA                DH-DSS-AES256-SHA               SSLv3
0x00,0x37  TLS_DH_RSA_WITH_AES_256_CBC_SHA                DH-RSA-AES256-SHA               SSLv3
0x00,0x3E  TLS_DH_DSS_WITH_AES_128_CBC_SHA256             DH-DSS-AES128-SHA256            TLSv1.2
0x00,0x3F  TLS_DH_RSA_WITH_AES_128_CBC_SHA256             DH-RSA-AES128-SHA256            TLSv1.2
0x00,0x68  TLS_DH_DSS_WITH_AES_256_CBC_SHA256             DH-DSS-AES256-SHA256            TLSv1.2
0x00,0x69  TLS_DH_RSA_WITH_AES_256_CBC_SHA256             DH-RSA-AES256-SHA256            TLSv1.2
0x00,0x8A  TLS_PSK_WITH_RC4_128_SHA                       PSK-RC4-SHA                     SSLv3
0x00,0x8B  TLS_PSK_WITH_3DES_EDE_CBC_SHA                  PSK-3DES-EDE-CBC-SHA            SSLv3
0x00,0x8E  TLS_DHE_PSK_WITH_RC4_128_SHA                   DHE-PSK-RC4-SHA                 SSLv3
0x00,0x8F  TLS_DHE_PSK_WITH_3DES_EDE_CBC_SHA              DHE-PSK-3DES-EDE-CBC-SHA        SSLv3
0x00,0x92  TLS_RSA_PSK_WITH_RC4_128_SHA                   RSA-PSK-RC4-SHA                 SSLv3
0x00,0x93  TLS_RSA_PSK_WITH_3DES_EDE_CBC_SHA              RSA-PSK-3DES-EDE-CBC-SHA        SSLv3
0x00,0x96  TLS_RSA_WITH_SEED_CBC_SHA                      SEED-SHA                        SSLv3
0x00,0x99  TLS_DHE_DSS_WITH_SEED_CBC_SHA                  DHE-DSS-SEED-SHA                SSLv3
0x00,0x9A  TLS_DHE_RSA_WITH_SEED_CBC_SHA                  DHE-RSA-SEED-SHA                SSLv3
0x00,0x9B  TLS_DH_anon_WITH_SEED_CBC_SHA                  ADH-SEED-SHA                    SSLv3
0x00,0xA0  TLS_DH_RSA_WITH_AES_128_GCM_SHA256             DH-RSA-AES128-GCM-SHA256        TLSv1.2
0x00,0xA1  TLS_DH_RSA_WITH_AES_256_GCM_SHA384             DH-RSA-AES256-GCM-SHA384        TLSv1.2
0x00,0xA4  TLS_DH_DSS_WITH_AES_128_GCM_SHA256             DH-DSS-AES128-GCM-SHA256        TLSv1.2
0x00,0xA5  TLS_DH_DSS_WITH_AES_256_GCM_SHA384             DH-DSS-AES256-GCM-SHA384        TLSv1.2
0xC0,0x01  TLS_ECDH_ECDSA_WITH_NULL_SHA                   ECDH-ECDSA-NULL-SHA             TLSv1
0xC0,0x02  TLS_ECDH_ECDSA_WITH_RC4_128_SHA                ECDH-ECDSA-RC4-SHA              TLSv1
0xC0,0x03  TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA           ECDH-ECDSA-DES-CBC3-SHA         TLSv1
0xC0,0x04  TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA            ECDH-ECDSA-AES128-SHA           TLSv1
0xC0,0x05  TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA            ECDH-ECDSA-AES256-SHA           TLSv1
0xC0,0x07  TLS_ECDHE_ECDSA_WITH_RC4_128_SHA               ECDHE-ECDSA-RC4-SHA             TLSv1
0xC0,0x08  TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA          ECDHE-ECDSA-DES-CBC3-SHA        TLSv1
0xC0,0x0B  TLS_ECDH_RSA_WITH_NULL_SHA                     ECDH-RSA-NULL-SHA               TLSv1
0xC0,0x0C  TLS_ECDH_RSA_WITH_RC4_128_SHA                  ECDH-RSA-RC4-SHA                TLSv1
0xC0,0x0D  TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA             ECDH-RSA-DES-CBC3-SHA           TLSv1
0xC0,0x0E  TLS_ECDH_RSA_WITH_AES_128_CBC_SHA              ECDH-RSA-AES128-SHA             TLSv1
0xC0,0x0F  TLS_ECDH_RSA_WITH_AES_256_CBC_SHA              ECDH-RSA-AES256-SHA             TLSv1
0xC0,0x11  TLS_ECDHE_RSA_WITH_RC4_128_SHA                 ECDHE-RSA-RC4-SHA               TLSv1
0xC0,0x12  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA            ECDHE-RSA-DES-CBC3-SHA          TLSv1
0xC0,0x16  TLS_ECDH_anon_WITH_RC4_128_SHA                 AECDH-RC4-SHA                   TLSv1
0xC0,0x17  TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA            AECDH-DES-CBC3-SHA              TLSv1
0xC0,0x1A  TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA              SRP-3DES-EDE-CBC-SHA            SSLv3
0xC0,0x1B  TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA          SRP-RSA-3DES-EDE-CBC-SHA        SSLv3
0xC0,0x1C  TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA          SRP-DSS-3DES-EDE-CBC-SHA        SSLv3
0xC0,0x25  TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256         ECDH-ECDSA-AES128-SHA256        TLSv1.2
0xC0,0x26  TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384         ECDH-ECDSA-AES256-SHA384        TLSv1.2
0xC0,0x29  TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256           ECDH-RSA-AES128-SHA256          TLSv1.2
0xC0,0x2A  TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384           ECDH-RSA-AES256-SHA384          TLSv1.2
0xC0,0x2D  TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256         ECDH-ECDSA-AES128-GCM-SHA256    TLSv1.2
0xC0,0x2E  TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384         ECDH-ECDSA-AES256-GCM-SHA384    TLSv1.2
0xC0,0x31  TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256           ECDH-RSA-AES128-GCM-SHA256      TLSv1.2
0xC0,0x32  TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384           ECDH-RSA-AES256-GCM-SHA384      TLSv1.2
0xC0,0x33  TLS_ECDHE_PSK_WITH_RC4_128_SHA                 ECDHE-PSK-RC4-SHA               TLSv1
0xC0,0x34  TLS_ECDHE_PSK_WITH_3DES_EDE_CBC_SHA            ECDHE-PSK-3DES-EDE-CBC-SHA      TLSv1
0xC0,0x74  TLS_ECDH_ECDSA_WITH_CAMELLIA_128_CBC_SHA256    ECDH-ECDSA-CAMELLIA128-SHA256   TLSv1.2
0xC0,0x75  TLS_ECDH_ECDSA_WITH_CAMELLIA_256_CBC_SHA384    ECDH-ECDSA-CAMELLIA256-SHA384   TLSv1.2
0xC0,0x78  TLS_ECDH_RSA_WITH_CAMELLIA_128_CBC_SHA256      ECDH-RSA-CAMELLIA128-SHA256     TLSv1.2
0xC0,0x79  TLS_ECDH_RSA_WITH_CAMELLIA_256_CBC_SHA384      ECDH-RSA-CAMELLIA256-SHA384     TLSv1.2
"""

# OpenSSL renamed its "EDH-" suites to "DHE-" in 1.1.0. Old configs carry the old spelling, so both
# must resolve: the key is the registry's OpenSSL name, the values are other names OpenSSL used.
_OPENSSL_ALIASES: dict[str, tuple[str, ...]] = {
    "DHE-DSS-DES-CBC3-SHA": ("EDH-DSS-DES-CBC3-SHA",),
    "DHE-RSA-DES-CBC3-SHA": ("EDH-RSA-DES-CBC3-SHA",),
    # These never shipped in an OpenSSL 1.1+ cipher table, so their primary name stays the 1.0.2
    # "EDH" one; the "DHE" spelling from the 1.1+ headers is accepted too.
    "EDH-DSS-DES-CBC-SHA": ("DHE-DSS-DES-CBC-SHA",),
    "EDH-RSA-DES-CBC-SHA": ("DHE-RSA-DES-CBC-SHA",),
    "EXP-EDH-DSS-DES-CBC-SHA": ("EXP-DHE-DSS-DES-CBC-SHA",),
    "EXP-EDH-RSA-DES-CBC-SHA": ("EXP-DHE-RSA-DES-CBC-SHA",),
}

# The part of an IANA name between "TLS_" and "_WITH_": (key exchange, authentication).
# Anonymous DH/ECDH use ephemeral keys, so they are DHE/ECDHE without authentication; "DH_"/"ECDH_"
# followed by a certificate type is the static (non-ephemeral) variant.
_KEY_EXCHANGE_AUTH: dict[str, tuple[str, str]] = {
    "RSA": ("RSA", "RSA"),
    "RSA_EXPORT": ("RSA", "RSA"),
    "DH_DSS": ("DH", "DSS"),
    "DH_RSA": ("DH", "RSA"),
    "DHE_DSS": ("DHE", "DSS"),
    "DHE_DSS_EXPORT": ("DHE", "DSS"),
    "DHE_RSA": ("DHE", "RSA"),
    "DHE_RSA_EXPORT": ("DHE", "RSA"),
    "DH_anon": ("DHE", "anon"),
    "DH_anon_EXPORT": ("DHE", "anon"),
    "ECDH_ECDSA": ("ECDH", "ECDSA"),
    "ECDH_RSA": ("ECDH", "RSA"),
    "ECDHE_ECDSA": ("ECDHE", "ECDSA"),
    "ECDHE_RSA": ("ECDHE", "RSA"),
    "ECDH_anon": ("ECDHE", "anon"),
    "PSK": ("PSK", "PSK"),
    "DHE_PSK": ("DHE-PSK", "PSK"),
    # IANA spells 0xC0,0xAA/0xAB "TLS_PSK_DHE_WITH_..."; it is the same DHE-PSK exchange.
    "PSK_DHE": ("DHE-PSK", "PSK"),
    "ECDHE_PSK": ("ECDHE-PSK", "PSK"),
    # The server proves itself with its RSA certificate, as OpenSSL's Au=RSA says.
    "RSA_PSK": ("RSA-PSK", "RSA"),
    "SRP_SHA": ("SRP", "SRP"),
    "SRP_SHA_RSA": ("SRP", "RSA"),
    "SRP_SHA_DSS": ("SRP", "DSS"),
}

# Key exchanges whose session keys come from per-connection secrets. SRP counts: its ephemeral
# values keep recorded sessions safe even if the password verifier leaks later.
_FORWARD_SECRET = {"ECDHE", "DHE", "ECDHE-PSK", "DHE-PSK", "SRP", "any"}

# Bulk-cipher tokens of IANA names that are not "<AES|ARIA|CAMELLIA>_<bits>_<mode>":
# token -> (algorithm, key bits, mode).
_FIXED_CIPHERS: dict[str, tuple[str, int, str | None]] = {
    "NULL": ("NULL", 0, None),
    "RC4_40": ("RC4", 40, None),
    "RC4_128": ("RC4", 128, None),
    "RC2_CBC_40": ("RC2", 40, "CBC"),
    "DES40_CBC": ("DES", 40, "CBC"),
    "DES_CBC": ("DES", 56, "CBC"),
    "3DES_EDE_CBC": ("3DES-EDE", 168, "CBC"),
    "IDEA_CBC": ("IDEA", 128, "CBC"),
    "SEED_CBC": ("SEED", 128, "CBC"),
    "CHACHA20_POLY1305": ("CHACHA20-POLY1305", 256, None),
}
_BLOCK_CIPHER = re.compile(r"(AES|ARIA|CAMELLIA)_(128|256)_(CBC|GCM|CCM_8|CCM)")
_AEAD_MODES = {"GCM", "CCM", "CCM8"}
_MAC_OF_HASH = {"SHA": "SHA1", "MD5": "MD5", "SHA256": "SHA256", "SHA384": "SHA384"}

_TLS12_NAME = re.compile(
    r"TLS_(?P<kx>.+?)_WITH_(?P<cipher>.+?)(?:_(?P<hash>SHA|SHA256|SHA384|MD5))?"
)
_TLS13_NAME = re.compile(r"TLS_(?P<cipher>.+)_(?P<hash>SHA256|SHA384)")


def _rows(table: str) -> Iterator[tuple[str, str, str | None, str]]:
    for line in table.strip().splitlines():
        code, iana, openssl, version = line.split()
        yield code, iana, (None if openssl == "-" else openssl), version


def _bulk(token: str) -> tuple[str, int, str | None]:
    if token in _FIXED_CIPHERS:
        return _FIXED_CIPHERS[token]
    match = _BLOCK_CIPHER.fullmatch(token)
    if match is None:
        raise ValueError(f"unknown bulk cipher token {token!r}")
    return match[1], int(match[2]), match[3].replace("_", "")


# How a default build of OpenSSL 3 treats a suite of the legacy table (the values of
# fcsec.ciphers.OpenSSLSupport): suites of `_OPENSSL_SUITES` are "built-in".
_REMOVED_KEY_EXCHANGES = {"DH", "ECDH"}  # static (certificate) Diffie-Hellman
_REMOVED_ALGORITHMS = {"DES", "RC2"}  # single DES (and its 40-bit export form), RC2 (export only)
_WEAK_BUILD_ALGORITHMS = {"RC4", "3DES-EDE"}
_LEGACY_PROVIDER_ALGORITHMS = {"SEED", "IDEA"}


def _openssl_support(suite: dict[str, Any], *, legacy: bool) -> str:
    if not legacy:
        return "built-in"
    algorithm = suite["encryption"]["algorithm"]
    if (
        suite["key_exchange"] in _REMOVED_KEY_EXCHANGES
        or algorithm in _REMOVED_ALGORITHMS
        or suite["encryption"]["key_bits"] < 112  # export grade
    ):
        return "removed"
    if algorithm in _WEAK_BUILD_ALGORITHMS:
        return "enable-weak-ssl-ciphers"
    if algorithm in _LEGACY_PROVIDER_ALGORITHMS:
        return "legacy-provider"
    raise ValueError(f"no reason why OpenSSL 3 would not offer {suite['iana']}")


def _suite(code: str, iana: str, openssl: str | None, version: str) -> dict[str, Any]:
    if version == "TLSv1.3":
        match = _TLS13_NAME.fullmatch(iana)
        if match is None:
            raise ValueError(f"not a TLS 1.3 suite name: {iana}")
        key_exchange, authentication, hash_name = "any", "any", None
    else:
        match = _TLS12_NAME.fullmatch(iana)
        if match is None or match["kx"] not in _KEY_EXCHANGE_AUTH:
            raise ValueError(f"cannot read key exchange of {iana}")
        key_exchange, authentication = _KEY_EXCHANGE_AUTH[match["kx"]]
        hash_name = match["hash"]
    algorithm, key_bits, mode = _bulk(match["cipher"])
    # In AEAD suites the trailing hash names the PRF, not a record MAC.
    aead = mode in _AEAD_MODES or algorithm == "CHACHA20-POLY1305"
    if aead:
        mac = "AEAD"
    elif hash_name is None:
        raise ValueError(f"non-AEAD suite without a MAC: {iana}")
    else:
        mac = _MAC_OF_HASH[hash_name]
    return {
        "code": code,
        "iana": iana,
        "openssl": openssl,
        "openssl_aliases": list(_OPENSSL_ALIASES.get(openssl or "", ())),
        "tls_version": version,
        "key_exchange": key_exchange,
        "authentication": authentication,
        "encryption": {"algorithm": algorithm, "key_bits": key_bits, "mode": mode},
        "mac": mac,
        "aead": aead,
        "forward_secrecy": key_exchange in _FORWARD_SECRET,
    }


def _code_value(code: str) -> int:
    high, low = code.split(",")
    return int(high, 16) << 8 | int(low, 16)


def suites() -> list[dict[str, Any]]:
    """Every suite, ordered by code point."""
    rows = [(row, False) for row in _rows(_OPENSSL_SUITES)]
    rows += [(row, True) for row in _rows(_LEGACY_SUITES)]
    found = []
    for row, legacy in sorted(rows, key=lambda entry: _code_value(entry[0][0])):
        suite = _suite(*row)
        suite["openssl_support"] = _openssl_support(suite, legacy=legacy)
        found.append(suite)
    return found


_FAIRCOM_GUIDE = (
    "FairCom, 'Configure TLS for a server' "
    "(https://faircom.helpjuice.com/REUSE-TLS-tutorials/configure-tls-for-a-server)"
)
_TLSREF_60 = (
    "TLSRef server-side TLS guideline 6.0, 2026-04-06 (https://data.tlsref.org/guidelines/6.0.json)"
)
_TLS13_TLSREF = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]


_NIST = "NIST SP 800-52 Rev. 2 (August 2019, https://doi.org/10.6028/NIST.SP.800-52r2)"
# NIST SP 800-52r2 §3.3.1.2: the TLS 1.3 suites, in the publication's order.
_NIST_TLS13 = [
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_AES_128_CCM_SHA256",
    "TLS_AES_128_CCM_8_SHA256",
]
# §3.3.1.1.1, servers with ECDSA certificates: the TLS 1.2 suites, then the two it adds for servers
# that also support TLS 1.0 and 1.1; the publication's order.
_NIST_ECDSA = [
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
]
# §3.3.1.1.2, servers with RSA certificates: likewise, with four suites for TLS 1.0 and 1.1.
_NIST_RSA = [
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_DHE_RSA_WITH_AES_128_CCM",
    "TLS_DHE_RSA_WITH_AES_256_CCM",
    "TLS_DHE_RSA_WITH_AES_128_CCM_8",
    "TLS_DHE_RSA_WITH_AES_256_CCM_8",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_128_CBC_SHA",
    "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
]


def _nist_static(key_exchange: str, certificates: tuple[str, str]) -> list[str]:
    """The suites §3.3.1.1 lists for static DH or ECDH certificates signed with each key type."""
    sha2 = "SHA384" if key_exchange == "ECDH" else "SHA256"
    return [
        f"TLS_{key_exchange}_{signer}_WITH_AES_{suffix}"
        for signer in certificates
        for suffix in (
            "128_GCM_SHA256",
            "256_GCM_SHA384",
            "128_CBC_SHA256",
            f"256_CBC_{sha2}",
            "128_CBC_SHA",
            "256_CBC_SHA",
        )
    ]


# §3.3.1.1 also has lists for servers with DSA certificates and with static DH and ECDH
# certificates. The policies leave them out; each group says why.
_NIST_OTHER_CERTIFICATES = [
    {
        "listed_in": "NIST SP 800-52r2 section 3.3.1.1 for servers with DSA certificates",
        "reason": (
            "the server signs each handshake with its DSA key, FIPS 186-5 (2023) no longer "
            "approves DSA for generating signatures, and TLS 1.3 has no DSA signatures"
        ),
        "suites": [
            "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256",
            "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
            "TLS_DHE_DSS_WITH_AES_128_CBC_SHA",
            "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
        ],
    },
    {
        "listed_in": "NIST SP 800-52r2 section 3.3.1.1 for servers with static DH certificates",
        "reason": (
            "static DH has no forward secrecy, and OpenSSL 1.1.0 and later do not implement it"
        ),
        "suites": _nist_static("DH", ("DSS", "RSA")),
    },
    {
        "listed_in": "NIST SP 800-52r2 section 3.3.1.1 for servers with static ECDH certificates",
        "reason": (
            "static ECDH has no forward secrecy, and OpenSSL 1.1.0 and later do not implement it"
        ),
        "suites": _nist_static("ECDH", ("ECDSA", "RSA")),
    },
]
_NIST_OTHERS_LEFT_OUT = (
    "Left out: the lists for DSA certificates (FIPS 186-5 no longer approves DSA signature "
    "generation; TLS 1.3 has no DSA) and for static DH and ECDH certificates (no forward secrecy; "
    "OpenSSL 1.1.0 and later do not implement them). NIST SP 800-52r2 lists no "
    "ChaCha20-Poly1305 suite."
)


def _nist_800_52r2() -> dict[str, Any]:
    return {
        "name": "nist-800-52r2",
        "title": (
            "NIST SP 800-52 Rev. 2 section 3.3.1: the TLS 1.3 suites and the suites for servers "
            "with RSA or ECDSA certificates"
        ),
        "source": (
            f"{_NIST}: section 3.3.1.2 (TLS 1.3), then 3.3.1.1.1 (ECDSA certificates) and "
            "3.3.1.1.2 (RSA certificates), each complete and in the publication's order, with "
            "the AES-CBC suites it lists for servers that also support TLS 1.0 and 1.1. "
            + _NIST_OTHERS_LEFT_OUT
        ),
        "kind": "suites",
        "suites": [*_NIST_TLS13, *_NIST_ECDSA, *_NIST_RSA],
        "openssl": None,
        "excluded": _NIST_OTHER_CERTIFICATES,
    }


def _is_cbc(name: str) -> bool:
    return "_CBC_" in name


def _is_ccm8(name: str) -> bool:
    return "_CCM_8" in name


def _nist_800_52r2_aead() -> dict[str, Any]:
    listed = [*_NIST_TLS13, *_NIST_ECDSA, *_NIST_RSA]
    return {
        "name": "nist-800-52r2-aead",
        "title": (
            "NIST SP 800-52 Rev. 2 section 3.3.1, AEAD subset: nist-800-52r2 without its "
            "AES-CBC and CCM_8 suites"
        ),
        "source": (
            f"{_NIST}: the suites of nist-800-52r2 (sections 3.3.1.2, 3.3.1.1.1, 3.3.1.1.2) in "
            "its order, without the AES-CBC suites (not AEAD: MAC-then-encrypt; NIST prefers GCM "
            "and CCM over CBC) and the CCM_8 suites (8-byte authentication tag). "
            + _NIST_OTHERS_LEFT_OUT
        ),
        "kind": "suites",
        "suites": [name for name in listed if not _is_cbc(name) and not _is_ccm8(name)],
        "openssl": None,
        "excluded": [
            {
                "listed_in": "NIST SP 800-52r2 sections 3.3.1.1.1 and 3.3.1.1.2",
                "reason": "AES-CBC is not AEAD (MAC-then-encrypt)",
                "suites": [name for name in listed if _is_cbc(name)],
            },
            {
                "listed_in": "NIST SP 800-52r2 sections 3.3.1.1.1, 3.3.1.1.2 and 3.3.1.2",
                "reason": "CCM_8 has an 8-byte authentication tag",
                "suites": [name for name in listed if _is_ccm8(name)],
            },
            *_NIST_OTHER_CERTIFICATES,
        ],
    }


def policies() -> list[dict[str, Any]]:
    """The built-in policies, in the order `fcsec` lists them. Suites keep each source's order."""
    return [
        {
            "name": "tlsref-modern",
            "title": "TLSRef 6.0 modern: TLS 1.3 only",
            "source": f"{_TLSREF_60}, configurations.modern.ciphersuites (no TLS 1.2 ciphers)",
            "kind": "suites",
            "suites": _TLS13_TLSREF,
            "openssl": None,
            "excluded": [],
        },
        {
            "name": "tlsref-intermediate",
            "title": "TLSRef 6.0 intermediate: TLS 1.3 plus ECDHE AEAD suites for TLS 1.2",
            "source": (
                f"{_TLSREF_60}, configurations.intermediate.ciphersuites followed by "
                "configurations.intermediate.ciphers.iana, in the guideline's order"
            ),
            "kind": "suites",
            "suites": [
                *_TLS13_TLSREF,
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            ],
            "openssl": None,
            "excluded": [],
        },
        _nist_800_52r2(),
        _nist_800_52r2_aead(),
        {
            "name": "faircom-maximal",
            "title": "FairCom guide: 'Maximally secure configuration for COMM_PROTOCOL SSL'",
            "source": (
                f"{_FAIRCOM_GUIDE}, SSL_CIPHERS of the 'Maximally secure' example, verbatim "
                "(it includes static-RSA key exchange, which has no forward secrecy)"
            ),
            "kind": "suites",
            "suites": ["AES256-SHA256", "AES256-GCM-SHA384", "DHE-RSA-AES256-SHA256"],
            "openssl": None,
            "excluded": [],
        },
        {
            "name": "faircom-minimal",
            "title": (
                "FairCom guide: 'Default minimally secure configuration for COMM_PROTOCOL SSL'"
            ),
            "source": (
                f"{_FAIRCOM_GUIDE}, SSL_CIPHERS of the 'Default minimally secure' example; an "
                "OpenSSL cipher string whose expansion depends on the server's OpenSSL build"
            ),
            "kind": "openssl-string",
            "suites": [],
            "openssl": "ALL:!aNULL:!eNULL:!SSLv2:!LOW:!EXP:!RC4:!MD5:@STRENGTH",
            "excluded": [],
        },
        {
            "name": "faircom-https-example",
            "title": "FairCom guide: 'Secure TLS example with a wide variety of options'",
            "source": f"{_FAIRCOM_GUIDE}, allowedCipherSuites of the https8443 example, in order",
            "kind": "suites",
            "suites": [
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "ECDHE-ECDSA-AES128-GCM-SHA256",
                "ECDHE-RSA-AES128-GCM-SHA256",
                "ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-RSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-CHACHA20-POLY1305",
                "ECDHE-RSA-CHACHA20-POLY1305",
                "DHE-RSA-AES128-GCM-SHA256",
                "DHE-RSA-AES256-GCM-SHA384",
            ],
            "openssl": None,
            "excluded": [],
        },
        {
            "name": "faircom-default",
            "title": "Server default: emit nothing and let the FairCom server use its own default",
            "source": (
                f"{_FAIRCOM_GUIDE}: SSL_CIPHERS defaults to "
                "ECDH-ECDSA-AES128-GCM-SHA256:DHE-RSA-AES128-SHA256 (static ECDH, which OpenSSL "
                "1.1.0 removed, then a CBC suite); allowedCipherSuites "
                'defaults to ""'
            ),
            "kind": "server-default",
            "suites": [],
            "openssl": None,
            "excluded": [],
        },
    ]


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=True) + "\n"


def render() -> dict[str, str]:
    """File name (inside the package's data folder) -> the exact text this script writes."""
    return {
        "suites.json": _dump({"generated_by": GENERATED_BY, "suites": suites()}),
        "policies.json": _dump({"generated_by": GENERATED_BY, "policies": policies()}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if a data file is stale")
    args = parser.parse_args(argv)
    stale = []
    for name, text in render().items():
        path = DATA_DIR / name
        current = path.read_bytes() if path.exists() else None
        if current == text.encode("ascii"):
            continue
        stale.append(name)
        if not args.check:
            path.write_bytes(text.encode("ascii"))
    if args.check and stale:
        print(f"stale: {', '.join(stale)} (run scripts/regen_cipher_data.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
