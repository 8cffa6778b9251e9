"""Layout step 3 (`plotting.room`): room for the comparison label at the right end of its line."""

from __future__ import annotations

import pytest
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from support.agg import agg_renderer

from plotting.boxes import width_at_right
from plotting.data import Baseline, FigureData
from plotting.design import DESIGN
from plotting.drawn import Drawn
from plotting.room import make_room


def drawn(*, with_label: bool) -> tuple[Drawn, RendererBase]:
    """Three bars' labels and line on axes of the test's own; and the renderer to measure with."""
    fig = Figure(figsize=(3, 2), dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    (line,) = ax.plot([0, 1, 2], [1, 2, 3])
    labels = [ax.text(i, i + 1, f"{i + 1}.00") for i in range(3)]
    label = ax.text(0, 1.5, "GRPO 1.50", fontsize=7) if with_label else None
    ax.set_xlim(-0.6, 2.6)
    data = FigureData(warmup_steps=(1, 2, 3), avg_scores=(1.0, 2.0, 3.0))
    if with_label:
        data = FigureData((1, 2, 3), (1.0, 2.0, 3.0), baseline=Baseline("GRPO", 1.5))
    return Drawn(fig, ax, line, labels, label, [True] * 3, data, DESIGN), agg_renderer(canvas)


def test_make_room_widens_the_right_end_until_the_label_fits_beyond_the_last_slot() -> None:
    figure, renderer = drawn(with_label=True)
    ax = figure.ax
    width = ax.get_window_extent(renderer).width
    assert figure.comparison_label is not None
    needed = width_at_right(figure.comparison_label, renderer)
    make_room(figure, renderer)
    low, high = ax.get_xlim()
    assert low == -0.6  # the left end stays
    beyond_last_slot = (high - 2.5) * width / (high - low)
    assert beyond_last_slot >= needed
    assert ax.get_window_extent(renderer).width == pytest.approx(width)  # axes keep their width


def test_make_room_without_a_baseline_label_changes_nothing() -> None:
    figure, renderer = drawn(with_label=False)
    make_room(figure, renderer)
    assert figure.ax.get_xlim() == (-0.6, 2.6)
