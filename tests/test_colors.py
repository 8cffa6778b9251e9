"""`plotting.colors`: scores normalized to [0, 1], and the bar colours looked up in the gradient.

The laws of the normalization are property tests (hypothesis; the `ci` profile of conftest.py
makes them deterministic); the paper's numbers and every refusal are tables.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from matplotlib.colors import to_hex, to_rgb

from plotting import bar_colors, normalize_scores
from plotting.colors import GRADIENT_GAMMA
from plotting.design import Design

#: The ends of the gradient: the design's, so a change of colours needs no edit here.
START, END = Design().gradient

finite = st.floats(allow_nan=False, allow_infinity=False)
score_lists = st.lists(finite, min_size=1, max_size=30)
gammas = st.floats(min_value=0.05, max_value=5.0)

# ── normalize_scores ─────────────────────────────────────────────────────────────────────────────


def test_normalize_scores_matches_the_formula_on_the_paper() -> None:
    """The paper's scores with the default gamma: ((s - min) / (max - min)) ** gamma."""
    scores = [55.69, 57.74, 57.11, 57.54, 57.27, 56.32]
    expected = [((s - 55.69) / (57.74 - 55.69)) ** GRADIENT_GAMMA for s in scores]
    np.testing.assert_allclose(normalize_scores(scores), expected, rtol=1e-12)
    np.testing.assert_array_equal(normalize_scores([3.0, 3.0]), [0.5, 0.5])


@pytest.mark.parametrize(
    ("scores", "gamma", "expected"),
    [
        pytest.param([0.0, 1.0, 2.0], 1.0, [0.0, 0.5, 1.0], id="gamma 1 is the plain fraction"),
        pytest.param([0.0, 1.0, 4.0], 0.5, [0.0, 0.5, 1.0], id="gamma 0.5 is its square root"),
        pytest.param([0.0, 1.0, 2.0], 2.0, [0.0, 0.25, 1.0], id="gamma 2 is its square"),
        pytest.param((2, 1), 1, [1.0, 0.0], id="a tuple of ints and an int gamma"),
        pytest.param(np.array([-3.0, -1.0]), 1.0, [0.0, 1.0], id="a numpy array, negative"),
        pytest.param([7.0], 3.0, [0.5], id="one score is all equal"),
    ],
)
def test_normalize_scores_by_hand(scores: Any, gamma: float, expected: list[float]) -> None:
    """Small cases worked out by hand, exact in binary floating point."""
    np.testing.assert_array_equal(normalize_scores(scores, gamma), expected)


@pytest.mark.parametrize(
    ("scores", "gamma", "message"),
    [
        ([], 0.4, "empty"),
        ([1.0, float("nan")], 0.4, "finite, got nan at index 1"),
        ([float("-inf")], 0.4, "finite"),
        ([[1.0, 2.0]], 0.4, "flat sequence"),
        (["a"], 0.4, "must be numbers"),
        ([1.0, 2.0], 0.0, "gamma must be a finite number above 0"),
        ([1.0, 2.0], True, "gamma must be a number"),
        ([math.nan], GRADIENT_GAMMA, "finite, got nan at index 0"),
        ([1.0, math.inf], GRADIENT_GAMMA, "finite"),
        ([-math.inf, 2], GRADIENT_GAMMA, "finite"),
        ([1.0, 2.0], -1.0, "gamma must be a finite number above 0"),
        ([1.0, 2.0], math.inf, "gamma must be a finite number above 0"),
        ([1.0, 2.0], "0.4", "gamma must be a number"),
    ],
)
def test_normalize_scores_rejects_bad_input(scores: Any, gamma: Any, message: str) -> None:
    """Empty, non-finite or non-numeric scores and a gamma that is not a positive number are a
    `ValueError` saying why (the inputs are `Any`: some are of the wrong type on purpose)."""
    with pytest.raises(ValueError, match=message):
        normalize_scores(scores, gamma)


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
def test_permutes_with_its_input(scores: list[float], gamma: float, rnd: random.Random) -> None:
    permutation = list(range(len(scores)))
    rnd.shuffle(permutation)
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


# ── bar colours ──────────────────────────────────────────────────────────────────────────────────


def _luminance(hex_colour: str) -> float:
    r, g, b = to_rgb(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_bar_colours_run_from_the_start_to_the_end_of_the_gradient() -> None:
    """The lowest score gets the start colour, the highest the end colour, one between them
    neither; written as matplotlib writes hex, lower case."""
    colours = bar_colors([55.69, 57.74, 56.0], START, END)
    assert colours[0] == to_hex(START)
    assert colours[1] == to_hex(END)
    assert colours[2] not in colours[:2]


@pytest.mark.parametrize(
    "scores",
    [
        pytest.param([5.0], id="one bar"),
        pytest.param([5.0, 5.0, 5.0], id="all equal"),
        pytest.param([-1e300, 1e300], id="the far ends of the float range"),
        pytest.param([1.0, 3.0, 2.0, 3.0], id="a repeated highest score"),
    ],
)
def test_one_hex_colour_a_score_equal_scores_equal_colours(scores: list[float]) -> None:
    colours = bar_colors(scores, START, END)
    assert len(colours) == len(scores)
    assert all(colour == to_hex(colour) for colour in colours)  # "#rrggbb", lower case
    for score, colour in zip(scores, colours, strict=True):
        for other, other_colour in zip(scores, colours, strict=True):
            if score == other:
                assert colour == other_colour


def test_all_equal_scores_get_one_colour_between_the_ends() -> None:
    """Normalized to one half, equal scores are neither end of the gradient."""
    (colour,) = set(bar_colors([3.0, 3.0], START, END))
    assert colour not in {to_hex(START), to_hex(END)}


def _distance(colour: str, other: str) -> float:
    return float(np.linalg.norm(np.subtract(to_rgb(colour), to_rgb(other))))


def test_gamma_moves_the_middle_colour_only() -> None:
    """A larger gamma pulls a middle score towards the start of the gradient (one half to a
    larger power is smaller); the ends stay where they are."""
    scores = [0.0, 1.0, 2.0]
    lower = bar_colors(scores, START, END, gamma=GRADIENT_GAMMA)
    higher = bar_colors(scores, START, END, gamma=GRADIENT_GAMMA * 4)
    assert (lower[0], lower[2]) == (higher[0], higher[2])
    assert _distance(higher[1], START) < _distance(lower[1], START)


@pytest.mark.parametrize(
    ("scores", "message"), [([], "empty"), ([1.0, math.nan], "finite, got nan at index 1")]
)
def test_bar_colours_refuse_what_normalize_scores_refuses(
    scores: list[float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        bar_colors(scores, START, END)


@given(st.lists(st.floats(min_value=-1e9, max_value=1e9), min_size=1, max_size=30))
def test_a_higher_score_is_never_lighter(scores: list[float]) -> None:
    """With a gradient from light to dark (the design's ends, the lighter first), a higher score
    never gets a lighter colour, and every colour lies between the ends."""
    start, end = sorted((START, END), key=_luminance, reverse=True)
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
