"""Where the labels go, so that nothing important is covered, in a figure of fixed width.

The rules, for any valid data (the property tests check each on the drawn artists):

- A value label sits beyond its bar's end, on the side away from the bar's base: above a bar
  that grows up, below a bar that hangs down (as matplotlib's own `bar_label` does). When the
  trend line would cross its glyphs or it would touch its marker, it moves further out.
- Value labels and x tick labels fit their bars' slots side by side. When they cannot at their
  design size, they get smaller, half a point at a time, down to `MIN_LABEL_SIZE`; then they are
  turned upright (90°), back at the largest size that fits; when even that does not fit, drawing
  stops with an error that says how many bars fit at this width and how wide the figure must be.
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

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D, Bbox

from .data import MAX_WIDTH as MAX_FIGURE_WIDTH
from .data import DataError

__all__ = [
    "MINUS",
    "MIN_LABEL_SIZE",
    "UPRIGHT",
    "LabelFit",
    "Place",
    "TooManyBars",
    "body_box",
    "choose_fit",
    "data_extent",
    "footprint",
    "free_places",
    "glyphs",
    "ink_size",
    "marker_box",
    "overlaps",
    "push_clear",
    "signed",
    "slot_width",
    "sweep",
    "too_many_bars",
    "too_many_bars_error",
]

MINUS = "\N{MINUS SIGN}"
#: The smallest type a printed figure stays legible in (points).
MIN_LABEL_SIZE = 5.0
SIZE_STEP = 0.5
UPRIGHT = 90.0


def signed(value: float, digits: int = 2) -> str:
    """`value` with `digits` decimals and a true minus sign; never a negative zero."""
    text = f"{value:.{digits}f}"
    if float(text) == 0.0:
        text = text.removeprefix("-")
    return text.replace("-", MINUS)


# ── geometry, in display pixels ─────────────────────────────────────────────────────────────────


def overlaps(a: Bbox, b: Bbox) -> bool:
    """Strict: boxes that only touch do not overlap (`Bbox.overlaps` says they do)."""
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)


def _overlaps_any(box: Bbox, extents: np.ndarray) -> bool:
    """`overlaps` against many boxes at once (rows x0, y0, x1, y1). By hand because
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


def glyphs(text: Text, renderer: RendererBase) -> Path:
    """The outlines of the text's glyphs where they are drawn: the ink, not the line box (which
    holds room for ascenders and descenders that digits do not have). Rotation 0 or 90."""
    box = text.get_window_extent(renderer)
    prop = text.get_fontproperties()
    string = text.get_text()
    _, _, descent = renderer.get_text_width_height_descent(string, prop, ismath=False)
    _, _, lp_descent = renderer.get_text_width_height_descent("lp", prop, ismath=False)
    descent = max(descent, lp_descent)  # the line box's depth below the baseline
    scale = float(renderer.points_to_pixels(1.0))  # type: ignore[arg-type]
    vertices, codes = _OWN_PATHS.get_text_path(prop, string)
    size = float(prop.get_size_in_points())
    path = Path(np.asarray(vertices, dtype=float) * size / _OWN_PATHS.FONT_SCALE, codes)
    if _is_upright(text):
        origin = (box.x1 - descent, box.y0)
        placed = Affine2D().scale(scale).rotate_deg(UPRIGHT).translate(*origin)
    else:
        placed = Affine2D().scale(scale).translate(box.x0, box.y0 + descent)
    return path.transformed(placed)


def _crosses_path(line: Line2D, path: Path, ink: Path, renderer: RendererBase) -> bool:
    """Whether `line` (drawn as `path`, in display pixels), with its width, runs through the
    glyphs `ink`."""
    half = float(renderer.points_to_pixels(line.get_linewidth())) / 2  # type: ignore[arg-type]
    corners = np.asarray(ink.vertices, dtype=float)  # control points bound the outlines
    reach = Bbox.from_extents(*corners.min(axis=0), *corners.max(axis=0))
    near = _segments_near(path, reach, half)
    if near is None:
        return False
    return any(
        ink.intersects_path(near.transformed(Affine2D().translate(dx, dy)), filled=True)
        for dx, dy in ((0, 0), (0, half), (0, -half), (half, 0), (-half, 0))
    )


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


def _is_upright(text: Text) -> bool:
    return abs(text.get_rotation() - UPRIGHT) < 1e-6


# ── fitting labels into slots ───────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class LabelFit:
    """The size and rotation a row of labels is drawn at."""

    size: float
    rotation: float


def _sizes(design_size: float) -> list[float]:
    count = max(0, math.floor((design_size - MIN_LABEL_SIZE) / SIZE_STEP + 1e-9))
    return [design_size - SIZE_STEP * step for step in range(count + 1)]


def ink_size(text: Text, size: float) -> tuple[float, float]:
    """Width and height, in points, of the text's glyph outlines at `size`: read from the font's
    own outlines, unhinted, so every matplotlib and FreeType version measures the same, and a
    layout decision made on them is the same on every stack."""
    return _ink_size(text.get_text(), findfont(text.get_fontproperties()), size)


@functools.lru_cache(maxsize=4096)
def _ink_size(string: str, font_file: str, size: float) -> tuple[float, float]:
    """Keyed by the font's file, not by a text's FontProperties: those change in place."""
    font = _own_font(font_file)
    font.clear()
    font.set_size(size, 72)
    font.set_text(string, 0.0, flags=LoadFlags.NO_HINTING)
    width, height = font.get_width_height()  # the glyphs' box, in 1/64 points
    return width / 64, height / 64


class _OwnTextToPath(TextToPath):
    """matplotlib's outlines of text, read with this module's own font objects."""

    def _get_font(self, prop: FontProperties) -> FT2Font:
        font = _own_font(findfont(prop))
        font.clear()
        font.set_size(self.FONT_SCALE, self.DPI)
        return font


@functools.cache
def _own_font(path: str) -> FT2Font:
    """A font object of this module's own: matplotlib shares its font objects between all
    drawing, and measuring with them here would leave them in another state for the next
    measurement (seen as a figure one pixel taller, depending on what was drawn before)."""
    return FT2Font(path)


_OWN_PATHS = _OwnTextToPath()


def footprint(texts: Sequence[Text], fit: LabelFit, renderer: RendererBase) -> float:
    """How much of a bar's slot, in pixels, the widest of `texts` takes at `fit`: the ink's width,
    or its height when turned upright."""
    points = 0.0
    for text in _widest(texts):
        width, height = ink_size(text, fit.size)
        points = max(points, height if fit.rotation == UPRIGHT else width)
    return points * float(renderer.points_to_pixels(1.0))  # type: ignore[arg-type]


def _widest(texts: Sequence[Text], keep: int = 3) -> list[Text]:
    """The few texts with the widest ink: only they can decide a fit (the glyphs of one font
    scale together with the size)."""
    if len(texts) <= keep:
        return list(texts)
    return sorted(texts, key=lambda text: ink_size(text, 10.0)[0], reverse=True)[:keep]


def choose_fit(
    texts: Sequence[Text], design_size: float, slot: float, room: float, renderer: RendererBase
) -> LabelFit | None:
    """The first of: the design size, smaller sizes down to the minimum, the same turned
    upright, whose widest label times `room` fits `slot` pixels; None when none does."""
    texts = _widest(texts)
    for rotation in (0.0, UPRIGHT):
        for size in _sizes(design_size):
            fit = LabelFit(size, rotation)
            if footprint(texts, fit, renderer) * room <= slot:
                return fit
    return None


@dataclass
class TooManyBars(Exception):  # noqa: N818 (a signal between layout steps, not an error shown)
    """Labels that cannot fit, with an estimate of how many bars would and at what width; the
    caller checks the estimate by drawing (see `plotting.draw`) before it tells the user."""

    bars: int
    fitting: int
    width_needed: float


def too_many_bars_error(
    bars: int, width: float, fitting: int, width_needed: float | None
) -> DataError:
    """The error the user sees: both numbers in it were checked by drawing."""
    wider = (
        f"for {bars} bars make the figure at least {width_needed:.1f} in wide ([figure] width"
        " in the data, or --width)"
        if width_needed is not None
        else f"{bars} bars do not fit even {MAX_FIGURE_WIDTH:g} in wide"
    )
    return DataError(
        f"{bars} bars do not fit in a figure {width:g} in wide: their labels would overlap even"
        f" at {MIN_LABEL_SIZE:g} pt turned upright. At this width the first {fitting} bars"
        f" fit; {wider}"
    )


def too_many_bars(
    bars: int,
    *,
    needed_slot: float,
    axes_width: float,
    figure_width: float,
    span: float,
    span_per_bar: float,
    dpi: float,
) -> TooManyBars:
    """The x-axis spans `span` data units now, `span_per_bar` of them for each bar, and every
    unit needs `needed_slot` pixels: how many bars fit in `axes_width` pixels, and how wide the
    figure must be (its margins stay as they are) for all `bars`."""
    fitting = bars - math.ceil(max(0.0, span - axes_width / needed_slot) / span_per_bar)
    width_needed = figure_width + (needed_slot * span - axes_width) / dpi
    return TooManyBars(bars, max(0, min(fitting, bars - 1)), math.ceil(width_needed * 10) / 10)


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
    x, y = label.get_position()
    to_display = label.get_transform()
    origin = to_display.transform((float(x), float(y)))
    for count in range(limit):
        shift = to_display.transform((float(x), float(y) + away * step * count))[1] - origin[1]
        moved_box = box.translated(0, shift)
        moved_ink = ink.transformed(Affine2D().translate(0, shift))
        if not overlaps(moved_box, marker) and not _crosses_path(line, path, moved_ink, renderer):
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
    start = label.get_position()
    start_ha, start_va = label.get_horizontalalignment(), label.get_verticalalignment()
    for place in candidates:
        x, y, ha, va = place
        label.set_position((x, y))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        box = label.get_window_extent(renderer)
        if inside(box, frame) and not _overlaps_any(box, extents):
            return place
    label.set_position(start)
    label.set_horizontalalignment(start_ha)
    label.set_verticalalignment(start_va)
    return None


def sweep(low: float, high: float, step: float) -> np.ndarray:
    """Positions from `low` to `high` every `step` (both ends included)."""
    count = max(1, math.ceil((high - low) / step))
    return np.linspace(low, high, count + 1)
