"""What is on a drawn figure, in words: a plain, deterministic description read from its artists.

A pixel diff says *that* a figure changed; the description says *what*: "trend line: linewidth 0.9
→ 1.0". It is read from matplotlib's artist tree, after drawing the figure as it is saved (at the
saving dpi, with a tight bounding box), and it names artists by their role in the figure, not by
matplotlib's child order: `bar 10`, `value label 10`, `x tick label 15`, `baseline`, `trend line`.
The package gives every artist it draws a `gid` with that name.

Any matplotlib figure can be described: every axes (box, limits, scales, sharing, ticks, tick
labels, titles), colour bars, lines, patches, collections (scatter, fill_between, error bars),
images, legends, texts and annotations. Artists without a role are named by kind and index
(`line 1`, `axes 2 scatter 1`): see `figure_guard.describe.names`. The parts live in the
`figure_guard.describe` package, one module per family of artists; this module is its face.

The description is a mapping ``{artist: {property: value}}`` of strings. Values are rounded to what
can be seen; colours are ``#rrggbb`` (``#rrggbbaa`` when not opaque). Everything measured in pixels
(text boxes, the axes' box, the image size) ends in ``px``: those values depend on how the installed
FreeType rasterizes text, everything else does not (`is_raster_value`). The package's own figures
are described hermetically, like their pixels: a user's rcParams change nothing in it. Any other
figure is described as it would be saved under the rcParams in force.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from matplotlib.figure import Figure

from figure_guard.drawing import at_dpi, drawing_style, saving_dpi

from . import axes as parts
from .names import Names
from .values import ImageFrame, Scene

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


def is_raster_value(value: str) -> bool:
    """True for values measured in pixels: they move with text rasterization (FreeType)."""
    return value.endswith(" px")


def describe_figure(fig: Figure, *, dpi: float | None = None) -> FigureDescription:
    """The description of `fig` as it would be saved at `dpi` (default: its savefig dpi, the
    figure's own when that is "figure"). Any matplotlib figure: a plain `Figure`, pyplot's.

    The figure is drawn once at that dpi to measure text, then left as it was (its canvas too).
    """
    with drawing_style(fig), _canvas_kept(fig):
        import matplotlib

        save_dpi = saving_dpi(fig) if dpi is None else float(dpi)
        pad = float(matplotlib.rcParams["savefig.pad_inches"])
        with at_dpi(fig, save_dpi, draw=True) as renderer:
            scene = Scene(renderer, ImageFrame.of(fig, renderer, save_dpi, pad))
            names = Names()
            description: FigureDescription = {
                names.unique(name): props for name, props in parts.figure(fig, scene)
            }
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


# ── drawing ─────────────────────────────────────────────────────────────────────────────────────


@contextmanager
def _canvas_kept(fig: Figure) -> Iterator[None]:
    """Drawing may give the figure an Agg canvas (`at_dpi`); a pyplot window keeps its own."""
    canvas = fig.canvas
    try:
        yield
    finally:
        if fig.canvas is not canvas:
            fig.set_canvas(canvas)
