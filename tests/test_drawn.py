"""Where the design puts the labels before the layout moves them (`plotting.drawn`), with design
values of the tests' own."""

from __future__ import annotations

import dataclasses

import pytest
from matplotlib.figure import Figure

from plotting.design import DESIGN
from plotting.drawn import label_columns, set_value_label_places

LOOK = dataclasses.replace(
    DESIGN, value_label_offset=0.1, baseline_label_margin=0.01, baseline_label_inset=0.4
)


def test_value_labels_sit_beyond_their_bars_ends_away_from_the_base() -> None:
    ax = Figure().add_subplot()
    labels = [ax.text(0, 0, "a"), ax.text(1, 0, "b")]
    set_value_label_places(labels, [5.0, -3.0], [True, False], LOOK, y_range=20.0)
    assert [label.get_position()[1] for label in labels] == pytest.approx([7.0, -5.0])
    assert [label.get_verticalalignment() for label in labels] == ["bottom", "top"]
    assert [label.get_position()[0] for label in labels] == [0, 1]  # x is left alone


@pytest.mark.parametrize(
    ("xlim", "bars", "expected"),
    [
        pytest.param((-1.0, 6.0), 6, (-0.4, 5.4), id="wide axes: just outside the end bars"),
        pytest.param((-0.3, 2.3), 3, (-0.3 + 0.026, 2.3 - 0.026), id="narrow: pulled inside"),
    ],
)
def test_label_columns(xlim: tuple[float, float], bars: int, expected: tuple[float, float]) -> None:
    ax = Figure().add_subplot()
    ax.set_xlim(*xlim)
    assert label_columns(ax, bars, LOOK) == pytest.approx(expected)
