"""Which changed pixels lie on an anti-aliased edge: all that may differ on another machine kind.

Agg computes edge coverage in floating point; an aarch64 build (fused multiply-add) or another OS's
compiler rounds some of it one step differently, so single pixels along steep edges come out one
shade apart while nothing a person sees has changed. An RMS tolerance large enough to hide them
also hides a one-unit colour change of a small label; looking at each changed pixel's
neighbourhood does not. The test is the one pixelmatch uses (Vyšniauskas, "Anti-aliased pixel
and intensity slope detector", 2009): a pixel is anti-aliased when at most two of its eight
neighbours share its brightness, some neighbour is darker and some brighter, and the darkest or
the brightest neighbour sits in a flat area (three or more identical neighbours) in both images.
A changed pixel is forgiven when it is anti-aliased in either image.

Written here in numpy over the changed pixels only: no maintained Python package does this fast
(the pure-Python pixelmatch port takes 2-10 s per figure; this takes a few milliseconds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # `figure_guard.pixels` calls this module; it names the shapes for both
    from figure_guard.pixels import Indices, Mask, Pixels

Floats = np.ndarray[Any, np.dtype[np.float64]]

#: The eight neighbours, in pixelmatch's scan order (x outer, y inner): which of two equally dark
#: neighbours counts as "the darkest" depends on it.
NEIGHBOURS = tuple((dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1) if (dx, dy) != (0, 0))
#: Luma weights (YIQ's Y), as pixelmatch uses them for brightness.
LUMA = np.array([0.29889531, 0.58662247, 0.11448223])


def brightness(pixels: Pixels) -> Floats:
    """Each pixel's luma, blended over white by its alpha (as a browser would show it). Called
    on the few pixels looked at, not on the whole image: that would cost most of the time."""
    rgb = pixels[..., :3].astype(np.float64)
    alpha = pixels[..., 3:4].astype(np.float64) / 255.0
    return np.asarray((255.0 + (rgb - 255.0) * alpha) @ LUMA, dtype=np.float64)


def _on_border(ys: Indices, xs: Indices, shape: tuple[int, ...]) -> Mask:
    return np.asarray((ys == 0) | (xs == 0) | (ys == shape[0] - 1) | (xs == shape[1] - 1))


def _neighbour(
    ys: Indices, xs: Indices, dx: int, dy: int, shape: tuple[int, ...]
) -> tuple[Indices, Indices, Mask]:
    """The neighbour's coordinates (clipped into the image) and whether it exists."""
    ny, nx = ys + dy, xs + dx
    exists = (ny >= 0) & (nx >= 0) & (ny < shape[0]) & (nx < shape[1])
    return np.clip(ny, 0, shape[0] - 1), np.clip(nx, 0, shape[1] - 1), exists


def has_many_siblings(pixels: Pixels, ys: Indices, xs: Indices) -> Mask:
    """Whether each pixel has three or more neighbours of exactly its colour (a border counts as
    one): it lies in a flat area, so it is no edge pixel itself."""
    same = _on_border(ys, xs, pixels.shape).astype(np.int8)
    centre = pixels[ys, xs]
    for dx, dy in NEIGHBOURS:
        ny, nx, exists = _neighbour(ys, xs, dx, dy, pixels.shape)
        same += exists & (pixels[ny, nx] == centre).all(axis=-1)
    return np.asarray(same > 2)


def antialiased(pixels: Pixels, other: Pixels, ys: Indices, xs: Indices) -> Mask:
    """Whether each pixel (ys, xs) of `pixels` is an anti-aliased edge pixel (see the module)."""
    shape = pixels.shape
    equal = _on_border(ys, xs, shape).astype(np.int8)
    darkest = np.zeros(ys.shape)  # the most negative brightness step to a neighbour
    brightest = np.zeros(ys.shape)
    dark_y, dark_x, bright_y, bright_x = ys.copy(), xs.copy(), ys.copy(), xs.copy()
    centre = brightness(pixels[ys, xs])
    for dx, dy in NEIGHBOURS:
        ny, nx, exists = _neighbour(ys, xs, dx, dy, shape)
        delta = centre - brightness(pixels[ny, nx])
        same = exists & (delta == 0)
        equal += same
        darker = exists & ~same & (delta < darkest)
        brighter = exists & ~same & ~darker & (delta > brightest)
        darkest = np.where(darker, delta, darkest)
        dark_y, dark_x = np.where(darker, ny, dark_y), np.where(darker, nx, dark_x)
        brightest = np.where(brighter, delta, brightest)
        bright_y, bright_x = np.where(brighter, ny, bright_y), np.where(brighter, nx, bright_x)
    slope = (equal <= 2) & (darkest != 0) & (brightest != 0)
    flat_beside = (
        has_many_siblings(pixels, dark_y, dark_x) & has_many_siblings(other, dark_y, dark_x)
    ) | (
        has_many_siblings(pixels, bright_y, bright_x) & has_many_siblings(other, bright_y, bright_x)
    )
    return np.asarray(slope & flat_beside)


def on_edges(baseline: Pixels, result: Pixels, ys: Indices, xs: Indices) -> Mask:
    """Which of the changed pixels (ys, xs) of two images of one size lie on an anti-aliased
    edge in either image: those rung 2 forgives."""
    if baseline.shape != result.shape:
        raise ValueError(f"images differ in size: {baseline.shape} and {result.shape}")
    forgiven = antialiased(baseline, result, ys, xs)
    return forgiven | antialiased(result, baseline, ys, xs)
