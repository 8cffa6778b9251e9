"""Fixtures and Hypothesis profiles. The figure guard's hooks and options live in its plugin,
`figure_guard/plugin.py`, loaded here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ("figure_guard.plugin", "pytester")

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


@pytest.fixture
def generating_into(request: pytest.FixtureRequest) -> Path | None:
    """The folder `tox -e baselines` (pytest --mpl-generate-path) writes new baselines to; None
    in a comparing run."""
    target = request.config.getoption("--mpl-generate-path", default=None)
    return None if target is None else Path(str(target))


@pytest.fixture
def results_dir(request: pytest.FixtureRequest) -> Path:
    """Where this run leaves images, descriptions and reports for a reviewer."""
    return Path(str(request.config.option.mpl_results_path))
