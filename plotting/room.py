"""Layout step 3 of 3, make room: when step 2 (`plotting.places`) found no free place for the
comparison label, widen the x-range at the right so that it fits beyond the last bar's slot.

The axes keep their width in pixels, so the bars' slots narrow: `plotting.layout` then runs the
steps again from step 1 (`plotting.sizes`), which fits the sizes to the new slots.
"""

from __future__ import annotations

from matplotlib.backend_bases import RendererBase

from .boxes import width_at_right
from .drawn import Drawn
from .fit import right_end_with_room

__all__ = ["make_room"]


def make_room(drawn: Drawn, renderer: RendererBase) -> None:
    """Widen the x-range at the right so the comparison label fits beyond the last bar's slot
    (the axes keep their width in pixels); nothing without a comparison label."""
    label, ax = drawn.comparison_label, drawn.ax
    if label is None:
        return
    low, high = ax.get_xlim()
    width = ax.get_window_extent(renderer).width
    label_width = width_at_right(label, renderer)
    ax.set_xlim(low, right_end_with_room(low, high, len(drawn.value_labels), label_width, width))
