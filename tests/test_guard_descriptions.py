"""`figure_guard.descriptions`: what the guard forgives of a description off the pinned stack.

Off the pinned stack only the small nudges a figure declares (texts placed by measuring drawn
glyphs) are forgiven, judged on `Change` records and the committed axes' range, never on the
printed lines. The rows use the warmup figure's declared nudges.
"""

from __future__ import annotations

import pytest

from figure_guard.describe import Change
from figure_guard.descriptions import nudged
from figures.warmup_ablation import FIGURE

#: A committed description whose y-range is 100: the value labels' nudge (2 % of the range) is 2
#: score units.
RANGE_100 = {"axes": {"ylim": "0 .. 100"}}


@pytest.mark.parametrize(
    ("change", "committed", "forgiven"),
    [
        # a push step or two, on its own bar
        (Change("value label 5", "anchor", "0, 50", "0, 51.5"), RANGE_100, True),
        (Change("value label 5", "anchor", "0, 50", "0, 48"), RANGE_100, True),  # exactly the nudge
        # further than the nudge
        (Change("value label 5", "anchor", "0, 50", "0, 53"), RANGE_100, False),
        # the nudge is a share of the committed range: 0.2 of 10, not 2
        (Change("value label 5", "anchor", "0, 5", "0, 5.15"), {"axes": {"ylim": "0 .. 10"}}, True),
        (Change("value label 5", "anchor", "0, 5", "0, 6.5"), {"axes": {"ylim": "0 .. 10"}}, False),
        (Change("value label 5", "anchor", "0, 50", "1, 50"), RANGE_100, False),  # another bar
        # one step along its line
        (Change("baseline label", "anchor", "1.0, 55", "1.25, 55"), RANGE_100, True),
        (Change("baseline label", "anchor", "1.0, 55", "1.5, 55"), RANGE_100, False),
        (
            Change("baseline label", "anchor", "1.0, 55", "1.0, 56"),
            RANGE_100,
            False,
        ),  # off its line
        (Change("trend line", "anchor", "0, 50", "0, 50.5"), RANGE_100, False),  # not a label
        # another property with two numbers: only the anchor is decided on glyphs
        (Change("value label 5", "offset", "0, 50", "0, 51.5"), RANGE_100, False),
        (Change("bar 5", "fill", "#428ae5", "#438ae5"), RANGE_100, False),
        (Change("value label 5", "text", "50.00", "51.00"), RANGE_100, False),
        (Change.added("value label 5"), RANGE_100, False),
        (Change.removed("baseline label"), RANGE_100, False),
        # an anchor on one side only, or a committed description without a y-range
        (Change("value label 5", "anchor", "(none)", "0, 50"), RANGE_100, False),
        (Change("value label 5", "anchor", "0, 50", "0, 51.5"), {"figure": {}}, False),
        (Change("value label 5", "anchor", "0, 50", "0, 51.5"), {"axes": {}}, False),
    ],
)
def test_off_the_pinned_stack_only_small_label_nudges_are_forgiven(
    change: Change, committed: dict[str, dict[str, str]], forgiven: bool
) -> None:
    assert nudged(committed, FIGURE.nudges)(change) is forgiven
