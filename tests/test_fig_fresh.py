"""The committed fig/ files are what the code writes now, for every registered figure (the CLI's
`--every-figure --check`, as a test)."""

from __future__ import annotations

import pytest
from support.registered import FIGURES, PROJECT, ROOT

from figure_guard.registry import GuardedCase, GuardedFigure
from plotting import stale_files
from plotting.export import saving_dpi_of

# Compares bytes or pixels with the baselines: needs the pinned stack.
pytestmark = pytest.mark.pinned_stack


@pytest.mark.parametrize("figure", FIGURES, ids=lambda figure: figure.name)
def test_committed_fig_files_are_up_to_date(figure: GuardedFigure) -> None:
    published = GuardedCase(figure, figure.published)
    with published.styled():
        drawn = published.draw()
        stale = stale_files(drawn, PROJECT.fig, figure.file_stem, dpi=saving_dpi_of(drawn))
    assert not stale, (
        f"out of date: {', '.join(p.relative_to(ROOT).as_posix() for p in stale)};"
        " refresh them with `tox -e figure` and commit fig/"
    )
