"""The catalogue of rule ids: one stable id per kind of finding, with its rationale and fix.

Ids are grouped: FCS0xx spec syntax and language, FCS1xx spec meaning, FCS2xx ctsrvr.cfg
structure, FCS3xx services.json structure, FCS4xx certificate files, FCS5xx cipher
suites, FCS6xx configuration (the last three: ``fcsec check``'s linter, ``fcsec.lint``), FCS8xx
``fcsec import``, FCS9xx files and the command line. An id never changes meaning once released;
a retired id is never reused.
"""

from __future__ import annotations

import attrs

from fcsec import rule_ids as ids
from fcsec.diagnostics import Severity


@attrs.frozen(kw_only=True)
class Rule:
    id: str
    severity: Severity
    title: str
    rationale: str = ""
    fix: str = ""


def _rule(id: str, severity: Severity, title: str, rationale: str = "", fix: str = "") -> Rule:
    return Rule(id=id, severity=severity, title=title, rationale=rationale, fix=fix)


_E = Severity.ERROR
_W = Severity.WARNING

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        # --- FCS0xx: the spec -----------------------------------------------------------------
        _rule(ids.SPEC_SYNTAX, _E, "spec syntax error",
              "The spec is a strict subset of TOML; fcsec stops at the first token it cannot read.",
              "Fix the text at the caret; the message says what was expected there."),
        _rule(ids.SPEC_NOT_UTF8, _E, "the spec is not valid UTF-8",
              "Specs are UTF-8 text, like every TOML file.",
              "Save the file as UTF-8."),
        _rule(ids.SPEC_BAD_CHARACTER, _E, "a byte order mark, NUL or control character in the spec",
              "TOML forbids them; they usually come from a binary file or a bad copy and paste.",
              "Remove the character; save as UTF-8 without BOM."),
        _rule(ids.UNSUPPORTED_TOML, _E, "a TOML feature that the spec language leaves out",
              "Floats, dates, multi-line strings and arrays of tables have no use in a spec, and "
              "leaving them out keeps every spec readable by every TOML tool.",
              "Write the value as a string or an integer; name tables instead of [[arrays]]."),
        _rule(ids.TOO_DEEP, _E, "a value nested too deeply",
              "No key of the language takes nested arrays or tables; deep nesting is a mistake "
              "or an attack on the parser.",
              "Flatten the value."),
        _rule(ids.DEFINED_TWICE, _E, "a key or table defined twice",
              "TOML allows each key and each table once; a second definition would silently "
              "win in some tools and fail in others.",
              "Keep one definition and delete the other."),
        _rule(ids.BAD_LANGUAGE_VERSION, _E, "missing or unsupported language version",
              "`fcsec = 1` says which language the file is written in, so a later fcsec can "
              "read it the same way.",
              "Start the spec with `fcsec = 1`."),
        _rule(ids.UNKNOWN_KEY, _E, "unknown key",
              "A misspelt key would otherwise be ignored and its setting silently lost.",
              "Use the key the hint suggests; docs/language.md lists every key."),
        _rule(ids.DUPLICATE_PORT, _E, "two listeners on one port",
              "FairCom needs different ports for TLS and non-TLS listeners; two listeners on one "
              "port stop the app server from starting.",
              "Give each listener its own port."),
        _rule(ids.WRONG_TYPE, _E, "a value of the wrong type",
              "FairCom reads ports as numbers and switches as booleans; a string there is a typo.",
              "Write the type the message names."),
        _rule(ids.UNKNOWN_CERT, _E, "unknown certificate name",
              "Certificates are declared once in [certs.NAME] and used by name.",
              "Declare the certificate, or use the name the hint suggests."),
        _rule(ids.UNKNOWN_POLICY, _E, "unknown cipher policy",
              "A cipher policy is a [ciphers.NAME] entry or a built-in profile.",
              "Use a declared name or a built-in profile (docs/language.md lists them)."),
        _rule(ids.PORT_OUT_OF_RANGE, _E, "port outside 1-65535", "TCP ports are 1 to 65535.",
              "Pick a port in range."),
        _rule(ids.BAD_CHOICE, _E, "a value outside its vocabulary",
              "Products, protocols and MQTT authentication methods are fixed lists.",
              "Use one of the values the hint lists."),
        _rule(ids.TLS_WITHOUT_CERT, _E, "a TLS listener without a certificate",
              "https, mqtts and mqttwss listeners cannot start without a server certificate.",
              'Add `tls.cert = "NAME"`.'),
        _rule(ids.TLS_ON_PLAIN, _E, "tls settings on a plain listener",
              "http, mqtt and mqttws listeners never use TLS; their tls settings would be "
              "ignored and give a false sense of security.",
              "Use the secure protocol on its own port, or remove the tls keys."),
        _rule(ids.UNKNOWN_SUITE, _E, "unknown cipher suite",
              "An unknown name would make the server refuse the list or silently drop the suite "
              "(the vendor template's own example holds the typo AES256-GCM-SHA38).",
              "Use the name the hint suggests; suites are named by IANA or OpenSSL name."),
        _rule(ids.MQTT_WITHOUT_CLIENT_CA, _W, "MQTT client-certificate login without a client CA",
              "Clients can only log in with a certificate when an MQTTS or MQTTWSS listener asks "
              "for one (certificateAuthoritiesFilename). FairCom starts without one (Edge ships "
              "that way), so this is a warning: the method is listed but cannot succeed.",
              'Add `tls.client_ca = "NAME"` to the mqtts listener.'),
        _rule(ids.MQTT_WITHOUT_DATABASE_CERT, _W,
              "MQTT client-certificate login without a database certificate",
              "The FairCom guide requires SERVER_CERTIFICATE_FILE in ctsrvr.cfg for MQTT client "
              "certificates. Adding `[database] cert` enables the database TLS block, and "
              "`tls_only` then defaults to true: SSL_CONNECTIONS_ONLY YES locks out every SQL, "
              "ISAM and CTDB client that connects without TLS once the server restarts.",
              'Add [database] with `cert = "NAME"`; add `tls_only = false` as well while plain '
              "SQL, ISAM or CTDB clients must still connect (FCS601 then names that risk)."),
        _rule(ids.UNKNOWN_OVERLAY_KEY, _E, "an overlay key that does not exist",
              "An [env.NAME] overlay may only patch keys of the language; a typo would make the "
              "environment silently differ from what its author meant.",
              "Use the key the hint suggests."),
        _rule(ids.UNKNOWN_ENV, _E, "unknown environment", "--env names an [env.NAME] section.",
              "Use one of the environments the hint lists."),
        _rule(ids.MISSING_KEY, _E, "a required key is missing",
              "Listeners need a protocol and a port, certificates a file, x509_login a path.",
              "Add the key the message names."),
        _rule(ids.POLICY_SHAPE, _E, "a cipher policy needs exactly one of profile and suites",
              "A [ciphers.NAME] entry is either a built-in profile or an explicit list.",
              "Keep one of the two keys."),
        _rule(ids.CANNOT_EXPRESS, _E, "a setting the target file cannot express",
              "services.json takes lists of suites; SSL_CIPHERS covers TLS 1.2 and older only.",
              "Use a policy the target can express."),
        _rule(ids.DATABASE_WITHOUT_CERT, _E, "the database TLS block without a certificate",
              "FairCom requires SERVER_CERTIFICATE_FILE in an enabled SSL block.",
              'Add `cert = "NAME"` to [database], or `enabled = false`.'),
        _rule(ids.CONTROL_CHARACTER, _E, "a control character in a value or a name",
              "In a value, almost always a Windows path in double quotes: \\f, \\b and \\n are "
              "escapes there. In a name ([listeners.NAME], [certs.NAME], ...), control characters "
              "and bidirectional overrides would reach services.json and every terminal.",
              "Write paths in single quotes: 'C:\\faircom\\ca.pem'; name tables with letters, "
              "digits, `-` and `_`."),
        _rule(ids.EMPTY_VALUE, _E, "an empty value",
              "An empty file name or setting is never what FairCom needs.",
              "Give a value, or leave the key out."),
        _rule(
            ids.UNKNOWN_RULE,
            _E,
            "[lint] allow names a rule that does not exist",
            "An allowance for a misspelt rule would accept nothing and hide the intent.",
            "Use the id `fcsec check` printed; docs/rules.md lists every rule.",
        ),
        # --- FCS2xx: ctsrvr.cfg structure -------------------------------------------------------
        _rule(
            ids.CFG_STRAY_CLOSE,
            _E,
            "closing `}` without an open SUBSYSTEM block",
            "FairCom stops reading the file at a stray `}`; fcsec cannot tell which block you "
            "meant.",
            "Remove the `}` or add the missing `SUBSYSTEM CLASS NAME {` line above it.",
        ),
        _rule(
            ids.CFG_UNCLOSED_BLOCK,
            _E,
            "SUBSYSTEM block is never closed",
            "Without its `}` the block swallows every keyword after it.",
            "Add a line holding only `}` where the block ends.",
        ),
        _rule(
            ids.CFG_NESTED_BLOCK,
            _E,
            "SUBSYSTEM block opened inside another block",
            "FairCom does not nest SUBSYSTEM blocks.",
            "Close the first block with `}` before opening the next.",
        ),
        _rule(
            ids.CFG_SECOND_SSL_BLOCK,
            _E,
            "more than one SUBSYSTEM COMM_PROTOCOL SSL block",
            "fcsec manages exactly one SSL block and cannot tell which one the server uses.",
            "Merge the blocks into one, or delete the one you do not want.",
        ),
        _rule(
            ids.CFG_HEADER_WITHOUT_BRACE,
            _E,
            "SSL block header without `{` at the end of its line",
            "FairCom documents a SUBSYSTEM block only as `SUBSYSTEM CLASS NAME {` on one line; "
            "with the brace elsewhere fcsec cannot tell where the block starts, and it must "
            "never add a second SSL block beside this one.",
            "End the header line with ` {` and delete the `{` line below it, if there is one.",
        ),
        _rule(
            ids.CFG_ONE_LINE_BLOCK,
            _E,
            "one-line SSL block",
            "`SUBSYSTEM COMM_PROTOCOL SSL { KEYWORD value }` is not a shape FairCom documents; "
            "whether the server reads `}` as part of the value is unknown, so fcsec neither "
            "edits it nor adds a second block.",
            "Write the header line ending in `{`, each setting on its own line, and `}` alone "
            "on the last line.",
        ),
        _rule(
            ids.CFG_TEXT_AFTER_BRACE,
            _E,
            "text after `{` on the SSL block header",
            "FairCom documents `{` as the last token of the header line; a setting or comment "
            "after it may be read as part of the header or lost.",
            "Move the text after `{` to a line of its own below the header.",
        ),
        _rule(
            ids.CFG_UNREADABLE_COMMENTED_HEADER,
            _E,
            "commented SSL header that fcsec cannot read as a disabled block",
            "FairCom disables a block with `;` right before `SUBSYSTEM` (`;SUBSYSTEM COMM_PROTOCOL "
            "SSL {`); with blanks or a second `;` in between, fcsec cannot tell whether the "
            "lines below belong to a disabled block or are top-level settings.",
            "Write the header as `;SUBSYSTEM COMM_PROTOCOL SSL {` (no blank after `;`) with `}` "
            "alone on the block's last line, or delete the line if it is only a remark.",
        ),
        _rule(
            ids.CFG_CLOSE_SHARES_LINE,
            _E,
            "`}` shares its line with text in the SSL block",
            "A block ends at a line holding only `}`; a `}` with a setting or comment on its "
            "line does not close the block, so it swallows the lines after it.",
            "Put `}` alone on its own line.",
        ),
        _rule(
            ids.CFG_COMMENTED_CLOSE,
            _E,
            "commented `;}` in the SSL block",
            "A `;}` is a comment and closes nothing: the block runs on to the next bare `}`, "
            "which is rarely what the author meant.",
            "Write the closing brace as `}` alone, without `;` (the vendor template does so "
            "even for a disabled block), or delete the line.",
        ),
        _rule(
            ids.CFG_HEADER_EXTRA_WORDS,
            _E,
            "SSL block header with extra words",
            "The header is `SUBSYSTEM COMM_PROTOCOL SSL {`; with more words fcsec cannot tell "
            "whether the server takes it for the SSL block.",
            "Delete the words between `SSL` and `{`.",
        ),
        _rule(
            ids.CFG_VALUE_ENDS_IN_BRACE,
            _E,
            "a value for the SSL block ends in `}`",
            "Written as `KEYWORD value}`, the line would end in a brace, and whether FairCom then "
            "closes the block there is unknown; fcsec refuses to write such a line.",
            "Rename the file or choose a value that does not end in `}`.",
        ),
        # --- FCS3xx: services.json structure ----------------------------------------------------
        _rule(
            ids.SERVICES_NOT_JSON,
            _E,
            "services.json is not valid JSON",
            "FairCom will not start its app server with a broken services.json, and fcsec never "
            "rewrites a file it cannot read.",
            "Fix the JSON at the position shown (a missing comma or quote is the usual cause).",
        ),
        _rule(
            ids.SERVICES_SHAPE,
            _E,
            "services.json does not have the shape FairCom reads",
            "fcsec edits the `listeners` array and the `mqtt` object; it refuses to guess when "
            "they have another type.",
            "Make the top level an object, `listeners` an array of objects and `mqtt` an object.",
        ),
        _rule(
            ids.SERVICES_SHARED_NAME,
            _E,
            "two listeners in services.json share a serviceName the spec manages",
            "fcsec cannot tell which of them the spec describes.",
            "Rename or delete one of the listeners.",
        ),
        # --- FCS4xx: certificate files (fcsec check; skipped with --skip-files) ------------
        _rule(ids.CERT_FILE_MISSING, _E, "a file the spec names is missing or unreadable",
              "FairCom reads certificates, keys and key stores only at start-up; a missing file "
              "stops TLS (or the whole server) after the restart, not before. Relative names "
              "are looked up in <server.root>/server, as FairCom does (docs/rules.md).",
              "Put the file where the message says, or fix the name in the spec; on machines "
              "that do not hold the files, run `fcsec check --skip-files`."),
        _rule(ids.NO_PEM_CERTIFICATE, _E, "no PEM certificate in the certificate file",
              "FairCom reads PEM certificates (-----BEGIN CERTIFICATE-----); a DER file, a "
              "key alone or a damaged file leaves the listener without a certificate.",
              "Convert DER with `openssl x509 -inform der -in FILE -out FILE.pem`, or name the "
              "right file."),
        _rule(ids.NO_PRIVATE_KEY, _E, "no private key for the server certificate",
              "A TLS server needs the private key of its certificate: embedded in the "
              "certificate file or named by `key =`.",
              'Add `key = "FILE"` to the [certs.NAME] entry, or append the key to the '
              "certificate file."),
        _rule(ids.BAD_PRIVATE_KEY, _E, "the key file holds no usable private key",
              "The server cannot start TLS with a key it cannot read; an encrypted key needs "
              "`key_store` (SERVER_ENCRYPTED_STORE_FILE) with its password, and only ctsrvr.cfg "
              "has one.",
              "Name the PEM private key file, or decrypt the key, or add `key_store`."),
        _rule(ids.KEY_MISMATCH, _E, "the private key does not belong to the certificate",
              "A key from another certificate makes every TLS handshake fail; it usually "
              "comes from renewing the certificate without its new key.",
              "Use the key the certificate was issued for (the hint says which certificate of "
              "the file the key belongs to, if any)."),
        _rule(ids.CERT_EXPIRED, _E, "a certificate has expired",
              "Clients refuse an expired certificate (and an expired CA), so every TLS "
              "connection fails.",
              "Renew the certificate and deploy it with its key."),
        _rule(ids.CERT_NOT_YET_VALID, _E, "a certificate is not valid yet",
              "Clients refuse a certificate before its notBefore date; usually a wrong clock "
              "where it was issued, or a certificate issued for later.",
              "Check the clocks, or issue the certificate again."),
        _rule(ids.CERT_EXPIRES_SOON, Severity.WARNING, "a certificate expires within 30 days",
              "A renewal that is due in days is an outage in days.",
              "Renew the certificate now; `fcsec check` in CI catches the next one."),
        _rule(ids.WEAK_KEY, Severity.WARNING,
              "a weak public key (RSA or DSA under 2048 bits, EC under 256 bits)",
              "Keys this small are below every current guideline (NIST SP 800-52r2, TLSRef) "
              "and are refused by many clients.",
              "Issue a new certificate with an RSA 2048+ or EC P-256+ key."),
        _rule(ids.WEAK_SIGNATURE, Severity.WARNING, "a certificate signed with SHA-1 or MD5",
              "SHA-1 and MD5 signatures can be forged (chosen-prefix collisions); browsers and "
              "current OpenSSL security levels refuse them.",
              "Issue the certificate again with a SHA-256 (or stronger) signature."),
        _rule(ids.WRONG_HOST, _E, "server.hostname is not among the certificate's names",
              "Clients that check the host name refuse the connection. Names are the subject "
              "alternative names; the common name counts only when there are none (RFC 6125).",
              "Issue the certificate with a DNS (or IP) subject alternative name for the host, "
              "or fix `server.hostname`."),
        _rule(ids.CLIENT_CA_NOT_A_CA, _E, "a client CA that is not a CA certificate",
              "Client certificates are checked against certificateAuthoritiesFilename; a "
              "certificate without basicConstraints CA=true cannot sign them, so every client "
              "certificate is refused.",
              "Name the file of the CA that signs the client certificates."),
        _rule(ids.CHAIN_ORDER, _E, "the certificate chain in the file is out of order",
              "A combined file must start with the server certificate, then each certificate "
              "must be issued by the next one (FairCom: 'beginning with the certificate of the "
              "server and ending with the root CA'); clients refuse a chain they cannot walk.",
              "Reorder the file: server certificate first, then its issuer, up to the root."),
        _rule(ids.SELF_SIGNED, Severity.WARNING, "a self-signed server certificate in production",
              "Clients can only trust a self-signed certificate by pinning it; most turn "
              "verification off instead, which invites a man in the middle.",
              "Use a certificate issued by your CA (`fcsec certs init` makes one for tests)."),
        _rule(ids.NOT_FOR_SERVERS, Severity.WARNING,
              "the server certificate is not meant for TLS servers",
              "Its extended key usage leaves out serverAuth, so clients that check it refuse "
              "the certificate.",
              "Issue the certificate with extendedKeyUsage serverAuth."),
        _rule(ids.NO_ROOT, Severity.WARNING, "x509 login without the full chain to the root CA",
              "With x509_AUTHENTICATION the only trusted CA is the root of the server "
              "certificate file, which must hold the chain 'beginning with the certificate of "
              "the server and ending with the root CA'.",
              "Append the intermediate and root CA certificates to the certificate file."),
        # --- FCS5xx: cipher suites -------------------------------------------------------------
        _rule(ids.NO_FORWARD_SECRECY, Severity.WARNING, "a suite without forward secrecy",
              "With static RSA (or static DH/ECDH) key exchange, whoever gets the server key "
              "later can decrypt every recorded session. The guide's 'maximally secure' "
              "SSL_CIPHERS has two such suites.",
              "Use ECDHE or DHE suites (the tlsref-intermediate profile)."),
        _rule(ids.CBC_SUITE, Severity.WARNING, "a CBC-mode suite",
              "CBC suites MAC then encrypt, the construction behind padding-oracle attacks such "
              "as Lucky Thirteen; AEAD suites (GCM, CCM, ChaCha20-Poly1305) do not. NIST SP "
              "800-52r2 section 3.3.1 still allows AES-CBC suites and prefers GCM or CCM over "
              "them; the Mozilla server-side TLS guideline (TLSRef 6.0) has no CBC suite in any "
              "profile.",
              "Use AEAD suites; nist-800-52r2-aead and tlsref-intermediate have no CBC suite."),
        _rule(ids.SHA1_MAC, Severity.WARNING, "a suite with a SHA-1 MAC",
              "HMAC-SHA1 is not broken as a MAC; these are suites defined before TLS 1.2, "
              "mostly CBC suites with CBC's weaknesses (FCS502). RFC 8996 deprecates TLS 1.0 and "
              "1.1; NIST SP "
              "800-52r2 section 3.3.1.1 still lists ECDHE and DHE AES-CBC-SHA suites for servers "
              "that also support TLS 1.0 and 1.1; the Mozilla server-side TLS guideline (TLSRef "
              "6.0) lists none.",
              "Use AEAD suites; keep SHA-1 suites only for clients that cannot use TLS 1.2."),
        _rule(ids.NULL_CIPHER, _E, "a suite without encryption (NULL)",
              "NULL suites send everything in clear text while looking like TLS.",
              "Remove the suite."),
        _rule(ids.BROKEN_CIPHER, _E,
              "a broken cipher: RC4, DES, 3DES, RC2, IDEA, export grade or MD5",
              "RFC 7465 prohibits RC4 suites in TLS (keystream biases). DES, 3DES, IDEA and RC2 "
              "encrypt 64-bit blocks, open to birthday attacks such as Sweet32 (CVE-2016-2183), "
              "and NIST SP 800-131A Rev. 2 disallows 3DES encryption after 2023. Export-grade and "
              "single-DES keys (40 to 56 bits) are below the 112 bits of security RFC 9325 (BCP "
              "195) requires. MD5 MACs occur only in NULL, RC4 and export suites.",
              "Remove the suite."),
        _rule(ids.ANONYMOUS_SUITE, _E, "an anonymous suite (no server authentication)",
              "Anonymous Diffie-Hellman proves nothing about the server: anyone in the middle "
              "can answer instead.",
              "Remove the suite."),
        _rule(ids.TLS13_IN_SSL_CIPHERS, Severity.INFO,
              "TLS 1.3 suites have no effect in SSL_CIPHERS",
              "SSL_CIPHERS is an OpenSSL cipher list, which covers TLS 1.2 and older; TLS 1.3 "
              "suites are set by another call, so fcsec leaves them out of SSL_CIPHERS and the "
              "server negotiates TLS 1.3 with its own suites.",
              "Nothing to do if that is what you want; list only TLS 1.2 suites for [database] "
              "to make it plain."),
        _rule(ids.OPENSSL_STRING, Severity.WARNING, "a raw OpenSSL cipher string",
              "What `ALL:!aNULL:...` means depends on the OpenSSL build of the server, so nobody "
              "can review what it allows; fcsec shows what it means on this machine only.",
              "List the suites, or name a profile (tlsref-intermediate)."),
        _rule(ids.OUTSIDE_POLICY, _E, "a suite outside the compliance policy (--policy)",
              "`fcsec check --policy NAME` holds every cipher list to one built-in policy, which "
              "lists what its source lists (docs/language.md names each source). nist-800-52r2 "
              "is NIST SP 800-52r2 section 3.3.1 for servers with RSA or ECDSA certificates plus "
              "its TLS 1.3 suites: AES-GCM, AES-CCM, AES-CCM_8 and AES-CBC suites, and no "
              "ChaCha20-Poly1305, which NIST SP 800-52r2 does not list. A suite NIST lists only "
              "for DSA, DH or ECDH certificates is outside the policy; the message says where "
              "NIST lists it and why the policy leaves it out.",
              "Use the policy itself as the profile, or remove the suites the message lists."),
        _rule(ids.UNKNOWN_OPENSSL_NAME, Severity.WARNING,
              "an unknown name in an OpenSSL cipher string",
              "OpenSSL skips names it does not know without a word; the vendor template's "
              "AES256-GCM-SHA38 silently allows nothing.",
              "Use the name the hint suggests."),
        _rule(ids.SERVER_DEFAULT_CIPHERS, Severity.INFO,
              "the cipher choice is left to the server's default",
              "faircom-default writes no cipher setting; the server's default is not in the "
              "spec, so nobody reviews it. The documented SSL_CIPHERS default, "
              "ECDH-ECDSA-AES128-GCM-SHA256:DHE-RSA-AES128-SHA256, starts with a static ECDH "
              "suite (no forward secrecy), which OpenSSL 1.1.0 and later do not implement "
              "(FCS514), followed by a CBC suite.",
              "Name a profile (tlsref-intermediate) so the cipher list is reviewed."),
        _rule(ids.CCM8_SUITE, Severity.WARNING, "a CCM_8 suite (8-byte authentication tag)",
              "CCM_8 suites authenticate each record with an 8-byte tag instead of 16, so a "
              "forged record is accepted with probability 2^-64 instead of 2^-128. NIST SP "
              "800-52r2 lists them (sections 3.3.1.1.1, 3.3.1.1.2 and 3.3.1.2, so nist-800-52r2 "
              "has them); the Mozilla server-side TLS guideline (TLSRef 6.0) has none in any "
              "profile.",
              "Use the GCM or CCM suite with the same key exchange (16-byte tag)."),
        _rule(ids.DSS_SUITE, Severity.WARNING, "a DSS suite (the server signs with a DSA key)",
              "DSS suites need a DSA server certificate. FIPS 186-5 (2023) no longer approves "
              "DSA for generating signatures, only for verifying old ones, and TLS 1.3 has no "
              "DSA signature scheme (RFC 8446). NIST SP 800-52r2 (2019) lists DHE-DSS suites for "
              "servers with DSA certificates in section 3.3.1.1; nist-800-52r2 leaves them out.",
              "Use an ECDSA or RSA certificate and ECDHE suites."),
        _rule(ids.NOT_IN_OPENSSL, Severity.WARNING, "a suite that current OpenSSL does not offer",
              "OpenSSL skips the names of a cipher list that it does not offer without a word, "
              "and rejects the whole list when it offers none of them. OpenSSL 1.1.0 removed the "
              "static DH and ECDH, single-DES, export and RC2 suites and builds RC4 and 3DES "
              "suites only when configured with enable-weak-ssl-ciphers; OpenSSL 3 offers SEED "
              "and IDEA suites only with its legacy provider loaded. FairCom's documented "
              "SSL_CIPHERS default starts with ECDH-ECDSA-AES128-GCM-SHA256, a static ECDH "
              "suite, and FairCom documents OpenSSL 3.0 (its FIPS module for FIPS_ENCRYPTION).",
              "Remove the suite, or use one the server's OpenSSL offers (an ECDHE AEAD suite)."),
        # --- FCS6xx: configuration ------------------------------------------------------------
        _rule(ids.PLAIN_DATABASE, Severity.WARNING,
              "plain SQL, ISAM and CTDB connections are allowed",
              "With `tls_only = false` (SSL_CONNECTIONS_ONLY NO) clients may connect without "
              "TLS, and passwords and data cross the network in clear text.",
              "Set `tls_only = true`, or allow FCS601 with the reason (legacy clients)."),
        _rule(ids.PLAIN_TWIN, Severity.WARNING, "a plain listener enabled beside its TLS twin",
              "The plain port offers the same service without encryption, so clients (and "
              "their passwords) can still use it.",
              "Set `enabled = false` on the plain listener."),
        _rule(ids.ANONYMOUS_MQTT, Severity.WARNING,
              "anonymous MQTT login on a TLS listener without client certificates",
              "With \"none\" in mqtt.authentication and no tls.client_ca, anyone who reaches "
              "the port can publish and subscribe; TLS hides the traffic but proves nobody's "
              "identity.",
              'Remove "none" from mqtt.authentication, or add tls.client_ca to the listener.'),
        _rule(ids.SHARED_MEMORY_BESIDE_TLS_ONLY, Severity.INFO,
              "shared memory stays on beside tls_only",
              "Shared memory is never encrypted and local clients silently use it, so "
              "SSL_CONNECTIONS_ONLY YES does not cover them (the vendor template says so).",
              "Set `shared_memory = false` in [database] unless local clients need it."),
        _rule(ids.DEBUG_LOG, Severity.WARNING, "a TLS debug log in production",
              "DEBUG_LOG writes handshake details to a file on every connection: it grows "
              "without bound and tells an attacker more than it should.",
              "Move `debug_log` to a development [env.NAME] overlay."),
        _rule(ids.OPTIONAL_CLIENT_CERT, Severity.WARNING,
              "x509 login without required client certificates",
              "x509_AUTHENTICATION uses a client certificate when one is presented; without "
              "VERIFY_CLIENT_CERTIFICATE YES the certificate stays optional and clients log "
              "in with passwords as before.",
              "Add `verify_client_certs = true` to [database]."),
        _rule(ids.GUIDE_EXAMPLE, Severity.INFO, "a cipher policy copied from the FairCom guide",
              "faircom-minimal and faircom-maximal describe the guide's examples, for servers "
              "configured that way; 'maximally secure' is a name, not a property.",
              "Use tlsref-intermediate (or nist-800-52r2-aead) for new configurations."),
        _rule(ids.DISABLED_DATABASE, Severity.WARNING,
              "a disabled database TLS block with settings",
              "With `enabled = false` the SSL block is commented out: SQL, ISAM and CTDB "
              "connections are not encrypted, and the settings beside it have no effect.",
              "Remove `enabled = false`, or the settings that do nothing."),
        _rule(ids.NO_TLS_LISTENER, Severity.WARNING,
              "every TLS listener is disabled while plain listeners are on",
              "The app server then speaks only plain HTTP or MQTT: every JSON API call and "
              "MQTT message crosses the network in clear text.",
              "Enable a TLS listener, or disable the plain ones."),
        _rule(ids.PLAIN_MQTT_PASSWORDS, Severity.WARNING, "MQTT passwords over a plain listener",
              "With \"password\" in mqtt.authentication, an enabled mqtt or mqttws listener "
              "receives user names and passwords in clear text.",
              "Disable the plain MQTT listeners and use mqtts or mqttwss."),
        _rule(ids.ANONYMOUS_PLAIN_MQTT, Severity.WARNING,
              "anonymous MQTT login over a plain listener",
              "With \"none\" in mqtt.authenticationMethods, an enabled mqtt or mqttws listener "
              "lets anyone publish and subscribe without credentials, and nothing is encrypted.",
              'Remove "none" from the methods and disable the plain MQTT listeners.'),
        _rule(ids.SHARED_MEMORY_ON, Severity.WARNING,
              "shared memory is on beside SSL_CONNECTIONS_ONLY YES",
              "ctsrvr.cfg keeps COMM_PROTOCOL FSHAREMM active while the SSL block admits only "
              "TLS: shared memory is never encrypted and local clients silently use it. FairCom's "
              "own template says to comment it out (\"Be sure to deactivate (comment out) your "
              "Shared Memory Protocol\").",
              "Set `shared_memory = false` in [database] (or comment the line out) unless local "
              "clients need it."),
        _rule(ids.DATABASE_TLS_OFF, Severity.WARNING, "database TLS is off",
              "With the SSL block disabled (its SUBSYSTEM line commented out, as FairCom ships "
              "it) or absent, SQL, ISAM and CTDB connections are not encrypted.",
              'Add [database] with `cert = "NAME"` to the spec and compile, or remove '
              "`enabled = false`."),
        _rule(ids.STRAY_LINES, Severity.WARNING, "uncommented lines inside a disabled SSL block",
              "A commented SUBSYSTEM header disables the whole block (V11.5 and later), but "
              "FairCom does not document what it does with uncommented lines inside it, and a "
              "reader takes them for active settings.",
              "Comment them out like the header, or enable the block."),
        _rule(ids.TLS_WITHOUT_CERT_FILE, Severity.WARNING, "TLS without a certificate file",
              "An enabled https, mqtts or mqttwss listener without certificateFilename "
              "(serverCertificateFilename) serves FairCom's documented default "
              "./web/fccert.pem, the self-signed certificate of every install; an enabled SSL "
              "block without SERVER_CERTIFICATE_FILE cannot serve TLS.",
              "Name the certificate: `tls.cert` for a listener, `cert` in [database]."),
        _rule(ids.SHARED_PORT, _E, "two enabled listeners on one port",
              "Only one listener can listen on a port. A listener of the spec can clash with a "
              "listener of services.json that the spec does not name.",
              "Give one of them another port, or disable one."),
        _rule(ids.STALE_ALLOWANCE, Severity.WARNING, "an allowance that matched nothing",
              "An entry of [lint] allow that accepts no finding is stale: the risk it "
              "documents is gone, or the rule id names the wrong rule.",
              "Delete the entry, or fix its rule id."),
        # --- FCS8xx: fcsec import --------------------------------------------------------------
        _rule(ids.IMPORT_LEFT_OUT, Severity.WARNING,
              "a part of the config files that the import leaves out",
              "The spec says only what compiles back to the same bytes; a part it cannot say "
              "stays in the file, unmanaged, as fcsec does with every part a spec does not "
              "name.",
              "Read the reason; change the file if you want fcsec to manage the part, then "
              "import again, or add it to the spec by hand."),
        _rule(ids.IMPORT_NOTE, Severity.INFO, "a choice the import made",
              "Where the files allow more than one spec (the product behind a certificate key "
              "spelling, a disabled SSL block), the import says what it chose."),
        _rule(ids.IMPORT_WOULD_OVERWRITE, _E, "the import would overwrite a file",
              "fcsec import never replaces an existing spec unless asked to, and never writes "
              "a config file.",
              "Add --force, or write the spec elsewhere with -o."),
        _rule(ids.NOTHING_TO_IMPORT, _E, "nothing to import",
              "The config folder holds neither services.json nor ctsrvr.cfg.",
              "Give the folder that holds them: --config-dir <faircom>/config."),
        _rule(ids.NOT_REPRODUCED, _E, "the imported spec would change the config files",
              "fcsec import checks its spec by compiling it against the files it read; a spec "
              "that would change a byte is not written.",
              "This is a bug in fcsec import: report it with the config files."),
        # --- FCS9xx: files and the command line -------------------------------------------------
        _rule(ids.CANNOT_READ, _E, "cannot read a file"),
        _rule(
            ids.CANNOT_WRITE,
            _E,
            "cannot write a file",
            "fcsec writes atomically: the original file is left as it was.",
            "Check the folder's permissions and free space, then run the command again.",
        ),
        _rule(ids.CONFIG_DIR_UNUSABLE, _E, "the config folder is not usable"),
        _rule(ids.NOT_A_REGULAR_FILE, _E, "not a regular file",
              "fcsec reads specs, config files and certificate files only when they are regular "
              "files: reading a FIFO or a device could block forever or never end.",
              "Give the path of the file itself, not of a pipe, device, socket or folder."),
        _rule(ids.FILE_TOO_LARGE, _E, "a file larger than fcsec reads",
              "Specs and config files have a size limit, so a wrong path (a disk image, a log) "
              "cannot exhaust memory.",
              "Check the path; the message names the limit."),
        _rule(ids.CONFIG_NOT_UTF8, _E, "a config file that is not UTF-8 text",
              "fcsec edits ctsrvr.cfg and services.json as UTF-8 text (stray Latin-1 bytes are "
              "kept as they are). A UTF-16 or UTF-32 file, or one with NUL bytes, would be "
              "corrupted by an edit, so fcsec refuses it and leaves it unchanged.",
              "Convert the file to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`), then run fcsec again."),
        _rule(ids.FOLDER_LOCKED, _E, "another fcsec run holds the config folder",
              "Runs that write one config folder are serialised by an advisory lock "
              "(`.fcsec.lock` in the folder), so two specs never end up half in each file.",
              "Wait for the other run to finish (the message names it), or raise "
              "`--lock-timeout`."),
        _rule(ids.PROJECT_FILE, _E, "a project file (fcsec.toml) fcsec cannot use",
              "`fcsec project` runs check and compile for every [targets.NAME] of fcsec.toml; a "
              "target without its spec or config folder would be skipped without a word.",
              'Give each target `spec` and `config_dir` (and `env` for an overlay): '
              '[targets.db]\nspec = "security.fcsec"\nconfig_dir = "config".'),
        # --- FCS7xx: live checks (fcsec certs, fcsec probe, fcsec export) -------------------
        _rule(ids.PKI_EXISTS, _E, "a file of the development PKI already exists",
              "fcsec certs never overwrites a key or a certificate: a lost CA key cannot be "
              "recovered.",
              "Move the old files away or pick another folder; nothing was written."),
        _rule(ids.PKI_CANNOT_WRITE, _E, "cannot write the development PKI",
              "Nothing of the run is left behind.",
              "Check the folder's permissions and free space."),
        _rule(ids.CANNOT_PROBE, _E, "cannot probe the server",
              "No TCP connection or no TLS handshake could be made.",
              "Check the host, the port and that the server is running."),
        _rule(ids.NO_OPENSSL, _E, "the openssl binary is missing",
              "Python's ssl cannot pick TLS 1.3 suites, so fcsec probe runs `openssl s_client`.",
              "Install OpenSSL."),
        _rule(ids.NO_SUCH_TLS_SCOPE, _E, "the spec has no such TLS listener or [database]",
              "--listener and --database name what the spec says is on the probed port.",
              "Use a listener with TLS from the spec (the hint lists them)."),
        _rule(ids.NO_TLS_ON_PORT, _E, "no TLS on this port",
              "Something accepted the TCP connection, but no TLS handshake was made at any "
              "version: it closed at once, answered in another protocol, or refused every "
              "version.",
              "Check the port: it may be a plain (non-TLS) listener or another service."),
        _rule(ids.VERSION_NOT_ALLOWED, _E,
              "the server accepts a TLS version the spec does not allow",
              "The versions a spec allows are those its suites can be negotiated at.",
              "Restrict the server's OpenSSL, or its suites; then probe again."),
        _rule(ids.SUITE_NOT_ALLOWED, _E, "the server accepts a suite the spec does not allow",
              "The deployed config differs from the spec, or the server ignores it.",
              "Run fcsec compile, restart the server, probe again."),
        _rule(ids.SUITE_REFUSED, _E, "the server refuses a suite the spec allows",
              "Its certificate could serve the suite, so the deployed config differs.",
              "Run fcsec compile, restart the server, probe again."),
        _rule(ids.SUITE_UNSERVABLE, Severity.INFO,
              "a suite the spec allows that the certificate cannot serve",
              "An ECDSA certificate cannot serve RSA suites and vice versa; not a difference."),
        _rule(ids.CLIENT_CERT_DIFFERS, _E,
              "the client-certificate requirement differs from the spec",
              "tls.client_ca (listeners) and verify_client_certs (database) decide whether "
              "clients must present a certificate.",
              "Run fcsec compile, restart the server, probe again."),
        _rule(ids.WRONG_SERVER_CERT, _E, "the server's certificate is not the one the spec names",
              "Compared by SHA-256 fingerprint with the first certificate of the spec's file.",
              "Deploy the spec's certificate and restart the server."),
        _rule(ids.CHAIN_NOT_VERIFIED, _E, "the server's chain does not verify against --ca",
              "The CA given with --ca did not sign the chain, or the certificate names another "
              "host."),
        _rule(ids.NOT_COMPARED, Severity.INFO, "something fcsec probe could not compare",
              "A certificate file not at hand, a suite the local openssl cannot offer, a policy "
              "that leaves the suites to the server."),
        _rule(ids.ROUND_TRIP_FAILED, _E, "the MQTT round trip failed",
              "Connect, subscribe, publish, receive and disconnect must all succeed.",
              "The message names the reason: handshake failed, certificate required, not "
              "authorized, timeout."),
        _rule(ids.NO_PAHO, _E, "paho-mqtt is not installed",
              "MQTT round trips use paho-mqtt, an optional dependency.",
              "pip install 'fcsec[mqtt]'."),
        _rule(ids.CANNOT_EXPORT, _E, "the listener's policy cannot be exported",
              "An exported profile needs a list of suites.",
              "Name a built-in profile or list the suites."),
    )
}
