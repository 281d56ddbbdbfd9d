"""apply_services_plan: managed listeners and mqtt.authenticationMethods change, nothing else."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from fcsec.diagnostics import DiagnosticError, render_text
from fcsec.services.edit import ServicesEdit, apply_services_plan, edit_services
from fcsec.services.plan import JsonObject, JsonValue, ListenerPlan, ServicesPlan
from fcsec.services.validate import SchemaViolation
from fcsec.source import SourceFile

DATA = Path(__file__).resolve().parent.parent / "data" / "services"


def _fixture(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _apply(text: str, plan: ServicesPlan) -> str:
    return apply_services_plan(SourceFile(name="services.json", text=text), plan)


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """The removed and the added lines, as a careful reader of a diff sees them."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    removed: list[str] = []
    added: list[str] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed.extend(old[i1:i2])
            added.extend(new[j1:j2])
    return removed, added


def _obj(**members: JsonValue) -> JsonObject:
    return JsonObject(tuple(members.items()))


def _listener(
    name: str,
    *,
    description: str = "a listener",
    port: int = 8443,
    protocol: str = "https",
    enabled: bool = True,
    tls: JsonObject | None = None,
    default_description: bool = False,
    extra: tuple[tuple[str, JsonValue], ...] = (),
) -> ListenerPlan:
    members: list[tuple[str, JsonValue]] = [
        ("serviceName", name),
        ("description", description),
        ("port", port),
        ("protocol", protocol),
        ("enabled", enabled),
    ]
    if tls is not None:
        members.append(("tls", tls))
    members.extend(extra)
    return ListenerPlan(
        service_name=name,
        body=JsonObject(tuple(members)),
        description_is_default=default_description,
    )


def _https8443(**tls: JsonValue) -> ServicesPlan:
    cert: JsonObject = _obj(serverCertificateFilename="./web/fccert.pem", **tls)
    return ServicesPlan(listeners=(_listener("https8443", default_description=True, tls=cert),))


def _https8443_spelled(key: str, source: str | None) -> ServicesPlan:
    tls = JsonObject(((key, "./web/fccert.pem"),))
    listener = _listener("https8443", default_description=True, tls=tls)
    return ServicesPlan(listeners=(listener,), certificate_key_source=source)


SUITES = ("TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384")


# --- the real files and the look-alike ---------------------------------------------------------


@pytest.mark.parametrize("product", ["faircom-edge-5.1", "faircom-edge-4.2.3"])
def test_enabling_https8443_in_a_real_edge_file_changes_one_line(
    samples: Path, product: str
) -> None:
    text = (samples / product / "services.json").read_text(encoding="utf-8")
    result = _apply(text, _https8443())
    assert _changes(text, result) == (['\t\t"enabled": false,\n'], ['\t\t"enabled": true,\n'])


@pytest.mark.parametrize("product", ["faircom-edge-5.1", "faircom-edge-4.2.3"])
def test_a_spec_without_product_keeps_the_real_edge_files_spelling(
    samples: Path, product: str
) -> None:
    text = (samples / product / "services.json").read_text(encoding="utf-8")
    edit = _edit(text, _https8443_spelled("certificateFilename", None))
    assert _changes(text, edit.text) == (['\t\t"enabled": false,\n'], ['\t\t"enabled": true,\n'])
    assert edit.notes == ()


# Enabling https8443 with a key file and cipher suites: what a careful person would change by hand.
SECURE_8443 = _https8443(privateKeyFilename="./web/fckey.pem", allowedCipherSuites=SUITES)
SECURED_8443_CHANGES = (
    [
        '\t\t"enabled": false,\n',
        '\t\t\t"serverCertificateFilename": "./web/fccert.pem"\n',
    ],
    [
        '\t\t"enabled": true,\n',
        '\t\t\t"serverCertificateFilename": "./web/fccert.pem",\n',
        '\t\t\t"privateKeyFilename": "./web/fckey.pem",\n',
        '\t\t\t"allowedCipherSuites": [\n',
        '\t\t\t\t"TLS_AES_256_GCM_SHA384",\n',
        '\t\t\t\t"ECDHE-RSA-AES256-GCM-SHA384"\n',
        "\t\t\t]\n",
    ],
)


def test_securing_https8443_in_the_real_edge_51_file_changes_only_its_lines(
    samples: Path,
) -> None:
    text = (samples / "faircom-edge-5.1" / "services.json").read_text(encoding="utf-8")
    result = _apply(text, SECURE_8443)
    assert _changes(text, result) == SECURED_8443_CHANGES
    assert _apply(result, SECURE_8443) == result


def test_securing_https8443_in_the_lookalike_changes_only_its_lines() -> None:
    text = _fixture("edge-lookalike.json")
    result = _apply(text, SECURE_8443)
    assert _changes(text, result) == SECURED_8443_CHANGES
    # The description was the default: the file's own sentence stays.
    assert "HTTPS for the browser tools and the JSON API" in result


def test_a_plan_the_file_already_matches_returns_the_same_text() -> None:
    text = _fixture("edge-lookalike.json")
    plan = ServicesPlan(
        listeners=(
            _listener(
                "https8443",
                description="HTTPS for the browser tools and the JSON API",
                enabled=False,
                tls=_obj(serverCertificateFilename="./web/fccert.pem"),
            ),
        ),
        authentication_methods=("none", "password", "clientCertificate"),
    )
    assert _apply(text, plan) == text


def test_a_new_listener_is_appended_in_the_vendor_style() -> None:
    text = _fixture("edge-lookalike.json")
    plan = ServicesPlan(
        listeners=(
            _listener(
                "mqttwss9002",
                description="MQTT over secure WebSocket",
                port=9002,
                protocol="mqttwss",
                tls=_obj(serverCertificateFilename="serverCert.pem"),
            ),
        )
    )
    result = _apply(text, plan)
    appended = (
        "\t},\n"
        "\t{\n"
        '\t\t"serviceName": "mqttwss9002",\n'
        '\t\t"description": "MQTT over secure WebSocket",\n'
        '\t\t"port": 9002,\n'
        '\t\t"protocol": "mqttwss",\n'
        '\t\t"enabled": true,\n'
        '\t\t"tls": {\n'
        '\t\t\t"serverCertificateFilename": "serverCert.pem"\n'
        "\t\t}\n"
        "\t}\n"
        "\t],\n"
    )
    assert result == text.replace("\t}\n\t],\n", appended, 1)
    assert json.loads(result)["listeners"][-1]["serviceName"] == "mqttwss9002"


def test_managed_listeners_keep_their_place_in_the_array() -> None:
    text = _fixture("edge-lookalike.json")
    plan = ServicesPlan(
        listeners=(
            _listener("brand-new", port=9443),
            _listener("http8080", port=8081, protocol="http"),
        )
    )
    names = [item["serviceName"] for item in json.loads(_apply(text, plan))["listeners"]]
    assert names == ["http8080", "https8443", "mqtts8883", "brand-new"]


# --- style of new text ----------------------------------------------------------------------------


def test_a_crlf_file_keeps_crlf_everywhere() -> None:
    text = _fixture("edge-lookalike.json").replace("\n", "\r\n")
    plan = _https8443(allowedCipherSuites=SUITES)
    plan = ServicesPlan(
        listeners=(*plan.listeners, _listener("https9443", port=9443)),
        authentication_methods=("clientCertificate",),
    )
    result = _apply(text, plan)
    assert result.count("\n") == result.count("\r\n")
    assert result.count("\r") == result.count("\r\n")
    _, added = _changes(text, result)
    assert '\t\t\t"allowedCipherSuites": [\r\n' in added
    assert '\t\t"serviceName": "https9443",\r\n' in added
    assert '\t\t"authenticationMethods": [ "clientCertificate" ],\r\n' in added
    assert _apply(result, plan) == result


def test_a_four_space_file_gets_four_space_text() -> None:
    text = _fixture("four-spaces.json")
    plan = ServicesPlan(
        listeners=(
            _listener("https8443", description="HTTPS", tls=_obj(certificateFilename="c.pem")),
            _listener("mqtts8883", description="MQTTS", port=8883, protocol="mqtts"),
        )
    )
    result = _apply(text, plan)
    assert _changes(text, result) == (
        ['            "enabled": false\n'],
        [
            '            "enabled": true,\n',
            '            "tls": {\n',
            '                "certificateFilename": "c.pem"\n',
            "            }\n",
            "        },\n",
            "        {\n",
            '            "serviceName": "mqtts8883",\n',
            '            "description": "MQTTS",\n',
            '            "port": 8883,\n',
            '            "protocol": "mqtts",\n',
            '            "enabled": true\n',
        ],
    )
    assert "\t" not in result


def test_an_object_kept_on_one_line_gets_members_on_that_line() -> None:
    text = '{"listeners": [{ "serviceName": "https8443", "port": 1 }]}'
    plan = ServicesPlan(listeners=(_listener("https8443", tls=_obj(certificateFilename="c.pem")),))
    result = _apply(text, plan)
    assert result == (
        '{"listeners": [{ "serviceName": "https8443", "description": "a listener", "port": 8443,'
        ' "protocol": "https", "enabled": true, "tls": { "certificateFilename": "c.pem" } }]}'
    )


def test_a_windows_path_is_escaped_once_and_reads_back() -> None:
    path = "C:\\faircom\\ca.pem"
    plan = _https8443(certificateAuthoritiesFilename=path)
    result = _apply(_fixture("edge-lookalike.json"), plan)
    assert '"certificateAuthoritiesFilename": "C:\\\\faircom\\\\ca.pem"' in result
    tls = json.loads(result)["listeners"][1]["tls"]
    assert tls["certificateAuthoritiesFilename"] == path


def test_unicode_is_written_as_is() -> None:
    plan = ServicesPlan(listeners=(_listener("https8443", description="Zertifikat für Straße"),))
    result = _apply(_fixture("edge-lookalike.json"), plan)
    assert '"description": "Zertifikat für Straße",' in result


# --- member-level edits ---------------------------------------------------------------------------


def test_members_fcsec_does_not_know_stay_where_they_are() -> None:
    text = (
        "{\n"
        '\t"listeners": [\n'
        "\t{\n"
        '\t\t"serviceName": "https8443",\n'
        '\t\t"bindAddress": "10.0.0.5",\n'
        '\t\t"port": 8443,\n'
        '\t\t"maxConnections": { "perIp": 5 },\n'
        '\t\t"enabled": false,\n'
        '\t\t"tls": {\n'
        '\t\t\t"minimumVersion": "1.2",\n'
        '\t\t\t"serverCertificateFilename": "old.pem"\n'
        "\t\t}\n"
        "\t}\n"
        "\t]\n"
        "}\n"
    )
    plan = ServicesPlan(
        listeners=(
            _listener("https8443", description="HTTPS", tls=_obj(certificateFilename="new.pem")),
        ),
        certificate_key_source="faircom-db 13",
    )
    result = _apply(text, plan)
    assert result == (
        "{\n"
        '\t"listeners": [\n'
        "\t{\n"
        '\t\t"serviceName": "https8443",\n'
        '\t\t"description": "HTTPS",\n'
        '\t\t"bindAddress": "10.0.0.5",\n'
        '\t\t"port": 8443,\n'
        '\t\t"protocol": "https",\n'
        '\t\t"maxConnections": { "perIp": 5 },\n'
        '\t\t"enabled": true,\n'
        '\t\t"tls": {\n'
        '\t\t\t"certificateFilename": "new.pem",\n'
        '\t\t\t"minimumVersion": "1.2"\n'
        "\t\t}\n"
        "\t}\n"
        "\t]\n"
        "}\n"
    )
    assert _apply(result, plan) == result


def test_an_owned_member_the_plan_lacks_is_removed_with_its_comma() -> None:
    text = _fixture("edge-lookalike.json")
    body = JsonObject(
        (
            ("serviceName", "https8443"),
            ("port", 8443),
            ("protocol", "https"),
            ("enabled", True),
        )
    )
    result = _apply(
        text, ServicesPlan(listeners=(ListenerPlan(service_name="https8443", body=body),))
    )
    assert _changes(text, result) == (
        [
            '\t\t"description": "HTTPS for the browser tools and the JSON API",\n',
            '\t\t"enabled": false,\n',
            '\t\t"tls": {\n',
            '\t\t\t"serverCertificateFilename": "./web/fccert.pem"\n',
            "\t\t}\n",
        ],
        ['\t\t"enabled": true\n'],
    )


def test_the_cert_key_spelling_follows_the_plan() -> None:
    text = _fixture("db-lookalike.json")
    plan = ServicesPlan(
        listeners=(
            _listener(
                "https8443",
                description="HTTPS",
                tls=_obj(serverCertificateFilename="./web/fccert.pem", privateKeyFilename="k.pem"),
            ),
        ),
        certificate_key_source="faircom-edge",
    )
    result = _apply(text, plan)
    assert _changes(text, result) == (
        ['\t\t\t"certificateFilename": "./web/fccert.pem"\n'],
        [
            '\t\t\t"serverCertificateFilename": "./web/fccert.pem",\n',
            '\t\t\t"privateKeyFilename": "k.pem"\n',
        ],
    )


def _edit(text: str, plan: ServicesPlan) -> ServicesEdit:
    return edit_services(SourceFile(name="services.json", text=text), plan)


def _mqtts8883(key: str, source: str | None) -> ServicesPlan:
    tls = JsonObject(((key, "./web/fccert.pem"),))
    listener = _listener(
        "mqtts8883",
        description="MQTT over TLS for the broker",
        port=8883,
        protocol="mqtts",
        enabled=False,
        tls=tls,
    )
    return ServicesPlan(listeners=(listener,), certificate_key_source=source)


def test_without_a_product_an_existing_listener_keeps_its_own_spelling() -> None:
    text = _fixture("edge-lookalike.json")
    edit = _edit(text, _mqtts8883("certificateFilename", None))
    assert edit.text == text
    assert edit.notes == ()


def test_a_spelling_chosen_by_server_is_written_and_named_in_a_note() -> None:
    text = _fixture("edge-lookalike.json")
    edit = _edit(text, _mqtts8883("certificateFilename", "faircom-db 13"))
    assert _changes(text, edit.text) == (
        ['\t\t\t"serverCertificateFilename": "./web/fccert.pem"\n'],
        ['\t\t\t"certificateFilename": "./web/fccert.pem"\n'],
    )
    assert edit.notes == (
        "listeners.mqtts8883: certificate key respelled serverCertificateFilename -> "
        "certificateFilename for faircom-db 13",
    )


def test_a_spelling_server_chose_that_the_file_has_needs_no_note() -> None:
    text = _fixture("edge-lookalike.json")
    edit = _edit(text, _mqtts8883("serverCertificateFilename", "faircom-edge 5.1"))
    assert (edit.text, edit.notes) == (text, ())


def test_without_a_product_a_new_listener_takes_the_files_shared_spelling() -> None:
    text = _fixture("edge-lookalike.json")
    plan = ServicesPlan(
        listeners=(
            _listener("https9443", port=9443, tls=_obj(certificateFilename="serverCert.pem")),
        )
    )
    added = json.loads(_edit(text, plan).text)["listeners"][-1]["tls"]
    assert added == {"serverCertificateFilename": "serverCert.pem"}


def test_a_new_listener_spelled_by_server_unlike_the_file_is_named_in_a_note() -> None:
    text = _fixture("edge-lookalike.json")
    tls = _obj(certificateFilename="serverCert.pem")
    plan = ServicesPlan(
        listeners=(_listener("https9443", port=9443, tls=tls),),
        certificate_key_source="faircom-db 13",
    )
    edit = _edit(text, plan)
    assert json.loads(edit.text)["listeners"][-1]["tls"] == {
        "certificateFilename": "serverCert.pem"
    }
    assert edit.notes == (
        "listeners.https9443: certificate key certificateFilename for faircom-db 13, while the "
        "file's listeners spell serverCertificateFilename",
    )


def test_without_a_product_a_file_of_mixed_spellings_gives_a_new_listener_the_plans() -> None:
    text = _fixture("edge-lookalike.json").replace(
        '"serverCertificateFilename"', '"certificateFilename"', 1
    )
    plan = ServicesPlan(
        listeners=(
            _listener("https9443", port=9443, tls=_obj(certificateFilename="serverCert.pem")),
        )
    )
    added = json.loads(_edit(text, plan).text)["listeners"][-1]["tls"]
    assert added == {"certificateFilename": "serverCert.pem"}


def test_a_listener_holding_both_spellings_keeps_the_plans_and_says_so() -> None:
    text = _fixture("edge-lookalike.json").replace(
        '"serverCertificateFilename": "./web/fccert.pem"\n\t\t}\n\t}\n\t]',
        '"serverCertificateFilename": "./web/fccert.pem",\n'
        '\t\t\t"certificateFilename": "./web/fccert.pem"\n\t\t}\n\t}\n\t]',
    )
    edit = _edit(text, _mqtts8883("certificateFilename", None))
    assert json.loads(edit.text)["listeners"][2]["tls"] == {
        "certificateFilename": "./web/fccert.pem"
    }
    assert edit.notes == (
        "listeners.mqtts8883: tls held both certificateFilename and serverCertificateFilename; "
        "kept certificateFilename (set [server] product to choose)",
    )


def test_a_new_file_gets_the_plans_spelling() -> None:
    edit = _edit("", _mqtts8883("certificateFilename", None))
    assert json.loads(edit.text)["listeners"][0]["tls"] == {
        "certificateFilename": "./web/fccert.pem"
    }
    assert edit.notes == ()


def test_a_missing_member_goes_after_the_nearest_owned_member_before_it() -> None:
    text = '{\n\t"listeners": [\n\t{\n\t\t"serviceName": "a",\n\t\t"enabled": true\n\t}\n\t]\n}\n'
    plan = ServicesPlan(listeners=(_listener("a", description="d", port=1, protocol="http"),))
    result = _apply(text, plan)
    assert result == (
        "{\n"
        '\t"listeners": [\n'
        "\t{\n"
        '\t\t"serviceName": "a",\n'
        '\t\t"description": "d",\n'
        '\t\t"port": 1,\n'
        '\t\t"protocol": "http",\n'
        '\t\t"enabled": true\n'
        "\t}\n"
        "\t]\n"
        "}\n"
    )


def test_a_member_repeated_by_hand_is_written_once() -> None:
    text = '{"listeners": [{"serviceName": "a", "port": 1, "enabled": false, "port": 2}]}'
    plan = ServicesPlan(listeners=(_listener("a", port=3, protocol="http"),))
    listener = json.loads(_apply(text, plan), object_pairs_hook=list)[0][1][0]
    assert [key for key, _ in listener].count("port") == 1
    assert dict(listener)["port"] == 3


def test_a_value_already_right_keeps_its_bytes() -> None:
    text = '{"listeners": [{"serviceName": "a", "description": "\\u0041", "port": 8443}]}'
    plan = ServicesPlan(listeners=(_listener("a", description="A", tls=None),))
    assert '"description": "\\u0041"' in _apply(text, plan)


def test_a_number_of_another_type_is_rewritten() -> None:
    text = '{"listeners": [{"serviceName": "a", "port": "8443", "enabled": 1}]}'
    plan = ServicesPlan(listeners=(_listener("a"),))
    result = json.loads(_apply(text, plan))["listeners"][0]
    assert result["port"] == 8443 and result["enabled"] is True


# --- description ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "default", "expected"),
    [
        ('"Mine"', True, "Mine"),
        ('"Mine"', False, "Generated"),
        ("42", True, "Generated"),
        (None, True, "Generated"),
    ],
)
def test_description(existing: str | None, default: bool, expected: str) -> None:
    member = "" if existing is None else f', "description": {existing}'
    text = f'{{"listeners": [{{"serviceName": "a"{member}}}]}}'
    plan = ServicesPlan(
        listeners=(_listener("a", description="Generated", default_description=default),)
    )
    assert json.loads(_apply(text, plan))["listeners"][0]["description"] == expected


# --- listeners and mqtt that are missing or empty -------------------------------------------------


@pytest.mark.parametrize("array", ["[]", "[ ]", "[\n\t]"])
def test_an_empty_listeners_array_gets_vendor_style_elements(array: str) -> None:
    text = '{\n\t"listeners": ' + array + ',\n\t"apiRoot": "./api"\n}\n'
    plan = ServicesPlan(listeners=(_listener("a", port=1, protocol="http"),))
    assert _apply(text, plan) == (
        "{\n"
        '\t"listeners": [\n'
        "\t{\n"
        '\t\t"serviceName": "a",\n'
        '\t\t"description": "a listener",\n'
        '\t\t"port": 1,\n'
        '\t\t"protocol": "http",\n'
        '\t\t"enabled": true\n'
        "\t}\n"
        "\t],\n"
        '\t"apiRoot": "./api"\n'
        "}\n"
    )


def test_a_missing_listeners_member_becomes_the_first_member() -> None:
    text = '{\n\t"apiRoot": "./api",\n\n\t"apis": []\n}\n'
    plan = ServicesPlan(listeners=(_listener("a", port=1, protocol="http"),))
    result = _apply(text, plan)
    assert result == (
        "{\n"
        '\t"listeners": [\n'
        "\t{\n"
        '\t\t"serviceName": "a",\n'
        '\t\t"description": "a listener",\n'
        '\t\t"port": 1,\n'
        '\t\t"protocol": "http",\n'
        '\t\t"enabled": true\n'
        "\t}\n"
        "\t],\n"
        '\t"apiRoot": "./api",\n'
        "\n"
        '\t"apis": []\n'
        "}\n"
    )


def test_an_empty_object_gets_listeners_and_mqtt() -> None:
    plan = ServicesPlan(listeners=(_listener("a", port=1),), authentication_methods=("password",))
    result = _apply("{}\n", plan)
    assert result.startswith('{\n\t"listeners": [\n\t{\n')
    assert result.endswith('\t"mqtt": {\n\t\t"authenticationMethods": [ "password" ]\n\t}\n}\n')


def test_authentication_methods_are_replaced_on_their_line() -> None:
    text = _fixture("edge-lookalike.json")
    result = _apply(text, ServicesPlan(authentication_methods=("clientCertificate",)))
    assert _changes(text, result) == (
        ['\t\t"authenticationMethods": [ "none", "password", "clientCertificate" ],\n'],
        ['\t\t"authenticationMethods": [ "clientCertificate" ],\n'],
    )


def test_authentication_methods_become_the_first_member_of_mqtt() -> None:
    text = '{\n\t"mqtt": {\n\t\t"enableMqttLogging": false\n\t}\n}\n'
    result = _apply(text, ServicesPlan(authentication_methods=("password", "clientCertificate")))
    assert result == (
        "{\n"
        '\t"mqtt": {\n'
        '\t\t"authenticationMethods": [ "password", "clientCertificate" ],\n'
        '\t\t"enableMqttLogging": false\n'
        "\t}\n"
        "}\n"
    )


def test_a_missing_mqtt_object_is_added_at_the_end() -> None:
    text = _fixture("db-lookalike.json")
    result = _apply(text, ServicesPlan(authentication_methods=("clientCertificate",)))
    assert _changes(text, result) == (
        ["\t]\n"],
        [
            "\t],\n",
            "\n",
            '\t"mqtt": {\n',
            '\t\t"authenticationMethods": [ "clientCertificate" ]\n',
            "\t}\n",
        ],
    )


def test_an_empty_mqtt_object_gets_the_member_on_its_own_line() -> None:
    text = '{\n\t"mqtt": {},\n\t"x": 1\n}'
    result = _apply(text, ServicesPlan(authentication_methods=()))
    assert result == '{\n\t"mqtt": {\n\t\t"authenticationMethods": []\n\t},\n\t"x": 1\n}'


def test_an_empty_object_on_a_shared_line_stays_on_that_line() -> None:
    text = '{"mqtt": {}}'
    result = _apply(text, ServicesPlan(authentication_methods=("none",)))
    assert result == '{"mqtt": { "authenticationMethods": [ "none" ] }}'
    text = '{"listeners": [\n  { "serviceName": "a", "tls": {} }\n]}'
    plan = ServicesPlan(listeners=(_listener("a", tls=_obj(certificateFilename="c.pem")),))
    assert '"tls": { "certificateFilename": "c.pem" } }' in _apply(text, plan)


# --- new files ------------------------------------------------------------------------------------


def test_an_empty_file_becomes_a_vendor_style_file() -> None:
    plan = ServicesPlan(
        listeners=(
            _listener(
                "https8443",
                description="HTTPS",
                tls=_obj(certificateFilename="serverCert.pem", allowedCipherSuites=SUITES),
            ),
        ),
        authentication_methods=("password", "clientCertificate"),
    )
    assert _apply("", plan) == (
        "{\n"
        '\t"listeners": [\n'
        "\t{\n"
        '\t\t"serviceName": "https8443",\n'
        '\t\t"description": "HTTPS",\n'
        '\t\t"port": 8443,\n'
        '\t\t"protocol": "https",\n'
        '\t\t"enabled": true,\n'
        '\t\t"tls": {\n'
        '\t\t\t"certificateFilename": "serverCert.pem",\n'
        '\t\t\t"allowedCipherSuites": [\n'
        '\t\t\t\t"TLS_AES_256_GCM_SHA384",\n'
        '\t\t\t\t"ECDHE-RSA-AES256-GCM-SHA384"\n'
        "\t\t\t]\n"
        "\t\t}\n"
        "\t}\n"
        "\t],\n"
        "\n"
        '\t"mqtt": {\n'
        '\t\t"authenticationMethods": [ "password", "clientCertificate" ]\n'
        "\t}\n"
        "}\n"
    )


def test_a_new_file_omits_what_the_plan_does_not_manage() -> None:
    only_mqtt = _apply("", ServicesPlan(authentication_methods=("none",)))
    assert only_mqtt == '{\n\t"mqtt": {\n\t\t"authenticationMethods": [ "none" ]\n\t}\n}\n'
    only_listeners = json.loads(_apply("\n", ServicesPlan(listeners=(_listener("a"),))))
    assert list(only_listeners) == ["listeners"]


# --- files fcsec refuses to edit ------------------------------------------------------------------


def _failure(text: str, plan: ServicesPlan) -> DiagnosticError:
    with pytest.raises(DiagnosticError) as caught:
        _apply(text, plan)
    return caught.value


MANAGES_BOTH = ServicesPlan(listeners=(_listener("https8443"),), authentication_methods=("none",))


def test_broken_json_is_fcs301_at_its_position() -> None:
    text = _fixture("edge-lookalike.json").replace('"port": 8443,', '"port": 8443,,')
    [diagnostic] = _failure(text, MANAGES_BOTH).diagnostics
    assert diagnostic.rule == "FCS301"
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (13, 16)
    assert "--> services.json:13:16" in render_text(diagnostic)


@pytest.mark.parametrize(
    ("text", "message", "line", "column"),
    [
        ("[]", "the top level of services.json is an array, not an object", 1, 1),
        ('{"listeners": {}}', "`listeners` is an object, not an array", 1, 15),
        ('{"listeners": [\n  "http8080"\n]}', "`listeners[0]` is a string, not an object", 2, 3),
        ('{"mqtt": [1]}', "`mqtt` is an array, not an object", 1, 10),
        ('{"listeners": [],\n"listeners": []}', "`listeners` appears more than once", 2, 1),
    ],
)
def test_a_shape_faircom_does_not_read_is_fcs302(
    text: str, message: str, line: int, column: int
) -> None:
    [diagnostic] = _failure(text, MANAGES_BOTH).diagnostics
    assert diagnostic.rule == "FCS302"
    assert diagnostic.message.startswith(message)
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (line, column)
    assert diagnostic.hint


def test_a_section_the_plan_does_not_manage_may_have_any_shape() -> None:
    text = '{"listeners": [], "mqtt": null}'
    assert json.loads(_apply(text, ServicesPlan(listeners=(_listener("a"),))))["mqtt"] is None
    text = '{"listeners": "elsewhere", "mqtt": {}}'
    result = _apply(text, ServicesPlan(authentication_methods=("none",)))
    assert json.loads(result)["listeners"] == "elsewhere"


def test_a_managed_service_name_used_twice_is_fcs303() -> None:
    text = (
        '{"listeners": [\n'
        '  {"serviceName": "https8443"},\n'
        '  {"serviceName": "other"},\n'
        '  {"serviceName": "other"},\n'
        '  {"serviceName": "https8443"}\n'
        "]}"
    )
    [diagnostic] = _failure(text, MANAGES_BOTH).diagnostics
    assert diagnostic.rule == "FCS303"
    assert diagnostic.span is not None
    assert (diagnostic.span.line, diagnostic.span.column) == (5, 19)
    assert [related.span.line for related in diagnostic.related] == [2]


def test_all_shape_problems_are_reported_together() -> None:
    text = (
        '{"listeners": [1, {"serviceName": "https8443"}, {"serviceName": "https8443"}], "mqtt": 3}'
    )
    rules = [d.rule for d in _failure(text, MANAGES_BOTH).diagnostics]
    assert sorted(rules) == ["FCS302", "FCS302", "FCS303"]


# --- internal errors ------------------------------------------------------------------------------


def test_a_plan_that_breaks_the_schema_is_an_internal_error_with_its_json_path() -> None:
    plan = ServicesPlan(listeners=(_listener("https8443", port=70000),))
    with pytest.raises(SchemaViolation) as caught:
        _apply(_fixture("edge-lookalike.json"), plan)
    assert caught.value.json_path == "$.listeners[1].port"


def test_a_plan_whose_body_names_another_listener_is_an_internal_error() -> None:
    body = JsonObject((("serviceName", "other"), ("port", 1)))
    plan = ServicesPlan(listeners=(ListenerPlan(service_name="https8443", body=body),))
    with pytest.raises(SchemaViolation, match="0 listeners named 'https8443'"):
        _apply(_fixture("edge-lookalike.json"), plan)


def test_a_deeply_nested_section_does_not_overflow() -> None:
    depth = 50_000
    text = '{"deep": ' + "[" * depth + "]" * depth + ', "listeners": []}'
    result = _apply(text, ServicesPlan(listeners=(_listener("a"),)))
    assert result.startswith(text[: depth + 9])
