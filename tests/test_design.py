"""`plotting.design`: the invariants of the figure's look that rcParams cannot express.

Every row is derived from the fields of `Design`, never from their current values: a new look
(other colours, other widths) passes unchanged, a broken one (a colour matplotlib cannot read, a
width of zero, margins that leave no room) fails naming the field.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from typing import Any

import pytest
from matplotlib.colors import is_color_like
from matplotlib.lines import Line2D

from plotting.colors import GRADIENT_GAMMA
from plotting.design import DESIGN, SLOT_AIR, SWEEP_STEP, Design

FIELDS = [field.name for field in dataclasses.fields(Design)]
TYPES = typing.get_type_hints(Design)


def value(name: str) -> Any:
    return getattr(Design(), name)


def strings_in(item: object) -> list[str]:
    """The strings in a field's value, nested tuples included."""
    if isinstance(item, str):
        return [item]
    if isinstance(item, tuple):
        return [string for part in item for string in strings_in(part)]
    return []


#: Fields whose value holds text: each is a colour (there are no other strings in the design).
COLOUR_FIELDS = [name for name in FIELDS if strings_in(value(name))]
#: Fields that are a line's or marker's width or a size: drawn, so above zero.
WIDTHS_AND_SIZES = [name for name in FIELDS if "width" in name or "size" in name]
#: Fields that are a share of something (of the y-range, of the axes, of a slot, an opacity).
SHARES = [
    name
    for name in FIELDS
    if name.endswith(("_offset", "_inset", "_margin", "_alpha")) or name.startswith("auto_margin")
]


def test_the_default_design_is_the_modules_design() -> None:
    assert Design() == DESIGN
    assert hash(Design()) == hash(DESIGN)


def test_the_tables_below_cover_what_they_say() -> None:
    """Each kind of field is found by its name or value: a table that found none would check
    nothing."""
    assert all(name in COLOUR_FIELDS for name in FIELDS if name.endswith("_color"))
    assert "gradient" in COLOUR_FIELDS
    assert "bar_width" in WIDTHS_AND_SIZES
    assert "baseline_alpha" in SHARES


@pytest.mark.parametrize("name", FIELDS)
def test_the_design_is_frozen(name: str) -> None:
    """A design is a value: `design=` callers and the module's DESIGN cannot be changed under
    a figure being drawn."""
    design = Design()
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(design, name, value(name))


@pytest.mark.parametrize("name", FIELDS)
def test_each_value_has_its_fields_type(name: str) -> None:
    """What the annotation says, so `design=` callers know what to pass (floats are floats,
    not ints; tuples have the annotated length)."""
    kind = TYPES[name]
    origin = typing.get_origin(kind) or kind
    assert isinstance(value(name), origin)
    if origin is tuple:
        assert len(value(name)) == len(typing.get_args(kind))


@pytest.mark.parametrize("name", COLOUR_FIELDS)
def test_colours_are_colours(name: str) -> None:
    assert all(is_color_like(colour) for colour in strings_in(value(name)))


def test_the_gradient_has_two_different_ends() -> None:
    """Bars of different scores get different colours only if the ends differ."""
    start, end = Design().gradient
    assert is_color_like(start)
    assert is_color_like(end)
    assert start.lower() != end.lower()


@pytest.mark.parametrize("name", WIDTHS_AND_SIZES)
def test_widths_and_sizes_are_positive(name: str) -> None:
    width = value(name)
    assert math.isfinite(width)
    assert width > 0


@pytest.mark.parametrize("name", SHARES)
def test_shares_are_between_0_and_1(name: str) -> None:
    assert 0 <= value(name) <= 1


def test_bars_do_not_touch() -> None:
    """Bars stand one x unit apart: a bar as wide would touch its neighbours."""
    assert 0 < Design().bar_width < 1


def test_automatic_margins_leave_room_for_the_data() -> None:
    """The y-range is the data's span over what the margins leave free: that must be above 0."""
    design = Design()
    assert design.auto_margin_bottom + design.auto_margin_top < 1


def test_a_slot_is_at_least_as_wide_as_its_label() -> None:
    assert Design().label_room >= 1


def test_gamma_is_the_gradients_default() -> None:
    """The design's gamma is the one `normalize_scores` uses by default: the two agree."""
    assert Design().gamma == GRADIENT_GAMMA
    assert math.isfinite(GRADIENT_GAMMA)
    assert GRADIENT_GAMMA > 0


def test_the_comparison_line_has_a_dash_pattern_matplotlib_draws() -> None:
    offset, (on, off) = Design().baseline_dashes
    assert offset >= 0
    assert on > 0
    assert off > 0
    line = Line2D([0, 1], [0, 0], linestyle=Design().baseline_dashes)
    assert line.get_linestyle() == "--"  # matplotlib's name for any custom dash pattern


@pytest.mark.parametrize(("name", "share"), [("SWEEP_STEP", SWEEP_STEP), ("SLOT_AIR", SLOT_AIR)])
def test_layout_steps_are_shares_of_a_slot(name: str, share: float) -> None:
    assert 0 < share < 1, name


def test_a_variant_leaves_the_default_as_it_was() -> None:
    """`dataclasses.replace` is how a caller makes a variant: a new design, the old one kept."""
    before = Design()
    variant = dataclasses.replace(DESIGN, bar_width=DESIGN.bar_width / 2)
    assert variant != DESIGN
    assert variant.bar_width == before.bar_width / 2
    assert before == DESIGN
