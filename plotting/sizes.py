"""Layout step 1 of 3, fit the sizes: each row of labels at the largest size that fits its bars'
slots, the value labels beside their bars and out of the trend line's way, and y-limits that hold
them; redone with `tight_layout` until sizes, places and limits agree.

Entered from `plotting.layout` with the `Drawn` figure and the fits the round before left
(`first_fits` in the first round); returns the fits it settled on, and leaves the value labels
placed for step 2 (`plotting.places`) to place the comparison label among them. When a row fits at
no size it raises the too-many-bars error, with numbers from `plotting.fit`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import findfont
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox

from .boxes import (
    crosses,
    data_extent,
    marker_box,
    overlaps,
    slot_width,
    strokes_near,
    width_at_right,
)
from .data import DataError
from .drawn import Drawn, set_value_label_places
from .fit import MIN_LABEL_SIZE, Crowding, LabelFit, choose_fit, least_slots, too_many_bars_error
from .measure import UPRIGHT, at_dpi, glyphs

__all__ = ["SETTLE_PASSES", "Fits", "first_fits", "push_clear", "settle"]

#: Rounds of sizes, places and limits, each followed by `tight_layout`, before the layout is taken
#: as it is. In the last round a row that fits at no size is the too-many-bars error, and the
#: layout is no longer redone: the value labels are placed once more on it as it stands.
SETTLE_PASSES = 8
#: A value label dodging the trend line moves by the y-range over this at a time ...
DODGE_STEPS = 200
#: ... and at most this many times.
DODGE_LIMIT = 400
#: The air automatic limits keep beyond the outermost value label, as a fraction of the y-range.
LIMIT_AIR = 0.02


@dataclass(frozen=True)
class Fits:
    """The fits the two rows of labels are drawn at, and the tick labels' design size (read
    before any fit changed it)."""

    labels: LabelFit
    ticks: LabelFit
    tick_design_size: float


def first_fits(drawn: Drawn) -> Fits:
    """The fits as drawn: both rows at their design sizes, level."""
    tick_size = float(drawn.ax.get_xticklabels()[0].get_fontsize())  # one per bar
    return Fits(LabelFit(drawn.design.value_label_size, 0.0), LabelFit(tick_size, 0.0), tick_size)


def settle(drawn: Drawn, fits: Fits, dpi: float) -> Fits:
    """Sizes, rotations, places and limits, redone until the layout no longer changes; measured
    at `dpi`, the saving dpi, where text is hinted as in the file (not at the 100 dpi the layout
    engine works at)."""
    for attempt in range(SETTLE_PASSES):
        last = attempt == SETTLE_PASSES - 1
        with at_dpi(drawn.fig, dpi) as renderer:
            new_fits, crowded = _fit_sizes(drawn, fits, renderer, last=last)
            changed = new_fits != fits
            fits = new_fits
            # labels just made their smallest because none fitted: the next pass decides
            # whether they do, so this one needs only the limits that hold them (dodging the
            # trend line would take most of the time before the error)
            changed |= _place_value_labels(drawn, renderer, dodge=not crowded)
            changed |= _fit_limits(drawn, renderer)
        if not changed:
            return fits
        if not last:
            drawn.fig.tight_layout(pad=drawn.design.layout_pad)
    with at_dpi(drawn.fig, dpi) as renderer:
        _place_value_labels(drawn, renderer)
    return fits


def _row(texts: Sequence[Text]) -> tuple[list[str], str]:
    """A row of labels as a fit sees it: their strings, and their one font's file (looked up
    once: matplotlib's lookup costs more than the measuring)."""
    return [text.get_text() for text in texts], findfont(texts[0].get_fontproperties())


def _fit_sizes(
    drawn: Drawn, fits: Fits, renderer: RendererBase, *, last: bool
) -> tuple[Fits, bool]:
    """The largest fit for each row of labels, applied. When a row has none, the figure is first
    laid out with the smallest labels (wide labels may have narrowed the axes), and only a row
    that still has none at the smallest is too many bars. Returns the fits, and whether the
    labels were made their smallest because none fitted."""
    ax, design = drawn.ax, drawn.design
    slot = slot_width(ax)
    room = design.label_room
    ticks = ax.get_xticklabels()
    scale = float(renderer.points_to_pixels(1.0))  # type: ignore[arg-type]
    label_fit = choose_fit(
        *_row(drawn.value_labels), design.value_label_size,
        slot=slot, room=room, pixels_per_point=scale,
    )  # fmt: skip
    tick_fit = choose_fit(
        *_row(ticks), fits.tick_design_size, slot=slot, room=room, pixels_per_point=scale
    )
    crowded = label_fit is None or tick_fit is None
    if label_fit is None or tick_fit is None:
        smallest = LabelFit(MIN_LABEL_SIZE, UPRIGHT)
        if last or fits.labels == fits.ticks == smallest:
            crowding = _crowding(drawn, fits, ticks, renderer)
            raise too_many_bars_error(len(drawn.value_labels), drawn.data.width, crowding)
        label_fit = tick_fit = smallest
    if label_fit != fits.labels:
        for label in drawn.value_labels:
            label.set_fontsize(label_fit.size)
            label.set_rotation(label_fit.rotation)
    if tick_fit != fits.ticks:
        ax.tick_params(axis="x", labelsize=tick_fit.size, labelrotation=tick_fit.rotation)
    return Fits(label_fit, tick_fit, fits.tick_design_size), crowded


def _crowding(drawn: Drawn, fits: Fits, ticks: Sequence[Text], renderer: RendererBase) -> Crowding:
    """What decides how many of these bars fit, measured on this figure."""
    design, scale = drawn.design, float(renderer.points_to_pixels(1.0))  # type: ignore[arg-type]
    room = design.label_room
    for_labels = least_slots(
        *_row(drawn.value_labels), design.value_label_size, room=room, pixels_per_point=scale
    )
    for_ticks = least_slots(*_row(ticks), fits.tick_design_size, room=room, pixels_per_point=scale)
    least = tuple(max(pair) for pair in zip(for_labels, for_ticks, strict=True))
    label = drawn.comparison_label
    return Crowding(
        least_slots=least,
        margins=drawn.fig.bbox.width - drawn.ax.get_window_extent(renderer).width,
        dpi=drawn.fig.dpi,
        bar_width=design.bar_width,
        x_margin=drawn.ax.get_xmargin(),
        label_width=None if label is None else width_at_right(label, renderer),
    )


def _place_value_labels(drawn: Drawn, renderer: RendererBase, *, dodge: bool = True) -> bool:
    """Back to the design's place, then (`dodge`) out of the trend line's and the marker's
    way. Returns whether any label moved."""
    labels, line = drawn.value_labels, drawn.line
    before = [label.get_position() for label in labels]
    bottom, top = drawn.ax.get_ylim()
    scores = drawn.data.avg_scores
    set_value_label_places(labels, scores, drawn.ups, drawn.design, top - bottom)
    if dodge:
        step = (top - bottom) / DODGE_STEPS
        for index, (label, up) in enumerate(zip(labels, drawn.ups, strict=True)):
            push_clear(
                label,
                away=1.0 if up else -1.0,
                line=line,
                marker=marker_box(line, index, drawn.fig.dpi),
                renderer=renderer,
                step=step,
            )
    return [label.get_position() for label in labels] != before


def push_clear(
    label: Text,
    *,
    away: float,
    line: Line2D,
    marker: Bbox,
    renderer: RendererBase,
    step: float,
    limit: int = DODGE_LIMIT,
) -> bool:
    """Move `label` by `step` data units at a time in direction `away` (+1 up, -1 down) until
    the trend line does not cross its glyphs and it does not touch its marker; True if moved.
    The glyphs are outlined once and shifted, since moving does not change their shape."""
    box = label.get_window_extent(renderer)
    path = line.get_transform().transform_path(line.get_path())
    if not overlaps(box, marker) and not path.intersects_bbox(box, filled=False):
        return False  # the line misses even the line box: no need to look at glyphs
    ink = glyphs(label, renderer)
    strokes = strokes_near(line, path, ink, renderer)
    x, y = label.get_position()
    to_display = label.get_transform()
    origin = to_display.transform((float(x), float(y)))
    # every place it may stop at, moved to display pixels in one call (point by point, the same
    # arithmetic as one call per place)
    places = np.column_stack(
        [np.full(limit, float(x)), [float(y) + away * step * count for count in range(limit)]]
    )
    shifts = to_display.transform(places)[:, 1] - origin[1]
    for count in range(limit):
        shift = float(shifts[count])
        moved_box = box.translated(0, shift)
        moved_ink = ink.transformed(Affine2D().translate(0, shift))
        if not overlaps(moved_box, marker) and not crosses(moved_ink, strokes):
            label.set_y(float(y) + away * step * count)
            return count > 0
    label.set_y(float(y) + away * step * limit)
    return True


def _fit_limits(drawn: Drawn, renderer: RendererBase) -> bool:
    """Automatic limits grow to hold every value label; limits from the data are checked."""
    ax = drawn.ax
    bottom, top = ax.get_ylim()
    low, high = data_extent(drawn.value_labels, ax, renderer)
    if drawn.data.ylim is not None:
        _check_given_limits(drawn, low)
        return False
    air = LIMIT_AIR * (top - bottom)
    new_bottom = min(bottom, low - air) if low < bottom + air / 2 else bottom
    new_top = max(top, high + air) if high > top - air / 2 else top
    if (new_bottom, new_top) == (bottom, top):
        return False
    ax.set_ylim(new_bottom, new_top)
    return True


def _check_given_limits(drawn: Drawn, lowest_label: float) -> None:
    """Limits from the data hold every bar end and the comparison line (checked with the data);
    here: a label below a hanging bar must not cross the bottom spine."""
    bottom, top = drawn.ax.get_ylim()
    if drawn.ax.spines["bottom"].get_visible() and lowest_label < bottom:
        raise DataError(
            f"[axes] ylim [{bottom:g}, {top:g}] leaves no room below the lowest bar for its"
            " value label: lower the bottom limit, or leave ylim out"
        )
