"""`figure_guard.composite`: the window of a changed figure the review page enlarges, and the
overlay of its changed pixels, on synthetic masks made here (the page that shows them:
tests/test_page.py)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from figure_guard.composite import MAX_CROP, Crop, crop_for, overlay
from figure_guard.pixels import Mask

# The window to enlarge, on synthetic masks: each row draws a mask and names the block of it
# (top, left, height, width) the window must hold whole, and whether the change is all inside.
HEIGHT, WIDTH = 2 * MAX_CROP, 3 * MAX_CROP
Block = tuple[int, int, int, int]


def _mask(*blocks: Block, sprinkled: float = 0.0) -> Mask:
    mask = np.random.default_rng(20).random((HEIGHT, WIDTH)) < sprinkled
    for top, left, height, width in blocks:
        mask[top : top + height, left : left + width] = True
    return mask


CLUSTER = (HEIGHT - 40, WIDTH - 60, 20, 20)
BOTTOM_RIGHT = (HEIGHT - 5, WIDTH - 5, 5, 5)
TOP_LEFT = (0, 0, 3, 3)
MIDDLE_LINE = (HEIGHT // 2, MAX_CROP, 1, MAX_CROP // 2)
WINDOWS: list[tuple[str, Callable[[], Mask], Block, bool]] = [
    ("spread, and a cluster", lambda: _mask(CLUSTER, sprinkled=0.01), CLUSTER, False),
    ("one corner, bottom right", lambda: _mask(BOTTOM_RIGHT), BOTTOM_RIGHT, True),
    ("one corner, top left", lambda: _mask(TOP_LEFT), TOP_LEFT, True),
    ("two far corners", lambda: _mask(TOP_LEFT, BOTTOM_RIGHT), BOTTOM_RIGHT, False),
    ("a short line in the middle", lambda: _mask(MIDDLE_LINE), MIDDLE_LINE, True),
    ("one pixel", lambda: _mask((7, 11, 1, 1)), (7, 11, 1, 1), True),
]


def _holds(crop: Crop, block: Block) -> bool:
    top, left, height, width = block
    return (
        crop.left <= left
        and left + width <= crop.right
        and crop.top <= top
        and top + height <= crop.bottom
    )


@pytest.mark.parametrize(
    ("mask_of", "block", "whole"),
    [row[1:] for row in WINDOWS],
    ids=[row[0] for row in WINDOWS],
)
def test_the_enlarged_window_is_where_the_changed_pixels_are_densest(
    mask_of: Callable[[], Mask], block: Block, whole: bool
) -> None:
    mask = mask_of()
    crop = crop_for(mask)
    width, height = crop.size
    assert 0 <= crop.left < crop.right <= WIDTH
    assert 0 <= crop.top < crop.bottom <= HEIGHT
    assert width <= MAX_CROP
    assert height <= MAX_CROP
    assert _holds(crop, block)
    assert crop.whole is whole
    held = int(mask[crop.top : crop.bottom, crop.left : crop.right].sum())
    every_window = np.lib.stride_tricks.sliding_window_view(mask, (height, width))
    assert held == int(every_window.sum(axis=(2, 3)).max())  # no window of its size holds more


def test_the_overlay_holds_only_the_changed_pixels() -> None:
    """Opaque where a pixel changed, transparent elsewhere; the halo only faintly around."""
    mask = _mask((30, 40, 1, 1), (60, 80, 2, 3))
    alpha = np.asarray(overlay(mask).convert("RGBA"))[..., 3]
    assert np.array_equal(alpha == 255, mask)
    assert np.array_equal(alpha > 0, mask)
    halo = np.asarray(overlay(mask, halo=2).convert("RGBA"))[..., 3]
    assert np.array_equal(halo == 255, mask)
    assert 0 < halo[28, 38] < 255  # two pixels off, diagonally: inside the halo
    assert halo[27, 40] == 0  # three pixels off: outside
