"""Where the labels go, so that nothing important is covered, in a figure of fixed width.

The rules, for any valid data (the property tests check each on the drawn artists):

- A value label sits beyond its bar's end, on the side away from the bar's base: above a bar
  that grows up, below a bar that hangs down (as matplotlib's own `bar_label` does). When the
  trend line would cross its glyphs or it would touch its marker, it moves further out.
- Value labels and x tick labels fit their bars' slots side by side. When they cannot at their
  design size, they get smaller, half a point at a time, down to `MIN_LABEL_SIZE`; then they are
  turned upright (90°), back at the largest size that fits; when even that does not fit, drawing
  stops with an error that says how many bars fit at this width and how wide the figure must be
  (worked out by `Crowding`, not by drawing).
  The figure itself always keeps its configured width.
- With automatic limits the y-range grows until every value label lies inside it. With limits
  from the data, a label may rise above the top (no spine is drawn there) but never crosses a
  drawn spine; a bar end or baseline outside those limits is an error.
- The baseline label takes the first free place along its line: the paper's (above the line,
  beside the first bar), then below it, then at the right end, then anywhere along the line in
  steps of a quarter bar. Free means inside the axes and clear of every bar's body, every
  marker and every value label (the trend line may pass it, as in the paper). When no place is
  free, the axes get room for it at the right end of the line.
- Negative numbers are written with the minus sign (U+2212) the tick labels use.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.figure import Figure
from matplotlib.font_manager import findfont
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox

from .data import MAX_WIDTH as MAX_FIGURE_WIDTH
from .data import DataError, FigureData
from .design import SLOT_AIR, SWEEP_STEP, Design
from .measure import UPRIGHT, at_dpi, glyphs, ink_size, ink_size_of, saving_dpi

__all__ = [
    "MINUS",
    "MIN_LABEL_SIZE",
    "Crowding",
    "LabelFit",
    "LabelLayout",
    "Place",
    "bar_x_range",
    "body_box",
    "choose_fit",
    "data_extent",
    "format_value",
    "free_places",
    "label_columns",
    "least_slots",
    "marker_box",
    "overlaps",
    "push_clear",
    "right_end_with_room",
    "set_value_label_places",
    "slot_width",
    "sweep",
    "too_many_bars_error",
]

MINUS = "\N{MINUS SIGN}"
#: The smallest type a printed figure stays legible in (points).
MIN_LABEL_SIZE = 5.0
SIZE_STEP = 0.5


def format_value(value: float, digits: int = 2) -> str:
    """`value` with `digits` decimals and a true minus sign; never a negative zero."""
    text = f"{value:.{digits}f}"
    if float(text) == 0.0:
        text = text.removeprefix("-")
    return text.replace("-", MINUS)


# ── geometry, in display pixels ─────────────────────────────────────────────────────────────────


def overlaps(a: Bbox, b: Bbox) -> bool:
    """Strict: boxes that only touch do not overlap, as `Bbox.count_overlaps` counts (while
    `Bbox.overlaps` says that touching boxes overlap)."""
    return bool(a.count_overlaps([b]))


def _overlaps_any(box: Bbox, extents: np.ndarray) -> bool:
    """`overlaps` against many boxes at once (rows x0, y0, x1, y1). In numpy because
    `Bbox.count_overlaps` converts every box anew on each call: hundreds of times slower here."""
    x0, y0, x1, y1 = box.extents
    return bool(
        np.any(
            (x0 < extents[:, 2])
            & (extents[:, 0] < x1)
            & (y0 < extents[:, 3])
            & (extents[:, 1] < y1)
        )
    )


def inside(inner: Bbox, outer: Bbox) -> bool:
    """Whether `inner` lies within `outer`, edges touching allowed (`Bbox` offers this for points
    only)."""
    return bool(
        inner.x0 >= outer.x0 and inner.x1 <= outer.x1 and inner.y0 >= outer.y0
        and inner.y1 <= outer.y1
    )  # fmt: skip


def body_box(bar: Rectangle, ax: Axes, renderer: RendererBase) -> Bbox | None:
    """The visible part of a bar (bars may start below the plot); None when nothing shows."""
    box = Bbox.intersection(bar.get_window_extent(renderer), ax.get_window_extent(renderer))
    return box if box is not None and box.height > 0 else None


def marker_box(line: Line2D, index: int, dpi: float) -> Bbox:
    """The square around one marker of `line`, edge included."""
    x = float(np.asarray(line.get_xdata(), dtype=float)[index])
    y = float(np.asarray(line.get_ydata(), dtype=float)[index])
    cx, cy = line.get_transform().transform((x, y))
    half = (float(line.get_markersize()) + line.get_markeredgewidth()) / 2 * dpi / 72
    return Bbox.from_extents(cx - half, cy - half, cx + half, cy + half)


def _strokes_near(line: Line2D, path: Path, ink: Path, renderer: RendererBase) -> list[Path]:
    """The segments of `line` (drawn as `path`, in display pixels) that reach the glyphs `ink`
    along x, each shifted by half the line's width every way: the line as drawn, for `_crosses`.
    They depend only on the glyphs' x-range, so a label moved up or down reuses them."""
    half = float(renderer.points_to_pixels(line.get_linewidth())) / 2  # type: ignore[arg-type]
    corners = np.asarray(ink.vertices, dtype=float)  # control points bound the outlines
    reach = Bbox.from_extents(*corners.min(axis=0), *corners.max(axis=0))
    near = _segments_near(path, reach, half)
    if near is None:
        return []
    shifts = ((0, 0), (0, half), (0, -half), (half, 0), (-half, 0))
    return [near.transformed(Affine2D().translate(dx, dy)) for dx, dy in shifts]


def _crosses(ink: Path, strokes: Sequence[Path]) -> bool:
    """Whether any of the line's `strokes` runs through the glyphs `ink`."""
    return any(ink.intersects_path(stroke, filled=True) for stroke in strokes)


def _segments_near(path: Path, box: Bbox, pad: float) -> Path | None:
    """The part of a polyline whose segments reach into `box` (widened by `pad`) along x: a
    label meets only the few segments around it, and testing those alone is much faster."""
    vertices = np.asarray(path.vertices, dtype=float)
    if len(vertices) < 2:
        return None
    x0, x1 = vertices[:-1, 0], vertices[1:, 0]
    reach = (np.maximum(x0, x1) >= box.x0 - pad) & (np.minimum(x0, x1) <= box.x1 + pad)
    hits = np.flatnonzero(reach)
    if hits.size == 0:
        return None
    return Path(vertices[hits.min() : hits.max() + 2])


# ── fitting labels into slots ───────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class LabelFit:
    """The size and rotation a row of labels is drawn at."""

    size: float
    rotation: float


def _sizes(design_size: float) -> list[float]:
    count = max(0, math.floor((design_size - MIN_LABEL_SIZE) / SIZE_STEP + 1e-9))
    return [design_size - SIZE_STEP * step for step in range(count + 1)]


def _row(texts: Sequence[Text]) -> tuple[list[str], str]:
    """A row of labels as a fit sees it: their strings, and their one font's file (looked up
    once: matplotlib's lookup costs more than the measuring)."""
    return [text.get_text() for text in texts], findfont(texts[0].get_fontproperties())


def _widest(strings: Sequence[str], font_file: str, keep: int = 3) -> list[str]:
    """The few strings with the widest ink: only they can decide a fit (the glyphs of one font
    scale together with the size)."""
    if len(strings) <= keep:
        return list(strings)
    return sorted(strings, key=lambda s: ink_size_of(s, font_file, 10.0)[0], reverse=True)[:keep]


def _footprint(strings: Sequence[str], font_file: str, fit: LabelFit, scale: float) -> float:
    """How much of a bar's slot, in pixels (`scale` of them a point), the widest of `strings`
    takes at `fit`: the ink's width, or its height when turned upright."""
    points = 0.0
    for string in strings:
        width, height = ink_size_of(string, font_file, fit.size)
        points = max(points, height if fit.rotation == UPRIGHT else width)
    return points * scale


def _fits(design_size: float) -> list[LabelFit]:
    """The fits a row tries, in order: the design size, smaller sizes down to the minimum, the
    same turned upright."""
    return [LabelFit(size, rotation) for rotation in (0.0, UPRIGHT) for size in _sizes(design_size)]


def choose_fit(
    texts: Sequence[Text], design_size: float, slot: float, room: float, renderer: RendererBase
) -> LabelFit | None:
    """The first of `_fits` whose widest label times `room` fits `slot` pixels; None when none
    does."""
    strings, font_file = _row(texts)
    widest = _widest(strings, font_file)
    scale = float(renderer.points_to_pixels(1.0))  # type: ignore[arg-type]
    for fit in _fits(design_size):
        if _footprint(widest, font_file, fit, scale) * room <= slot:
            return fit
    return None


def least_slots(
    texts: Sequence[Text], design_size: float, room: float, renderer: RendererBase
) -> list[float]:
    """For each count k, the narrowest slot, in pixels, in which `choose_fit` finds a fit for the
    first k of `texts`."""
    strings, font_file = _row(texts)
    scale = float(renderer.points_to_pixels(1.0))  # type: ignore[arg-type]
    fits = _fits(design_size)
    slots = []
    for count in range(1, len(strings) + 1):
        widest = _widest(strings[:count], font_file)
        slots.append(room * min(_footprint(widest, font_file, fit, scale) for fit in fits))
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
    fits in the drawing: the axes keep the margins measured on the crowded figure, and a baseline
    label needs room at the line's right end (the widest x-range it can cause)."""

    least_slots: tuple[float, ...]  #: [k - 1]: pixels the first k bars' labels need per slot
    margins: float  #: pixels of the figure's width outside the axes
    dpi: float
    bar_width: float
    x_margin: float
    label_width: float | None  #: pixels the baseline label takes at the right end, if any

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


def slot_width(ax: Axes) -> float:
    """Pixels per bar (one data unit along x)."""
    x0, x1 = ax.transData.transform([(0.0, 0.0), (1.0, 0.0)])[:, 0]
    return float(abs(x1 - x0))


def push_clear(
    label: Text,
    *,
    away: float,
    line: Line2D,
    marker: Bbox,
    renderer: RendererBase,
    step: float,
    limit: int = 400,
) -> bool:
    """Move `label` by `step` data units at a time in direction `away` (+1 up, -1 down) until
    the trend line does not cross its glyphs and it does not touch its marker; True if moved.
    The glyphs are outlined once and shifted, since moving does not change their shape."""
    box = label.get_window_extent(renderer)
    path = line.get_transform().transform_path(line.get_path())
    if not overlaps(box, marker) and not path.intersects_bbox(box, filled=False):
        return False  # the line misses even the line box: no need to look at glyphs
    ink = glyphs(label, renderer)
    strokes = _strokes_near(line, path, ink, renderer)
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
        if not overlaps(moved_box, marker) and not _crosses(moved_ink, strokes):
            label.set_y(float(y) + away * step * count)
            return count > 0
    label.set_y(float(y) + away * step * limit)
    return True


def data_extent(texts: Sequence[Text], ax: Axes, renderer: RendererBase) -> tuple[float, float]:
    """The lowest and highest y, in data units, that any of `texts` reaches."""
    to_data = ax.transData.inverted()
    lows, highs = [], []
    for text in texts:
        box = text.get_window_extent(renderer)
        (_, low), (_, high) = to_data.transform([(box.x0, box.y0), (box.x1, box.y1)])
        lows.append(float(low))
        highs.append(float(high))
    return min(lows), max(highs)


#: A place for a label: x and y in data units, horizontal and vertical alignment.
Place = tuple[float, float, Literal["left", "right"], Literal["bottom", "top"]]


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
        if inside(box, frame) and not _overlaps_any(box, extents):
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


def sweep(low: float, high: float, step: float) -> np.ndarray:
    """Positions from `low` to `high` every `step` (both ends included)."""
    count = max(1, math.ceil((high - low) / step))
    return np.linspace(low, high, count + 1)


def set_value_label_places(
    labels: Sequence[Text],
    scores: Sequence[float],
    ups: Sequence[bool],
    design: Design,
    y_range: float,
) -> None:
    """Each label just beyond its bar's end, on the side away from the bar's base."""
    offset = design.value_label_offset * y_range
    for label, score, up in zip(labels, scores, ups, strict=True):
        label.set_y(score + offset if up else score - offset)
        label.set_verticalalignment("bottom" if up else "top")


class LabelLayout:
    """The rules of `plotting.layout`, applied to one figure: sizes, places and limits."""

    def __init__(
        self,
        *,
        fig: Figure,
        ax: Axes,
        line: Line2D,
        value_labels: Sequence[Text],
        baseline_label: Text | None,
        ups: Sequence[bool],
        data: FigureData,
        design: Design,
    ) -> None:
        self.fig, self.ax, self.line = fig, ax, line
        self.baseline_label = baseline_label
        self.labels, self.ups, self.data, self.design = value_labels, ups, data, design
        self.save_dpi = saving_dpi(fig)
        self.renderer: RendererBase = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        self.label_fit = LabelFit(design.value_label_size, 0.0)
        self.tick_design_size = float(ax.get_xticklabels()[0].get_fontsize())  # one per bar
        self.tick_fit = LabelFit(self.tick_design_size, 0.0)

    @contextmanager
    def measuring(self) -> Iterator[None]:
        """Measure as the figure is saved: at the saving dpi (300 in the style), where text is
        hinted as in the file, not at the 100 dpi the layout engine works at."""
        with at_dpi(self.fig, self.save_dpi) as renderer:
            self.renderer = renderer
            yield

    def fit(self) -> None:
        """Sizes, rotations, places and limits, redone until the layout no longer changes."""
        for attempt in range(8):
            with self.measuring():
                changed, crowded = self._fit_sizes(last=attempt == 7)
                # labels just made their smallest because none fitted: the next pass decides
                # whether they do, so this one needs only the limits that hold them (dodging the
                # trend line would take most of the time before the error)
                changed |= self._place_value_labels(dodge=not crowded)
                changed |= self._fit_limits()
            if not changed:
                return
            if attempt < 7:  # the last pass leaves the layout as it is and the labels placed on it
                self.fig.tight_layout(pad=self.design.layout_pad)
        with self.measuring():
            self._place_value_labels()

    def _fit_sizes(self, *, last: bool) -> tuple[bool, bool]:
        """The largest fit for each row of labels. When a row has none, the figure is first laid
        out with the smallest labels (wide labels may have narrowed the axes), and only a row that
        still has none at the smallest is too many bars. Returns whether a fit changed, and
        whether the labels were made their smallest because none fitted."""
        slot = slot_width(self.ax)
        room = self.design.label_room
        ticks = self.ax.get_xticklabels()
        label_fit = choose_fit(self.labels, self.design.value_label_size, slot, room, self.renderer)
        tick_fit = choose_fit(ticks, self.tick_design_size, slot, room, self.renderer)
        crowded = label_fit is None or tick_fit is None
        if label_fit is None or tick_fit is None:
            smallest = LabelFit(MIN_LABEL_SIZE, UPRIGHT)
            if last or self.label_fit == self.tick_fit == smallest:
                crowding = self._crowding(ticks)
                raise too_many_bars_error(len(self.labels), self.data.width, crowding)
            label_fit = tick_fit = smallest
        changed = False
        if label_fit != self.label_fit:
            for label in self.labels:
                label.set_fontsize(label_fit.size)
                label.set_rotation(label_fit.rotation)
            self.label_fit, changed = label_fit, True
        if tick_fit != self.tick_fit:
            self.ax.tick_params(axis="x", labelsize=tick_fit.size, labelrotation=tick_fit.rotation)
            self.tick_fit, changed = tick_fit, True
        return changed, crowded

    def _crowding(self, ticks: Sequence[Text]) -> Crowding:
        """What decides how many of these bars fit, measured on this figure."""
        room, renderer = self.design.label_room, self.renderer
        value_size, tick_size = self.design.value_label_size, self.tick_design_size
        for_labels = least_slots(self.labels, value_size, room, renderer)
        for_ticks = least_slots(ticks, tick_size, room, renderer)
        least = tuple(max(pair) for pair in zip(for_labels, for_ticks, strict=True))
        label = self.baseline_label
        return Crowding(
            least_slots=least,
            margins=self.fig.bbox.width - self.ax.get_window_extent(renderer).width,
            dpi=self.fig.dpi,
            bar_width=self.design.bar_width,
            x_margin=self.ax.get_xmargin(),
            label_width=None if label is None else self._width_at_right(label),
        )

    def _place_value_labels(self, *, dodge: bool = True) -> bool:
        """Back to the design's place, then (`dodge`) out of the trend line's and the marker's
        way."""
        before = [label.get_position() for label in self.labels]
        bottom, top = self.ax.get_ylim()
        scores = self.data.avg_scores
        set_value_label_places(self.labels, scores, self.ups, self.design, top - bottom)
        if dodge:
            step = (top - bottom) / 200
            for index, (label, up) in enumerate(zip(self.labels, self.ups, strict=True)):
                push_clear(
                    label,
                    away=1.0 if up else -1.0,
                    line=self.line,
                    marker=marker_box(self.line, index, self.fig.dpi),
                    renderer=self.renderer,
                    step=step,
                )
        return [label.get_position() for label in self.labels] != before

    def _fit_limits(self) -> bool:
        """Automatic limits grow to hold every value label; limits from the data are checked."""
        bottom, top = self.ax.get_ylim()
        low, high = data_extent(self.labels, self.ax, self.renderer)
        if self.data.ylim is not None:
            self._check_given_limits(low)
            return False
        air = 0.02 * (top - bottom)
        new_bottom = min(bottom, low - air) if low < bottom + air / 2 else bottom
        new_top = max(top, high + air) if high > top - air / 2 else top
        if (new_bottom, new_top) == (bottom, top):
            return False
        self.ax.set_ylim(new_bottom, new_top)
        return True

    def _check_given_limits(self, lowest_label: float) -> None:
        """Limits from the data hold every bar end and the baseline (checked with the data);
        here: a label below a hanging bar must not cross the bottom spine."""
        bottom, top = self.ax.get_ylim()
        if self.ax.spines["bottom"].get_visible() and lowest_label < bottom:
            raise DataError(
                f"[axes] ylim [{bottom:g}, {top:g}] leaves no room below the lowest bar for its"
                " value label: lower the bottom limit, or leave ylim out"
            )

    def place_baseline_label(self) -> bool:
        """The baseline label at the first free place along its line (see `plotting.layout`);
        False if none is free."""
        label, baseline = self.baseline_label, self.data.baseline
        if label is None or baseline is None:
            return True
        ax, design, renderer, value = self.ax, self.design, self.renderer, baseline.value
        bottom, top = ax.get_ylim()
        dy = design.baseline_label_offset * (top - bottom)
        x_left, x_right = label_columns(ax, len(self.labels), design)
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
        obstacles = [other.get_window_extent(renderer) for other in self.labels]
        bodies = (body_box(bar, ax, renderer) for bar in ax.patches if isinstance(bar, Rectangle))
        obstacles += [box for box in bodies if box is not None]
        obstacles += [marker_box(self.line, i, self.fig.dpi) for i in range(len(self.labels))]
        place = free_places(ax, label, candidates, obstacles, renderer)
        return place is not None

    def make_room_for_baseline_label(self) -> None:
        """Widen the x-range at the right so the baseline label fits beyond the last bar's slot
        (the axes keep their width in pixels)."""
        if self.baseline_label is None:
            return
        low, high = self.ax.get_xlim()
        width = self.ax.get_window_extent(self.renderer).width
        label_width = self._width_at_right(self.baseline_label)
        self.ax.set_xlim(low, right_end_with_room(low, high, len(self.labels), label_width, width))

    def _width_at_right(self, label: Text) -> float:
        """Pixels the label takes at the line's right end: its ink, the same on every stack, and
        a fifth more for air."""
        ink_width = ink_size(label, float(label.get_fontsize()))[0]
        return ink_width * float(self.renderer.points_to_pixels(1.2))  # type: ignore[arg-type]


def label_columns(ax: Axes, n_bars: int, design: Design) -> tuple[float, float]:
    """Where the baseline label may start (left-aligned) or end (right-aligned): just outside the
    first or last bar, as in the paper, but pulled inside the axes when they are narrower."""
    low, high = ax.get_xlim()
    margin = design.baseline_label_margin * (high - low)
    return (
        max(-design.baseline_label_inset, low + margin),
        min(n_bars - 1 + design.baseline_label_inset, high - margin),
    )
