"""Any matplotlib figure in words: its description, and two descriptions compared.

`describe_figure` reads a drawn figure's artists into ``{artist: {property: value}}``;
`compare_descriptions` returns the differences as `Change` records, which `describe_changes`
prints one line each. `plotting` re-exports these names (the README's API).

The modules, in the order a description is made (after `figure_guard.drawing` has drawn the
figure at its saving dpi, in its own style): `figure` (the public face: the walk's result sorted,
and its JSON form), `axes` (the walk: figure, axes, ticks, colour bars), `marks` (lines, patches,
collections, images, error bars), `texts` (texts, annotations, legends), `names` (artists by
role, else by kind and index), `values` (numbers, colours and pixel boxes as text); then
`changes` (two descriptions compared).
"""

from __future__ import annotations

from .changes import Change, compare_descriptions, describe_changes, numbers_of
from .figure import (
    FigureDescription,
    describe_figure,
    description_from_json,
    description_to_json,
    is_raster_value,
    natural_key,
)

__all__ = [
    "Change",
    "FigureDescription",
    "compare_descriptions",
    "describe_changes",
    "describe_figure",
    "description_from_json",
    "description_to_json",
    "is_raster_value",
    "natural_key",
    "numbers_of",
]
