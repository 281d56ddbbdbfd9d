"""The live tests' tool check: skip locally naming the tool, fail under CI."""

from __future__ import annotations

import pytest
from tests.probe.servers import require_tool

pytestmark = pytest.mark.external  # runs openssl, mosquitto or nmap, or real local TLS servers

MISSING = "fcsec-no-such-tool"


def test_a_missing_tool_skips_and_names_the_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{MISSING} is not installed"):
        require_tool(MISSING)


def test_a_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must install it"):
        require_tool(MISSING)
