"""What is written: texts (their string, font, size, weight, colour, alignment, where they are
anchored and the box they are drawn in), annotations and their arrows, and legends."""

from __future__ import annotations

from typing import Any

from matplotlib.artist import Artist
from matplotlib.collections import Collection
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text

from .names import kind
from .values import Props, Scene, alpha, color, dashes, num, point, pt, yes_no


def text(artist: Text, scene: Scene) -> Props:
    """A text as drawn: tick labels, axis labels, titles and every text below."""
    props = {
        "text": artist.get_text(),
        "font": artist.get_fontname(),
        "size": pt(float(artist.get_fontsize())),
        "weight": str(artist.get_fontweight()),
        "style": str(artist.get_fontstyle()),
        "colour": color(artist.get_color()),
        **alpha(artist),
        "align": f"{artist.get_horizontalalignment()} {artist.get_verticalalignment()}",
        "rotation": num(artist.get_rotation(), 1),
        "box": scene.box(artist),
    }
    if _in_data_coordinates(artist):
        x, y = artist.get_position()  # where the figure put it, in data coordinates
        props["anchor"] = point(float(x), float(y))
    return props


def _in_data_coordinates(artist: Text) -> bool:
    """Placed in data coordinates. Transforms compare by value: on an axes whose limits are
    0 .. 1, the axes' fractions equal its data coordinates, and are told apart by identity."""
    axes, transform = artist.axes, artist.get_transform()
    if axes is None or transform is axes.transAxes:
        return False
    return transform is axes.transData or transform == axes.transData


def placed_text(artist: Text, scene: Scene) -> Props:
    """A text the figure placed itself (not a tick or axis label): also where it is anchored
    in axes or figure fractions, and for an annotation the point it marks and its arrow."""
    props = text(artist, scene)
    if isinstance(artist, Annotation):
        return props | _annotation(artist)
    if "anchor" not in props:
        coordinates = _coordinates(artist)
        if coordinates:
            x, y = artist.get_position()
            props["anchor"] = f"{point(float(x), float(y))} {coordinates}"
    return props


def _coordinates(artist: Text) -> str | None:
    transform = artist.get_transform()
    if artist.axes is not None and transform is artist.axes.transAxes:
        return "axes fraction"
    figure = artist.get_figure(root=False)
    if figure is not None and transform == figure.transSubfigure:
        return "figure fraction"
    return None


def _annotation(artist: Annotation) -> Props:
    x, y = artist.xyann
    props = {
        "anchor": _with_coordinates(point(float(x), float(y)), artist.anncoords),
        "points at": _with_coordinates(point(*map(float, artist.xy)), artist.xycoords),
    }
    arrow = artist.arrow_patch
    if arrow is None:
        return props
    arrowprops: dict[str, Any] = artist.arrowprops or {}
    props |= {
        "arrow": str(arrowprops.get("arrowstyle", "simple")),
        "arrow colour": color(arrow.get_edgecolor()),
        "arrow width": pt(arrow.get_linewidth()),
    }
    style = arrow.get_arrowstyle()  # line styles ("->") say which of their heads are filled
    if getattr(style, "fillbegin", True) or getattr(style, "fillend", True):
        props["arrow fill"] = color(arrow.get_facecolor())
    return props


def _with_coordinates(where: str, coordinates: Any) -> str:
    """Data coordinates go without a word, as a text's anchor does; others say which they are."""
    return where if coordinates == "data" else f"{where} {coordinates}"


def legend(artist: Legend, scene: Scene) -> Props:
    """Where a legend is, its frame and each entry: its text and the handle drawn beside it."""
    loc = getattr(artist, "_loc", None)
    codes = {code: name for name, code in Legend.codes.items()}
    texts = artist.get_texts()
    props = {
        "location": codes.get(loc, str(loc)) if isinstance(loc, int) else _xy(loc),
        "box": scene.box(artist),
        "frame": yes_no(artist.get_frame_on()),
        "columns": str(getattr(artist, "_ncols", 1)),
        "entries": str(len(texts)),
    }
    title = artist.get_title().get_text()
    if title:
        props["title"] = title
    if texts:
        props["font size"] = pt(float(texts[0].get_fontsize()))
    for index, (entry, handle) in enumerate(
        zip(texts, artist.legend_handles, strict=False), start=1
    ):
        props[f"entry {index}"] = entry.get_text()
        props[f"entry {index} handle"] = handle_words(handle)
    return props


def _xy(loc: Any) -> str:
    """A location given as a point, in the legend's bbox_to_anchor fractions (the axes')."""
    x, y = (float(value) for value in loc)
    return point(x, y)


def handle_words(handle: Artist | None) -> str:
    """What a legend entry shows beside its text, in a few words: `line #1f77b4 solid`."""
    if isinstance(handle, Line2D):
        words = f"line {color(handle.get_color())} {dashes(handle)}"
        marker = handle.get_marker()
        if marker not in (None, "", "None", " "):
            words += f", marker {marker} {color(handle.get_markerfacecolor())}"
        return words
    if isinstance(handle, Patch):
        hatch = handle.get_hatch()
        return f"patch {color(handle.get_facecolor())} edge {color(handle.get_edgecolor())}" + (
            f" hatch {hatch}" if hatch else ""
        )
    if isinstance(handle, Collection):
        fills, edges = handle.get_facecolor(), handle.get_edgecolor()
        fill = color(fills[0]) if len(fills) else "none"
        edge = color(edges[0]) if len(edges) else "none"
        return f"{kind(handle)} {fill} edge {edge}"
    return "none" if handle is None else type(handle).__name__.lower()
