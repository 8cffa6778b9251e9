"""What is on a drawn figure, in words: a plain, deterministic description read from its artists.

A pixel diff says *that* a figure changed; the description says *what*: "trend line: linewidth 0.9
→ 1.0". It is read from matplotlib's artist tree, after drawing the figure as it is saved (at the
saving dpi, with a tight bounding box), and it names artists by their role in the figure, not by
matplotlib's child order: `bar 10`, `value label 10`, `x tick label 15`, `baseline`, `trend line`.
The package gives every artist it draws a `gid` with that name.

The description is a mapping ``{artist: {property: value}}`` of strings. Values are rounded to what
can be seen; colours are ``#rrggbb`` (``#rrggbbaa`` when not opaque). Everything measured in pixels
(text boxes, the axes' box, the image size) ends in ``px``: those values depend on how the installed
FreeType rasterizes text, everything else does not (`is_raster_value`). Like the pixels, it is
hermetic: a user's rcParams change nothing in it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from contextlib import nullcontext
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from .measure import at_dpi
from .style import style_context

__all__ = [
    "FigureDescription",
    "describe_figure",
    "description_from_json",
    "description_to_json",
    "is_raster_value",
    "natural_key",
]

#: ``{artist name: {property name: value}}``, every value a string.
FigureDescription = dict[str, dict[str, str]]

#: A pixel at 300 dpi is 0.24 pt: two decimals of a point and a tenth of a pixel are below what
#: can be seen, and stay clear of floating-point noise.
_PT_DIGITS = 2
_PX_DIGITS = 1
#: Data values: six significant digits, enough for any score the labels print with two decimals.
_DATA_DIGITS = 6


def is_raster_value(value: str) -> bool:
    """True for values measured in pixels: they move with text rasterization (FreeType)."""
    return value.endswith(" px")


def describe_figure(fig: Figure, *, dpi: float | None = None) -> FigureDescription:
    """The description of `fig` as it would be saved at `dpi` (default: its savefig dpi).

    The figure is drawn once at that dpi to measure text, then left as it was.
    """
    with _figure_style(fig):
        import matplotlib

        save_dpi = float(matplotlib.rcParams["savefig.dpi"] if dpi is None else dpi)
        pad = float(matplotlib.rcParams["savefig.pad_inches"])
        with at_dpi(fig, save_dpi, draw=True) as renderer:
            image = _ImageFrame.of(fig, renderer, save_dpi, pad)
            description: FigureDescription = {"figure": _figure(fig, image)}
            for index, ax in enumerate(fig.axes):
                prefix = "" if index == 0 else f"axes {index + 1} "
                description.update(_axes(ax, prefix, renderer, image))
    return {
        name: dict(sorted(props.items(), key=lambda item: natural_key(item[0])))
        for name, props in sorted(description.items(), key=lambda item: natural_key(item[0]))
    }


def natural_key(name: str) -> tuple[tuple[int, float, str], ...]:
    """Sort key that puts `bar 5` before `bar 10` and `−2` before `0`: numbers by value."""
    parts = re.split(r"([−-]?\d+(?:\.\d+)?)", name)
    key: list[tuple[int, float, str]] = []
    for part in parts:
        if not part:
            continue
        try:
            key.append((0, float(part.replace("−", "-")), part))
        except ValueError:
            key.append((1, 0.0, part))
    return tuple(key)


def description_to_json(description: Mapping[str, Mapping[str, str]]) -> str:
    """One artist a line, both levels sorted naturally: a line of a diff names the artist it
    changes (`"bar 10": {..., "fill": "#438ae5", ...},`) whatever the diff's context, and
    ``git diff --word-diff`` shows just the changed value. `json` writes one value a line or all
    on one, never one member a line, so the outer object is joined here."""
    members = [
        json.dumps(name, ensure_ascii=False)
        + ": "
        + json.dumps(
            {prop: description[name][prop] for prop in sorted(description[name], key=natural_key)},
            ensure_ascii=False,
        )
        for name in sorted(description, key=natural_key)
    ]
    return "{\n" + ",\n".join(members) + "\n}\n" if members else "{}\n"


def description_from_json(text: str) -> FigureDescription:
    """Read a description back, in any JSON layout (the one-value-a-line files written before
    one artist a line too); raises ValueError when the text is not one."""
    data: Any = json.loads(text)
    if not isinstance(data, dict) or not all(
        isinstance(props, dict) and all(isinstance(v, str) for v in props.values())
        for props in data.values()
    ):
        raise ValueError("not a figure description: expected {artist: {property: text}}")
    return {str(name): {str(k): v for k, v in props.items()} for name, props in data.items()}


# ── drawing and measuring ───────────────────────────────────────────────────────────────────────


def _figure_style(fig: Figure) -> Any:
    font = getattr(fig, "style_font", None)
    return style_context(font) if isinstance(font, str) else nullcontext()


class _ImageFrame:
    """The saved image: its size in pixels and where the tight bounding box puts its origin, so
    that boxes are given in the image's own pixels, from its top left (as a pixel diff is)."""

    def __init__(self, left: float, bottom: float, width: int, height: int) -> None:
        self.left, self.bottom, self.width, self.height = left, bottom, width, height

    @classmethod
    def of(cls, fig: Figure, renderer: RendererBase, dpi: float, pad: float) -> _ImageFrame:
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
        return f"x {_px(left)}..{_px(right)}, y {_px(top)}..{_px(bottom)} px"


# ── the parts ───────────────────────────────────────────────────────────────────────────────────


def _figure(fig: Figure, image: _ImageFrame) -> dict[str, str]:
    width, height = fig.get_size_inches()
    return {
        "size": f"{_num(width, 3)} x {_num(height, 3)} in",
        "width": f"{image.width} px",
        "height": f"{image.height} px",
        "facecolor": _color(fig.get_facecolor()),
    }


def _axes(
    ax: Axes, prefix: str, renderer: RendererBase, image: _ImageFrame
) -> Iterator[tuple[str, dict[str, str]]]:
    yield (
        f"{prefix}axes".strip(),
        {
            "box": image.box(ax.get_window_extent(renderer)),
            "xlim": _pair(ax.get_xlim()),
            "ylim": _pair(ax.get_ylim()),
            "xscale": ax.get_xscale(),
            "yscale": ax.get_yscale(),
            "facecolor": _color(ax.get_facecolor()),
        },
    )
    for name, spine in sorted(ax.spines.items()):
        props = {"visible": _bool(spine.get_visible())}
        if spine.get_visible():
            props |= {
                "colour": _color(spine.get_edgecolor()),
                "linewidth": _pt(spine.get_linewidth()),
            }
        yield f"{prefix}{name} spine", props
    for letter, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
        yield from _axis(axis, f"{prefix}{letter}", renderer, image)
    named = _named_artists(ax)
    for artist in ax.patches:
        if isinstance(artist, Rectangle):
            yield named.get(artist, f"{prefix}patch"), _bar(artist)
    for line in ax.lines:
        yield named.get(line, f"{prefix}line"), _line(line)
    for text in ax.texts:
        yield named.get(text, f"{prefix}text {text.get_text()}"), _text(text, renderer, image)


def _named_artists(ax: Axes) -> dict[Artist, str]:
    """Artists by the role the package named them with (`gid`); others by kind and index."""
    names: dict[Artist, str] = {}
    for kind, artists in (("patch", ax.patches), ("line", ax.lines), ("text", ax.texts)):
        for index, artist in enumerate(artists):
            gid = artist.get_gid()
            names[artist] = str(gid) if gid else f"{kind} {index + 1}"
    return names


def _axis(
    axis: Axis, letter: str, renderer: RendererBase, image: _ImageFrame
) -> Iterator[tuple[str, dict[str, str]]]:
    low, high = sorted(axis.get_view_interval())
    ticks = [tick for tick in axis.get_major_ticks() if _inside(tick.get_loc(), low, high)]
    props = {"ticks": " ".join(_num(tick.get_loc(), _DATA_DIGITS) for tick in ticks)}
    if ticks:
        mark = ticks[0].tick1line if ticks[0].tick1line.get_visible() else ticks[0].tick2line
        props |= {
            "tick length": _pt(mark.get_markersize()),
            "tick width": _pt(mark.get_markeredgewidth()),
            "tick colour": _color(mark.get_color()),
        }
    yield f"{letter} axis", props
    for tick in ticks:
        label = tick.label1 if tick.label1.get_visible() else tick.label2
        if label.get_visible() and label.get_text():
            yield f"{letter} tick label {label.get_text()}", _text(label, renderer, image)
    grid = [tick.gridline for tick in ticks if tick.gridline.get_visible()]
    if grid:
        line = grid[0]
        yield (
            f"{letter} grid",
            {
                "lines": str(len(grid)),
                "colour": _color(line.get_color()),
                "linewidth": _pt(line.get_linewidth()),
                "style": _dashes(line),
                **_alpha(line),
            },
        )
    label = axis.label
    if label.get_visible() and label.get_text():
        yield f"{letter} axis label", _text(label, renderer, image)


def _tick_names(axis: Axis) -> dict[str, str]:
    """Tick label text by tick position: a trend line's points are named like the bars."""
    return {
        _num(tick.get_loc(), _DATA_DIGITS): tick.label1.get_text()
        for tick in axis.get_major_ticks()
        if tick.label1.get_text()
    }


def _bar(bar: Rectangle) -> dict[str, str]:
    return {
        "x": _num(bar.get_x() + bar.get_width() / 2, _DATA_DIGITS),
        "width": _num(bar.get_width(), _DATA_DIGITS),
        "bottom": _num(bar.get_y(), _DATA_DIGITS),
        "height": _num(bar.get_height(), _DATA_DIGITS),
        "fill": _color(bar.get_facecolor()),
        "edge colour": _color(bar.get_edgecolor()),
        "edge width": _pt(bar.get_linewidth()),
    }


def _line(line: Line2D) -> dict[str, str]:
    xs = [float(value) for value in np.ravel(line.get_xdata())]
    ys = [float(value) for value in np.ravel(line.get_ydata())]
    ticks = _tick_names(line.axes.xaxis) if line.axes is not None else {}
    props = {
        "colour": _color(line.get_color()),
        "linewidth": _pt(line.get_linewidth()),
        "style": _dashes(line),
        "zorder": _num(line.get_zorder(), 3),
        **_alpha(line),
    }
    if line.axes is not None and len(set(ys)) == 1 and xs == [0.0, 1.0]:
        props["value"] = _num(ys[0], _DATA_DIGITS)  # a horizontal line across the axes
    else:
        for index, (x, y) in enumerate(zip(xs, ys, strict=True)):
            name = ticks.get(_num(x, _DATA_DIGITS), f"#{index + 1}")
            props[f"point {name}"] = f"{_num(x, _DATA_DIGITS)}, {_num(y, _DATA_DIGITS)}"
    marker = line.get_marker()
    if marker not in (None, "", "None", " "):
        props |= {
            "marker": str(marker),
            "marker size": _pt(float(line.get_markersize())),
            "marker face": _color(line.get_markerfacecolor()),
            "marker edge": _color(line.get_markeredgecolor()),
            "marker edge width": _pt(line.get_markeredgewidth()),
        }
    return props


def _text(text: Text, renderer: RendererBase, image: _ImageFrame) -> dict[str, str]:
    props = {
        "text": text.get_text(),
        "font": text.get_fontname(),
        "size": _pt(float(text.get_fontsize())),
        "weight": str(text.get_fontweight()),
        "style": str(text.get_fontstyle()),
        "colour": _color(text.get_color()),
        **_alpha(text),
        "align": f"{text.get_horizontalalignment()} {text.get_verticalalignment()}",
        "rotation": _num(text.get_rotation(), 1),
        "box": image.box(text.get_window_extent(renderer)),
    }
    if text.axes is not None and text.get_transform() == text.axes.transData:
        x, y = text.get_position()  # where the package put it, in data coordinates
        props["anchor"] = f"{_num(float(x), _DATA_DIGITS)}, {_num(float(y), _DATA_DIGITS)}"
    return props


# ── formatting ──────────────────────────────────────────────────────────────────────────────────


def _num(value: float, digits: int) -> str:
    """Rounded to `digits` significant digits (or decimals for small `digits`), without noise."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if digits >= _DATA_DIGITS:
        return f"{value:.{digits}g}" if value else "0"
    rounded = round(value, digits) + 0.0  # + 0.0: no "-0.0"
    return repr(rounded)


def _pt(value: float) -> str:
    return _num(value, _PT_DIGITS)


def _px(value: float) -> str:
    return f"{round(value, _PX_DIGITS):.{_PX_DIGITS}f}"


def _pair(values: tuple[float, float]) -> str:
    return f"{_num(values[0], _DATA_DIGITS)} .. {_num(values[1], _DATA_DIGITS)}"


def _bool(value: bool) -> str:
    return "yes" if value else "no"


def _inside(value: float, low: float, high: float) -> bool:
    slack = 1e-9 * max(abs(low), abs(high), 1.0)
    return low - slack <= value <= high + slack


def _color(color: Any) -> str:
    rgba = to_rgba(color)
    return to_hex(rgba, keep_alpha=rgba[3] < 1.0)


def _alpha(artist: Artist) -> dict[str, str]:
    """The artist's own alpha, over the alpha of its colours, when it has one."""
    alpha = artist.get_alpha()
    return {} if alpha is None else {"alpha": _num(float(alpha), 3)}


def _dashes(line: Line2D) -> str:
    """'solid', or the dash pattern in points (on, off, ...) as the line is drawn."""
    # The style's own numbers, before matplotlib scales them by the line width.
    offset, pattern = getattr(line, "_unscaled_dash_pattern", (0.0, None))
    if not pattern or line.get_linestyle() in ("-", "solid"):
        return "solid"
    return (
        "dashes "
        + " ".join(_pt(part) for part in pattern)
        + (f" offset {_pt(offset)}" if offset else "")
    )
