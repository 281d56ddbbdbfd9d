"""File names of the development PKI: fixed, documented, safe."""

from __future__ import annotations

from fcsec.pki import layout


def test_client_slug_turns_spaces_into_underscores() -> None:
    assert layout.client_slug("Jon Doe") == "Jon_Doe"


def test_client_slug_cannot_climb_out_of_the_folder() -> None:
    assert layout.client_slug("../../etc/passwd") == "etc_passwd"


def test_plan_names_every_file_in_a_fixed_order() -> None:
    names = [planned.name for planned in layout.plan(("admin", "Jon Doe"))]
    assert names == [
        "ca.pem",
        "ca.key",
        "server.crt",
        "server.key",
        "ctree_ssl.pem",
        "ctsrvr.pem",
        "client-admin.pem",
        "client-admin.key",
        "client-Jon_Doe.pem",
        "client-Jon_Doe.key",
    ]


def test_files_holding_a_private_key_get_mode_0600() -> None:
    private = {planned.name for planned in layout.plan(("admin",)) if planned.content.mode == 0o600}
    assert private == {"ca.key", "server.key", "ctree_ssl.pem", "client-admin.key"}
