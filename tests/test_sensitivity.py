"""`figure_guard.sensitivity`: the small edits derived from a figure's declared design (each colour
one unit off, each width 0.1 wider), how the new value is said, and a figure drawn to be compared.
The rows run as the guard's check on every registered figure: tests/test_figures.py."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from matplotlib.figure import Figure

from figure_guard.registry import Case, GuardedFigure
from figure_guard.sensitivity import Drawing, design_changes, one_unit_off


@dataclass(frozen=True)
class Look:
    line: str = "#1f77b4"
    white: str = "white"
    linewidth: float = 1.25
    bar_width: float = 0.5
    label: str = "not a colour"
    size: float = 9.0
    count: int = 3


def draw(*, design: Look = Look()) -> Figure:
    figure = Figure(figsize=(1.5, 1.0), dpi=50)
    axes = figure.add_subplot()
    axes.plot([0, 1], [0, 1], color=design.line, linewidth=design.linewidth)
    axes.bar([0.5], [0.5], width=design.bar_width, color=design.white, edgecolor="black")
    return figure


FIGURE = GuardedFigure("look", draw, (Case("look_first", "why"), Case("look_second", "why")))


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#1f77b4", "#1f77b5"),
        ("#0000ff", "#0000fe"),  # blue at 255 goes down
        ("white", "#fffffe"),  # a named colour, as hex
        ("#abc", "#aabbcd"),
    ],
)
def test_one_unit_off_changes_the_blue_channel_by_one(colour: str, expected: str) -> None:
    assert one_unit_off(colour) == expected


def test_every_colour_and_width_field_is_a_row_on_the_first_case() -> None:
    figure = GuardedFigure("look", draw, FIGURE.cases, design=Look())
    changes = {change.field: change for change in design_changes(figure)}
    assert list(changes) == ["line", "white", "linewidth", "bar_width"]  # not label, size, count
    assert {change.case.name for change in changes.values()} == {"look_first"}
    assert changes["line"].new == "#1f77b5"
    assert changes["white"].new == "#fffffe"
    assert changes["linewidth"].new == 1.35
    assert changes["linewidth"].id == "look: linewidth 0.1 wider"
    assert changes["line"].id == "look: line one unit off"
    assert changes["line"].said() == ("→ #1f77b5",)
    assert changes["linewidth"].said() == ("→ 1.35", "→ 1.35")
    assert design_changes(FIGURE) == []  # no design declared: no rows


def test_a_change_draws_the_case_with_that_field_changed_only() -> None:
    figure = GuardedFigure("look", draw, FIGURE.cases, design=Look())
    (change,) = [change for change in design_changes(figure) if change.field == "linewidth"]
    before, after = Drawing.of(change.case), Drawing.of(change.case, **change.overrides())
    assert before.diff(Drawing.of(change.case)).differing == 0  # drawn again: the same
    assert before.diff(after).differing > 0
    assert before.description != after.description
