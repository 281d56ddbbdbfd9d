"""The live checks' part of the rule catalogue (``fcsec.rules``): FCS7xx, ``fcsec certs``,
``fcsec probe`` and ``fcsec export``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fcsec import rule_ids as ids
from fcsec.diagnostics import Severity

if TYPE_CHECKING:
    from fcsec.rules import RuleRow

_E = Severity.ERROR

ROWS: tuple[RuleRow, ...] = (
    # --- FCS7xx: live checks (fcsec certs, fcsec probe, fcsec export) -------------------
    (ids.PKI_EXISTS, _E, "a file of the development PKI already exists",
     "fcsec certs never overwrites a key or a certificate: a lost CA key cannot be "
     "recovered.",
     "Move the old files away or pick another folder; nothing was written."),
    (ids.PKI_CANNOT_WRITE, _E, "cannot write the development PKI",
     "Nothing of the run is left behind.",
     "Check the folder's permissions and free space."),
    (ids.CANNOT_PROBE, _E, "cannot probe the server",
     "No TCP connection or no TLS handshake could be made.",
     "Check the host, the port and that the server is running."),
    (ids.NO_OPENSSL, _E, "the openssl binary is missing",
     "Python's ssl cannot pick TLS 1.3 suites, so fcsec probe runs `openssl s_client`.",
     "Install OpenSSL."),
    (ids.NO_SUCH_TLS_SCOPE, _E, "the spec has no such TLS listener or [database]",
     "--listener and --database name what the spec says is on the probed port.",
     "Use a listener with TLS from the spec (the hint lists them)."),
    (ids.NO_TLS_ON_PORT, _E, "no TLS on this port",
     "Something accepted the TCP connection, but no TLS handshake was made at any "
     "version: it closed at once, answered in another protocol, or refused every "
     "version.",
     "Check the port: it may be a plain (non-TLS) listener or another service."),
    (ids.VERSION_NOT_ALLOWED, _E,
     "the server accepts a TLS version the spec does not allow",
     "The versions a spec allows are those its suites can be negotiated at.",
     "Restrict the server's OpenSSL, or its suites; then probe again."),
    (ids.SUITE_NOT_ALLOWED, _E, "the server accepts a suite the spec does not allow",
     "The deployed config differs from the spec, or the server ignores it.",
     "Run fcsec compile, restart the server, probe again."),
    (ids.SUITE_REFUSED, _E, "the server refuses a suite the spec allows",
     "Its certificate could serve the suite, so the deployed config differs.",
     "Run fcsec compile, restart the server, probe again."),
    (ids.SUITE_UNSERVABLE, Severity.INFO,
     "a suite the spec allows that the certificate cannot serve",
     "An ECDSA certificate cannot serve RSA suites and vice versa; not a difference.", ""),
    (ids.CLIENT_CERT_DIFFERS, _E,
     "the client-certificate requirement differs from the spec",
     "tls.client_ca (listeners) and verify_client_certs (database) decide whether "
     "clients must present a certificate.",
     "Run fcsec compile, restart the server, probe again."),
    (ids.WRONG_SERVER_CERT, _E, "the server's certificate is not the one the spec names",
     "Compared by SHA-256 fingerprint with the first certificate of the spec's file.",
     "Deploy the spec's certificate and restart the server."),
    (ids.CHAIN_NOT_VERIFIED, _E, "the server's chain does not verify against --ca",
     "The CA given with --ca did not sign the chain, or the certificate names another "
     "host.", ""),
    (ids.NOT_COMPARED, Severity.INFO, "something fcsec probe could not compare",
     "A certificate file not at hand, a suite the local openssl cannot offer, a policy "
     "that leaves the suites to the server.", ""),
    (ids.ROUND_TRIP_FAILED, _E, "the MQTT round trip failed",
     "Connect, subscribe, publish, receive and disconnect must all succeed.",
     "The message names the reason: handshake failed, certificate required, not "
     "authorized, timeout."),
    (ids.NO_PAHO, _E, "paho-mqtt is not installed",
     "MQTT round trips use paho-mqtt, an optional dependency.",
     "pip install 'fcsec[mqtt]'."),
    (ids.CANNOT_EXPORT, _E, "the listener's policy cannot be exported",
     "An exported profile needs a list of suites.",
     "Name a built-in profile or list the suites."),
)
