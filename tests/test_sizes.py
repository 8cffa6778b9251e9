"""Layout step 1 (`plotting.sizes`): value labels out of the trend line's way, and the sizes
settled on a small figure of the tests' own (the fit arithmetic itself: tests/test_fit.py)."""

from __future__ import annotations

import dataclasses

import pytest
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from support.agg import agg_renderer

from plotting.boxes import crosses, marker_box, overlaps, strokes_near
from plotting.data import FigureData
from plotting.design import DESIGN
from plotting.drawn import Drawn
from plotting.fit import LabelFit
from plotting.measure import UPRIGHT, glyphs
from plotting.sizes import first_fits, push_clear, settle


def label_and_line(label_y: float) -> tuple[Text, Line2D, RendererBase]:
    fig = Figure(figsize=(4, 3), dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    (line,) = ax.plot([0, 5, 10], [5, 5, 5], marker="o", markersize=4)
    return ax.text(5, label_y, "57.74", ha="center", va="bottom"), line, agg_renderer(canvas)


def clear(label: Text, line: Line2D, renderer: RendererBase) -> bool:
    """Neither the line's strokes through the glyphs nor the label on the marker."""
    ink = glyphs(label, renderer)
    path = line.get_transform().transform_path(line.get_path())
    on_marker = overlaps(label.get_window_extent(renderer), marker_box(line, 1, 100.0))
    return not on_marker and not crosses(ink, strokes_near(line, path, ink, renderer))


@pytest.mark.parametrize("away", [1.0, -1.0], ids=["up", "down"])
def test_push_clear_moves_a_label_off_the_line_in_its_direction(away: float) -> None:
    label, line, renderer = label_and_line(4.8)  # glyphs on the line and the marker
    assert not clear(label, line, renderer)
    marker = marker_box(line, 1, 100.0)
    moved = push_clear(label, away=away, line=line, marker=marker, renderer=renderer, step=0.05)
    assert moved
    assert clear(label, line, renderer)
    assert (label.get_position()[1] - 4.8) * away > 0
    # and not further than needed: one step back, it was not clear
    label.set_y(label.get_position()[1] - away * 0.05)
    assert not clear(label, line, renderer)


def test_push_clear_leaves_a_clear_label_where_it_is() -> None:
    label, line, renderer = label_and_line(7.0)
    marker = marker_box(line, 1, 100.0)
    assert not push_clear(label, away=1.0, line=line, marker=marker, renderer=renderer, step=0.05)
    assert label.get_position()[1] == 7.0


def small_drawn(bars: int, width: float) -> Drawn:
    fig = Figure(figsize=(width, 2.0), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    scores = [50.0 + index % 3 for index in range(bars)]
    ax.bar(range(bars), scores, width=0.8)
    (line,) = ax.plot(range(bars), scores, marker="o", markersize=3)
    # drawn at the design size, as plotting.draw draws them
    labels = [ax.text(i, s, f"{s:.2f}", ha="center", fontsize=9.0) for i, s in enumerate(scores)]
    ax.set_xticks(range(bars), [str(10 * (i + 1)) for i in range(bars)])
    ax.set_xlim(-0.6, bars - 0.4)
    ax.set_ylim(0, 60)
    data = FigureData(tuple(range(1, bars + 1)), tuple(scores), width=width)
    look = dataclasses.replace(DESIGN, value_label_size=9.0)
    return Drawn(fig, ax, line, labels, None, [True] * bars, data, look)


def test_first_fits_are_the_design_sizes_level() -> None:
    figure = small_drawn(3, 3.0)
    tick_size = float(figure.ax.get_xticklabels()[0].get_fontsize())
    fits = first_fits(figure)
    assert fits.labels == LabelFit(9.0, 0.0)
    assert fits.ticks == LabelFit(tick_size, 0.0)
    assert fits.tick_design_size == tick_size


@pytest.mark.parametrize(
    ("bars", "width", "level_at_design"),
    [(3, 4.0, True), (40, 6.0, False)],
    ids=["roomy: design size", "crowded: smaller or upright"],
)
def test_settle_draws_the_labels_at_the_fits_it_returns(
    bars: int, width: float, level_at_design: bool
) -> None:
    figure = small_drawn(bars, width)
    fits = settle(figure, first_fits(figure), 100.0)
    assert (fits.labels == LabelFit(9.0, 0.0)) is level_at_design
    for label in figure.value_labels:
        assert (label.get_fontsize(), label.get_rotation()) == (
            fits.labels.size,
            fits.labels.rotation,
        )
    tick = figure.ax.get_xticklabels()[0]
    assert tick.get_fontsize() == fits.ticks.size
    assert tick.get_rotation() == fits.ticks.rotation
    assert fits.labels.rotation in (0.0, UPRIGHT)
