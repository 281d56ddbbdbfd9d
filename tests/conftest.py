"""Shared test setup: hypothesis profiles and the location of the shared sample corpus.

Profiles (select with HYPOTHESIS_PROFILE): ``ci`` (bounded, the default; used by .ci/run),
``dev`` (more examples), ``long`` (many examples, for a local soak before a release).
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=300, deadline=None, print_blob=True)
settings.register_profile(
    "long",
    max_examples=5000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
# The shared corpus of real FairCom files sits beside the project (../shared/samples); tests that
# read it skip with a reason when it is absent, for example in a clone outside this workplace.
SAMPLES = Path(os.environ.get("FCSEC_SAMPLES", ROOT.parent / "shared" / "samples"))


import pytest  # noqa: E402


@pytest.fixture
def samples() -> Path:
    """The real FairCom files of ../shared/samples; skips (with the reason) when absent."""
    if not SAMPLES.is_dir():
        pytest.skip(f"shared sample corpus not found at {SAMPLES} (set FCSEC_SAMPLES)")
    return SAMPLES
