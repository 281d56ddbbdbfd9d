"""The spec's part of the rule catalogue (``fcsec.rules``): FCS0xx (and FCS1xx), its syntax,
its keys and their types, and what the values mean."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fcsec import rule_ids as ids
from fcsec.diagnostics import Severity

if TYPE_CHECKING:
    from fcsec.rules import RuleRow

_E = Severity.ERROR
_W = Severity.WARNING

ROWS: tuple[RuleRow, ...] = (
    # --- FCS0xx: the spec -----------------------------------------------------------------
    (ids.SPEC_SYNTAX, _E, "spec syntax error",
     "The spec is a strict subset of TOML; fcsec stops at the first token it cannot read.",
     "Fix the text at the caret; the message says what was expected there."),
    (ids.SPEC_NOT_UTF8, _E, "the spec is not valid UTF-8",
     "Specs are UTF-8 text, like every TOML file.",
     "Save the file as UTF-8."),
    (ids.SPEC_BAD_CHARACTER, _E, "a byte order mark, NUL or control character in the spec",
     "TOML forbids them; they usually come from a binary file or a bad copy and paste.",
     "Remove the character; save as UTF-8 without BOM."),
    (ids.UNSUPPORTED_TOML, _E, "a TOML feature that the spec language leaves out",
     "Floats, dates, multi-line strings and arrays of tables have no use in a spec, and "
     "leaving them out keeps every spec readable by every TOML tool.",
     "Write the value as a string or an integer; name tables instead of [[arrays]]."),
    (ids.TOO_DEEP, _E, "a value nested too deeply",
     "No key of the language takes nested arrays or tables; deep nesting is a mistake "
     "or an attack on the parser.",
     "Flatten the value."),
    (ids.DEFINED_TWICE, _E, "a key or table defined twice",
     "TOML allows each key and each table once; a second definition would silently "
     "win in some tools and fail in others.",
     "Keep one definition and delete the other."),
    (ids.BAD_LANGUAGE_VERSION, _E, "missing or unsupported language version",
     "`fcsec = 1` says which language the file is written in, so a later fcsec can "
     "read it the same way.",
     "Start the spec with `fcsec = 1`."),
    (ids.UNKNOWN_KEY, _E, "unknown key",
     "A misspelt key would otherwise be ignored and its setting silently lost.",
     "Use the key the hint suggests; docs/language.md lists every key."),
    (ids.DUPLICATE_PORT, _E, "two listeners on one port",
     "FairCom needs different ports for TLS and non-TLS listeners; two listeners on one "
     "port stop the app server from starting.",
     "Give each listener its own port."),
    (ids.WRONG_TYPE, _E, "a value of the wrong type",
     "FairCom reads ports as numbers and switches as booleans; a string there is a typo.",
     "Write the type the message names."),
    (ids.UNKNOWN_CERT, _E, "unknown certificate name",
     "Certificates are declared once in [certs.NAME] and used by name.",
     "Declare the certificate, or use the name the hint suggests."),
    (ids.UNKNOWN_POLICY, _E, "unknown cipher policy",
     "A cipher policy is a [ciphers.NAME] entry or a built-in profile.",
     "Use a declared name or a built-in profile (docs/language.md lists them)."),
    (ids.PORT_OUT_OF_RANGE, _E, "port outside 1-65535", "TCP ports are 1 to 65535.",
     "Pick a port in range."),
    (ids.BAD_CHOICE, _E, "a value outside its vocabulary",
     "Products, protocols and MQTT authentication methods are fixed lists.",
     "Use one of the values the hint lists."),
    (ids.TLS_WITHOUT_CERT, _E, "a TLS listener without a certificate",
     "https, mqtts and mqttwss listeners cannot start without a server certificate.",
     'Add `tls.cert = "NAME"`.'),
    (ids.TLS_ON_PLAIN, _E, "tls settings on a plain listener",
     "http, mqtt and mqttws listeners never use TLS; their tls settings would be "
     "ignored and give a false sense of security.",
     "Use the secure protocol on its own port, or remove the tls keys."),
    (ids.UNKNOWN_SUITE, _E, "unknown cipher suite",
     "An unknown name would make the server refuse the list or silently drop the suite "
     "(the vendor template's own example holds the typo AES256-GCM-SHA38).",
     "Use the name the hint suggests; suites are named by IANA or OpenSSL name."),
    (ids.MQTT_WITHOUT_CLIENT_CA, _W, "MQTT client-certificate login without a client CA",
     "Clients can only log in with a certificate when an MQTTS or MQTTWSS listener asks "
     "for one (certificateAuthoritiesFilename). FairCom starts without one (Edge ships "
     "that way), so this is a warning: the method is listed but cannot succeed.",
     'Add `tls.client_ca = "NAME"` to the mqtts listener.'),
    (ids.MQTT_WITHOUT_DATABASE_CERT, _W,
     "MQTT client-certificate login without a database certificate",
     "The FairCom guide requires SERVER_CERTIFICATE_FILE in ctsrvr.cfg for MQTT client "
     "certificates. Adding `[database] cert` enables the database TLS block, and "
     "`tls_only` then defaults to true: SSL_CONNECTIONS_ONLY YES locks out every SQL, "
     "ISAM and CTDB client that connects without TLS once the server restarts.",
     'Add [database] with `cert = "NAME"`; add `tls_only = false` as well while plain '
     "SQL, ISAM or CTDB clients must still connect (FCS601 then names that risk)."),
    (ids.UNKNOWN_OVERLAY_KEY, _E, "an overlay key that does not exist",
     "An [env.NAME] overlay may only patch keys of the language; a typo would make the "
     "environment silently differ from what its author meant.",
     "Use the key the hint suggests."),
    (ids.UNKNOWN_ENV, _E, "unknown environment", "--env names an [env.NAME] section.",
     "Use one of the environments the hint lists."),
    (ids.MISSING_KEY, _E, "a required key is missing",
     "Listeners need a protocol and a port, certificates a file, x509_login a path.",
     "Add the key the message names."),
    (ids.POLICY_SHAPE, _E, "a cipher policy needs exactly one of profile and suites",
     "A [ciphers.NAME] entry is either a built-in profile or an explicit list.",
     "Keep one of the two keys."),
    (ids.CANNOT_EXPRESS, _E, "a setting the target file cannot express",
     "services.json takes lists of suites; SSL_CIPHERS covers TLS 1.2 and older only.",
     "Use a policy the target can express."),
    (ids.DATABASE_WITHOUT_CERT, _E, "the database TLS block without a certificate",
     "FairCom requires SERVER_CERTIFICATE_FILE in an enabled SSL block.",
     'Add `cert = "NAME"` to [database], or `enabled = false`.'),
    (ids.CONTROL_CHARACTER, _E, "a control character in a value or a name",
     "In a value, almost always a Windows path in double quotes: \\f, \\b and \\n are "
     "escapes there. In a name ([listeners.NAME], [certs.NAME], ...), control characters "
     "and bidirectional overrides would reach services.json and every terminal.",
     "Write paths in single quotes: 'C:\\faircom\\ca.pem'; name tables with letters, "
     "digits, `-` and `_`."),
    (ids.EMPTY_VALUE, _E, "an empty value",
     "An empty file name or setting is never what FairCom needs.",
     "Give a value, or leave the key out."),
    (
        ids.UNKNOWN_RULE,
        _E,
        "[lint] allow names a rule that does not exist",
        "An allowance for a misspelt rule would accept nothing and hide the intent.",
        "Use the id `fcsec check` printed; docs/rules.md lists every rule.",
    ),
)
