"""What drawing hands the layout: the artists its steps move (`Drawn`), and the places the design
gives the labels before any step has moved them.

`plotting.draw` makes the artists and puts the labels at these places; `plotting.layout` then
runs its steps on the `Drawn` record, and step 1 (`plotting.sizes`) puts the value labels back
here before it moves them out of the trend line's way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from .data import FigureData
from .design import Design

__all__ = ["Drawn", "label_columns", "set_value_label_places"]


@dataclass(frozen=True)
class Drawn:
    """One drawn figure, by the roles its artists play in the layout."""

    fig: Figure
    ax: Axes
    line: Line2D  #: the trend line, with a marker on each bar
    value_labels: Sequence[Text]  #: one a bar, in the bars' order
    comparison_label: Text | None  #: None when the data has no comparison line
    ups: Sequence[bool]  #: for each bar, whether it grows up from its base
    data: FigureData
    design: Design


def set_value_label_places(
    labels: Sequence[Text],
    scores: Sequence[float],
    ups: Sequence[bool],
    design: Design,
    y_range: float,
) -> None:
    """Each label just beyond its bar's end, on the side away from the bar's base."""
    offset = design.value_label_offset * y_range
    for label, score, up in zip(labels, scores, ups, strict=True):
        label.set_y(score + offset if up else score - offset)
        label.set_verticalalignment("bottom" if up else "top")


def label_columns(ax: Axes, n_bars: int, design: Design) -> tuple[float, float]:
    """Where the comparison label may start (left-aligned) or end (right-aligned): just outside the
    first or last bar, as in the paper, but pulled inside the axes when they are narrower."""
    low, high = ax.get_xlim()
    margin = design.baseline_label_margin * (high - low)
    return (
        max(-design.baseline_label_inset, low + margin),
        min(n_bars - 1 + design.baseline_label_inset, high - margin),
    )
