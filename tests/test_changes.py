"""`figure_guard.describe.changes`: differences of two descriptions as `Change` records, and their
lines.

The lines themselves, tolerances included, are the public promise tested in
`test_description.py`; here the records, the one parser of values, and that the lines are the
records printed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from figure_guard.describe.changes import ABSENT, Numbers, numbers_of
from plotting import Change, compare_descriptions, describe_changes


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (Change("trend line", "linewidth", "0.9", "1.0"), "trend line: linewidth 0.9 → 1.0"),
        (Change("bar 10", "fill", "#428ae5", "#438ae5"), "bar 10: fill #428ae5 → #438ae5"),
        (Change("trend line", "alpha", ABSENT, "0.5"), "trend line: alpha (none) → 0.5"),
        (Change.added("bar 35"), "bar 35: added"),
        (Change.removed("bar 30"), "bar 30: removed"),
    ],
)
def test_a_change_prints_as_the_line_the_suite_reports(change: Change, line: str) -> None:
    assert str(change) == line


@pytest.mark.parametrize(
    "change",
    [
        lambda: Change("bar 5", None, "1", "2"),  # a changed property needs its name
        lambda: Change("bar 5", "fill", None, "#428ae5"),  # and both values
        lambda: Change("bar 5", "fill", "#428ae5", "#438ae5", "added"),  # a whole artist neither
    ],
)
def test_a_change_is_whole(change: Callable[[], Change]) -> None:
    with pytest.raises(ValueError, match="change"):
        change()


def test_changes_are_values() -> None:
    change = Change("bar 10", "fill", "#428ae5", "#438ae5")
    assert change == Change("bar 10", "fill", "#428ae5", "#438ae5")
    assert len({change, Change("bar 10", "fill", "#428ae5", "#438ae5")}) == 1
    frozen: Any = change  # the type checker refuses the assignment too; this is Python refusing it
    with pytest.raises(dataclasses.FrozenInstanceError):
        frozen.new = "#000000"


@pytest.mark.parametrize(
    ("value", "shape", "numbers"),
    [
        ("719 px", "# px", (719.0,)),
        ("x 10.0..20.5, y 5.0..9.0 px", "x #..#, y #..# px", (10.0, 20.5, 5.0, 9.0)),
        ("x -3.5..-1.0, y 0.0..2.0 px", "x #..#, y #..# px", (-3.5, -1.0, 0.0, 2.0)),
        ("0, 55.79", "#, #", (0.0, 55.79)),
        ("54.2 .. 58.2", "# .. #", (54.2, 58.2)),
        ("−2", "#", (-2.0,)),  # matplotlib's minus sign in a tick label
        ("1e-05, 1.5e+06", "#, #", (1e-05, 1.5e06)),  # `%g` of data values
        ("-inf .. 5", "# .. #", (float("-inf"), 5.0)),
        ("3.6 x 2.3 in", "# x # in", (3.6, 2.3)),
        ("STIXGeneral", "STIXGeneral", ()),
        ("info", "info", ()),
    ],
)
def test_numbers_of_takes_a_value_apart(value: str, shape: str, numbers: tuple[float, ...]) -> None:
    assert numbers_of(value) == Numbers(shape, numbers)


OLD = {
    "bar 5": {"fill": "#428ae5"},
    "bar 10": {"fill": "#428ae5", "height": "57.74"},
    "bar 30": {"fill": "#428ae5"},
    "label": {"box": "x 10.0..20.0, y 5.0..9.0 px"},
}
NEW = {
    "bar 5": {"fill": "#428ae5", "alpha": "0.5"},
    "bar 10": {"fill": "#438ae5", "height": "57.75"},
    "bar 35": {"fill": "#428ae5"},
    "label": {"box": "x 10.5..20.0, y 5.0..9.0 px"},
}


@pytest.mark.parametrize(
    ("tolerance", "expected"),
    [
        (
            0.0,
            [
                Change("bar 5", "alpha", ABSENT, "0.5"),
                Change("bar 10", "fill", "#428ae5", "#438ae5"),
                Change("bar 10", "height", "57.74", "57.75"),
                Change.removed("bar 30"),
                Change.added("bar 35"),
                Change(
                    "label", "box", "x 10.0..20.0, y 5.0..9.0 px", "x 10.5..20.0, y 5.0..9.0 px"
                ),
            ],
        ),
        (
            0.5,
            [
                Change("bar 5", "alpha", ABSENT, "0.5"),
                Change("bar 10", "fill", "#428ae5", "#438ae5"),
                Change("bar 10", "height", "57.74", "57.75"),
                Change.removed("bar 30"),
                Change.added("bar 35"),
            ],
        ),
    ],
)
def test_records_in_natural_order_and_the_lines_are_them_printed(
    tolerance: float, expected: list[Change]
) -> None:
    changes = compare_descriptions(OLD, NEW, pixel_tolerance=tolerance)
    assert changes == expected
    assert describe_changes(OLD, NEW, pixel_tolerance=tolerance) == [str(c) for c in expected]
