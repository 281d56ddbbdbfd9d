"""fcsec.spec.structure: the language's keys and their types, checked before anything is resolved.

Every key of the schema is accepted with a value of its type and rejected (FCS013, at the value)
with a value of another type; unknown keys get the closest known name; required keys are named
where the table is declared.
"""

from __future__ import annotations

import pytest
from tests.spec.helpers import only, text_at, tree, where

from fcsec.diagnostics import Diagnostic
from fcsec.spec.schema import Key, Kind, walk
from fcsec.spec.structure import check_overlay, check_structure

#: Spec literals of a value of each kind (the test fails when a new kind has none).
VALID: dict[Kind, tuple[str, ...]] = {
    Kind.STRING: ('"x"',),
    Kind.INTEGER: ("1",),
    Kind.BOOLEAN: ("true", "false"),
    Kind.BOOLEAN_OR_DEFAULT: ("true", "false", '"faircom-default"'),
    Kind.STRING_LIST: ('["x", "y"]', "[]"),
    Kind.STRING_OR_LIST: ('"x"', '["x"]'),
    Kind.CIPHERS: ('"x"', '["x"]', '{ openssl = "ALL" }'),
    Kind.RULE_LIST: ('[{ rule = "FCS101", reason = "why" }]',),
    Kind.TABLE: ("{}",),
    Kind.NAMED_TABLES: ("{}",),
}
WRONG: dict[Kind, tuple[str, ...]] = {
    Kind.STRING: ("1", "true", '["x"]'),
    Kind.INTEGER: ('"8443"', "true"),
    Kind.BOOLEAN: ('"true"', "1"),
    Kind.BOOLEAN_OR_DEFAULT: ("1", "[true]", '"yes"'),
    Kind.STRING_LIST: ('"x"', "[1]"),
    Kind.STRING_OR_LIST: ("1", "[true]"),
    Kind.CIPHERS: ("1", "[1]"),
    Kind.RULE_LIST: ('"FCS101"', '["FCS101"]'),
    Kind.TABLE: ('"x"', "1"),
    Kind.NAMED_TABLES: ('"x"',),
}
KEYS: list[tuple[str, Key]] = walk()


def _dotted(path: str) -> str:
    return path.replace(".NAME.", ".x.")


def _check(text: str) -> list[Diagnostic]:
    return check_structure(tree(text))


def _rules(diagnostics: list[Diagnostic]) -> list[str]:
    return [diagnostic.rule for diagnostic in diagnostics]


@pytest.mark.parametrize(
    ("path", "literal"),
    [(path, literal) for path, key in KEYS for literal in VALID[key.kind]],
)
def test_every_key_is_accepted_with_a_value_of_its_type(path: str, literal: str) -> None:
    diagnostics = _check(f"{_dotted(path)} = {literal}\n")
    assert not {"FCS011", "FCS013"} & set(_rules(diagnostics)), diagnostics


@pytest.mark.parametrize(
    ("path", "literal"),
    [(path, literal) for path, key in KEYS for literal in WRONG[key.kind]],
)
def test_every_key_rejects_a_value_of_another_type_at_the_value(path: str, literal: str) -> None:
    text = f"{_dotted(path)} = {literal}\n"
    diagnostic = only(tuple(_check(text)), "FCS013")
    assert text_at(diagnostic.span) == literal
    assert diagnostic.message.startswith(f"`{_dotted(path)}` must be ")


def test_every_kind_has_samples() -> None:
    assert set(Kind) <= set(VALID) & set(WRONG)


def test_wrong_type_message_names_both_types_and_gives_an_example() -> None:
    (diagnostic,) = _check('[listeners.a]\nprotocol = "https"\nport = "8443"\n')
    assert diagnostic.message == "`listeners.a.port` must be an integer, found a string"
    assert diagnostic.label == "expected integer"
    assert diagnostic.hint == "write an integer; for example `port = 8443`"


def test_table_given_a_value_is_told_to_be_a_section() -> None:
    (diagnostic,) = _check('certs = "server.pem"\n')
    assert diagnostic.message == "`certs` must be a table, found a string"
    assert diagnostic.hint == "write it as a section: [certs.NAME]"


def test_named_entry_that_is_not_a_table_is_fcs013() -> None:
    (diagnostic,) = _check('certs.server = "server.pem"\n')
    assert diagnostic.rule == "FCS013"
    assert diagnostic.hint == "write it as a section: [certs.server]"


def test_overlay_that_is_not_a_table_is_fcs013() -> None:
    (diagnostic,) = _check("env.dev = 1\n")
    assert diagnostic.rule == "FCS013"
    assert text_at(diagnostic.span) == "1"


def test_overlay_keys_are_not_checked_as_base_keys() -> None:
    assert _check("[env.dev]\ndatabase.tls_only = false\n") == []


# --- unknown keys -----------------------------------------------------------------------------
def test_unknown_key_suggests_the_closest_name() -> None:
    (diagnostic,) = _check('[server]\nprodcut = "faircom-db"\n')
    assert diagnostic.rule == "FCS011"
    assert diagnostic.message == "unknown key `prodcut` in [server]"
    assert diagnostic.hint == "did you mean `product`?"
    assert where(diagnostic.span) == (2, 1)


def test_unknown_top_level_key_suggests_the_closest_section() -> None:
    (diagnostic,) = _check("[listener.a]\n")
    assert diagnostic.message == "unknown key `listener` at the top level"
    assert diagnostic.hint == "did you mean `listeners`?"


def test_unknown_key_in_a_named_table_names_the_table() -> None:
    diagnostics = _check('[certs.server]\nfile = "a"\nkye = "b"\n')
    assert only(tuple(diagnostics), "FCS011").message == "unknown key `kye` in [certs.server]"


def test_unknown_key_without_a_close_name_lists_the_known_keys() -> None:
    (diagnostic,) = _check("[mqtt]\nzzz = 1\n")
    assert diagnostic.hint == "known keys: authentication"


def test_unknown_key_of_an_openssl_cipher_table_suggests_openssl() -> None:
    diagnostics = _check('database.ciphers = { opnssl = "ALL" }\n')
    assert only(tuple(diagnostics), "FCS011").hint == "did you mean `openssl`?"


def test_unknown_key_is_located_at_the_key_in_a_dotted_key() -> None:
    (diagnostic,) = _check("database.tls_onyl = true\n")
    assert text_at(diagnostic.span) == "tls_onyl"


# --- required keys ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[certs.server]\nkey = "k.pem"\n', "[certs.server] needs `file`"),
        ("[listeners.a]\nport = 1\n", "[listeners.a] needs `protocol`"),
        ('[listeners.a]\nprotocol = "http"\n', "[listeners.a] needs `port`"),
        ("[database.x509_login]\n", "[database.x509_login] needs `path`"),
        ("database.ciphers = {}\n", "[database.ciphers] needs `openssl`"),
    ],
)
def test_missing_required_key_is_fcs026(text: str, message: str) -> None:
    diagnostic = only(tuple(_check(text)), "FCS026")
    assert diagnostic.message == message


def test_missing_key_points_at_the_header() -> None:
    (diagnostic,) = _check('fcsec = 1\n[certs.server]\nkey = "k.pem"\n')
    assert text_at(diagnostic.span) == "[certs.server]"
    assert diagnostic.hint == 'add `file = "serverCert.pem"`'


def test_missing_key_of_a_dotted_table_points_at_its_name() -> None:
    (diagnostic,) = _check('[listeners.a]\nprotocol = "https"\nport = 1\ntls.ciphers = "x"\n')
    assert where(diagnostic.span) == (4, 1)
    assert text_at(diagnostic.span) == "tls"


def test_missing_key_of_an_inline_table_points_at_the_braces() -> None:
    (diagnostic,) = _check('database.x509_login = { prefix = "fc-" }\n')
    assert text_at(diagnostic.span) == '{ prefix = "fc-" }'


# --- string values ----------------------------------------------------------------------------
def test_empty_string_is_fcs034() -> None:
    (diagnostic,) = _check('server.root = ""\n')
    assert diagnostic.rule == "FCS034"
    assert text_at(diagnostic.span) == '""'


def test_blank_string_is_fcs034() -> None:
    assert _rules(_check('server.root = "  "\n')) == ["FCS034"]


@pytest.mark.parametrize(
    ("value", "rule", "shown"),
    [('""', "FCS034", '""'), ('"  "', "FCS034", '"  "'), ('"a\\fb"', "FCS033", "\\f")],
)
def test_a_cipher_policy_name_is_held_to_what_other_strings_are(
    value: str, rule: str, shown: str
) -> None:
    text = f'[listeners.a]\nprotocol = "https"\nport = 1\ntls.cert = "c"\ntls.ciphers = {value}\n'
    (diagnostic,) = _check(text)
    assert (diagnostic.rule, text_at(diagnostic.span)) == (rule, shown)
    assert diagnostic.message.startswith("the value of `listeners.a.tls.ciphers`")


def test_a_problem_inside_a_table_of_a_named_table_names_its_full_path() -> None:
    text = '[listeners.a]\nprotocol = "https"\nport = 1\ntls.cert = ""\ntls.chipers = "x"\n'
    assert [diagnostic.message for diagnostic in _check(text)] == [
        "the value of `listeners.a.tls.cert` is empty",
        "unknown key `chipers` in [listeners.a.tls]",
    ]


def test_empty_description_is_allowed() -> None:
    assert _check('[listeners.a]\nprotocol = "http"\nport = 1\ndescription = ""\n') == []


def test_empty_string_in_a_list_is_fcs034() -> None:
    assert _rules(_check('mqtt.authentication = ["password", ""]\n')) == ["FCS034"]


def test_control_character_from_an_escape_points_at_the_escape() -> None:
    (diagnostic,) = _check('server.root = "C:\\\\x\\faircom"\n')
    assert diagnostic.rule == "FCS033"
    assert text_at(diagnostic.span) == "\\f"
    assert diagnostic.hint is not None and "single quotes" in diagnostic.hint


def test_control_character_from_a_unicode_escape_points_at_the_escape() -> None:
    (diagnostic,) = _check('server.root = "a\\u0007b"\n')
    assert text_at(diagnostic.span) == "\\u0007"


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\u001b", "U+001B"), ("\\u0085", "U+0085"), ("\\u202e", "U+202E"), ("\\u2066", "U+2066")],
)
def test_a_control_character_in_a_table_name_is_fcs033(escape: str, code: str) -> None:
    text = f'[certs."a{escape}b"]\nfile = "s.pem"\nkey = "s.key"\n'
    diagnostic = only(tuple(_check(text)), "FCS033")
    assert code in diagnostic.message
    assert text_at(diagnostic.span) == f'"a{escape}b"'


def test_a_printable_non_ascii_table_name_is_accepted() -> None:
    assert _check('[certs."zertifikat-ä"]\nfile = "s.pem"\nkey = "s.key"\n') == []


def test_all_problems_are_reported_together() -> None:
    text = '[server]\nprodcut = "x"\nroot = 1\n[certs.s]\nkey = "k"\n'
    assert sorted(_rules(_check(text))) == ["FCS011", "FCS013", "FCS026"]


# --- overlays ---------------------------------------------------------------------------------
def _overlay(text: str) -> list[Diagnostic]:
    env = tree(text).get("env")
    assert env is not None
    from fcsec.spec.document import Table

    assert isinstance(env.value, Table)
    dev = env.value.get("dev")
    assert dev is not None and isinstance(dev.value, Table)
    return check_overlay(dev.value, "dev")


def test_overlay_with_known_keys_is_clean() -> None:
    assert _overlay("[env.dev]\ndatabase.tls_only = false\nlisteners.h.enabled = true\n") == []


def test_overlay_unknown_key_is_fcs024_and_names_the_overlay() -> None:
    (diagnostic,) = _overlay("[env.dev]\ndatabase.tls_onyl = false\n")
    assert diagnostic.rule == "FCS024"
    assert "[env.dev]" in diagnostic.message
    assert diagnostic.hint == "did you mean `tls_only`?"
    assert text_at(diagnostic.span) == "tls_onyl"


def test_overlay_cannot_change_the_language_version() -> None:
    assert _rules(_overlay("[env.dev]\nfcsec = 2\n")) == ["FCS024"]


def test_overlay_wrong_type_is_fcs013() -> None:
    assert _rules(_overlay('[env.dev]\ndatabase.tls_only = "no"\n')) == ["FCS013"]


def test_overlay_does_not_need_required_keys() -> None:
    assert _overlay("[env.dev]\nlisteners.h.port = 8080\n") == []


# --- FairCom setting names written as keys ----------------------------------------------------
@pytest.mark.parametrize(
    ("text", "label", "hint"),
    [
        pytest.param(
            '[database]\nSSL_CIPHERS = "ALL"\n',
            "a ctsrvr.cfg setting, not a spec key",
            "`SSL_CIPHERS` is the ctsrvr.cfg setting; in the spec write `ciphers = ...` under "
            "[database]",
            id="SSL_CIPHERS",
        ),
        pytest.param(
            '[database]\nssl_ciphers = "ALL"\n',
            "a ctsrvr.cfg setting, not a spec key",
            "`ssl_ciphers` is the ctsrvr.cfg setting `SSL_CIPHERS`; in the spec write "
            "`ciphers = ...` under [database]",
            id="lower-case",
        ),
        pytest.param(
            '[database]\nSERVER_CERTIFICATE_FILE = "a.pem"\n',
            "a ctsrvr.cfg setting, not a spec key",
            "`SERVER_CERTIFICATE_FILE` is the ctsrvr.cfg setting; in the spec write "
            '`cert = "server"` under [database], or `file = "serverCert.pem"` under [certs.NAME]',
            id="SERVER_CERTIFICATE_FILE",
        ),
        pytest.param(
            '[database]\nx509_PATH = "CN"\n',
            "a ctsrvr.cfg setting, not a spec key",
            "`x509_PATH` is the ctsrvr.cfg setting; in the spec write `x509_login.path = "
            '"CN"` under [database]',
            id="x509_PATH",
        ),
        pytest.param(
            '[listeners.https8443]\ntls.certificateFilename = "a.pem"\n',
            "a services.json setting, not a spec key",
            "`certificateFilename` is the services.json setting; in the spec write "
            '`tls.cert = "server"` under [listeners.https8443], or `file = "serverCert.pem"` '
            "under [certs.NAME]",
            id="tls.certificateFilename",
        ),
        pytest.param(
            '[listeners.https8443]\nserverCertificateFilename = "a.pem"\n',
            "a services.json setting, not a spec key",
            "`serverCertificateFilename` is the services.json setting; in the spec write "
            '`tls.cert = "server"` under [listeners.https8443], or `file = "serverCert.pem"` '
            "under [certs.NAME]",
            id="serverCertificateFilename",
        ),
        pytest.param(
            "[listeners.https8443]\ntls.allowedCipherSuites = []\n",
            "a services.json setting, not a spec key",
            "`allowedCipherSuites` is the services.json setting; in the spec write "
            '`tls.ciphers = "strict"` under [listeners.https8443]',
            id="allowedCipherSuites",
        ),
        pytest.param(
            '[certs.server]\nfile = "a.pem"\nSERVER_PRIVATE_KEY_FILE = "k.pem"\n',
            "a ctsrvr.cfg setting, not a spec key",
            "`SERVER_PRIVATE_KEY_FILE` is the ctsrvr.cfg setting; in the spec write "
            '`key = "serverKey.pem"` under [certs.server], or `cert = "server"` under [database]',
            id="key-in-certs",
        ),
        pytest.param(
            'authenticationMethods = ["none"]\n',
            "a services.json setting, not a spec key",
            "`authenticationMethods` is the services.json setting; in the spec write "
            '`authentication = ["clientCertificate"]` under [mqtt]',
            id="authenticationMethods-at-the-top",
        ),
    ],
)
def test_a_faircom_setting_written_as_a_key_names_the_spec_key_that_writes_it(
    text: str, label: str, hint: str
) -> None:
    diagnostic = only(tuple(_check(text)), "FCS011")
    assert diagnostic.label == label
    assert diagnostic.hint == hint
    assert diagnostic.message.startswith("unknown key `")


def test_a_faircom_setting_in_an_overlay_names_the_dotted_spec_key() -> None:
    (diagnostic,) = _overlay('[env.dev]\ndatabase.SSL_CIPHERS = "ALL"\n')
    assert diagnostic.rule == "FCS024"
    assert diagnostic.hint == (
        "`SSL_CIPHERS` is the ctsrvr.cfg setting; in the spec write `database.ciphers = ...` "
        "in [env.dev]"
    )


def test_a_faircom_setting_deep_in_an_overlay_keeps_the_listener_name() -> None:
    (diagnostic,) = _overlay("[env.dev]\nlisteners.https8443.tls.allowedCipherSuites = []\n")
    assert diagnostic.hint == (
        "`allowedCipherSuites` is the services.json setting; in the spec write "
        '`listeners.https8443.tls.ciphers = "strict"` in [env.dev]'
    )


def test_every_faircom_setting_of_a_key_finds_that_key_in_any_case() -> None:
    from fcsec.spec.schema import setting_names, writers

    for path, key in KEYS:
        if key.kind in (Kind.TABLE, Kind.NAMED_TABLES) and not key.example:
            continue  # a section such as [database]: one writes keys in it, not a value to it
        for setting in setting_names(key):
            assert any(writer.path == path for writer in writers(setting.upper())), setting
