"""Geometry in display pixels (`plotting.boxes`), on boxes and small figures of the tests' own."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from support.agg import agg_renderer

from plotting.boxes import (
    body_box,
    crosses,
    data_extent,
    inside,
    marker_box,
    overlaps,
    overlaps_any,
    slot_width,
    strokes_near,
    width_at_right,
)
from plotting.measure import glyphs, ink_size


def box(x0: float, y0: float, x1: float, y1: float) -> Bbox:
    return Bbox.from_extents(x0, y0, x1, y1)


PAIRS = {
    "apart": (box(0, 0, 1, 1), box(2, 2, 3, 3), False),
    "touching edges": (box(0, 0, 1, 1), box(1, 0, 2, 1), False),
    "touching corners": (box(0, 0, 1, 1), box(1, 1, 2, 2), False),
    "overlapping": (box(0, 0, 2, 2), box(1, 1, 3, 3), True),
    "one in the other": (box(0, 0, 4, 4), box(1, 1, 2, 2), True),
    "side by side, apart in y": (box(0, 0, 2, 1), box(1, 2, 3, 3), False),
}


@pytest.mark.parametrize(("a", "b", "expected"), PAIRS.values(), ids=PAIRS.keys())
def test_overlaps_is_strict_and_overlaps_any_agrees(a: Bbox, b: Bbox, expected: bool) -> None:
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected
    assert overlaps_any(a, np.array([b.extents, box(50, 50, 60, 60).extents])) is expected


def test_overlaps_any_of_nothing_is_false() -> None:
    assert not overlaps_any(box(0, 0, 1, 1), np.empty((0, 4)))


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        (box(1, 1, 2, 2), True),
        (box(0, 0, 4, 4), True),  # edges touching count as inside
        (box(-0.1, 1, 2, 2), False),
        (box(1, 1, 2, 4.1), False),
    ],
)
def test_inside(inner: Bbox, expected: bool) -> None:
    assert inside(inner, box(0, 0, 4, 4)) is expected


def small_axes() -> tuple[Figure, FigureCanvasAgg]:
    fig = Figure(figsize=(4, 3), dpi=100)
    return fig, FigureCanvasAgg(fig)


def test_body_box_is_the_visible_part_of_a_bar() -> None:
    fig, canvas = small_axes()
    ax = fig.add_subplot()
    bars = ax.bar([0, 1, 2], [5, 5, 5], bottom=[-10, 0, 20], width=0.5)
    ax.set_ylim(0, 10)
    renderer = agg_renderer(canvas)
    frame = ax.get_window_extent(renderer)
    whole = body_box(bars[1], ax, renderer)
    assert body_box(bars[0], ax, renderer) is None  # from -10 to -5: below the plot
    assert whole is not None
    assert whole.y0 == pytest.approx(frame.y0)
    assert whole.height == pytest.approx(frame.height / 2)
    assert body_box(bars[2], ax, renderer) is None  # above the plot


def test_body_box_clips_a_bar_that_starts_below_the_plot() -> None:
    fig, canvas = small_axes()
    ax = fig.add_subplot()
    (bar,) = ax.bar([0], [20], bottom=[-10], width=0.5)
    ax.set_ylim(0, 20)
    renderer = agg_renderer(canvas)
    visible = body_box(bar, ax, renderer)
    assert visible is not None
    assert visible.y0 == pytest.approx(ax.get_window_extent(renderer).y0)
    assert visible.height == pytest.approx(ax.get_window_extent(renderer).height / 2)


@pytest.mark.parametrize("dpi", [72.0, 300.0])
def test_marker_box_is_the_marker_with_its_edge(dpi: float) -> None:
    fig, _ = small_axes()
    fig.dpi = dpi
    ax = fig.add_subplot()
    (line,) = ax.plot([0, 1], [0, 1], marker="o", markersize=6, markeredgewidth=2)
    square = marker_box(line, 1, dpi)
    cx, cy = ax.transData.transform((1, 1))
    assert (square.width, square.height) == pytest.approx((8 * dpi / 72, 8 * dpi / 72))
    assert ((square.x0 + square.x1) / 2, (square.y0 + square.y1) / 2) == pytest.approx((cx, cy))


def test_slot_width_is_pixels_per_data_unit() -> None:
    fig, canvas = small_axes()
    ax = fig.add_subplot()
    ax.set_xlim(-0.5, 9.5)
    assert slot_width(ax) == pytest.approx(ax.get_window_extent(agg_renderer(canvas)).width / 10)


def test_data_extent_spans_the_texts_boxes_in_data_units() -> None:
    fig, canvas = small_axes()
    ax = fig.add_subplot()
    ax.set_ylim(0, 10)
    texts = [ax.text(0.2, 2, "low", va="bottom"), ax.text(0.5, 8, "high", va="top")]
    low, high = data_extent(texts, ax, agg_renderer(canvas))
    assert low == pytest.approx(2)
    assert high == pytest.approx(8)


def test_a_line_through_the_glyphs_crosses_them_and_one_beside_does_not() -> None:
    fig, canvas = small_axes()
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    label = ax.text(5, 5, "888", ha="center", va="center", fontsize=20)
    through = ax.plot([0, 10], [5, 5], linewidth=1)[0]
    above = ax.plot([0, 10], [9, 9], linewidth=1)[0]
    renderer = agg_renderer(canvas)
    ink = glyphs(label, renderer)
    for line, expected in ((through, True), (above, False)):
        path = line.get_transform().transform_path(line.get_path())
        assert crosses(ink, strokes_near(line, path, ink, renderer)) is expected


def test_strokes_near_keep_only_segments_that_reach_the_glyphs() -> None:
    fig, canvas = small_axes()
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    label = ax.text(1, 0.5, "8", fontsize=10)
    far = ax.plot([6, 9], [0.5, 0.5])[0]  # right of the glyphs, at their height
    renderer = agg_renderer(canvas)
    ink = glyphs(label, renderer)
    path = far.get_transform().transform_path(far.get_path())
    assert strokes_near(far, path, ink, renderer) == []


@pytest.mark.parametrize("dpi", [100.0, 300.0])
def test_width_at_right_is_the_ink_and_a_fifth_more(dpi: float) -> None:
    fig, canvas = small_axes()
    fig.dpi = dpi
    label = fig.add_subplot().text(0, 0, "GRPO 55.79", fontsize=7)
    expected = ink_size(label, 7.0)[0] * 1.2 * dpi / 72
    assert width_at_right(label, agg_renderer(canvas)) == pytest.approx(expected)
