"""Layout step 2 of 3, place the comparison label: at the first free place along its line.

Entered from `plotting.layout` once step 1 (`plotting.sizes`) has settled sizes, value-label
places and limits. The places tried, in order: the paper's (above the line, beside the first
bar), below it, at the right end above and below, then anywhere along the line every
`SWEEP_STEP`. Free means inside the axes and clear of every bar's body, every marker and every
value label (the trend line may pass it). When none is free the label stays where it was, and
step 3 (`plotting.room`) makes room for it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from .boxes import body_box, inside, marker_box, overlaps_any
from .design import SWEEP_STEP
from .drawn import Drawn, label_columns

__all__ = ["Place", "free_places", "place_comparison_label", "sweep"]

#: A place for a label: x and y in data units, horizontal and vertical alignment.
Place = tuple[float, float, Literal["left", "right"], Literal["bottom", "top"]]


def place_comparison_label(drawn: Drawn, renderer: RendererBase) -> bool:
    """The comparison label at the first free place along its line; False if none is free (True
    when there is no baseline label to place)."""
    label, baseline = drawn.comparison_label, drawn.data.baseline
    if label is None or baseline is None:
        return True
    ax, design, value = drawn.ax, drawn.design, baseline.value
    bottom, top = ax.get_ylim()
    dy = design.baseline_label_offset * (top - bottom)
    x_left, x_right = label_columns(ax, len(drawn.value_labels), design)
    candidates: list[Place] = [
        (x_left, value + dy, "left", "bottom"),
        (x_left, value - dy, "left", "top"),
        (x_right, value + dy, "right", "bottom"),
        (x_right, value - dy, "right", "top"),
    ]
    low, high = ax.get_xlim()
    margin = design.baseline_label_margin * (high - low)
    for x in sweep(low + margin, high - margin, SWEEP_STEP):
        candidates.append((float(x), value + dy, "left", "bottom"))
        candidates.append((float(x), value - dy, "left", "top"))
    return free_places(ax, label, candidates, _obstacles(drawn, renderer), renderer) is not None


def _obstacles(drawn: Drawn, renderer: RendererBase) -> list[Bbox]:
    """What the comparison label must keep clear of: value labels, bar bodies, markers."""
    ax = drawn.ax
    obstacles = [other.get_window_extent(renderer) for other in drawn.value_labels]
    bodies = (body_box(bar, ax, renderer) for bar in ax.patches if isinstance(bar, Rectangle))
    obstacles += [box for box in bodies if box is not None]
    dpi = drawn.fig.dpi
    obstacles += [marker_box(drawn.line, i, dpi) for i in range(len(drawn.value_labels))]
    return obstacles


def sweep(low: float, high: float, step: float) -> np.ndarray:
    """Positions from `low` to `high` every `step` (both ends included)."""
    count = max(1, math.ceil((high - low) / step))
    return np.linspace(low, high, count + 1)


def free_places(
    ax: Axes,
    label: Text,
    candidates: Sequence[Place],
    obstacles: Sequence[Bbox],
    renderer: RendererBase,
) -> Place | None:
    """The first candidate (x, y, ha, va) where `label` lies inside the axes and clear of every
    obstacle; `label` is left there. None (label unmoved) when no candidate is free."""
    frame = ax.get_window_extent(renderer)
    extents = np.array([other.extents for other in obstacles], dtype=float).reshape(-1, 4)
    to_display = label.get_transform()
    start_ha, start_va = label.get_horizontalalignment(), label.get_verticalalignment()
    about_anchor: dict[tuple[str, str], Bbox] = {}
    for place in candidates:
        x, y, ha, va = place
        if (ha, va) not in about_anchor:
            label.set_horizontalalignment(ha)
            label.set_verticalalignment(va)
            about_anchor[ha, va] = _box_about_anchor(label, renderer)
        box = about_anchor[ha, va].translated(*to_display.transform((x, y)))
        if inside(box, frame) and not overlaps_any(box, extents):
            label.set_position((x, y))
            label.set_horizontalalignment(ha)
            label.set_verticalalignment(va)
            return place
    label.set_horizontalalignment(start_ha)
    label.set_verticalalignment(start_va)
    return None


def _box_about_anchor(text: Text, renderer: RendererBase) -> Bbox:
    """The text's box relative to its anchor point: `Text.get_window_extent` lays the text out
    this way and then moves the box to the anchor's display position. Laying it out once per
    alignment instead of once per candidate place is the same arithmetic, many times faster
    (a private matplotlib method: `get_window_extent` offers no other way to reuse it)."""
    box: Bbox = text._get_layout(renderer)[0]  # type: ignore[attr-defined]
    return box
