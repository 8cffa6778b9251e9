"""Layout step 2 (`plotting.places`): the first free place along the line, on axes of the tests'
own."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from support.agg import agg_renderer

from plotting.boxes import inside, overlaps
from plotting.places import Place, free_places, sweep


def axes_and_label() -> tuple[Figure, Text, RendererBase]:
    fig = Figure(figsize=(4, 3), dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    return fig, ax.text(0, 0, "GRPO 55.79", fontsize=8), agg_renderer(canvas)


def data_box(fig: Figure, x0: float, y0: float, x1: float, y1: float) -> Bbox:
    """A box given in data units, in display pixels."""
    corners = fig.axes[0].transData.transform([(x0, y0), (x1, y1)])
    return Bbox(corners)


FIRST: Place = (1.0, 5.0, "left", "bottom")
SECOND: Place = (1.0, 5.0, "left", "top")
THIRD: Place = (9.0, 5.0, "right", "bottom")
OUTSIDE: Place = (9.9, 5.0, "left", "bottom")  # runs off the right edge


@pytest.mark.parametrize(
    ("candidates", "blocked", "expected"),
    [
        pytest.param([FIRST, SECOND, THIRD], [], FIRST, id="the first when nothing is in the way"),
        pytest.param([FIRST, SECOND, THIRD], [(0, 5, 5, 7)], SECOND, id="above blocked: below"),
        pytest.param(
            [FIRST, SECOND, THIRD], [(0, 3, 5, 7)], THIRD, id="both blocked: the right end"
        ),
        pytest.param([OUTSIDE, THIRD], [], THIRD, id="outside the axes is not free"),
        pytest.param([FIRST, SECOND], [(0, 0, 10, 10)], None, id="none free"),
    ],
)
def test_free_places_takes_the_first_free_candidate(
    candidates: list[Place],
    blocked: list[tuple[float, float, float, float]],
    expected: Place | None,
) -> None:
    fig, label, renderer = axes_and_label()
    obstacles = [data_box(fig, *extents) for extents in blocked]
    start = (label.get_position(), label.get_horizontalalignment(), label.get_verticalalignment())
    assert free_places(fig.axes[0], label, candidates, obstacles, renderer) == expected
    if expected is None:  # left as it was
        after = (
            label.get_position(),
            label.get_horizontalalignment(),
            label.get_verticalalignment(),
        )
        assert after == start
        return
    x, y, ha, va = expected
    assert label.get_position() == (x, y)
    assert (label.get_horizontalalignment(), label.get_verticalalignment()) == (ha, va)
    placed = label.get_window_extent(renderer)  # laid out by matplotlib itself
    assert inside(placed, fig.axes[0].get_window_extent(renderer))
    assert not any(overlaps(placed, obstacle) for obstacle in obstacles)


@pytest.mark.parametrize(
    ("low", "high", "step", "expected"),
    [
        (0.0, 1.0, 0.25, [0.0, 0.25, 0.5, 0.75, 1.0]),
        (0.0, 0.9, 0.25, [0.0, 0.225, 0.45, 0.675, 0.9]),  # evenly, ends kept, never wider
        (2.0, 2.0, 0.25, [2.0, 2.0]),
    ],
)
def test_sweep(low: float, high: float, step: float, expected: list[float]) -> None:
    assert sweep(low, high, step) == pytest.approx(np.array(expected))
