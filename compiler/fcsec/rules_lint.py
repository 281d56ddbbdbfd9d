"""``fcsec check``'s part of the rule catalogue (``fcsec.rules``): FCS4xx certificate files,
FCS5xx cipher suites, FCS6xx configuration (``fcsec.lint``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fcsec import rule_ids as ids
from fcsec.diagnostics import Severity

if TYPE_CHECKING:
    from fcsec.rules import RuleRow

_E = Severity.ERROR

ROWS: tuple[RuleRow, ...] = (
    # --- FCS4xx: certificate files (fcsec check; skipped with --skip-files) ------------
    (ids.CERT_FILE_MISSING, _E, "a file the spec names is missing or unreadable",
     "FairCom reads certificates, keys and key stores only at start-up; a missing file "
     "stops TLS (or the whole server) after the restart, not before. Relative names "
     "are looked up in <server.root>/server, as FairCom does (docs/rules.md).",
     "Put the file where the message says, or fix the name in the spec; on machines "
     "that do not hold the files, run `fcsec check --skip-files`."),
    (ids.NO_PEM_CERTIFICATE, _E, "no PEM certificate in the certificate file",
     "FairCom reads PEM certificates (-----BEGIN CERTIFICATE-----); a DER file, a "
     "key alone or a damaged file leaves the listener without a certificate.",
     "Convert DER with `openssl x509 -inform der -in FILE -out FILE.pem`, or name the "
     "right file."),
    (ids.NO_PRIVATE_KEY, _E, "no private key for the server certificate",
     "A TLS server needs the private key of its certificate: embedded in the "
     "certificate file or named by `key =`.",
     'Add `key = "FILE"` to the [certs.NAME] entry, or append the key to the '
     "certificate file."),
    (ids.BAD_PRIVATE_KEY, _E, "the key file holds no usable private key",
     "The server cannot start TLS with a key it cannot read; an encrypted key needs "
     "`key_store` (SERVER_ENCRYPTED_STORE_FILE) with its password, and only ctsrvr.cfg "
     "has one.",
     "Name the PEM private key file, or decrypt the key, or add `key_store`."),
    (ids.KEY_MISMATCH, _E, "the private key does not belong to the certificate",
     "A key from another certificate makes every TLS handshake fail; it usually "
     "comes from renewing the certificate without its new key.",
     "Use the key the certificate was issued for (the hint says which certificate of "
     "the file the key belongs to, if any)."),
    (ids.CERT_EXPIRED, _E, "a certificate has expired",
     "Clients refuse an expired certificate (and an expired CA), so every TLS "
     "connection fails.",
     "Renew the certificate and deploy it with its key."),
    (ids.CERT_NOT_YET_VALID, _E, "a certificate is not valid yet",
     "Clients refuse a certificate before its notBefore date; usually a wrong clock "
     "where it was issued, or a certificate issued for later.",
     "Check the clocks, or issue the certificate again."),
    (ids.CERT_EXPIRES_SOON, Severity.WARNING, "a certificate expires within 30 days",
     "A renewal that is due in days is an outage in days.",
     "Renew the certificate now; `fcsec check` in CI catches the next one."),
    (ids.WEAK_KEY, Severity.WARNING,
     "a weak public key (RSA or DSA under 2048 bits, EC under 256 bits)",
     "Keys this small are below every current guideline (NIST SP 800-52r2, TLSRef) "
     "and are refused by many clients.",
     "Issue a new certificate with an RSA 2048+ or EC P-256+ key."),
    (ids.WEAK_SIGNATURE, Severity.WARNING, "a certificate signed with SHA-1 or MD5",
     "SHA-1 and MD5 signatures can be forged (chosen-prefix collisions); browsers and "
     "current OpenSSL security levels refuse them.",
     "Issue the certificate again with a SHA-256 (or stronger) signature."),
    (ids.WRONG_HOST, _E, "server.hostname is not among the certificate's names",
     "Clients that check the host name refuse the connection. Names are the subject "
     "alternative names; the common name counts only when there are none (RFC 6125).",
     "Issue the certificate with a DNS (or IP) subject alternative name for the host, "
     "or fix `server.hostname`."),
    (ids.CLIENT_CA_NOT_A_CA, _E, "a client CA that is not a CA certificate",
     "Client certificates are checked against certificateAuthoritiesFilename; a "
     "certificate without basicConstraints CA=true cannot sign them, so every client "
     "certificate is refused.",
     "Name the file of the CA that signs the client certificates."),
    (ids.CHAIN_ORDER, _E, "the certificate chain in the file is out of order",
     "A combined file must start with the server certificate, then each certificate "
     "must be issued by the next one (FairCom: 'beginning with the certificate of the "
     "server and ending with the root CA'); clients refuse a chain they cannot walk.",
     "Reorder the file: server certificate first, then its issuer, up to the root."),
    (ids.SELF_SIGNED, Severity.WARNING, "a self-signed server certificate in production",
     "Clients can only trust a self-signed certificate by pinning it; most turn "
     "verification off instead, which invites a man in the middle.",
     "Use a certificate issued by your CA (`fcsec certs init` makes one for tests)."),
    (ids.NOT_FOR_SERVERS, Severity.WARNING,
     "the server certificate is not meant for TLS servers",
     "Its extended key usage leaves out serverAuth, so clients that check it refuse "
     "the certificate.",
     "Issue the certificate with extendedKeyUsage serverAuth."),
    (ids.NO_ROOT, Severity.WARNING, "x509 login without the full chain to the root CA",
     "With x509_AUTHENTICATION the only trusted CA is the root of the server "
     "certificate file, which must hold the chain 'beginning with the certificate of "
     "the server and ending with the root CA'.",
     "Append the intermediate and root CA certificates to the certificate file."),
    # --- FCS5xx: cipher suites -------------------------------------------------------------
    (ids.NO_FORWARD_SECRECY, Severity.WARNING, "a suite without forward secrecy",
     "With static RSA (or static DH/ECDH) key exchange, whoever gets the server key "
     "later can decrypt every recorded session. The guide's 'maximally secure' "
     "SSL_CIPHERS has two such suites.",
     "Use ECDHE or DHE suites (the tlsref-intermediate profile)."),
    (ids.CBC_SUITE, Severity.WARNING, "a CBC-mode suite",
     "CBC suites MAC then encrypt, the construction behind padding-oracle attacks such "
     "as Lucky Thirteen; AEAD suites (GCM, CCM, ChaCha20-Poly1305) do not. NIST SP "
     "800-52r2 section 3.3.1 still allows AES-CBC suites and prefers GCM or CCM over "
     "them; the Mozilla server-side TLS guideline (TLSRef 6.0) has no CBC suite in any "
     "profile.",
     "Use AEAD suites; nist-800-52r2-aead and tlsref-intermediate have no CBC suite."),
    (ids.SHA1_MAC, Severity.WARNING, "a suite with a SHA-1 MAC",
     "HMAC-SHA1 is not broken as a MAC; these are suites defined before TLS 1.2, "
     "mostly CBC suites with CBC's weaknesses (FCS502). RFC 8996 deprecates TLS 1.0 and "
     "1.1; NIST SP "
     "800-52r2 section 3.3.1.1 still lists ECDHE and DHE AES-CBC-SHA suites for servers "
     "that also support TLS 1.0 and 1.1; the Mozilla server-side TLS guideline (TLSRef "
     "6.0) lists none.",
     "Use AEAD suites; keep SHA-1 suites only for clients that cannot use TLS 1.2."),
    (ids.NULL_CIPHER, _E, "a suite without encryption (NULL)",
     "NULL suites send everything in clear text while looking like TLS.",
     "Remove the suite."),
    (ids.BROKEN_CIPHER, _E,
     "a broken cipher: RC4, DES, 3DES, RC2, IDEA, export grade or MD5",
     "RFC 7465 prohibits RC4 suites in TLS (keystream biases). DES, 3DES, IDEA and RC2 "
     "encrypt 64-bit blocks, open to birthday attacks such as Sweet32 (CVE-2016-2183), "
     "and NIST SP 800-131A Rev. 2 disallows 3DES encryption after 2023. Export-grade and "
     "single-DES keys (40 to 56 bits) are below the 112 bits of security RFC 9325 (BCP "
     "195) requires. MD5 MACs occur only in NULL, RC4 and export suites.",
     "Remove the suite."),
    (ids.ANONYMOUS_SUITE, _E, "an anonymous suite (no server authentication)",
     "Anonymous Diffie-Hellman proves nothing about the server: anyone in the middle "
     "can answer instead.",
     "Remove the suite."),
    (ids.TLS13_IN_SSL_CIPHERS, Severity.INFO,
     "TLS 1.3 suites have no effect in SSL_CIPHERS",
     "SSL_CIPHERS is an OpenSSL cipher list, which covers TLS 1.2 and older; TLS 1.3 "
     "suites are set by another call, so fcsec leaves them out of SSL_CIPHERS and the "
     "server negotiates TLS 1.3 with its own suites.",
     "Nothing to do if that is what you want; list only TLS 1.2 suites for [database] "
     "to make it plain."),
    (ids.OPENSSL_STRING, Severity.WARNING, "a raw OpenSSL cipher string",
     "What `ALL:!aNULL:...` means depends on the OpenSSL build of the server, so nobody "
     "can review what it allows; fcsec shows what it means on this machine only.",
     "List the suites, or name a profile (tlsref-intermediate)."),
    (ids.OUTSIDE_POLICY, _E, "a suite outside the compliance policy (--policy)",
     "`fcsec check --policy NAME` holds every cipher list to one built-in policy, which "
     "lists what its source lists (docs/language.md names each source). nist-800-52r2 "
     "is NIST SP 800-52r2 section 3.3.1 for servers with RSA or ECDSA certificates plus "
     "its TLS 1.3 suites: AES-GCM, AES-CCM, AES-CCM_8 and AES-CBC suites, and no "
     "ChaCha20-Poly1305, which NIST SP 800-52r2 does not list. A suite NIST lists only "
     "for DSA, DH or ECDH certificates is outside the policy; the message says where "
     "NIST lists it and why the policy leaves it out.",
     "Use the policy itself as the profile, or remove the suites the message lists."),
    (ids.UNKNOWN_OPENSSL_NAME, Severity.WARNING,
     "an unknown name in an OpenSSL cipher string",
     "OpenSSL skips names it does not know without a word; the vendor template's "
     "AES256-GCM-SHA38 silently allows nothing.",
     "Use the name the hint suggests."),
    (ids.SERVER_DEFAULT_CIPHERS, Severity.INFO,
     "the cipher choice is left to the server's default",
     "faircom-default writes no cipher setting; the server's default is not in the "
     "spec, so nobody reviews it. The documented SSL_CIPHERS default, "
     "ECDH-ECDSA-AES128-GCM-SHA256:DHE-RSA-AES128-SHA256, starts with a static ECDH "
     "suite (no forward secrecy), which OpenSSL 1.1.0 and later do not implement "
     "(FCS514), followed by a CBC suite.",
     "Name a profile (tlsref-intermediate) so the cipher list is reviewed."),
    (ids.CCM8_SUITE, Severity.WARNING, "a CCM_8 suite (8-byte authentication tag)",
     "CCM_8 suites authenticate each record with an 8-byte tag instead of 16, so a "
     "forged record is accepted with probability 2^-64 instead of 2^-128. NIST SP "
     "800-52r2 lists them (sections 3.3.1.1.1, 3.3.1.1.2 and 3.3.1.2, so nist-800-52r2 "
     "has them); the Mozilla server-side TLS guideline (TLSRef 6.0) has none in any "
     "profile.",
     "Use the GCM or CCM suite with the same key exchange (16-byte tag)."),
    (ids.DSS_SUITE, Severity.WARNING, "a DSS suite (the server signs with a DSA key)",
     "DSS suites need a DSA server certificate. FIPS 186-5 (2023) no longer approves "
     "DSA for generating signatures, only for verifying old ones, and TLS 1.3 has no "
     "DSA signature scheme (RFC 8446). NIST SP 800-52r2 (2019) lists DHE-DSS suites for "
     "servers with DSA certificates in section 3.3.1.1; nist-800-52r2 leaves them out.",
     "Use an ECDSA or RSA certificate and ECDHE suites."),
    (ids.NOT_IN_OPENSSL, Severity.WARNING, "a suite that current OpenSSL does not offer",
     "OpenSSL skips the names of a cipher list that it does not offer without a word, "
     "and rejects the whole list when it offers none of them. OpenSSL 1.1.0 removed the "
     "static DH and ECDH, single-DES, export and RC2 suites and builds RC4 and 3DES "
     "suites only when configured with enable-weak-ssl-ciphers; OpenSSL 3 offers SEED "
     "and IDEA suites only with its legacy provider loaded. FairCom's documented "
     "SSL_CIPHERS default starts with ECDH-ECDSA-AES128-GCM-SHA256, a static ECDH "
     "suite, and FairCom documents OpenSSL 3.0 (its FIPS module for FIPS_ENCRYPTION).",
     "Remove the suite, or use one the server's OpenSSL offers (an ECDHE AEAD suite)."),
    # --- FCS6xx: configuration ------------------------------------------------------------
    (ids.PLAIN_DATABASE, Severity.WARNING,
     "plain SQL, ISAM and CTDB connections are allowed",
     "With `tls_only = false` (SSL_CONNECTIONS_ONLY NO) clients may connect without "
     "TLS, and passwords and data cross the network in clear text.",
     "Set `tls_only = true`, or allow FCS601 with the reason (legacy clients)."),
    (ids.PLAIN_TWIN, Severity.WARNING, "a plain listener enabled beside its TLS twin",
     "The plain port offers the same service without encryption, so clients (and "
     "their passwords) can still use it.",
     "Set `enabled = false` on the plain listener."),
    (ids.ANONYMOUS_MQTT, Severity.WARNING,
     "anonymous MQTT login on a TLS listener without client certificates",
     "With \"none\" in mqtt.authentication and no tls.client_ca, anyone who reaches "
     "the port can publish and subscribe; TLS hides the traffic but proves nobody's "
     "identity.",
     'Remove "none" from mqtt.authentication, or add tls.client_ca to the listener.'),
    (ids.SHARED_MEMORY_BESIDE_TLS_ONLY, Severity.INFO,
     "shared memory stays on beside tls_only",
     "Shared memory is never encrypted and local clients silently use it, so "
     "SSL_CONNECTIONS_ONLY YES does not cover them (the vendor template says so).",
     "Set `shared_memory = false` in [database] unless local clients need it."),
    (ids.DEBUG_LOG, Severity.WARNING, "a TLS debug log in production",
     "DEBUG_LOG writes handshake details to a file on every connection: it grows "
     "without bound and tells an attacker more than it should.",
     "Move `debug_log` to a development [env.NAME] overlay."),
    (ids.OPTIONAL_CLIENT_CERT, Severity.WARNING,
     "x509 login without required client certificates",
     "x509_AUTHENTICATION uses a client certificate when one is presented; without "
     "VERIFY_CLIENT_CERTIFICATE YES the certificate stays optional and clients log "
     "in with passwords as before.",
     "Add `verify_client_certs = true` to [database]."),
    (ids.GUIDE_EXAMPLE, Severity.INFO, "a cipher policy copied from the FairCom guide",
     "faircom-minimal and faircom-maximal describe the guide's examples, for servers "
     "configured that way; 'maximally secure' is a name, not a property.",
     "Use tlsref-intermediate (or nist-800-52r2-aead) for new configurations."),
    (ids.DISABLED_DATABASE, Severity.WARNING,
     "a disabled database TLS block with settings",
     "With `enabled = false` the SSL block is commented out: SQL, ISAM and CTDB "
     "connections are not encrypted, and the settings beside it have no effect.",
     "Remove `enabled = false`, or the settings that do nothing."),
    (ids.NO_TLS_LISTENER, Severity.WARNING,
     "every TLS listener is disabled while plain listeners are on",
     "The app server then speaks only plain HTTP or MQTT: every JSON API call and "
     "MQTT message crosses the network in clear text.",
     "Enable a TLS listener, or disable the plain ones."),
    (ids.PLAIN_MQTT_PASSWORDS, Severity.WARNING, "MQTT passwords over a plain listener",
     "With \"password\" in mqtt.authentication, an enabled mqtt or mqttws listener "
     "receives user names and passwords in clear text.",
     "Disable the plain MQTT listeners and use mqtts or mqttwss."),
    (ids.ANONYMOUS_PLAIN_MQTT, Severity.WARNING,
     "anonymous MQTT login over a plain listener",
     "With \"none\" in mqtt.authenticationMethods, an enabled mqtt or mqttws listener "
     "lets anyone publish and subscribe without credentials, and nothing is encrypted.",
     'Remove "none" from the methods and disable the plain MQTT listeners.'),
    (ids.SHARED_MEMORY_ON, Severity.WARNING,
     "shared memory is on beside SSL_CONNECTIONS_ONLY YES",
     "ctsrvr.cfg keeps COMM_PROTOCOL FSHAREMM active while the SSL block admits only "
     "TLS: shared memory is never encrypted and local clients silently use it. FairCom's "
     "own template says to comment it out (\"Be sure to deactivate (comment out) your "
     "Shared Memory Protocol\").",
     "Set `shared_memory = false` in [database] (or comment the line out) unless local "
     "clients need it."),
    (ids.DATABASE_TLS_OFF, Severity.WARNING, "database TLS is off",
     "With the SSL block disabled (its SUBSYSTEM line commented out, as FairCom ships "
     "it) or absent, SQL, ISAM and CTDB connections are not encrypted.",
     'Add [database] with `cert = "NAME"` to the spec and compile, or remove '
     "`enabled = false`."),
    (ids.STRAY_LINES, Severity.WARNING, "uncommented lines inside a disabled SSL block",
     "A commented SUBSYSTEM header disables the whole block (V11.5 and later), but "
     "FairCom does not document what it does with uncommented lines inside it, and a "
     "reader takes them for active settings.",
     "Comment them out like the header, or enable the block."),
    (ids.TLS_WITHOUT_CERT_FILE, Severity.WARNING, "TLS without a certificate file",
     "An enabled https, mqtts or mqttwss listener without certificateFilename "
     "(serverCertificateFilename) serves FairCom's documented default "
     "./web/fccert.pem, the self-signed certificate of every install; an enabled SSL "
     "block without SERVER_CERTIFICATE_FILE cannot serve TLS.",
     "Name the certificate: `tls.cert` for a listener, `cert` in [database]."),
    (ids.SHARED_PORT, _E, "two enabled listeners on one port",
     "Only one listener can listen on a port. A listener of the spec can clash with a "
     "listener of services.json that the spec does not name.",
     "Give one of them another port, or disable one."),
    (ids.STALE_ALLOWANCE, Severity.WARNING, "an allowance that matched nothing",
     "An entry of [lint] allow that accepts no finding is stale: the risk it "
     "documents is gone, or the rule id names the wrong rule.",
     "Delete the entry, or fix its rule id."),
)
