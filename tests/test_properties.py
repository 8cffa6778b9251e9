"""Property tests (hypothesis) of the figure itself: every layout rule on generated data. The laws
of the colour normalization and of the bar colours are in test_colors.py.

Deterministic in CI (the `ci` profile in conftest.py: derandomized, no example database).
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backend_bases import RendererBase
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from PIL import Image

from plotting import Baseline, DataError, FigureData, render, warmup_ablation_figure
from plotting.boxes import body_box, marker_box, overlaps
from plotting.data import DEFAULT_WIDTH, MAX_ABS_VALUE, MAX_BARS, MAX_WIDTH
from plotting.draw import StyledFigure
from plotting.measure import at_dpi, glyphs
from plotting.style import style_context


@contextmanager
def drawn_at_saving_dpi(fig: StyledFigure) -> Iterator[RendererBase]:
    """The figure drawn as it is saved (300 dpi, its own style), then left as it was."""
    with style_context(fig.style_font), at_dpi(fig, 300, draw=True) as renderer:
        yield renderer


# ── the figure ───────────────────────────────────────────────────────────────────────────────────

magnitudes = st.sampled_from([1e-2, 1.0, 100.0, 1e4, 1e7])
SIGNS = ("positive", "negative", "mixed", "equal")
BASELINE_PLACES = (None, "above", "below", "inside")


@st.composite
def figure_data(draw: st.DrawFn, fewest: int = 1, most: int = MAX_BARS) -> FigureData:
    """Any valid data: `fewest` to `most` bars, scores of every sign and scale, all equal or
    not, a baseline above, below or inside the bars' range, or none; wide enough for its bars."""
    count = draw(st.integers(fewest, most))
    steps = draw(st.lists(st.integers(-1000, 100_000), min_size=count, max_size=count, unique=True))
    scale = draw(magnitudes)
    centre = (
        draw(st.floats(min_value=-MAX_ABS_VALUE / 1e3, max_value=MAX_ABS_VALUE / 1e3))
        if draw(st.booleans())
        else 0.0
    )
    sign = draw(st.sampled_from(SIGNS))
    low, high = {"positive": (0.0, scale), "negative": (-scale, 0.0)}.get(sign, (-scale, scale))
    if sign == "equal":
        scores = [draw(st.floats(min_value=-scale, max_value=scale))] * count
    else:
        scores = draw(
            st.lists(st.floats(min_value=low, max_value=high), min_size=count, max_size=count)
        )
    scores = [centre + s for s in scores]
    place = draw(st.sampled_from(BASELINE_PLACES))
    baseline = None
    if place is not None:
        bottom, top = min(scores), max(scores)
        span = max(top - bottom, scale)
        away = draw(st.floats(min_value=0.05, max_value=1.0)) * span
        value = {
            "above": top + away,
            "below": bottom - away,
            "inside": bottom + draw(st.floats(0.0, 1.0)) * (top - bottom),
        }[place]
        baseline = Baseline(draw(st.sampled_from(["GRPO", "SFT", "base model"])), value)
    width = min(MAX_WIDTH, max(DEFAULT_WIDTH, 1.0 + 0.11 * count))  # room for upright labels
    return FigureData(
        warmup_steps=tuple(steps), avg_scores=tuple(scores), baseline=baseline, width=width
    )


def line_samples(line: Line2D, renderer: RendererBase) -> tuple[np.ndarray, float]:
    """Points every half pixel along the drawn trend line, and half its width (pixels)."""
    xy = line.get_transform().transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
    half = float(np.asarray(renderer.points_to_pixels(line.get_linewidth()))) / 2
    points = [np.empty((0, 2))]
    for (x0, y0), (x1, y1) in itertools.pairwise(xy):
        count = max(2, int(math.hypot(x1 - x0, y1 - y0) * 2))
        t = np.linspace(0.0, 1.0, count)
        points.append(np.column_stack([x0 + t * (x1 - x0), y0 + t * (y1 - y0)]))
    return np.concatenate(points), float(half)


def _crossed_by(samples: np.ndarray, half: float, ink: MplPath) -> bool:
    """The test's own look at a label's glyphs and the trend line (`line_samples`): the points
    along the line, widened to its width, must all lie outside the glyph outlines."""
    # only samples within `half` of the glyphs' extents can land inside them: looking at those
    # alone gives the same answer, many times faster
    reach = ink_extents(ink).padded(half + 1)
    near = samples[
        (samples[:, 0] >= reach.x0) & (samples[:, 0] <= reach.x1)
        & (samples[:, 1] >= reach.y0) & (samples[:, 1] <= reach.y1)
    ]  # fmt: skip
    offsets = [(0, 0), (0, half), (0, -half), (half, 0), (-half, 0)]
    return any(ink.contains_points(near + offset).any() for offset in offsets)


def ink_extents(path: MplPath) -> Bbox:
    """The outlines' extents, from their polygons (fast, and as exact as drawing them)."""
    points = np.concatenate(path.to_polygons(closed_only=False))
    return Bbox.from_extents(*points.min(axis=0), *points.max(axis=0))


def check_the_rules(fig: StyledFigure, data: FigureData) -> None:
    """Every rule of plotting.layout, read off the drawn artists at the saving dpi (300)."""
    (ax,) = fig.axes
    with drawn_at_saving_dpi(fig) as renderer:
        frame = ax.get_window_extent(renderer)
        bottom, top = ax.get_ylim()
        line = next(line for line in ax.lines if line.get_gid() == "trend line")
        texts = {text.get_gid(): text for text in ax.texts}
        steps = [str(step) for step in data.warmup_steps]
        values = [texts[f"value label {step}"] for step in steps]
        bars = [bar for bar in ax.patches if isinstance(bar, Rectangle)]

        # one bar per step, in order, labelled with the step and the two-decimal score
        assert [bar.get_gid() for bar in bars] == [f"bar {step}" for step in steps]
        assert [t.get_text() for t in ax.get_xticklabels()] == steps
        assert [t.get_text() for t in values] == [signed_two(s) for s in data.avg_scores]

        # one minus sign: the tick labels' U+2212, never a hyphen
        labels = [t.get_text() for t in values]
        if data.baseline is not None:
            labels.append(texts["baseline label"].get_text().removeprefix(data.baseline.label))
        assert not any("-" in label for label in labels), labels

        # a fixed width
        assert fig.get_size_inches()[0] == pytest.approx(data.width)

        dpi = fig.dpi
        boxes = {t.get_gid(): t.get_window_extent(renderer) for t in ax.texts}
        # the ink of each label: what a reader sees cover something (an upright label's line box
        # is wider than its digits)
        inks = {t.get_gid(): ink_extents(glyphs(t, renderer)) for t in ax.texts}
        bodies = [box for bar in bars if (box := body_box(bar, ax, renderer)) is not None]
        markers = [marker_box(line, i, dpi) for i in range(len(steps))]
        for name, ink in inks.items():
            # nothing important covered: bodies, markers, other labels
            assert not any(overlaps(ink, body) for body in bodies), f"{name} on a bar"
            assert not any(overlaps(ink, marker) for marker in markers), f"{name} on a marker"
            for other, other_ink in inks.items():
                assert other == name or not overlaps(ink, other_ink), f"{name} on {other}"
            # never across a drawn spine
            assert ink.x0 >= frame.x0, f"{name} crosses the left spine"
            assert ink.y0 >= frame.y0, f"{name} crosses the bottom spine"
        if data.ylim is None:  # automatic limits hold every label
            for name, box in boxes.items():
                assert frame.y0 <= box.y0, f"{name} below the axes"
                assert box.y1 <= frame.y1, f"{name} above the axes"
        if data.baseline is not None:
            assert frame.x0 <= boxes["baseline label"].x0
            assert boxes["baseline label"].x1 <= frame.x1
        base = bars[0].get_y()
        samples = line_samples(line, renderer)
        for value, score in zip(values, data.avg_scores, strict=True):
            box = value.get_window_extent(renderer)
            end = ax.transData.transform((0.0, score))[1]
            if score >= base:  # above the end of a bar that grows up
                assert box.y0 >= end, f"{value.get_text()} not above its bar"
            else:  # below the end of a bar that hangs down
                assert box.y1 <= end, f"{value.get_text()} not below its bar"
            assert not _crossed_by(*samples, glyphs(value, renderer)), (
                f"the trend line runs through {value.get_text()}"
            )
        assert bottom <= min(data.avg_scores)
        assert max(data.avg_scores) <= top


@pytest.mark.slow
@settings(max_examples=16)
@given(figure_data(1, 12))
def test_the_figure_holds_its_promises_for_any_valid_data(data: FigureData) -> None:
    check_the_figure(data)


@pytest.mark.slow
@settings(max_examples=5)
@given(figure_data(13, MAX_BARS))
def test_the_figure_holds_its_promises_for_many_bars(data: FigureData) -> None:
    check_the_figure(data)


def check_the_figure(data: FigureData) -> None:
    fig = warmup_ablation_figure(data)
    assert isinstance(fig, StyledFigure)
    check_the_rules(fig, data)
    # nothing cut off: the saved image keeps a white border all round, and is no wider than the
    # configured width and its padding
    with Image.open(io.BytesIO(render(fig, "png", dpi=40))) as image:
        pixels = np.asarray(image.convert("L"))
        assert image.width <= math.ceil((data.width + 2 * 0.1) * 40) + 1
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    assert np.all(border == 255)


def crowded(bars: int, width: float, spread: int, baseline: float | None) -> FigureData:
    """`bars` scores spread over 50..60 (`spread` says how they jump about) in `width` inches."""
    return FigureData(
        warmup_steps=tuple(range(100, 100 * bars + 1, 100)),
        avg_scores=tuple(50.0 + (spread * index % 100) / 10 for index in range(bars)),
        baseline=None if baseline is None else Baseline("GRPO", baseline),
        width=width,
    )


def first_bars(data: FigureData, count: int) -> FigureData:
    return dataclasses.replace(
        data, warmup_steps=data.warmup_steps[:count], avg_scores=data.avg_scores[:count]
    )


def draws(data: FigureData) -> bool:
    """Whether the figure draws, or is too many bars for its width (any other error fails).
    That its labels then keep the rules is the other property tests' job."""
    try:
        warmup_ablation_figure(data)
    except DataError as error:
        if "bars do not fit" not in str(error):
            raise
        return False
    return True


@pytest.mark.slow
@pytest.mark.parametrize(
    ("data", "best"),
    [
        pytest.param(
            crowded(40, 1.8, 37, 53.67),
            False,
            id="40 bars whose y tick labels widen once the value labels turn upright",
        ),
        pytest.param(crowded(34, 1.6, 37, None), True, id="34 bars without a baseline"),
    ],
)
def test_too_many_bars_for_the_width_is_an_error_whose_numbers_hold(
    data: FigureData, best: bool
) -> None:
    """The error says how many of the first bars fit and how wide the figure must be, and
    drawing with either answer works. Without a baseline they are the best answers: one bar
    more, or a tenth of an inch less, does not fit. With one, the answers assume that its label
    needs room at the line's right end, so they may leave a little to spare."""
    bars = len(data.avg_scores)
    with pytest.raises(
        DataError, match=rf"{bars} bars do not fit in a figure {data.width:g} in"
    ) as caught:
        warmup_ablation_figure(data)
    message = str(caught.value)
    fits = re.search(r"the first (\d+) bars fit", message)
    wide = re.search(r"at least ([\d.]+) in wide", message)
    assert fits is not None, message
    assert wide is not None, message
    fitting, width = int(fits[1]), float(wide[1])
    assert 1 < fitting < bars
    assert data.width < width <= MAX_WIDTH
    assert draws(first_bars(data, fitting))
    assert draws(dataclasses.replace(data, width=width))
    if best:
        assert not draws(first_bars(data, fitting + 1))
        assert not draws(dataclasses.replace(data, width=round(width - 0.1, 1)))


@pytest.mark.parametrize(
    ("value", "text"),
    [(-2.5, "−2.50"), (0.0, "0.00"), (-0.001, "0.00"), (-0.005, "−0.01"), (1234.5, "1234.50")],
)
def test_signed_two_writes_the_true_minus_and_no_negative_zero(value: float, text: str) -> None:
    assert signed_two(value) == text


def signed_two(value: float) -> str:
    """The test's own formatting of a value label (two decimals, U+2212, no −0.00)."""
    text = f"{value:.2f}"
    if text in ("-0.00", "0.00"):
        return "0.00"
    return text.replace("-", "\N{MINUS SIGN}")
