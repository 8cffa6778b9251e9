"""The fit arithmetic: at what size and rotation a row of labels fits its bars' slots, and how many
bars fit a width. From strings, a font file and pixels per point; no figure is drawn here.

Layout step 1 (`plotting.sizes`) asks `choose_fit` for each row of labels; when a row fits at no
size, `Crowding` and `too_many_bars_error` work out, by arithmetic, the numbers the error gives.
The x-range arithmetic (`bar_x_range`, `right_end_with_room`) is here too, because `Crowding`
predicts with it what drawing (`plotting.draw`) and step 3 (`plotting.room`) will do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .data import MAX_WIDTH as MAX_FIGURE_WIDTH
from .data import DataError
from .design import SLOT_AIR, SWEEP_STEP
from .measure import UPRIGHT, ink_size_of

__all__ = [
    "MIN_LABEL_SIZE",
    "SIZE_STEP",
    "Crowding",
    "LabelFit",
    "bar_x_range",
    "choose_fit",
    "fit_order",
    "least_slots",
    "right_end_with_room",
    "too_many_bars_error",
]

#: The smallest type a printed figure stays legible in (points).
MIN_LABEL_SIZE = 5.0
#: How much smaller, in points, each size a crowded row tries is than the one before.
SIZE_STEP = 0.5
#: How many of a row's widest strings decide its fit (see `_widest`).
WIDEST_KEPT = 3


@dataclass(frozen=True)
class LabelFit:
    """The size (points) and rotation (degrees) a row of labels is drawn at."""

    size: float
    rotation: float


def _sizes(design_size: float) -> list[float]:
    count = max(0, math.floor((design_size - MIN_LABEL_SIZE) / SIZE_STEP + 1e-9))
    return [design_size - SIZE_STEP * step for step in range(count + 1)]


def fit_order(design_size: float) -> list[LabelFit]:
    """The fits a row tries, in order: the design size, smaller sizes `SIZE_STEP` apart down to
    `MIN_LABEL_SIZE`, then the same sizes turned upright."""
    return [LabelFit(size, rotation) for rotation in (0.0, UPRIGHT) for size in _sizes(design_size)]


def _widest(strings: Sequence[str], font_file: str) -> list[str]:
    """The few strings with the widest ink: only they can decide a fit (the glyphs of one font
    scale together with the size)."""
    if len(strings) <= WIDEST_KEPT:
        return list(strings)
    by_width = sorted(strings, key=lambda s: ink_size_of(s, font_file, 10.0)[0], reverse=True)
    return by_width[:WIDEST_KEPT]


def _footprint(
    strings: Sequence[str], font_file: str, fit: LabelFit, pixels_per_point: float
) -> float:
    """How much of a bar's slot, in pixels, the widest of `strings` takes at `fit`: the ink's
    width, or its height when turned upright."""
    points = 0.0
    for string in strings:
        width, height = ink_size_of(string, font_file, fit.size)
        points = max(points, height if fit.rotation == UPRIGHT else width)
    return points * pixels_per_point


def choose_fit(
    strings: Sequence[str],
    font_file: str,
    design_size: float,
    *,
    slot: float,
    room: float,
    pixels_per_point: float,
) -> LabelFit | None:
    """The first of `fit_order` at which the widest of `strings` times `room` fits `slot`
    pixels; None when none does."""
    widest = _widest(strings, font_file)
    for fit in fit_order(design_size):
        if _footprint(widest, font_file, fit, pixels_per_point) * room <= slot:
            return fit
    return None


def least_slots(
    strings: Sequence[str],
    font_file: str,
    design_size: float,
    *,
    room: float,
    pixels_per_point: float,
) -> list[float]:
    """For each count k, the narrowest slot, in pixels, in which `choose_fit` finds a fit for the
    first k of `strings`."""
    fits = fit_order(design_size)
    slots = []
    for count in range(1, len(strings) + 1):
        widest = _widest(strings[:count], font_file)
        footprints = (_footprint(widest, font_file, fit, pixels_per_point) for fit in fits)
        slots.append(room * min(footprints))
    return slots


def bar_x_range(bars: int, bar_width: float, x_margin: float) -> tuple[float, float]:
    """The x-range the figure starts from for `bars` bars: matplotlib's own margins around them,
    widened where needed so that every bar has a whole slot (see `plotting.draw`)."""
    if bars == 1:  # a lone bar would fill the axes; it gets the width of a bar among others
        return -1.0, 1.0
    first = 0 - bar_width / 2  # bar edges with matplotlib's arithmetic, to the last bit
    last = (bars - 1 - bar_width / 2) + bar_width
    air = (last - first) * x_margin
    low, high = first - air, last + air
    if low > -0.5 or high < bars - 0.5:
        return min(low, -0.5 - SLOT_AIR), max(high, bars - 0.5 + SLOT_AIR)
    return low, high


def right_end_with_room(
    low: float, high: float, bars: int, label_width: float, axes_width: float
) -> float:
    """The right end of the x-range `low`..`high` widened so that a label `label_width` pixels
    wide fits beyond the last bar's slot, in axes `axes_width` pixels wide that keep their width.
    The room R for a range now S units wide solves R * W / (S + R) = L; it is rounded up to whole
    sweep steps, so every stack gets one answer, and a sweep step more is left as air."""
    room = label_width * (high - low) / max(axes_width - label_width, 1.0)
    room = math.ceil(room / SWEEP_STEP) * SWEEP_STEP
    slot_end = bars - 0.5  # where the last bar's slot ends
    return max(high, slot_end) + room + SWEEP_STEP


@dataclass(frozen=True)
class Crowding:
    """Whether the first k bars fit a figure w inches wide, decided by arithmetic as the layout
    decides it by drawing: a bar's slot is the axes' width over the x-range, and it must be at
    least the narrowest slot its row of labels fits in. Assumed, so that an answer that fits here
    fits in the drawing: the axes keep the margins measured on the crowded figure, and a comparison
    label needs room at the line's right end (the widest x-range it can cause)."""

    least_slots: tuple[float, ...]  #: [k - 1]: pixels the first k bars' labels need per slot
    margins: float  #: pixels of the figure's width outside the axes
    dpi: float
    bar_width: float
    x_margin: float
    label_width: float | None  #: pixels the comparison label takes at the right end, if any

    def fits(self, bars: int, width: float) -> bool:
        axes_width = width * self.dpi - self.margins
        low, high = bar_x_range(bars, self.bar_width, self.x_margin)
        if self.label_width is not None:
            high = right_end_with_room(low, high, bars, self.label_width, axes_width)
        return self.least_slots[bars - 1] <= axes_width / (high - low)

    def most_bars(self, width: float) -> int:
        """The most bars, counted from the first, that fit at `width` (at least one)."""
        fitting = 1
        while fitting < len(self.least_slots) and self.fits(fitting + 1, width):
            fitting += 1
        return fitting

    def least_width(self, width: float) -> float | None:
        """The narrowest width above `width`, in tenths of an inch, that fits all the bars;
        None when not even the widest figure allowed does."""
        tenths = math.floor(width * 10 + 1e-9) + 1
        while tenths <= round(MAX_FIGURE_WIDTH * 10):
            if self.fits(len(self.least_slots), tenths / 10):
                return tenths / 10
            tenths += 1
        return None


def too_many_bars_error(bars: int, width: float, crowding: Crowding) -> DataError:
    """The error the user sees, with how many bars fit at this width and how wide a figure fits
    them all (numbers from `Crowding`, which the property tests check by drawing)."""
    width_needed = crowding.least_width(width)
    wider = (
        f"for {bars} bars make the figure at least {width_needed:.1f} in wide ([figure] width"
        " in the data, or --width)"
        if width_needed is not None
        else f"{bars} bars do not fit even {MAX_FIGURE_WIDTH:g} in wide"
    )
    return DataError(
        f"{bars} bars do not fit in a figure {width:g} in wide: their labels would overlap even"
        f" at {MIN_LABEL_SIZE:g} pt turned upright. At this width the first"
        f" {min(crowding.most_bars(width), bars - 1)} bars fit; {wider}"
    )
