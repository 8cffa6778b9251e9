"""Bar colours: scores normalized to [0, 1], then looked up in a two-colour gradient.

The exponent (gamma 0.4 in the paper) stretches the low scores apart and packs the high ones
together, so the weakest setting stands out in a light colour while the strong ones share the
dark end of the gradient.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.colors import LinearSegmentedColormap, to_hex

__all__ = ["GRADIENT_GAMMA", "bar_colors", "normalize_scores"]

GRADIENT_GAMMA = 0.4


def normalize_scores(
    scores: npt.ArrayLike, gamma: float = GRADIENT_GAMMA
) -> npt.NDArray[np.float64]:
    """Map scores to ``((s - min) / (max - min)) ** gamma``; all-equal scores map to 0.5.

    The result is in [0, 1], monotone in the score (min -> 0, max -> 1) and never NaN for finite
    input: the scores are first scaled by a power of two (exact in binary floating point), so
    differences of values near ±1e308 cannot overflow and ranges of a few ulps still divide
    cleanly. Empty, non-finite or non-numeric input raises `ValueError` saying why.
    """
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float)):
        raise ValueError(f"gamma must be a number, got {gamma!r}")
    if not (math.isfinite(gamma) and gamma > 0):
        raise ValueError(f"gamma must be a finite number above 0, got {gamma!r}")
    try:
        values = np.asarray(scores, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"scores must be numbers, got {scores!r}") from None
    if values.ndim != 1:
        raise ValueError(f"scores must be a flat sequence, got shape {values.shape}")
    if values.size == 0:
        raise ValueError("scores is empty: there is nothing to normalize")
    bad = ~np.isfinite(values)
    if bad.any():
        index = int(np.argmax(bad))
        raise ValueError(f"scores must be finite, got {float(values[index])} at index {index}")
    low, high = float(values.min()), float(values.max())
    if low == high:
        return np.full(values.shape, 0.5)
    # Scale so that the largest magnitude lies in [0.5, 1): s - min then stays below 2 in size.
    exponent = math.frexp(max(abs(low), abs(high)))[1]
    scaled = np.ldexp(values, -exponent)
    low_s, high_s = float(scaled.min()), float(scaled.max())
    span = high_s - low_s  # > 0: one of low_s, high_s has magnitude >= 0.5 and they differ
    fraction = np.clip((scaled - low_s) / span, 0.0, 1.0)
    result: npt.NDArray[np.float64] = fraction**gamma
    return result


def bar_colors(
    scores: Sequence[float], start: str, end: str, gamma: float = GRADIENT_GAMMA
) -> list[str]:
    """Hex colours for the bars: the normalized score looked up in a start -> end gradient.

    The gradient is matplotlib's 256-entry colormap, as in the paper's own script, so a bar gets
    exactly the colour the published figure gives it.
    """
    cmap = LinearSegmentedColormap.from_list("bar_gradient", [start, end])
    return [to_hex(cmap(float(value))) for value in normalize_scores(scores, gamma)]
