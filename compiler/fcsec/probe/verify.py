"""Verify the certificate chain a server actually sent, with ``cryptography``, against ``--ca``.

openssl's ``Verify return code`` is not evidence: ``s_client`` prints ``0 (ok)`` after a
handshake it aborted (for example on a chain over its 100 KB limit), when no chain was checked
at all. So the verdict comes from here: the chain's PEM text as the trace printed it, the
trusted certificates from ``--ca``, the host name (or IP address) that was probed, and the time.
A chain is checked by the Web PKI rules of ``cryptography.x509.verification``; a served
certificate that is itself in ``--ca`` is a pin, trusted as it is while it is valid.
It never reads files or opens connections; it never says "ok" without a chain that builds to a
trusted certificate and names the host, from a handshake that completed.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from cryptography import x509

_PEM_END = b"-----END CERTIFICATE-----"
# cryptography appends the repr of the certificate it was at; the reason before it says enough.
_WHERE = re.compile(r"\s*\(encountered processing .*\)\s*$", re.S)


@attrs.frozen(kw_only=True)
class Verification:
    ok: bool
    #: What was verified (``2 certificates up to a --ca certificate, naming localhost``), or
    #: why the chain was not verified.
    detail: str


def load_trusted(data: bytes) -> tuple[x509.Certificate, ...]:
    """The certificates of a PEM file (``--ca``); raise ValueError when it holds none."""
    from cryptography import x509

    if _PEM_END not in data:
        raise ValueError("no PEM certificate in the file")
    certificates = tuple(x509.load_pem_x509_certificates(data))
    if not certificates:
        raise ValueError("no PEM certificate in the file")
    return certificates


def _subject(host: str) -> x509.DNSName | x509.IPAddress:
    from cryptography import x509

    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def _pinned(leaf: x509.Certificate, when: datetime.datetime) -> Verification:
    """The served certificate is itself one of ``--ca``: a pin (FairCom's self-signed default
    certificate, or one made with ``openssl req -x509``, has neither the extensions nor the
    issuer a Web PKI chain needs). Trusted as it is, if it is valid now."""
    if not leaf.not_valid_before_utc <= when <= leaf.not_valid_after_utc:
        return Verification(
            ok=False,
            detail="the server's certificate is itself in --ca, but it is not valid now "
            f"(valid {leaf.not_valid_before_utc:%Y-%m-%dT%H:%M:%SZ} to "
            f"{leaf.not_valid_after_utc:%Y-%m-%dT%H:%M:%SZ})",
        )
    return Verification(
        ok=True,
        detail="pinned: the server's certificate is itself in --ca; host names are not "
        "checked for a pinned certificate",
    )


def verify_chain(
    chain: Sequence[str],
    trusted: Sequence[x509.Certificate],
    host: str,
    *,
    completed: bool,
    failure: str | None = None,
    now: datetime.datetime | None = None,
) -> Verification:
    """Whether ``chain`` (leaf first, PEM) from a handshake with ``host`` verifies.

    ``completed``: the server's Finished arrived, so it proved it holds the leaf's key;
    ``failure`` is openssl's reason when it did not (shown in the detail).
    """
    from cryptography import x509
    from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

    if not completed:
        reason = f" (openssl: {failure})" if failure else ""
        return Verification(
            ok=False,
            detail=f"the handshake did not complete{reason}, so it is not known that the "
            "server holds the certificate's key",
        )
    if not chain:
        return Verification(ok=False, detail="the server sent no certificate")
    try:
        certificates = [x509.load_pem_x509_certificate(pem.encode("ascii")) for pem in chain]
    except (ValueError, UnicodeEncodeError) as exc:
        return Verification(ok=False, detail=f"a certificate cannot be read ({exc})")
    when = now or datetime.datetime.now(datetime.UTC)
    if certificates[0] in trusted:
        return _pinned(certificates[0], when)
    builder = PolicyBuilder().store(Store(list(trusted))).time(when)
    try:
        verifier = builder.build_server_verifier(_subject(host))
        built = verifier.verify(certificates[0], certificates[1:])
    except (VerificationError, ValueError) as exc:
        return Verification(ok=False, detail=_WHERE.sub("", str(exc)))
    return Verification(
        ok=True,
        detail=f"{len(built)} certificate{'s' if len(built) != 1 else ''} up to a --ca "
        f"certificate, naming {host}",
    )
