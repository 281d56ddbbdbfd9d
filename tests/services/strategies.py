"""Hypothesis strategies: realistic services.json files in many styles, and plans to apply to them.

A generated file is a tree of ``Obj`` (ordered members, duplicates allowed) and plain values,
written out by ``emit`` in a drawn style: TABs or spaces, LF or CRLF, the vendor's ``\\t{`` array
elements or nested ones, blank lines, lines holding only whitespace, braces on the next line,
one-line arrays, unicode, Windows paths. Plans name some of the file's listeners and some new ones.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence

import attrs
from hypothesis import strategies as st

from fcsec.services.plan import (
    LISTENER_KEYS,
    TLS_KEYS,
    JsonObject,
    JsonValue,
    ListenerPlan,
    ServicesPlan,
)


@attrs.frozen
class Obj:
    """A JSON object as written: members in order, duplicate keys allowed."""

    members: tuple[tuple[str, object], ...]


PROTOCOLS = ("http", "https", "mqtt", "mqtts", "mqttws", "mqttwss")
METHODS = ("none", "password", "clientCertificate")
NAMES = (
    "http8080",
    "https8443",
    "mqtt1883",
    "mqtts8883",
    "mqttws9001",
    "mqttwss9002",
    "https8444",
    "admin-ü",
)
SUITES = ("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES256-GCM-SHA384")
USER_KEYS = ("bindAddress", "maxConnections", "x-note", "commentaire-é", "tlsOptions")

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\ufeff"),
    max_size=12,
)
paths = st.one_of(
    st.sampled_from(
        (
            "./web/fccert.pem",
            "serverCert.pem",
            "C:\\faircom\\server\\cert.pem",
            "/Certs/ca.crt",
            "Zertifikat-ß.pem",
            'odd "quoted" name.pem',
        )
    ),
    texts,
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    texts,
)


def _objects(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.lists(
        st.tuples(st.one_of(texts, st.sampled_from(USER_KEYS)), children), max_size=4
    ).map(lambda members: Obj(tuple(members)))


json_values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), _objects(children)),
    max_leaves=8,
)


@st.composite
def _with_user_members(
    draw: st.DrawFn, owned: list[tuple[str, object]]
) -> list[tuple[str, object]]:
    """Owned members in vendor order with the user's own members mixed in."""
    members = list(owned)
    for key in draw(st.lists(st.sampled_from(USER_KEYS), max_size=2, unique=True)):
        members.insert(draw(st.integers(0, len(members))), (key, draw(json_values)))
    return members


@st.composite
def existing_tls(draw: st.DrawFn) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.none(), st.just([]), texts))  # not an object: replaced whole
    owned: list[tuple[str, object]] = []
    for key in TLS_KEYS:
        if not draw(st.booleans()):
            continue
        if key == "allowedCipherSuites":
            value: object = draw(st.one_of(st.lists(st.sampled_from(SUITES), max_size=3), texts))
        else:
            value = draw(paths)
        owned.append((key, value))
    return Obj(tuple(draw(_with_user_members(owned))))


@st.composite
def existing_listener(draw: st.DrawFn, name: str) -> Obj:
    owned: list[tuple[str, object]] = [("serviceName", name)]
    if draw(st.booleans()):
        owned.append(("description", draw(st.one_of(texts, st.integers()))))
    if draw(st.booleans()):
        owned.append(("port", draw(st.one_of(st.integers(1, 65535), st.just("8443")))))
    if draw(st.booleans()):
        owned.append(("protocol", draw(st.sampled_from(PROTOCOLS))))
    if draw(st.booleans()):
        owned.append(("enabled", draw(st.booleans())))
    if draw(st.booleans()):
        owned.append(("tls", draw(existing_tls())))
    members = draw(_with_user_members(owned))
    if draw(st.integers(0, 7)) == 0:  # a hand-edited file with a repeated member
        key = draw(st.sampled_from(("port", "enabled", "protocol")))
        members.append((key, draw(json_values)))
    return Obj(tuple(members))


@st.composite
def documents(draw: st.DrawFn) -> tuple[Obj, tuple[str, ...]]:
    """A services.json tree and the names of its listeners."""
    names = tuple(draw(st.lists(st.sampled_from(NAMES), unique=True, max_size=5)))
    sections: list[tuple[str, object]] = []
    if draw(st.integers(0, 9)) > 0:
        listeners = [draw(existing_listener(name)) for name in names]
        sections.append(("listeners", listeners))
    else:
        names = ()
    for key in draw(
        st.lists(
            st.sampled_from(("jsonActionApiDefaults", "applicationRoot", "apis", "ünïcode", "x")),
            unique=True,
            max_size=3,
        )
    ):
        sections.append((key, draw(json_values)))
    if draw(st.booleans()):
        mqtt: list[tuple[str, object]] = [("defaultMaxInflightMessages", 20)]
        if draw(st.booleans()):
            mqtt.insert(0, ("authenticationMethods", draw(st.lists(st.sampled_from(METHODS)))))
        mqtt = draw(_with_user_members(mqtt))
        sections.append(("mqtt", Obj(tuple(mqtt))))
    if draw(st.integers(0, 4)) == 0:
        sections = draw(st.permutations(sections))
    return Obj(tuple(sections)), names


@attrs.frozen(kw_only=True)
class Layout:
    indent: str
    newline: str
    vendor_arrays: bool  # array elements that are objects at the key's indentation (`\t{`)
    final_newline: bool
    rng: random.Random


layouts = st.builds(
    lambda indent, newline, vendor, final, rng: Layout(
        indent=indent, newline=newline, vendor_arrays=vendor, final_newline=final, rng=rng
    ),
    st.sampled_from(("\t", "  ", "    ")),
    st.sampled_from(("\n", "\r\n")),
    st.booleans(),
    st.booleans(),
    st.randoms(use_true_random=False),
)


def emit(tree: object, layout: Layout) -> str:
    """Write a tree as JSON text in ``layout``, with the random quirks of hand-edited files."""
    text = _emit(tree, "", layout)
    return text + (layout.newline if layout.final_newline else "")


def _gap(layout: Layout, indent: str) -> str:
    """The line break before a member or element: sometimes a blank line, or one holding spaces."""
    roll = layout.rng.random()
    if roll < 0.12:
        return layout.newline * 2 + indent
    if roll < 0.16:
        return layout.newline + indent + layout.newline + indent  # a line holding only the indent
    return layout.newline + indent


def _emit(value: object, indent: str, layout: Layout) -> str:
    inner = indent + layout.indent
    rng = layout.rng
    if isinstance(value, Obj):
        if not value.members:
            return "{}"
        if rng.random() < 0.05:  # an object kept on one line
            return (
                "{ "
                + ", ".join(_member(k, v, indent, layout, ": ") for k, v in value.members)
                + " }"
            )
        colon = rng.choice((": ", ": ", ": ", ":", " : "))
        parts = [
            _gap(layout, inner) + _member(k, v, inner, layout, colon) for k, v in value.members
        ]
        return "{" + ",".join(parts) + layout.newline + indent + "}"
    if isinstance(value, list):
        if not value:
            return rng.choice(("[]", "[ ]", "[" + layout.newline + indent + "]"))
        if all(not isinstance(item, Obj | list) for item in value) and rng.random() < 0.5:
            return "[ " + ", ".join(_emit(item, indent, layout) for item in value) + " ]"
        parts = []
        for item in value:
            at = indent if isinstance(item, Obj) and layout.vendor_arrays else inner
            parts.append(_gap(layout, at) + _emit(item, at, layout))
        closing = layout.newline * (2 if rng.random() < 0.1 else 1) + indent + "]"
        return "[" + ",".join(parts) + closing
    return json.dumps(value, ensure_ascii=rng.random() < 0.2)


def _member(key: str, value: object, indent: str, layout: Layout, colon: str) -> str:
    head = json.dumps(key, ensure_ascii=False)
    if isinstance(value, Obj) and value.members and layout.rng.random() < 0.2:
        # The vendor's `"jsonActionApiDefaults":` with the brace on the next line.
        return head + ":" + layout.newline + indent + _emit(value, indent, layout)
    return head + colon + _emit(value, indent, layout)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    """The text of a services.json and the names of its listeners."""
    tree, names = draw(documents())
    layout = draw(layouts)
    leading = draw(st.sampled_from(("", "", "\n", " ")))
    return leading + emit(tree, layout), names


# --- plans ----------------------------------------------------------------------------------------


@st.composite
def tls_bodies(draw: st.DrawFn) -> JsonObject:
    cert_key = draw(st.sampled_from(("certificateFilename", "serverCertificateFilename")))
    members: list[tuple[str, JsonValue]] = [(cert_key, draw(paths))]
    if draw(st.booleans()):
        members.append(("privateKeyFilename", draw(paths)))
    if draw(st.booleans()):
        members.append(("certificateAuthoritiesFilename", draw(paths)))
    if draw(st.booleans()):
        suites = draw(st.lists(st.sampled_from(SUITES), min_size=1, max_size=3, unique=True))
        members.append(("allowedCipherSuites", tuple(suites)))
    if draw(st.booleans()):
        members.append(("clientCertificateFilename", draw(paths)))
    return JsonObject(tuple(members))


@st.composite
def listener_plans(draw: st.DrawFn, name: str) -> ListenerPlan:
    members: list[tuple[str, JsonValue]] = [("serviceName", name)]
    default_description = draw(st.booleans())
    if default_description or draw(st.booleans()):
        members.append(("description", draw(texts)))
    members.append(("port", draw(st.integers(1, 65535))))
    members.append(("protocol", draw(st.sampled_from(PROTOCOLS))))
    if draw(st.booleans()):
        members.append(("enabled", draw(st.booleans())))
    if draw(st.booleans()):
        members.append(("tls", draw(tls_bodies())))
    assert tuple(key for key, _ in members) == tuple(k for k in LISTENER_KEYS if k in dict(members))
    return ListenerPlan(
        service_name=name,
        body=JsonObject(tuple(members)),
        description_is_default=default_description,
    )


@st.composite
def plans(draw: st.DrawFn, existing: Sequence[str]) -> ServicesPlan:
    """A plan naming some of ``existing`` listeners (in any order) and some new ones."""
    names = draw(st.lists(st.sampled_from((*NAMES, "mqtts8884", "neu-ß")), unique=True, max_size=4))
    if draw(st.booleans()) and existing:
        order: list[str] = draw(st.permutations(list(existing)))
        count = draw(st.integers(1, len(existing)))
        names = list(dict.fromkeys([*order[:count], *names]))
    methods = draw(st.one_of(st.none(), st.lists(st.sampled_from(METHODS), max_size=3).map(tuple)))
    return ServicesPlan(
        listeners=tuple(draw(listener_plans(name)) for name in names),
        authentication_methods=methods,
        certificate_key_source=draw(st.sampled_from((None, "faircom-db 13"))),
    )
