"""Where the labels go, so that nothing important is covered, in a figure of fixed width: the
rules, and the order of the steps that apply them.

The rules, for any valid data (the property tests check each on the drawn artists):

- A value label sits beyond its bar's end, on the side away from the bar's base: above a bar
  that grows up, below a bar that hangs down (as matplotlib's own `bar_label` does). When the
  trend line would cross its glyphs or it would touch its marker, it moves further out.
- Value labels and x tick labels fit their bars' slots side by side. When they cannot at their
  design size, they get smaller, half a point at a time, down to 5 pt (`MIN_LABEL_SIZE` in
  `plotting.fit`); then they are turned upright (90°), back at the largest size that fits; when
  even that does not fit, drawing stops with an error that says how many bars fit at this width
  and how wide the figure must be (worked out by `plotting.fit.Crowding`, not by drawing).
  The figure itself always keeps its configured width.
- With automatic limits the y-range grows until every value label lies inside it. With limits
  from the data, a label may rise above the top (no spine is drawn there) but never crosses a
  drawn spine; a bar end or baseline outside those limits is an error.
- The comparison label takes the first free place along its line: the paper's (above the line,
  beside the first bar), then below it, then at the right end, then anywhere along the line in
  steps of a quarter bar. Free means inside the axes and clear of every bar's body, every
  marker and every value label (the trend line may pass it, as in the paper). When no place is
  free, the axes get room for it at the right end of the line.
- Negative numbers are written with the minus sign (U+2212) the tick labels use
  (`plotting.draw.format_value`).

The steps, each a module entered from `lay_out` with what the one before left on the `Drawn`
figure (`plotting.drawn`), none calling another or back here:

1. `plotting.sizes`: fit the sizes of both rows of labels, place the value labels, fit the
   y-limits (the fit arithmetic itself is `plotting.fit`, figure-free);
2. `plotting.places`: place the comparison label at the first free place along its line;
3. `plotting.room`: when there was none, make room at the right end, and start again at step 1.

They measure with `plotting.boxes` (geometry in pixels) and `plotting.measure` (text ink, the
figure at its saving dpi).
"""

from __future__ import annotations

from .drawn import Drawn
from .measure import at_dpi, saving_dpi
from .places import place_comparison_label
from .room import make_room
from .sizes import first_fits, settle

__all__ = ["ROOM_ROUNDS", "lay_out"]

#: Rounds of the three steps: a comparison label that finds no free place gets room at the line's
#: right end, and the steps run again on the wider x-range. After the last round it stays where
#: step 2 left it.
ROOM_ROUNDS = 3


def lay_out(drawn: Drawn) -> None:
    """Apply the rules to `drawn`: step 1, then 2, then 3 when needed, in rounds, each measured
    at the saving dpi (where text is hinted as in the file)."""
    dpi = saving_dpi(drawn.fig)
    fits = first_fits(drawn)
    for _ in range(ROOM_ROUNDS):
        fits = settle(drawn, fits, dpi)
        if drawn.comparison_label is None:
            return
        with at_dpi(drawn.fig, dpi) as renderer:
            if place_comparison_label(drawn, renderer):
                return
            make_room(drawn, renderer)
