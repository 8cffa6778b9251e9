"""The comparison of rung 2 (another machine kind), on synthetic image pairs: it forgives pixels
that changed on anti-aliased edges, and nothing else. Independent of any platform: the images
are made here, pixel by pixel."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from figure_guard.antialias import on_edges
from figure_guard.pixels import Diff, Indices, Pixels, diff_pixels

SIZE = 40


def edge_diff(baseline: Pixels, result: Pixels) -> Diff:
    """Rung 2's comparison: anti-aliased edge pixels forgiven."""
    return diff_pixels(baseline, result, forgive_edges=True)


def white() -> Pixels:
    return np.full((SIZE, SIZE, 4), 255, dtype=np.uint8)


def steep_edge(shift: float = 0.0) -> Pixels:
    """Dark ink right of the line x = 12 + 0.35 y (+ shift), its edge anti-aliased as Agg
    does: each pixel's grey is the share of it the ink covers."""
    image = white()
    ys, xs = np.mgrid[0:SIZE, 0:SIZE]
    coverage = np.clip(xs + 1.0 - (12 + 0.35 * ys + shift), 0.0, 1.0)
    grey = np.round(255 - coverage * (255 - 30)).astype(np.uint8)
    image[..., :3] = grey[..., None]
    return image


def edge_pixels(image: Pixels) -> tuple[Indices, Indices]:
    """The partly covered pixels (their rows, their columns): neither paper nor ink."""
    grey = image[..., 0]
    ys, xs = np.nonzero((grey != 255) & (grey != 30))
    return ys, xs


def nudged_edge() -> Pixels:
    """Every anti-aliased pixel one unit lighter, as another CPU's rounding leaves them."""
    image = steep_edge()
    ys, xs = edge_pixels(image)
    image[ys, xs, :3] += 1
    return image


def flat_change() -> Pixels:
    image = steep_edge()
    image[30, 3, 2] -= 1  # one channel, one unit, in the paper
    return image


def flat_block_change() -> Pixels:
    image = steep_edge()
    image[2:5, 30:33, 0] += 1  # inside the ink
    return image


def thin_line() -> Pixels:
    image = steep_edge()
    image[20, 0:8, :3] = 200  # a faint hairline where there was paper
    return image


def ink_recoloured() -> Pixels:
    image = steep_edge()
    image[image[..., 0] == 30, 2] = 31  # the ink one unit bluer: edges stay, the area changes
    return image


CASES: dict[str, tuple[Callable[[], Pixels], bool]] = {
    "identical": (steep_edge, True),
    "anti-aliased edge pixels one unit lighter": (nudged_edge, True),
    "one unit in a flat area": (flat_change, False),
    "a flat block one unit redder": (flat_block_change, False),
    "the edge moved by a whole pixel": (lambda: steep_edge(shift=1.0), False),
    "a thin line appears": (thin_line, False),
    "the ink's colour one unit bluer": (ink_recoloured, False),
}


@pytest.mark.parametrize(("make", "forgiven"), list(CASES.values()), ids=list(CASES))
def test_only_anti_aliased_edge_pixels_are_forgiven(
    make: Callable[[], Pixels], forgiven: bool
) -> None:
    baseline, result = steep_edge(), make()
    diff = edge_diff(baseline, result)
    assert diff.differing == int((baseline != result).any(axis=-1).sum())
    if forgiven:
        assert diff.remaining == 0, diff
        assert diff.unforgiven_box is None
    else:
        assert diff.remaining > 0, diff
        assert diff.unforgiven_box is not None


def test_the_nudged_edge_really_changed_many_pixels() -> None:
    """The forgiven case is no empty test: every edge pixel differs, and all are forgiven."""
    diff = edge_diff(steep_edge(), nudged_edge())
    assert diff.differing == len(edge_pixels(steep_edge())[0]) > SIZE // 2
    assert diff.forgiven == diff.differing


def test_the_box_holds_exactly_the_pixels_not_forgiven() -> None:
    result = nudged_edge()
    result[30, 3, 2] -= 1
    result[7, 36, 0] -= 1  # inside the ink
    diff = edge_diff(steep_edge(), result)
    assert diff.remaining == 2
    assert diff.unforgiven_box == (3, 7, 37, 31)


def test_forgiving_is_symmetric() -> None:
    """An edge pixel anti-aliased in either image is forgiven, whichever is the baseline."""
    a, b = steep_edge(), nudged_edge()
    assert edge_diff(a, b).forgiven == edge_diff(b, a).forgiven == edge_diff(a, b).differing


def test_images_of_different_sizes_are_refused() -> None:
    """The edge test needs one size; a comparison of two sizes forgives nothing."""
    none = np.zeros(0, dtype=np.intp)
    with pytest.raises(ValueError, match="differ in size"):
        on_edges(white(), white()[:-1], none, none)
    diff = edge_diff(white(), white()[:-1])
    assert (diff.resized, diff.forgiven) == (True, 0)
