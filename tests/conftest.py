"""Shared fixtures: paths to the repository's folders; property tests
repeatable in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples every run (a change is
# judged on its own effect, never on a new random draw); on a developer's
# machine they draw new ones each run and keep any failure they find in
# .hypothesis/ to replay. `HYPOTHESIS_PROFILE=explore` draws new ones anywhere.
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore")
_IN_CI = bool(os.environ.get("CI"))
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _IN_CI else "explore")
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def repo_root() -> Path:
    return ROOT
