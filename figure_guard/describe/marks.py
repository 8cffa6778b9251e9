"""What marks data: lines, patches (bars, polygons, wedges), collections (scatter, fill_between,
line collections), images, and error bars, each in data coordinates where it has them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axis import Axis
from matplotlib.collections import Collection, LineCollection, PathCollection
from matplotlib.image import AxesImage, FigureImage
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Ellipse, Patch, Polygon, Rectangle, Wedge

from .names import ErrorBars
from .values import Props, alpha, color, dashes, data, num, pair, point, polyline, pt, runs

#: An image with at most this many values is written value by value, row by row; a larger one
#: by its shape, range and mean.
_LISTED_VALUES = 256


def line(artist: Line2D) -> Props:
    # As plotted: numbers, with categories and dates already turned into them by the axes.
    xy = np.asarray(artist.get_xydata(), dtype=float).reshape(-1, 2)
    xs, ys = [float(x) for x in xy[:, 0]], [float(y) for y in xy[:, 1]]
    ticks = _tick_names(artist.axes.xaxis) if artist.axes is not None else {}
    props = {
        "colour": color(artist.get_color()),
        "linewidth": pt(artist.get_linewidth()),
        "style": dashes(artist),
        "zorder": num(artist.get_zorder(), 3),
        **alpha(artist),
    }
    if artist.get_drawstyle() not in (None, "default"):
        props["drawstyle"] = str(artist.get_drawstyle())
    if artist.axes is not None and len(set(ys)) == 1 and xs == [0.0, 1.0]:
        props["value"] = data(ys[0])  # a horizontal line across the axes
    else:
        # Named by the x tick label there when every point has one of its own (a trend line
        # over bars); else all by number: a line with points between ticks would mix the two
        # (`point 2` beside `point #3`) and rename points whenever its ticks move. Math text
        # ($10^{2}$) names no point well.
        labels = [ticks.get(data(x), "") for x in xs]
        if all(labels) and len(set(labels)) == len(labels) and not any("$" in n for n in labels):
            names = labels
        else:
            names = [f"#{index + 1}" for index in range(len(xs))]
        for name, x, y in zip(names, xs, ys, strict=True):
            props[f"point {name}"] = point(x, y)
    return props | _marker(artist)


def _marker(artist: Line2D) -> Props:
    marker = artist.get_marker()
    if marker in (None, "", "None", " "):
        return {}
    return {
        "marker": str(marker),
        "marker size": pt(float(artist.get_markersize())),
        "marker face": color(artist.get_markerfacecolor()),
        "marker edge": color(artist.get_markeredgecolor()),
        "marker edge width": pt(artist.get_markeredgewidth()),
    }


def _tick_names(axis: Axis) -> dict[str, str]:
    """Tick label text by tick position: a trend line's points are named like the bars."""
    return {
        data(tick.get_loc()): tick.label1.get_text()
        for tick in axis.get_major_ticks()
        if tick.label1.get_text()
    }


def patch(artist: Patch) -> Props:
    """A bar by its centre, width, bottom and height; other shapes by their geometry."""
    if isinstance(artist, Rectangle):
        props = {
            "x": data(artist.get_x() + artist.get_width() / 2),
            "width": data(artist.get_width()),
            "bottom": data(artist.get_y()),
            "height": data(artist.get_height()),
        }
        if artist.get_angle():
            props["angle"] = data(artist.get_angle())
    else:
        props = {"shape": type(artist).__name__.lower(), **_geometry(artist)}
    props |= {
        "fill": color(artist.get_facecolor()),
        "edge colour": color(artist.get_edgecolor()),
        "edge width": pt(artist.get_linewidth()),
        **alpha(artist),
    }
    if artist.get_hatch():
        props["hatch"] = str(artist.get_hatch())
    if artist.get_linestyle() not in ("solid", "-"):
        props["edge style"] = str(artist.get_linestyle())
    return props


def _geometry(artist: Patch) -> Props:
    if isinstance(artist, Wedge):
        return {
            "centre": _xy(artist.center),
            "radius": data(artist.r),
            "angles": pair((artist.theta1, artist.theta2)),
            **({"ring width": data(artist.width)} if artist.width is not None else {}),
        }
    if isinstance(artist, Ellipse):
        return {
            "centre": _xy(artist.get_center()),
            "size": f"{data(artist.get_width())} x {data(artist.get_height())}",
            "angle": data(artist.get_angle()),
        }
    if isinstance(artist, Polygon):
        vertices = np.asarray(artist.get_xy(), dtype=float)
    else:  # any other shape: its outline where the patch puts it, before the axes' transform
        vertices = artist.get_patch_transform().transform(artist.get_path().vertices)
    return {f"vertex {index}": point(x, y) for index, (x, y) in enumerate(vertices, start=1)}


def _xy(value: Any) -> str:
    x, y = np.ravel(np.asarray(value, dtype=float))
    return point(x, y)


def collection(artist: Collection) -> Props:
    """Element by element: scatter points (offsets) and sizes, fill outlines, line segments;
    colours and widths once per property (`runs`), or the colour map when colours map values."""
    props: Props = {}
    offsets = np.asarray(artist.get_offsets(), dtype=float)
    if isinstance(artist, PathCollection):
        for index, (x, y) in enumerate(offsets, start=1):
            props[f"point {index}"] = point(x, y)
        props["size"] = runs([pt(size) for size in artist.get_sizes()])
        props["marker"] = _marker_name(artist)
    elif isinstance(artist, LineCollection):
        for index, segment in enumerate(artist.get_segments(), start=1):
            props[f"segment {index}"] = polyline(segment)
    else:
        props |= _outlines(artist)
    props |= _mapped(artist) or {"fill": runs([color(c) for c in artist.get_facecolor()])}
    props |= {
        "edge colour": runs([color(c) for c in artist.get_edgecolor()]),
        "edge width": runs([pt(width) for width in np.ravel(artist.get_linewidth())]),
        "zorder": num(artist.get_zorder(), 3),
        **alpha(artist),
    }
    hatch = artist.get_hatch()
    return props | ({"hatch": str(hatch)} if hatch else {})


def _outlines(artist: Collection) -> Props:
    paths = artist.get_paths()
    props: Props = {}
    for number, path in enumerate(paths, start=1):
        name = "vertex" if len(paths) == 1 else f"path {number} vertex"
        vertices = np.asarray(path.vertices, dtype=float)
        if path.codes is not None:  # the closing vertex repeats the first
            vertices = vertices[np.asarray(path.codes) != path.CLOSEPOLY]
        for index, (x, y) in enumerate(vertices, start=1):
            props[f"{name} {index}"] = point(x, y)
    return props


def _mapped(artist: Collection | AxesImage | FigureImage) -> Props:
    """The colour map, its limits and the mapped values, when the colours come from values."""
    values: Any = artist.get_array()
    if values is None:
        return {}
    props = {
        "colour map": str(artist.get_cmap().name),
        "limits": pair(artist.get_clim()),
        "norm": type(artist.norm).__name__,
    }
    if isinstance(artist, Collection):
        flat = np.ma.ravel(values)
        props |= {f"value {index}": data(v) for index, v in enumerate(flat.filled(np.nan), start=1)}
    return props


def _marker_name(artist: PathCollection) -> str:
    """The marker a scatter was drawn with, found by its outline among matplotlib's markers."""
    paths = artist.get_paths()
    if not paths:
        return "none"
    drawn = np.asarray(paths[0].vertices, dtype=float)
    for name in MarkerStyle.markers:
        if not isinstance(name, str) or name in ("None", "none", " ", ""):
            continue
        style = MarkerStyle(name)
        outline = np.asarray(
            style.get_path().transformed(style.get_transform()).vertices, dtype=float
        )
        if outline.shape == drawn.shape and np.allclose(outline, drawn):
            return name
    return "custom"


def image(artist: AxesImage | FigureImage) -> Props:
    values: Any = np.ma.asarray(artist.get_array())
    props = {
        "shape": " x ".join(str(size) for size in values.shape),
        **_mapped(artist),
        "interpolation": str(artist.get_interpolation()),
        "origin": str(artist.origin),
        **alpha(artist),
    }
    if isinstance(artist, AxesImage):
        props["extent"] = " ".join(data(edge) for edge in artist.get_extent())
    flat = values.astype(float).filled(np.nan)
    if values.size <= _LISTED_VALUES:
        rows = flat.reshape(values.shape[0], -1)
        props |= {f"row {i}": " ".join(data(v) for v in row) for i, row in enumerate(rows, 1)}
    else:
        props["data range"] = pair((float(np.nanmin(flat)), float(np.nanmax(flat))))
        props["data mean"] = data(float(np.nanmean(flat)))
    return props


def error_bars(group: ErrorBars) -> Props:
    """The data line (when drawn), each error bar as a segment, and the caps."""
    data_line, caps, bars = group.container.lines
    props = line(data_line) if data_line is not None else {}
    directions = _directions(group, len(bars))
    for direction, bar_lines in zip(directions, bars, strict=True):
        props |= {
            f"{direction}error {index}": polyline(segment)
            for index, segment in enumerate(bar_lines.get_segments(), start=1)
        }
        props[f"{direction}error colour"] = runs([color(c) for c in bar_lines.get_color()])
        props[f"{direction}error width"] = runs(
            [pt(w) for w in np.ravel(bar_lines.get_linewidth())]
        )
    props["caps"] = str(sum(len(np.ravel(cap.get_xdata())) for cap in caps))
    if caps:
        props |= {
            "cap length": pt(float(caps[0].get_markersize())),
            "cap width": pt(caps[0].get_markeredgewidth()),
            "cap colour": color(caps[0].get_markeredgecolor()),
        }
    return props


def _directions(group: ErrorBars, count: int) -> Sequence[str]:
    """Word before "error": "x " and "y " when the bars go both ways, else nothing."""
    container: Any = group.container
    if count == 2 and container.has_xerr and container.has_yerr:
        return ("x ", "y ")
    return ("",) * count
