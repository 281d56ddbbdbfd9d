"""The catalogue of rule ids: one stable id per kind of finding, with its rationale and fix.

Ids are grouped: FCS0xx spec syntax and language, FCS1xx spec meaning, FCS2xx ctsrvr.cfg
structure, FCS3xx services.json structure, FCS9xx files and the command line. An id never
changes meaning once released; a retired id is never reused.
"""

from __future__ import annotations

import attrs

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
        _rule("FCS001", _E, "spec syntax error",
              "The spec is a strict subset of TOML; fcsec stops at the first token it cannot read.",
              "Fix the text at the caret; the message says what was expected there."),
        _rule("FCS002", _E, "the spec is not valid UTF-8",
              "Specs are UTF-8 text, like every TOML file.",
              "Save the file as UTF-8."),
        _rule("FCS003", _E, "a byte order mark, NUL or control character in the spec",
              "TOML forbids them; they usually come from a binary file or a bad copy and paste.",
              "Remove the character; save as UTF-8 without BOM."),
        _rule("FCS004", _E, "a TOML feature that the spec language leaves out",
              "Floats, dates, multi-line strings and arrays of tables have no use in a spec, and "
              "leaving them out keeps every spec readable by every TOML tool.",
              "Write the value as a string or an integer; name tables instead of [[arrays]]."),
        _rule("FCS005", _E, "a value nested too deeply",
              "No key of the language takes nested arrays or tables; deep nesting is a mistake "
              "or an attack on the parser.",
              "Flatten the value."),
        _rule("FCS006", _E, "a key or table defined twice",
              "TOML allows each key and each table once; a second definition would silently "
              "win in some tools and fail in others.",
              "Keep one definition and delete the other."),
        _rule("FCS010", _E, "missing or unsupported language version",
              "`fcsec = 1` says which language the file is written in, so a later fcsec can "
              "read it the same way.",
              "Start the spec with `fcsec = 1`."),
        _rule("FCS011", _E, "unknown key",
              "A misspelt key would otherwise be ignored and its setting silently lost.",
              "Use the key the hint suggests; docs/language.md lists every key."),
        _rule("FCS012", _E, "two listeners on one port",
              "FairCom needs different ports for TLS and non-TLS listeners; two listeners on one "
              "port stop the app server from starting.",
              "Give each listener its own port."),
        _rule("FCS013", _E, "a value of the wrong type",
              "FairCom reads ports as numbers and switches as booleans; a string there is a typo.",
              "Write the type the message names."),
        _rule("FCS014", _E, "unknown certificate name",
              "Certificates are declared once in [certs.NAME] and used by name.",
              "Declare the certificate, or use the name the hint suggests."),
        _rule("FCS015", _E, "unknown cipher policy",
              "A cipher policy is a [ciphers.NAME] entry or a built-in profile.",
              "Use a declared name or a built-in profile (docs/language.md lists them)."),
        _rule("FCS016", _E, "port outside 1-65535", "TCP ports are 1 to 65535.",
              "Pick a port in range."),
        _rule("FCS017", _E, "a value outside its vocabulary",
              "Products, protocols and MQTT authentication methods are fixed lists.",
              "Use one of the values the hint lists."),
        _rule("FCS018", _E, "a TLS listener without a certificate",
              "https, mqtts and mqttwss listeners cannot start without a server certificate.",
              'Add `tls.cert = "NAME"`.'),
        _rule("FCS019", _E, "tls settings on a plain listener",
              "http, mqtt and mqttws listeners never use TLS; their tls settings would be "
              "ignored and give a false sense of security.",
              "Use the secure protocol on its own port, or remove the tls keys."),
        _rule("FCS020", _E, "unknown cipher suite",
              "An unknown name would make the server refuse the list or silently drop the suite "
              "(the vendor template's own example holds the typo AES256-GCM-SHA38).",
              "Use the name the hint suggests; suites are named by IANA or OpenSSL name."),
        _rule("FCS022", _E, "MQTT client-certificate login without a client CA",
              "Clients can only log in with a certificate when an MQTTS or MQTTWSS listener asks "
              "for one (certificateAuthoritiesFilename).",
              'Add `tls.client_ca = "NAME"` to the mqtts listener.'),
        _rule("FCS023", _E, "MQTT client-certificate login without a database certificate",
              "The FairCom guide requires SERVER_CERTIFICATE_FILE in ctsrvr.cfg for MQTT client "
              "certificates.",
              'Add [database] with `cert = "NAME"`.'),
        _rule("FCS024", _E, "an overlay key that does not exist",
              "An [env.NAME] overlay may only patch keys of the language; a typo would make the "
              "environment silently differ from what its author meant.",
              "Use the key the hint suggests."),
        _rule("FCS025", _E, "unknown environment", "--env names an [env.NAME] section.",
              "Use one of the environments the hint lists."),
        _rule("FCS026", _E, "a required key is missing",
              "Listeners need a protocol and a port, certificates a file, x509_login a path.",
              "Add the key the message names."),
        _rule("FCS028", _E, "a cipher policy needs exactly one of profile and suites",
              "A [ciphers.NAME] entry is either a built-in profile or an explicit list.",
              "Keep one of the two keys."),
        _rule("FCS029", _E, "a setting the target file cannot express",
              "services.json takes lists of suites; SSL_CIPHERS covers TLS 1.2 and older only.",
              "Use a policy the target can express."),
        _rule("FCS030", _E, "the database TLS block without a certificate",
              "FairCom requires SERVER_CERTIFICATE_FILE in an enabled SSL block.",
              'Add `cert = "NAME"` to [database], or `enabled = false`.'),
        _rule("FCS033", _E, "a control character in a value",
              "Almost always a Windows path in double quotes: \\f, \\b and \\n are escapes there.",
              "Write paths in single quotes: 'C:\\faircom\\ca.pem'."),
        _rule("FCS034", _E, "an empty value",
              "An empty file name or setting is never what FairCom needs.",
              "Give a value, or leave the key out."),
        _rule(
            "FCS035",
            _E,
            "[lint] allow names a rule that does not exist",
            "An allowance for a misspelt rule would accept nothing and hide the intent.",
            "Use the id `fcsec check` printed; docs/rules.md lists every rule.",
        ),
        # --- FCS2xx: ctsrvr.cfg structure -------------------------------------------------------
        _rule(
            "FCS201",
            _E,
            "closing `}` without an open SUBSYSTEM block",
            "FairCom stops reading the file at a stray `}`; fcsec cannot tell which block you "
            "meant.",
            "Remove the `}` or add the missing `SUBSYSTEM CLASS NAME {` line above it.",
        ),
        _rule(
            "FCS202",
            _E,
            "SUBSYSTEM block is never closed",
            "Without its `}` the block swallows every keyword after it.",
            "Add a line holding only `}` where the block ends.",
        ),
        _rule(
            "FCS203",
            _E,
            "SUBSYSTEM block opened inside another block",
            "FairCom does not nest SUBSYSTEM blocks.",
            "Close the first block with `}` before opening the next.",
        ),
        _rule(
            "FCS204",
            _E,
            "more than one SUBSYSTEM COMM_PROTOCOL SSL block",
            "fcsec manages exactly one SSL block and cannot tell which one the server uses.",
            "Merge the blocks into one, or delete the one you do not want.",
        ),
        # --- FCS3xx: services.json structure ----------------------------------------------------
        _rule(
            "FCS301",
            _E,
            "services.json is not valid JSON",
            "FairCom will not start its app server with a broken services.json, and fcsec never "
            "rewrites a file it cannot read.",
            "Fix the JSON at the position shown (a missing comma or quote is the usual cause).",
        ),
        _rule(
            "FCS302",
            _E,
            "services.json does not have the shape FairCom reads",
            "fcsec edits the `listeners` array and the `mqtt` object; it refuses to guess when "
            "they have another type.",
            "Make the top level an object, `listeners` an array of objects and `mqtt` an object.",
        ),
        _rule(
            "FCS303",
            _E,
            "two listeners in services.json share a serviceName the spec manages",
            "fcsec cannot tell which of them the spec describes.",
            "Rename or delete one of the listeners.",
        ),
        # --- FCS9xx: files and the command line -------------------------------------------------
        _rule("FCS901", _E, "cannot read a file"),
        _rule(
            "FCS902",
            _E,
            "cannot write a file",
            "fcsec writes atomically: the original file is left as it was.",
            "Check the folder's permissions and free space, then run the command again.",
        ),
        _rule("FCS903", _E, "the config folder is not usable"),
    )
}
