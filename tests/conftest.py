"""Hypothesis profiles for every test. The browser tests' fixtures are in tests/browser/conftest.py."""

from __future__ import annotations

import os

from hypothesis import settings

# Property tests draw the same examples on every run, so CI is reproducible; run
# `HYPOTHESIS_PROFILE=explore python -m pytest` to search new random examples instead.
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
