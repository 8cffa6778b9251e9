"""The committed fig/ files are what the code writes now (the CLI's --check, as a test)."""

from __future__ import annotations

import pytest
from support.registered import ROOT

from plotting import stale_files, warmup_ablation_figure

# Compares bytes or pixels with the baselines: needs the pinned stack.
pytestmark = pytest.mark.pinned_stack


def test_committed_fig_files_are_up_to_date() -> None:
    stale = stale_files(warmup_ablation_figure(), ROOT / "fig")
    assert not stale, (
        f"out of date: {', '.join(p.relative_to(ROOT).as_posix() for p in stale)};"
        " refresh them with `python -m plotting` (or `tox -e figure`) and commit fig/"
    )
