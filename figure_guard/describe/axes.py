"""The frame the marks sit in: the figure, every axes (box, limits, scales, sharing, spines, axes'
ticks and tick labels, grid, axis labels, titles), colour bars, and the artists each one holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.collections import Collection
from matplotlib.figure import Figure, SubFigure
from matplotlib.image import AxesImage, FigureImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from . import marks, texts
from .names import ErrorBars, named_children
from .values import Props, Scene, alpha, color, dashes, data, inside, num, pair, pt, yes_no

#: One described artist: its name and properties.
Part = tuple[str, Props]


def figure(fig: Figure, scene: Scene) -> Iterator[Part]:
    """The figure, its axes (colour bars apart, named `colour bar`), and its own artists. Names
    may repeat (two tick labels with one text): the caller makes them unique, in this order."""
    width, height = fig.get_size_inches()
    yield (
        "figure",
        {
            "size": f"{num(width, 3)} x {num(height, 3)} in",
            "width": f"{scene.image.width} px",
            "height": f"{scene.image.height} px",
            "facecolor": color(fig.get_facecolor()),
        },
    )
    every = [*fig.axes, *(child for ax in fig.axes for child in _insets(ax))]
    axes_names = _axes_names(fig.axes)
    for ax, name in axes_names.items():
        prefix = "" if name == "axes" else f"{name} "
        yield name, _axes_props(ax, scene, axes_names)
        yield from _frame(ax, prefix, scene)
        yield from _artists(ax, prefix, scene)
    colorbars = [ax for ax in every if _colorbar(ax) is not None]
    for index, ax in enumerate(colorbars, start=1):
        name = "colour bar" if index == 1 else f"colour bar {index}"
        yield name, _colorbar_props(_colorbar(ax), scene)
        yield from _frame(ax, f"{name} ", scene)
        yield from _artists(ax, f"{name} ", scene, marks_too=False)
    yield from _figure_artists(fig, "figure", scene)
    for index, subfigure in enumerate(_subfigures(fig), start=1):
        yield from _figure_artists(subfigure, f"subfigure {index}", scene)


def _axes_names(figure_axes: list[Axes]) -> dict[Axes, str]:
    """Every axes but colour bars: `axes`, `axes 2`... in the figure's order (or the gid or
    label the figure gave it), then each one's insets: `axes inset 1`."""
    names: dict[Axes, str] = {}
    plain = [ax for ax in figure_axes if _colorbar(ax) is None]
    for index, ax in enumerate(plain, start=1):
        gid, label = ax.get_gid(), str(ax.get_label())
        if gid:
            names[ax] = str(gid)
        elif label and not label.startswith("_"):
            names[ax] = label
        else:
            names[ax] = "axes" if index == 1 else f"axes {index}"
    for ax in plain:  # insets are children of their axes, not in the figure's list
        insets = [child for child in _insets(ax) if _colorbar(child) is None]
        for number, inset in enumerate(insets, start=1):
            names[inset] = f"{names[ax]} inset {number}"
    return names


def _insets(ax: Axes) -> list[Axes]:
    return [child for child in ax.child_axes if isinstance(child, Axes)]


def _axes_props(ax: Axes, scene: Scene, axes_names: dict[Axes, str]) -> Props:
    props = {
        "box": scene.box(ax),
        "xlim": pair(ax.get_xlim()),
        "ylim": pair(ax.get_ylim()),
        "xscale": ax.get_xscale(),
        "yscale": ax.get_yscale(),
        "facecolor": color(ax.get_facecolor()),
    }
    for letter, shared in (("x", ax.get_shared_x_axes()), ("y", ax.get_shared_y_axes())):
        siblings = sorted(
            axes_names[other]
            for other in shared.get_siblings(ax)
            if other is not ax and other in axes_names
        )
        if siblings:
            props[f"shares {letter} with"] = ", ".join(siblings)
    if not ax.axison:
        props["axis lines and labels"] = "off"
    if ax.get_aspect() != "auto":
        props["aspect"] = str(ax.get_aspect())
    return props


def _frame(ax: Axes, prefix: str, scene: Scene) -> Iterator[Part]:
    """Spines, both axes with their ticks and labels, and the titles."""
    for name, spine in sorted(ax.spines.items()):
        props = {"visible": yes_no(spine.get_visible())}
        if spine.get_visible():
            props |= {
                "colour": color(spine.get_edgecolor()),
                "linewidth": pt(spine.get_linewidth()),
            }
        yield f"{prefix}{name} spine", props
    for letter, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
        if ax.axison and axis.get_visible():
            yield from _axis(axis, f"{prefix}{letter}", scene)
        else:  # not drawn, and its ticks not placed
            yield f"{prefix}{letter} axis", {"visible": "no"}
    for name, attribute in (
        ("title", "title"),
        ("left title", "_left_title"),
        ("right title", "_right_title"),
    ):
        title = getattr(ax, attribute)
        if title.get_visible() and title.get_text():
            yield f"{prefix}{name}", texts.text(title, scene)


def _axis(axis: Axis, letter: str, scene: Scene) -> Iterator[Part]:
    low, high = sorted(axis.get_view_interval())
    ticks = [tick for tick in axis.get_major_ticks() if inside(tick.get_loc(), low, high)]
    props = {"ticks": " ".join(data(tick.get_loc()) for tick in ticks)}
    if ticks:
        mark = ticks[0].tick1line if ticks[0].tick1line.get_visible() else ticks[0].tick2line
        props |= {
            "tick length": pt(mark.get_markersize()),
            "tick width": pt(mark.get_markeredgewidth()),
            "tick colour": color(mark.get_color()),
        }
    if axis.get_label_position() in ("top", "right"):
        props["side"] = axis.get_label_position()
    yield f"{letter} axis", props
    for tick in ticks:
        label = tick.label1 if tick.label1.get_visible() else tick.label2
        if label.get_visible() and label.get_text():
            yield f"{letter} tick label {label.get_text()}", texts.text(label, scene)
    grid = [tick.gridline for tick in ticks if tick.gridline.get_visible()]
    if grid:
        line = grid[0]
        yield f"{letter} grid", {"lines": str(len(grid)), **_grid_line(line)}
    label = axis.label
    if label.get_visible() and label.get_text():
        yield f"{letter} axis label", texts.text(label, scene)


def _grid_line(line: Line2D) -> Props:
    return {
        "colour": color(line.get_color()),
        "linewidth": pt(line.get_linewidth()),
        "style": dashes(line),
        **alpha(line),
    }


def _artists(
    owner: Axes | Figure, prefix: str, scene: Scene, *, marks_too: bool = True
) -> Iterator[Part]:
    for name, artist in named_children(owner, prefix):
        if not marks_too and not isinstance(artist, (Text, Legend, Line2D)):
            continue  # a colour bar's own colour strip and outline: described as the bar
        if isinstance(artist, Artist) and not artist.get_visible():
            yield name, {"visible": "no"}
            continue
        yield name, describe(artist, scene)


def describe(artist: Artist | ErrorBars, scene: Scene) -> Props:  # noqa: PLR0911 (a dispatch)
    """The properties of one artist, by what it is."""
    if isinstance(artist, ErrorBars):
        return marks.error_bars(artist)
    if isinstance(artist, Legend):
        return texts.legend(artist, scene)
    if isinstance(artist, Text):
        return texts.placed_text(artist, scene)
    if isinstance(artist, Line2D):
        return marks.line(artist)
    if isinstance(artist, Patch):
        return marks.patch(artist)
    if isinstance(artist, Collection):
        return marks.collection(artist)
    if isinstance(artist, (AxesImage, FigureImage)):
        return marks.image(artist)
    return {"kind": type(artist).__name__, "box": scene.box(artist)}


def _colorbar(ax: Axes) -> Any:
    return getattr(ax, "_colorbar", None)


def _colorbar_props(colorbar: Any, scene: Scene) -> Props:
    return {
        "box": scene.box(colorbar.ax),
        "orientation": str(colorbar.orientation),
        "colour map": str(colorbar.cmap.name),
        "limits": pair((colorbar.norm.vmin, colorbar.norm.vmax)),
        "norm": type(colorbar.norm).__name__,
        "extend": str(colorbar.extend),
    }


def _subfigures(fig: Figure | SubFigure) -> Iterator[SubFigure]:
    for subfigure in fig.subfigs:
        yield subfigure
        yield from _subfigures(subfigure)


def _figure_artists(fig: Figure | SubFigure, name: str, scene: Scene) -> Iterator[Part]:
    """Texts, legends and marks put on a figure (or subfigure) itself, not in an axes; its
    suptitle is `figure title`, its supxlabel `figure x label`."""
    roles = {
        id(getattr(fig, attribute, None)): f"{name} {role}"
        for attribute, role in (
            ("_suptitle", "title"),
            ("_supxlabel", "x label"),
            ("_supylabel", "y label"),
        )
    }
    for artist_name, artist in named_children(fig, f"{name} "):
        yield roles.get(id(artist), artist_name), describe(artist, scene)
