"""Words for any matplotlib figure: one small plain figure per kind of artist, and one change to
it that the description must name (artist and property), in `describe_changes`' words.

Each row draws its figure twice, as it is and with one change; the expected lines are written here
by hand from what the change is. Pixel values are left out of the comparison (`pixel_tolerance=
None`): the rows are about what is drawn, not where FreeType puts the glyphs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from plotting import FigureDescription, describe_changes, describe_figure

# Not marked `description`: these test the describer itself, not a case against its committed
# description, so the figure guard's runs (and its tally) leave them to the whole suite.


def _figure(rows: int = 1, columns: int = 1) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(2, 1.5), dpi=50)
    return fig, list(np.ravel(fig.subplots(rows, columns, squeeze=False)))


def line_with_legend(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.plot([0, 1, 2], [1, 3, 2], marker="o", label="train")
    ax.plot([0, 1, 2], [2, 2, 1], "--", label="test")
    ax.legend(["training" if changed else "train", "test"])
    return fig


def legend_location(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.plot([0, 1], [0, 1], label="up")
    ax.legend(loc="lower right" if changed else "upper left")
    return fig


def scatter(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.scatter([0, 1, 2], [1, 2.5 if changed else 3, 2], s=[10, 20, 30], color="#1f77b4")
    ax.set_xlim(-1, 3)
    ax.set_ylim(0, 4)
    return fig


def scatter_sizes_and_colours(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    sizes = [10, 40, 30] if changed else [10, 20, 30]
    ax.scatter([0, 1, 2], [1, 3, 2], s=sizes, c=["#ff0000", "#00ff00", "#00ff00"], marker="s")
    ax.set_xlim(-1, 3)
    ax.set_ylim(0, 4)
    return fig


def scatter_colours(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    colours = ["#ff0000", "#0000ff" if changed else "#00ff00", "#00ff00"]
    ax.scatter([0, 1, 2], [1, 3, 2], c=colours, edgecolors="#000000")
    ax.set_xlim(-1, 3)
    ax.set_ylim(0, 4)
    return fig


def legend_handle(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.plot([0, 1], [0, 1], label="up", color="#d62728" if changed else "#1f77b4")
    ax.legend()
    return fig


def text_moved(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.text(0.6 if changed else 0.5, 0.5, "note", transform=ax.transAxes)
    return fig


def inset_and_figure_title(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.plot([0, 1], [0, 1])
    inset = ax.inset_axes((0.6, 0.1, 0.3, 0.3))
    inset.plot([0, 1], [1, 0], linewidth=2 if changed else 1)
    fig.suptitle("After" if changed else "Before")
    return fig


def bars_with_hatch(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.bar([0, 1], [1, 2], hatch="xx" if changed else "//", color="#aabbcc")
    return fig


def labelled_bars(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.bar([0, 1], [1, 2], label="runs", alpha=0.4 if changed else 0.6)
    ax.set_ylim(0, 3)
    return fig


def fill_between(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.fill_between([0, 1], [0, 1], [1, 2], alpha=0.5 if changed else 0.3, color="#ff8800")
    ax.set_ylim(0, 3)
    return fig


def error_bars(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.errorbar([0, 1], [1, 2], yerr=[0.1, 0.25 if changed else 0.2], capsize=2)
    ax.set_ylim(0, 3)
    return fig


def error_bar_caps(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.errorbar([0, 1], [1, 2], yerr=0.2, capsize=4 if changed else 2, fmt="none", color="k")
    ax.set_ylim(0, 3)
    return fig


def image_with_colour_bar(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    image = ax.imshow(np.arange(6).reshape(2, 3), cmap="magma" if changed else "viridis")
    fig.colorbar(image, ax=ax)
    return fig


def image_limits_and_interpolation(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.imshow(
        np.arange(4.0).reshape(2, 2),
        vmin=0,
        vmax=6 if changed else 3,
        interpolation="bilinear" if changed else "nearest",
    )
    return fig


def twin_axes(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.plot([0, 1], [0, 1])
    twin = ax.twinx()
    twin.plot([0, 1], [5, 3], color="#0000ff" if changed else "#ff0000")
    twin.set_ylim(0, 6)
    return fig


def subplots(changed: bool) -> Figure:
    fig, (left, right) = _figure(1, 2)
    left.plot([0, 1], [0, 1])
    right.plot([0, 1], [1, 0])
    right.set_ylim(0, 2 if changed else 1)
    right.set_yticks([0, 1])
    right.set_title("right")
    return fig


def annotation_with_arrow(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.annotate(
        "peak",
        xy=(1, 1.5 if changed else 1),
        xytext=(0.2, 0.2),
        arrowprops={"arrowstyle": "-|>" if changed else "->"},
    )
    return fig


def text_weight_and_size(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.text(0.5, 0.5, "note", transform=ax.transAxes, fontsize=9 if changed else 8)
    ax.set_title("Score", fontweight="normal" if changed else "bold")
    return fig


def log_scale(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.plot([1, 10, 100], [1, 2, 3])
    ax.set_xscale("linear" if changed else "log")
    ax.set_xlim(1, 100)
    ax.set_xticks([1, 100], ["one", "hundred"])
    return fig


def rotated_tick_labels(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.bar([0, 1], [1, 2])
    ax.set_xticks([0, 1], ["a", "b"], rotation=30 if changed else 45)
    return fig


def role_names(changed: bool) -> Figure:
    fig, (ax,) = _figure()
    ax.plot([0, 1], [0, 1], gid="trend", linewidth=2 if changed else 1)
    ax.plot([0, 1], [1, 0], label="_nolegend_", linestyle=":" if changed else "-")
    ax.plot([0, 1], [1, 1], label="flat")
    return fig


@dataclass(frozen=True)
class Kind:
    draw: Callable[[bool], Figure]
    #: The lines `describe_changes` must give, pixel values left out; all of them, in order.
    changes: tuple[str, ...]


KINDS = {
    "line plot, legend entry renamed": Kind(
        line_with_legend, ("legend: entry 1 train → training",)
    ),
    "legend moved": Kind(legend_location, ("legend: location upper left → lower right",)),
    "scatter point moved": Kind(scatter, ("scatter 1: point 2 1, 3 → 1, 2.5",)),
    "scatter size": Kind(
        scatter_sizes_and_colours, ("scatter 1: size 10.0, 20.0, 30.0 → 10.0, 40.0, 30.0",)
    ),
    "scatter colour": Kind(
        scatter_colours, ("scatter 1: fill #ff0000, #00ff00 ×2 → #ff0000, #0000ff, #00ff00",)
    ),
    "legend handle follows its line": Kind(
        legend_handle,
        (
            "legend: entry 1 handle line #1f77b4 solid → line #d62728 solid",
            "up: colour #1f77b4 → #d62728",
        ),
    ),
    "text moved in axes fractions": Kind(
        text_moved, ("text 1: anchor 0.5, 0.5 axes fraction → 0.6, 0.5 axes fraction",)
    ),
    "inset line, figure title": Kind(
        inset_and_figure_title,
        ("axes inset 1 line 1: linewidth 1.0 → 2.0", "figure title: text Before → After"),
    ),
    "bar hatch": Kind(bars_with_hatch, ("patch 1: hatch // → xx", "patch 2: hatch // → xx")),
    "labelled bars' alpha": Kind(
        labelled_bars,
        (
            "runs bar 1: alpha 0.6 → 0.4",
            "runs bar 1: fill #1f77b499 → #1f77b466",
            "runs bar 2: alpha 0.6 → 0.4",
            "runs bar 2: fill #1f77b499 → #1f77b466",
        ),
    ),
    "fill_between alpha": Kind(
        fill_between,
        (
            "fill 1: alpha 0.3 → 0.5",
            "fill 1: edge colour #ff88004c → #ff880080",  # color= colours the edge too
            "fill 1: fill #ff88004c → #ff880080",
        ),
    ),
    "error bar longer": Kind(
        error_bars, ("error bars 1: error 2 1, 1.8 / 1, 2.2 → 1, 1.75 / 1, 2.25",)
    ),
    "error bar caps": Kind(error_bar_caps, ("error bars 1: cap length 4.0 → 8.0",)),
    "colour map": Kind(
        image_with_colour_bar,
        ("colour bar: colour map viridis → magma", "image 1: colour map viridis → magma"),
    ),
    "image limits and interpolation": Kind(
        image_limits_and_interpolation,
        ("image 1: interpolation nearest → bilinear", "image 1: limits 0 .. 3 → 0 .. 6"),
    ),
    "twin axes line colour": Kind(twin_axes, ("axes 2 line 1: colour #ff0000 → #0000ff",)),
    "second subplot's limits": Kind(subplots, ("axes 2: ylim 0 .. 1 → 0 .. 2",)),
    "annotation arrow": Kind(
        annotation_with_arrow,
        (
            "annotation 1: arrow -> → -|>",
            "annotation 1: arrow fill (none) → #1f77b4",  # "->" fills no head, "-|>" does
            "annotation 1: points at 1, 1 → 1, 1.5",
        ),
    ),
    "text size, title weight": Kind(
        text_weight_and_size, ("text 1: size 8.0 → 9.0", "title: weight bold → normal")
    ),
    "log scale": Kind(log_scale, ("axes: xscale log → linear",)),
    "tick label rotation": Kind(
        rotated_tick_labels,
        ("x tick label a: rotation 45.0 → 30.0", "x tick label b: rotation 45.0 → 30.0"),
    ),
    "names: gid, own label, kind and index": Kind(
        role_names, ("line 2: style solid → dashes 1.0 1.65", "trend: linewidth 1.0 → 2.0")
    ),
}


@functools.cache
def _unchanged(name: str) -> tuple[Figure, FigureDescription]:
    """The row's figure as it is, and its description (each drawn and described once a run)."""
    figure = KINDS[name].draw(False)
    return figure, describe_figure(figure)


@pytest.mark.parametrize("name", KINDS)
def test_a_change_is_named_by_artist_and_property(name: str) -> None:
    _, before = _unchanged(name)
    after = describe_figure(KINDS[name].draw(True))
    assert describe_changes(before, after, pixel_tolerance=None) == list(KINDS[name].changes)


@pytest.mark.parametrize("name", KINDS)
def test_the_same_figure_is_described_the_same(name: str) -> None:
    figure, first = _unchanged(name)
    assert describe_figure(figure) == first  # describing changed nothing in the figure
    assert describe_figure(KINDS[name].draw(False)) == first  # a figure drawn again: the same


def test_a_plain_figure_is_described_at_its_own_dpi_when_savefig_dpi_says_figure() -> None:
    figure = Figure(figsize=(2, 1.5), dpi=40)
    figure.add_subplot().plot([0, 1], [0, 1])
    canvas = figure.canvas
    with matplotlib.rc_context({"savefig.dpi": "figure", "savefig.bbox": None}):
        described = describe_figure(figure)
    assert (described["figure"]["width"], described["figure"]["height"]) == ("80 px", "60 px")
    assert figure.canvas is canvas  # no Agg canvas left behind


def test_a_pyplot_figure_is_described_and_keeps_its_canvas() -> None:
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=(2, 1.5), dpi=50)
    try:
        canvas = figure.canvas
        figure.add_subplot().bar([0, 1], [1, 2], label="runs")
        described = describe_figure(figure)
        assert described["runs bar 2"]["height"] == "2"
        assert figure.canvas is canvas
    finally:
        plt.close(figure)


def test_names_given_twice_are_told_apart_and_hidden_artists_say_so() -> None:
    figure, (ax,) = _figure()
    ax.plot([0, 1], [0, 1], label="run")
    ax.plot([0, 1], [1, 0], label="run", color="#00ff00")
    ax.text(0.5, 0.5, "gone").set_visible(False)
    described = describe_figure(figure)
    assert described["run (2)"]["colour"] == "#00ff00"
    assert described["run"]["colour"] != "#00ff00"
    assert described["text 1"] == {"visible": "no"}


@pytest.mark.parametrize(
    ("xs", "ticks", "labels", "names"),
    [
        pytest.param([0, 1, 2], [0, 1, 2], ["a", "b", "c"], ["a", "b", "c"], id="a tick each"),
        # numbers would mix with tick labels ("point 2" beside "point #3") and change names
        # whenever the ticks move
        pytest.param([1, 2, 3], [2], ["2"], ["#1", "#2", "#3"], id="points between ticks"),
        # one name for two points would keep only one of them
        pytest.param([1, 1], [1], ["1"], ["#1", "#2"], id="two points at one tick"),
        pytest.param([0, 1], [0, 1], ["$10^0$", "$10^1$"], ["#1", "#2"], id="math text"),
    ],
)
def test_a_lines_points_are_named_by_their_ticks_only_when_each_has_its_own(
    xs: list[float], ticks: list[float], labels: list[str], names: list[str]
) -> None:
    figure, (ax,) = _figure()
    ax.plot(xs, range(len(xs)))
    ax.set_xticks(ticks, labels)
    described = describe_figure(figure)["line 1"]
    assert [key.removeprefix("point ") for key in described if key.startswith("point ")] == names
