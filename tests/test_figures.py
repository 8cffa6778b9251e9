"""The figure guard's tests of every registered figure case: its pixels (pytest-mpl, exact), its
description in words, and a baselines folder with no orphans. They live in the guard
(`figure_guard.checks`); importing them here collects them, parametrized over the cases of
`figure_guard_figures` in pyproject.toml. Regenerate with `tox -e baselines`."""

from figure_guard.checks import *  # noqa: F403
