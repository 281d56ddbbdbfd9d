"""fcsec.importer.root: [server] root from the path of the config folder."""

from __future__ import annotations

import os

import pytest

from fcsec.importer.root import infer_root


@pytest.mark.parametrize(
    ("config_dir", "spec_path", "root"),
    [
        pytest.param("/opt/faircom/config", "security.fcsec", "/opt/faircom", id="absolute"),
        pytest.param("/opt/faircom/config/", None, "/opt/faircom", id="trailing-slash"),
        pytest.param("/opt/faircom/Config", None, "/opt/faircom", id="any-case"),
        pytest.param("faircom/config", "security.fcsec", "faircom", id="beside-the-spec"),
        pytest.param("faircom/config", None, "faircom", id="stdout"),
        pytest.param("faircom/config", "-", "faircom", id="stdout-dash"),
        pytest.param("faircom/config", "faircom/security.fcsec", ".", id="spec-in-the-root"),
        pytest.param("config", "specs/security.fcsec", os.path.join("..", ""), id="spec-below"),
        pytest.param("config/prod", "security.fcsec", None, id="not-named-config"),
        pytest.param("/srv/copy", None, None, id="another-name"),
    ],
)
def test_the_root_is_the_parent_of_a_folder_named_config(
    config_dir: str, spec_path: str | None, root: str | None
) -> None:
    found, said = infer_root(config_dir, spec_path)
    assert found == (root.rstrip(os.sep) if root else root)
    assert said.rule == "FCS802"


def test_a_relative_root_says_what_it_is_relative_to() -> None:
    _, said = infer_root("faircom/config", None)
    assert said.message == (
        'server.root = "faircom": the parent of the config folder, relative to the spec\'s '
        "folder, taken to be the working directory (the spec went to stdout)"
    )


def test_no_root_says_how_to_add_one() -> None:
    _, said = infer_root("config/prod", "security.fcsec")
    assert said.message.startswith("no [server] root: the config folder `prod` is not named")
    assert said.hint is not None and 'root = "/opt/faircom"' in said.hint


def test_a_path_a_spec_cannot_hold_gives_no_root() -> None:
    found, said = infer_root("/opt/fair\x07com/config", None)
    assert found is None
    assert said.message.startswith("no [server] root")
