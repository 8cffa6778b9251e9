"""The fit arithmetic (`plotting.fit`), from strings, a font file and pixels per point: no figure
is drawn here. Expected sizes are read off the font's own outlines with `plotting.measure`, the
ruler `plotting.fit` measures with, so the rows hold for any font; the font is one of
matplotlib's own (DejaVu Sans), not the design's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from matplotlib.font_manager import FontProperties, findfont

from plotting.data import MAX_WIDTH, DataError
from plotting.design import SLOT_AIR, SWEEP_STEP
from plotting.fit import (
    MIN_LABEL_SIZE,
    Crowding,
    LabelFit,
    bar_x_range,
    choose_fit,
    fit_order,
    least_slots,
    right_end_with_room,
    too_many_bars_error,
)
from plotting.measure import UPRIGHT, ink_size_of

FONT = findfont(FontProperties(family="DejaVu Sans"), fallback_to_default=False)
SCORES = ["55.69", "57.74", "\N{MINUS SIGN}1.00", "100.00"]
NARROW_AND_ONE_WIDE = ["1", "2", "3", "4", "7", "888.88"]  # more than the few `_widest` keeps


def footprint(strings: Sequence[str], fit: LabelFit) -> float:
    """Points the widest of `strings` takes across a slot at `fit`, measured independently."""
    index = 1 if fit.rotation == UPRIGHT else 0
    return max(ink_size_of(string, FONT, fit.size)[index] for string in strings)


# ── the order of fits ──────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("design_size", "sizes"),
    [
        pytest.param(6.0, [6.0, 5.5, 5.0], id="half points down to the minimum"),
        pytest.param(6.2, [6.2, 5.7, 5.2], id="off the grid: never below the minimum"),
        pytest.param(5.0, [5.0], id="at the minimum: only it"),
        pytest.param(4.0, [4.0], id="below the minimum: the design size only"),
    ],
)
def test_fit_order_is_smaller_sizes_then_the_same_upright(
    design_size: float, sizes: list[float]
) -> None:
    order = fit_order(design_size)
    assert [fit.size for fit in order] == pytest.approx(sizes + sizes)
    assert [fit.rotation for fit in order] == [0.0] * len(sizes) + [UPRIGHT] * len(sizes)
    assert min(sizes) >= min(MIN_LABEL_SIZE, design_size)


# ── choose_fit: the first fit in that order whose footprint times room fits the slot ───────────


@dataclass(frozen=True)
class Row:
    strings: Sequence[str]
    design_size: float
    slot_at: LabelFit  #: the slot is exactly the footprint at this fit (times `factor`)
    expected: LabelFit | None
    factor: float = 1.0
    room: float = 1.0
    pixels_per_point: float = 1.0


ROWS = {
    "fits at the design size exactly (edges may touch)": Row(
        SCORES, 10.0, LabelFit(10.0, 0.0), LabelFit(10.0, 0.0)
    ),
    "a hair too narrow: half a point smaller": Row(
        SCORES, 10.0, LabelFit(10.0, 0.0), LabelFit(9.5, 0.0), factor=0.999
    ),
    "a slot for 7 pt level: 7 pt": Row(SCORES, 10.0, LabelFit(7.0, 0.0), LabelFit(7.0, 0.0)),
    "a slot for the smallest level: the smallest": Row(
        SCORES, 10.0, LabelFit(5.0, 0.0), LabelFit(5.0, 0.0)
    ),
    "too narrow for any level size: upright at the design size": Row(
        SCORES, 10.0, LabelFit(10.0, UPRIGHT), LabelFit(10.0, UPRIGHT)
    ),
    "upright, back at the largest size that fits": Row(
        SCORES, 10.0, LabelFit(7.0, UPRIGHT), LabelFit(7.0, UPRIGHT)
    ),
    "narrower than the smallest upright: none": Row(
        SCORES, 10.0, LabelFit(5.0, UPRIGHT), None, factor=0.999
    ),
    "room multiplies the footprint": Row(
        SCORES, 10.0, LabelFit(10.0, 0.0), LabelFit(10.0, 0.0), factor=1.5, room=1.5
    ),
    "room a little larger than the slot allows: smaller": Row(
        SCORES, 10.0, LabelFit(10.0, 0.0), LabelFit(9.5, 0.0), factor=1.49, room=1.5
    ),
    "pixels per point at 300 dpi": Row(
        SCORES,
        10.0,
        LabelFit(10.0, 0.0),
        LabelFit(10.0, 0.0),
        factor=300 / 72,
        pixels_per_point=300 / 72,
    ),
    "pixels per point at 300 dpi, a hair too narrow": Row(
        SCORES,
        10.0,
        LabelFit(10.0, 0.0),
        LabelFit(9.5, 0.0),
        factor=300 / 72 * 0.999,
        pixels_per_point=300 / 72,
    ),
    "the widest of many strings decides": Row(
        NARROW_AND_ONE_WIDE, 10.0, LabelFit(10.0, 0.0), LabelFit(9.5, 0.0), factor=0.999
    ),
}


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_choose_fit(row: Row) -> None:
    slot = footprint(row.strings, row.slot_at) * row.factor
    fit = choose_fit(
        row.strings,
        FONT,
        row.design_size,
        slot=slot,
        room=row.room,
        pixels_per_point=row.pixels_per_point,
    )
    assert fit == row.expected


def test_a_design_size_off_the_grid_shrinks_to_its_own_smallest() -> None:
    slot = footprint(SCORES, LabelFit(5.2, 0.0))
    fit = choose_fit(SCORES, FONT, 6.2, slot=slot, room=1.0, pixels_per_point=1.0)
    assert fit is not None
    assert fit.size == pytest.approx(5.2)
    assert fit.rotation == 0.0


# ── least_slots: the narrowest slot in which choose_fit still finds a fit ──────────────────────


@pytest.mark.parametrize("pixels_per_point", [1.0, 300 / 72])
@pytest.mark.parametrize("room", [1.0, 1.3])
@pytest.mark.parametrize(
    "strings",
    [SCORES, ["1", "22", "333", "4444", "1", "55555"], NARROW_AND_ONE_WIDE],
    ids=["scores", "growing", "one wide last"],
)
def test_least_slots_is_where_choose_fit_stops_fitting(
    strings: list[str], room: float, pixels_per_point: float
) -> None:
    slots = least_slots(strings, FONT, 9.0, room=room, pixels_per_point=pixels_per_point)
    assert len(slots) == len(strings)
    assert slots == sorted(slots)  # more bars never need less
    for count, slot in enumerate(slots, start=1):
        first = strings[:count]
        at = {"room": room, "pixels_per_point": pixels_per_point}
        assert choose_fit(first, FONT, 9.0, slot=slot, **at) is not None
        assert choose_fit(first, FONT, 9.0, slot=slot * (1 - 1e-9), **at) is None


# ── the x-range ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("bars", "bar_width", "x_margin", "expected"),
    [
        pytest.param(1, 0.8, 0.05, (-1.0, 1.0), id="a lone bar: as wide as one among others"),
        pytest.param(5, 0.8, 0.05, (-0.64, 4.64), id="matplotlib's margins"),
        pytest.param(4, 1.0, 0.1, (-0.9, 3.9), id="full-width bars"),
        pytest.param(
            2, 0.8, 0.0, (-0.5 - SLOT_AIR, 1.5 + SLOT_AIR), id="no margin: whole slots and air"
        ),
    ],
)
def test_bar_x_range(
    bars: int, bar_width: float, x_margin: float, expected: tuple[float, float]
) -> None:
    assert bar_x_range(bars, bar_width, x_margin) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("low", "high", "bars", "label_width", "axes_width"),
    [
        (-0.64, 4.64, 5, 100.0, 1000.0),
        (-0.64, 4.64, 5, 3.0, 1000.0),
        (-0.5, 99.5, 100, 120.0, 3000.0),
        (-1.0, 1.0, 1, 50.0, 200.0),
        (-0.6, 2.0, 3, 40.0, 400.0),  # the range ends before the last slot does
    ],
)
def test_right_end_with_room_holds_the_label_in_whole_sweep_steps(
    low: float, high: float, bars: int, label_width: float, axes_width: float
) -> None:
    right = right_end_with_room(low, high, bars, label_width, axes_width)
    start = max(high, bars - 0.5)  # beyond the range and the last bar's slot
    room = right - start - SWEEP_STEP  # a sweep step more is air
    pixels_per_unit = axes_width / (right - low)
    assert room * pixels_per_unit >= label_width * (1 - 1e-12)
    assert (room - SWEEP_STEP) * axes_width / (right - SWEEP_STEP - low) < label_width
    assert room / SWEEP_STEP == pytest.approx(round(room / SWEEP_STEP))


# ── Crowding and the too-many-bars error: numbers worked out by hand ───────────────────────────


def crowding(
    least: float, *, bars: int = 5, margins: float = 0.0, label: float | None = None
) -> Crowding:
    """Bars a whole unit wide with 5 % margins at 100 dpi: k bars (k > 1) span 1.1 k units, so
    a slot is 100 w - margins over 1.1 k pixels."""
    return Crowding(
        least_slots=(least,) * bars,
        margins=margins,
        dpi=100.0,
        bar_width=1.0,
        x_margin=0.05,
        label_width=label,
    )


@pytest.mark.parametrize(
    ("crowded", "bars", "width", "fits"),
    [
        pytest.param(crowding(10.0), 5, 0.55, True, id="5 bars, 55 px over 5.5 units"),
        pytest.param(crowding(10.0), 5, 0.54, False, id="5 bars, 54 px over 5.5 units"),
        pytest.param(crowding(10.0), 1, 0.2, True, id="a lone bar spans 2 units"),
        pytest.param(crowding(10.0), 1, 0.19, False, id="a lone bar, 19 px over 2 units"),
        pytest.param(crowding(10.0, margins=20.0), 5, 0.75, True, id="margins come off"),
        pytest.param(crowding(10.0, margins=20.0), 5, 0.74, False, id="margins, too narrow"),
    ],
)
def test_crowding_fits(crowded: Crowding, bars: int, width: float, fits: bool) -> None:
    assert crowded.fits(bars, width) is fits


@pytest.mark.parametrize(
    ("crowded", "width", "most", "least_width"),
    [
        pytest.param(crowding(10.0), 0.3, 2, 0.6, id="3 bars need 0.33 in, all 5 need 0.55"),
        pytest.param(crowding(10.0), 0.55, 5, 0.6, id="the width asked for is not an answer"),
        pytest.param(crowding(10.0), 0.1, 1, 0.6, id="at least one bar"),
        pytest.param(crowding(10.0, margins=20.0), 0.3, 1, 0.8, id="with margins"),
        pytest.param(crowding(1e9), 0.3, 1, None, id="no width allowed fits"),
    ],
)
def test_crowding_most_bars_and_least_width(
    crowded: Crowding, width: float, most: int, least_width: float | None
) -> None:
    assert crowded.most_bars(width) == most
    assert crowded.least_width(width) == least_width


def test_a_baseline_label_needs_a_wider_figure() -> None:
    without, with_label = crowding(10.0), crowding(10.0, label=80.0)
    assert not with_label.fits(5, 0.6)
    assert with_label.most_bars(0.6) < without.most_bars(0.6)
    needed = with_label.least_width(0.3)
    assert needed is not None
    assert needed > (without.least_width(0.3) or 0.0)
    assert with_label.fits(5, needed)


@pytest.mark.parametrize(
    ("crowded", "width", "message"),
    [
        pytest.param(
            crowding(10.0),
            0.3,
            "5 bars do not fit in a figure 0.3 in wide: their labels would overlap even at 5 pt"
            " turned upright. At this width the first 2 bars fit; for 5 bars make the figure at"
            " least 0.6 in wide ([figure] width in the data, or --width)",
            id="some fit",
        ),
        pytest.param(
            crowding(1.0),
            0.3,
            "5 bars do not fit in a figure 0.3 in wide: their labels would overlap even at 5 pt"
            " turned upright. At this width the first 4 bars fit; for 5 bars make the figure at"
            " least 0.4 in wide ([figure] width in the data, or --width)",
            id="arithmetic says all fit: the drawing did not, so one fewer",
        ),
        pytest.param(
            crowding(1e9),
            3.6,
            "5 bars do not fit in a figure 3.6 in wide: their labels would overlap even at 5 pt"
            f" turned upright. At this width the first 1 bars fit; 5 bars do not fit even"
            f" {MAX_WIDTH:g} in wide",
            id="no width fits",
        ),
    ],
)
def test_too_many_bars_error(crowded: Crowding, width: float, message: str) -> None:
    error = too_many_bars_error(5, width, crowded)
    assert isinstance(error, DataError)
    assert str(error) == message
