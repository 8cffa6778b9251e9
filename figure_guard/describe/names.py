"""Names of the artists in a description: the role the figure gives them, else kind and index.

A role is the artist's `gid` (taken as it is: the figure declares it, like an SVG id), else its own
label (not matplotlib's `_child3` or `_nolegend_`), which gets the axes' prefix, as every other
name does: `trend line`, `axes 2 train loss`. Without either, the kind and its index among the
owner's artists of that kind, in the order they were added: `line 1`, `scatter 2`, `axes 2 patch
3`. Bars of a labelled `ax.bar` are `<label> bar <n>`; the pieces of `ax.errorbar` are one artist,
`error bars <n>` (or its label). The first legend is `legend`, then `legend 2`... A name given
twice gets " (2)", " (3)"... in order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import (
    Collection,
    LineCollection,
    PathCollection,
    PolyCollection,
    QuadMesh,
)
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure, SubFigure
from matplotlib.image import AxesImage, FigureImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text


@dataclass(frozen=True, eq=False)
class ErrorBars:
    """The artists one `ax.errorbar` call adds, described as one."""

    container: ErrorbarContainer

    def members(self) -> list[Artist]:
        data_line, caps, bars = self.container.lines
        return [*([data_line] if data_line is not None else []), *caps, *bars]


#: The kinds of collection, most specific first (a FillBetweenPolyCollection is a PolyCollection).
_COLLECTIONS: tuple[tuple[type[Collection], str], ...] = (
    (PathCollection, "scatter"),
    (PolyCollection, "fill"),
    (LineCollection, "line collection"),
    (QuadMesh, "mesh"),
)


def kind(artist: Artist | ErrorBars) -> str:
    """The word for what an artist is: `line`, `patch`, `scatter`, `text`, `annotation`..."""
    if isinstance(artist, ErrorBars):
        return "error bars"
    if isinstance(artist, Collection):
        return next((word for cls, word in _COLLECTIONS if isinstance(artist, cls)), "collection")
    kinds: tuple[tuple[type[Any], str], ...] = (
        (Legend, "legend"),
        (Annotation, "annotation"),
        (Text, "text"),
        (Line2D, "line"),
        (Patch, "patch"),
        (AxesImage, "image"),
        (FigureImage, "image"),
    )
    return next((word for cls, word in kinds if isinstance(artist, cls)), "artist")


def own_label(item: Artist | ErrorBars | BarContainer) -> str | None:
    """The label a figure gave, or None for none and matplotlib's own (`_child3`, `_nolegend_`)."""
    label = item.container.get_label() if isinstance(item, ErrorBars) else item.get_label()
    return str(label) if label and not str(label).startswith("_") else None


def own_gid(item: Artist | ErrorBars) -> str | None:
    gid = None if isinstance(item, ErrorBars) else item.get_gid()
    return str(gid) if gid else None


@dataclass
class Names:
    """Every name given in one description, so that none is given twice."""

    taken: set[str] = field(default_factory=set)

    def unique(self, name: str) -> str:
        candidate, count = name, 1
        while candidate in self.taken:
            count += 1
            candidate = f"{name} ({count})"
        self.taken.add(candidate)
        return candidate


def children(owner: Axes | Figure | SubFigure) -> list[Artist | ErrorBars]:
    """The artists of an axes or a figure that a description covers, error bars grouped, in a
    fixed order: patches, lines, collections, images, texts, legends, other artists, error bars."""
    groups = [
        ErrorBars(container)
        for container in getattr(owner, "containers", [])
        if isinstance(container, ErrorbarContainer)
    ]
    grouped = {id(member) for group in groups for member in group.members()}
    artists: list[Artist] = [
        *owner.patches,
        *owner.lines,
        *getattr(owner, "collections", []),
        *owner.images,
        *owner.texts,
        *_legends(owner),
        *owner.artists,
    ]
    return [artist for artist in artists if id(artist) not in grouped] + list(groups)


def _legends(owner: Axes | Figure | SubFigure) -> list[Legend]:
    if isinstance(owner, Axes):
        legend = owner.get_legend()
        return [] if legend is None else [legend]
    return list(owner.legends)


def named_children(
    owner: Axes | Figure | SubFigure, prefix: str
) -> Iterator[tuple[str, Artist | ErrorBars]]:
    """Each artist of `owner` with its name (not yet made unique): gid, label, kind and index."""
    bars = {
        id(bar): f"{label} bar {index}"
        for container in getattr(owner, "containers", [])
        if isinstance(container, BarContainer) and (label := own_label(container))
        for index, bar in enumerate(container.patches, start=1)
    }
    counts: dict[str, int] = {}
    for artist in children(owner):
        word = kind(artist)
        counts[word] = counts.get(word, 0) + 1
        gid = own_gid(artist)
        if gid:
            yield gid, artist
        elif (label := own_label(artist)) or (label := bars.get(id(artist))):
            yield prefix + label, artist
        elif word == "legend" and counts[word] == 1:
            yield f"{prefix}legend", artist  # the common one, then "legend 2"...
        else:
            yield f"{prefix}{word} {counts[word]}", artist
