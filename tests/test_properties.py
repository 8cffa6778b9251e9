"""Property tests (hypothesis): the colour normalization, the bar colours, and the figure itself.

Deterministic in CI (the `ci` profile in conftest.py: derandomized, no example database).
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgb
from PIL import Image

from plotting import (
    Baseline,
    FigureData,
    bar_colors,
    normalize_scores,
    render,
    warmup_ablation_figure,
)
from plotting.data import MAX_ABS_VALUE

finite = st.floats(allow_nan=False, allow_infinity=False)
score_lists = st.lists(finite, min_size=1, max_size=30)
gammas = st.floats(min_value=0.05, max_value=5.0)

# ── normalize_scores ─────────────────────────────────────────────────────────────────────────────


@given(score_lists, gammas)
def test_bounded_finite_and_monotone(scores: list[float], gamma: float) -> None:
    values = normalize_scores(scores, gamma)
    assert values.shape == (len(scores),)
    assert np.all(np.isfinite(values))
    assert np.all((values >= 0.0) & (values <= 1.0))
    order = np.argsort(scores, kind="stable")
    ranked_scores = np.asarray(scores)[order]
    ranked_values = values[order]
    assert np.all(np.diff(ranked_values) >= 0.0)  # a higher score never gets a lower value
    same = np.diff(ranked_scores) == 0.0
    assert np.all(np.diff(ranked_values)[same] == 0.0)  # equal scores, equal values


@given(score_lists, gammas)
def test_min_maps_to_0_and_max_to_1(scores: list[float], gamma: float) -> None:
    assume(min(scores) != max(scores))
    values = normalize_scores(scores, gamma)
    assert values[int(np.argmin(scores))] == 0.0
    assert values[int(np.argmax(scores))] == 1.0


@given(finite, st.integers(min_value=1, max_value=20), gammas)
def test_all_equal_scores_map_to_one_half(score: float, count: int, gamma: float) -> None:
    assert np.array_equal(normalize_scores([score] * count, gamma), np.full(count, 0.5))


moderate = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)


@given(st.lists(moderate, min_size=2, max_size=30), gammas)
def test_equals_the_formula(scores: list[float], gamma: float) -> None:
    low, high = min(scores), max(scores)
    assume(low != high and math.isfinite(high - low))
    expected = [((s - low) / (high - low)) ** gamma for s in scores]
    np.testing.assert_allclose(normalize_scores(scores, gamma), expected, rtol=1e-9, atol=1e-12)


@given(score_lists, gammas, st.randoms(use_true_random=False))
def test_permutes_with_its_input(scores: list[float], gamma: float, rnd: object) -> None:
    permutation = list(range(len(scores)))
    rnd.shuffle(permutation)  # type: ignore[attr-defined]
    values = normalize_scores(scores, gamma)
    shuffled = normalize_scores([scores[i] for i in permutation], gamma)
    assert np.array_equal(shuffled, values[permutation])


@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=2, max_size=20),
    st.floats(min_value=1e-3, max_value=1e3),
    st.floats(min_value=-1e3, max_value=1e3),
)
def test_unchanged_by_positive_affine_maps(scores: list[float], a: float, b: float) -> None:
    low, high = min(scores), max(scores)
    assume(high - low > 1e-3 * max(1.0, abs(low), abs(high)))
    mapped = [a * s + b for s in scores]
    np.testing.assert_allclose(normalize_scores(mapped), normalize_scores(scores), atol=1e-6)


@given(
    st.sampled_from([1.7976931348623157e308, -1.7976931348623157e308, 1e308, -1e308, 5e-324]),
    st.lists(st.integers(min_value=-4, max_value=4), min_size=1, max_size=10),
    gammas,
)
def test_extreme_values_and_ranges_of_a_few_ulps(
    base: float, steps: list[int], gamma: float
) -> None:
    scores = []
    for step in steps:
        value = base
        for _ in range(abs(step)):
            value = math.nextafter(value, math.copysign(math.inf, step))
        scores.append(value)
    assume(all(math.isfinite(s) for s in scores))
    # alone, and with the far end of the float range (a difference that overflows a plain formula)
    for values_in in (scores, [*scores, -base]):
        values = normalize_scores(values_in, gamma)
        assert np.all(np.isfinite(values))
        if len(set(values_in)) > 1:
            assert values.min() == 0.0
            assert values.max() == 1.0
        else:
            assert np.all(values == 0.5)


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ([], "empty"),
        ([math.nan], "finite"),
        ([1.0, math.inf], "finite"),
        ([-math.inf, 2], "finite"),
    ],
)
def test_nan_infinity_and_empty_raise(bad: list[float], why: str) -> None:
    with pytest.raises(ValueError, match=why):
        normalize_scores(bad)


# ── bar colours ──────────────────────────────────────────────────────────────────────────────────


def _luminance(hex_colour: str) -> float:
    r, g, b = to_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@given(st.lists(st.floats(min_value=-1e9, max_value=1e9), min_size=1, max_size=30))
def test_a_higher_score_is_never_lighter(scores: list[float]) -> None:
    start, end = "#9AC4F5", "#428AE5"
    colours = bar_colors(scores, start, end)
    start_rgb, end_rgb = np.array(to_rgb(start)), np.array(to_rgb(end))
    for score, colour in zip(scores, colours, strict=True):
        rgb = np.array(to_rgb(colour))
        # Every colour lies between the two ends, channel by channel.
        assert np.all(rgb <= np.maximum(start_rgb, end_rgb) + 1e-9)
        assert np.all(rgb >= np.minimum(start_rgb, end_rgb) - 1e-9)
        for other, other_colour in zip(scores, colours, strict=True):
            if score < other:
                assert _luminance(colour) >= _luminance(other_colour)


# ── the figure ───────────────────────────────────────────────────────────────────────────────────

magnitudes = st.sampled_from([1e-2, 1.0, 100.0, 1e4, 1e7])


@st.composite
def figure_data(draw: st.DrawFn) -> FigureData:
    count = draw(st.integers(min_value=1, max_value=15))
    steps = draw(st.lists(st.integers(-1000, 100_000), min_size=count, max_size=count, unique=True))
    scale = draw(magnitudes)
    centre = (
        draw(st.floats(min_value=-MAX_ABS_VALUE / 1e3, max_value=MAX_ABS_VALUE / 1e3))
        if draw(st.booleans())
        else 0.0
    )
    scores = draw(
        st.lists(st.floats(min_value=-scale, max_value=scale), min_size=count, max_size=count)
    )
    baseline = None
    if draw(st.booleans()):
        value = draw(st.floats(min_value=-1.5 * scale, max_value=1.5 * scale)) + centre
        baseline = Baseline(draw(st.sampled_from(["GRPO", "SFT", "base model"])), value)
    return FigureData(
        warmup_steps=tuple(steps),
        avg_scores=tuple(centre + s for s in scores),
        baseline=baseline,
    )


def _boxes_overlap(a: object, b: object) -> bool:
    return bool(a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1)  # type: ignore[attr-defined]


@pytest.mark.slow
@settings(max_examples=15)
@given(figure_data())
def test_the_figure_holds_its_promises_for_any_valid_data(data: FigureData) -> None:
    fig = warmup_ablation_figure(data)
    (ax,) = fig.axes
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    bottom, top = ax.get_ylim()

    # one bar per step, in the given order, labelled with the step and the two-decimal score
    assert len(ax.patches) == len(data.warmup_steps)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(s) for s in data.warmup_steps]
    value_labels = ax.texts[: len(data.avg_scores)]
    assert [t.get_text() for t in value_labels] == [f"{s:.2f}" for s in data.avg_scores]

    # bar tops, value labels and the baseline inside the y-limits
    for bar, score in zip(ax.patches, data.avg_scores, strict=True):
        assert bar.get_y() + bar.get_height() == pytest.approx(score, rel=1e-9, abs=1e-9)
        assert bottom <= score <= top
    to_data = ax.transData.inverted()
    for label in ax.texts:
        box = label.get_window_extent(renderer).transformed(to_data)
        assert bottom <= box.y0, label.get_text()
        assert box.y1 <= top, label.get_text()
    if data.baseline is not None:
        assert bottom <= data.baseline.value <= top

    # no two text labels overlap
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    for i, (name_a, box_a) in enumerate(boxes):
        for name_b, box_b in boxes[i + 1 :]:
            assert not _boxes_overlap(box_a, box_b), f"{name_a!r} overlaps {name_b!r}"

    # nothing cut off: the saved image keeps a white border all round
    with Image.open(io.BytesIO(render(fig, "png", dpi=40))) as image:
        pixels = np.asarray(image.convert("L"))
    border = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    assert np.all(border == 255)
