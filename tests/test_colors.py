"""`--color`, then `FORCE_COLOR`, then `NO_COLOR` decide colour; then the terminal does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from fcsec.cli import main
from fcsec.colors import color_wanted


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.mark.parametrize(
    ("choice", "force", "no", "tty", "expected"),
    [
        ("auto", None, None, True, True),
        ("auto", None, None, False, False),
        ("auto", None, "1", True, False),
        ("auto", None, "", True, True),  # an empty NO_COLOR does not count (no-color.org)
        ("auto", "1", None, False, True),
        ("auto", "", None, False, False),  # nor does an empty FORCE_COLOR (force-color.org)
        ("auto", "1", "1", False, True),
        ("never", "1", None, True, False),
        ("always", None, "1", False, True),
    ],
)
def test_the_order_of_the_switches(
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    force: str | None,
    no: str | None,
    tty: bool,
    expected: bool,
) -> None:
    if force is not None:
        monkeypatch.setenv("FORCE_COLOR", force)
    if no is not None:
        monkeypatch.setenv("NO_COLOR", no)
    assert color_wanted(choice, _Stream(tty)) is expected


def test_force_color_paints_diagnostics_into_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "s.fcsec"
    spec.write_text("fcsec = 1\n[server]\nprodcut = 'x'\n", encoding="utf-8")
    assert main(["check", str(spec), "--skip-files"]) == 1
    assert "\x1b[" not in capsys.readouterr().err
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert main(["check", str(spec), "--skip-files"]) == 1
    assert "\x1b[" in capsys.readouterr().err
