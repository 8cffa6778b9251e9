"""Geometry in display pixels: boxes that overlap or hold one another, the visible parts of bars
and markers, the trend line's strokes near a text, and pixels back to data units.

Not a step of the layout but what its steps (`plotting.sizes`, `plotting.places`,
`plotting.room`) measure with; of the package it calls only `plotting.measure`, so no step is
entered again through here. Strict overlap throughout: boxes that only touch do not overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.transforms import Affine2D, Bbox

from .measure import ink_size

__all__ = [
    "body_box",
    "crosses",
    "data_extent",
    "inside",
    "marker_box",
    "overlaps",
    "overlaps_any",
    "slot_width",
    "strokes_near",
    "width_at_right",
]


def overlaps(a: Bbox, b: Bbox) -> bool:
    """Strict: boxes that only touch do not overlap, as `Bbox.count_overlaps` counts (while
    `Bbox.overlaps` says that touching boxes overlap)."""
    return bool(a.count_overlaps([b]))


def overlaps_any(box: Bbox, extents: np.ndarray) -> bool:
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


def strokes_near(line: Line2D, path: Path, ink: Path, renderer: RendererBase) -> list[Path]:
    """The segments of `line` (drawn as `path`, in display pixels) that reach the glyphs `ink`
    along x, each shifted by half the line's width every way: the line as drawn, for `crosses`.
    They depend only on the glyphs' x-range, so a label moved up or down reuses them."""
    half = float(renderer.points_to_pixels(line.get_linewidth())) / 2  # type: ignore[arg-type]
    corners = np.asarray(ink.vertices, dtype=float)  # control points bound the outlines
    reach = Bbox.from_extents(*corners.min(axis=0), *corners.max(axis=0))
    near = _segments_near(path, reach, half)
    if near is None:
        return []
    shifts = ((0, 0), (0, half), (0, -half), (half, 0), (-half, 0))
    return [near.transformed(Affine2D().translate(dx, dy)) for dx, dy in shifts]


def crosses(ink: Path, strokes: Sequence[Path]) -> bool:
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


def slot_width(ax: Axes) -> float:
    """Pixels per bar (one data unit along x)."""
    x0, x1 = ax.transData.transform([(0.0, 0.0), (1.0, 0.0)])[:, 0]
    return float(abs(x1 - x0))


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


def width_at_right(label: Text, renderer: RendererBase) -> float:
    """Pixels the label takes at the line's right end: its ink, the same on every stack, and
    a fifth more for air."""
    ink_width = ink_size(label, float(label.get_fontsize()))[0]
    return ink_width * float(renderer.points_to_pixels(1.2))  # type: ignore[arg-type]
