"""How a description writes values: numbers rounded to what can be seen, colours as hex, boxes in
the saved image's pixels (the only values that end in " px"), and the scene they are read in."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.artist import Artist
from matplotlib.backend_bases import RendererBase
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

#: ``{property name: value}`` of one artist, every value a string.
Props = dict[str, str]

#: A pixel at 300 dpi is 0.24 pt: two decimals of a point and a tenth of a pixel are below what
#: can be seen, and stay clear of floating-point noise.
PT_DIGITS = 2
PX_DIGITS = 1
#: Data values: six significant digits, enough for any score the labels print with two decimals.
DATA_DIGITS = 6


def num(value: float, digits: int) -> str:
    """Rounded to `digits` significant digits (or decimals for small `digits`), without noise."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if digits >= DATA_DIGITS:
        return f"{value:.{digits}g}" if value else "0"
    rounded = round(value, digits) + 0.0  # + 0.0: no "-0.0"
    return repr(rounded)


def data(value: float) -> str:
    """A value in data units."""
    return num(value, DATA_DIGITS)


def pt(value: float) -> str:
    return num(value, PT_DIGITS)


def px(value: float) -> str:
    return f"{round(value, PX_DIGITS):.{PX_DIGITS}f}"


def pair(values: Sequence[float]) -> str:
    return f"{data(values[0])} .. {data(values[1])}"


def point(x: float, y: float) -> str:
    return f"{data(x)}, {data(y)}"


def polyline(vertices: Iterable[Sequence[float]]) -> str:
    """Points joined by " / ": a segment of an error bar, one line of a line collection."""
    return " / ".join(point(float(x), float(y)) for x, y in vertices)


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def inside(value: float, low: float, high: float) -> bool:
    slack = 1e-9 * max(abs(low), abs(high), 1.0)
    return low - slack <= value <= high + slack


def color(value: Any) -> str:
    rgba = to_rgba(value)
    return to_hex(rgba, keep_alpha=rgba[3] < 1.0)


def runs(values: Sequence[str]) -> str:
    """One value per element of a collection, in one string with stable words: "#1f77b4" when
    all are the same, else each run once with its count ("#1f77b4 ×3, #ff7f0e"). Keyed by
    property, not by element, so one changed element is one changed line."""
    if not values:
        return "none"
    if len(set(values)) == 1:
        return values[0]
    parts: list[str] = []
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            count = index - start
            parts.append(values[start] if count == 1 else f"{values[start]} ×{count}")
            start = index
    return ", ".join(parts)


def alpha(artist: Artist) -> Props:
    """The artist's own alpha, over the alpha of its colours, when it has one."""
    value = artist.get_alpha()
    return {} if value is None else {"alpha": num(float(value), 3)}


def dashes(line: Line2D) -> str:
    """'solid', 'none', or the dash pattern in points (on, off, ...) as the line is drawn."""
    if line.get_linestyle() in ("None", "none", " ", ""):
        return "none"
    # The style's own numbers, before matplotlib scales them by the line width.
    offset, pattern = getattr(line, "_unscaled_dash_pattern", (0.0, None))
    if not pattern or line.get_linestyle() in ("-", "solid"):
        return "solid"
    return (
        "dashes "
        + " ".join(pt(part) for part in pattern)
        + (f" offset {pt(offset)}" if offset else "")
    )


class ImageFrame:
    """The saved image: its size in pixels and where the tight bounding box puts its origin, so
    that boxes are given in the image's own pixels, from its top left (as a pixel diff is)."""

    def __init__(self, left: float, bottom: float, width: int, height: int) -> None:
        self.left, self.bottom, self.width, self.height = left, bottom, width, height

    @classmethod
    def of(cls, fig: Figure, renderer: RendererBase, dpi: float, pad: float) -> ImageFrame:
        import matplotlib

        if matplotlib.rcParams["savefig.bbox"] == "tight":
            box = fig.get_tightbbox(renderer).padded(pad)
        else:
            box = Bbox.from_bounds(0, 0, *fig.get_size_inches())
        return cls(box.x0 * dpi, box.y0 * dpi, int(box.width * dpi), int(box.height * dpi))

    def box(self, extent: Bbox) -> str:
        left, right = extent.x0 - self.left, extent.x1 - self.left
        top = self.height - (extent.y1 - self.bottom)
        bottom = self.height - (extent.y0 - self.bottom)
        return f"x {px(left)}..{px(right)}, y {px(top)}..{px(bottom)} px"


@dataclass(frozen=True)
class Scene:
    """What every part is read with: the renderer of the drawn figure and its saved image."""

    renderer: RendererBase
    image: ImageFrame

    def box(self, artist: Artist) -> str:
        return self.image.box(artist.get_window_extent(self.renderer))
