"""The small edits derived from a figure's declared design, which the guard must see: each colour
one unit off, each width 0.1 wider.

A figure that declares its `design` (the dataclass its `draw` takes as `design=`) gets one row
per colour and per width field, on its first case, compared with the same case drawn in the same
run (never with the committed baselines, so that a new design accepted with new baselines keeps
every row meaningful). `figure_guard.checks` runs them: each must change pixels (rung 1), be
said in words (the new value in a change line), and change pixels off the anti-aliased edges too
(rung 2) unless it changes edge pixels only, which the row then says.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from typing import Any

from matplotlib.colors import is_color_like, to_rgb

from figure_guard.describe import FigureDescription, describe_figure
from figure_guard.pixels import Diff, Pixels, decode, diff_pixels
from figure_guard.registry import GuardedCase, GuardedFigure, saved_png

__all__ = ["DesignChange", "Drawing", "design_changes", "one_unit_off"]

#: How much wider a width field is drawn (points for line widths; data units for bar widths).
WIDER = 0.1


def one_unit_off(colour: str) -> str:
    """The colour with its blue channel one unit up (down where it is already 255)."""
    red, green, blue = (round(channel * 255) for channel in to_rgb(colour))
    blue += 1 if blue < 255 else -1
    return f"#{red:02x}{green:02x}{blue:02x}"


@dataclass(frozen=True)
class DesignChange:
    """One design field changed a little, on a figure's first case."""

    case: GuardedCase
    field: str
    old: Any
    new: Any

    @property
    def id(self) -> str:
        how = "one unit off" if isinstance(self.new, str) else f"{WIDER:g} wider"
        return f"{self.case.figure.name}: {self.field} {how}"

    def said(self) -> tuple[str, ...]:
        """How a change line may end with the new value (a description writes colours as hex,
        lengths in points to two decimals, data values to six significant digits)."""
        if isinstance(self.new, str):
            return (f"→ {self.new}",)
        return (f"→ {round(self.new, 2) + 0.0!r}", f"→ {self.new:.6g}")

    def overrides(self) -> dict[str, Any]:
        """What the case is drawn with instead: its figure's design with this field changed."""
        return {"design": dataclasses.replace(self.case.figure.design, **{self.field: self.new})}


def design_changes(figure: GuardedFigure) -> list[DesignChange]:
    """Every colour and width field of the figure's design, changed a little; none without one."""
    design = figure.design
    if design is None:
        return []
    case = GuardedCase(figure, figure.published)
    changes = []
    for field in dataclasses.fields(design):
        value = getattr(design, field.name)
        if isinstance(value, str) and is_color_like(value):
            changes.append(DesignChange(case, field.name, value, one_unit_off(value)))
        elif field.name.endswith("width") and isinstance(value, int | float):
            changes.append(DesignChange(case, field.name, value, round(value + WIDER, 6)))
    return changes


@dataclass(frozen=True)
class Drawing:
    """A figure as the guard compares it: its pixels as saved, and its description."""

    pixels: Pixels
    description: FigureDescription

    @classmethod
    def of(cls, case: GuardedCase, **overrides: Any) -> Drawing:
        """`case` drawn (with `overrides` of its options) under the rcParams it is compared in:
        drawn once for both its pixels and its words."""
        with case.styled():
            figure = case.draw(**overrides)
            png = saved_png(figure)
            description = describe_figure(figure)
        return cls(decode(io.BytesIO(png)), description)

    def diff(self, other: Drawing) -> Diff:
        return diff_pixels(self.pixels, other.pixels, forgive_edges=True)
