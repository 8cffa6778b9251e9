"""Hypothesis profiles, and pytest's `pytester` for the end-to-end runs. The figure guard's hooks,
options and fixtures live in its plugin (`figure_guard/plugin.py`), which pytest loads through its
entry point."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

pytest_plugins = ("pytester",)

# Deterministic in CI: same examples every run, no example database written, no deadline that a
# slow or loaded machine could trip. `HYPOTHESIS_PROFILE=dev` explores randomly instead.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
