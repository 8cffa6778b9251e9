"""Where two PNGs differ: the count of changed pixels and the box around them, exactly or with
anti-aliased edge pixels forgiven (`figure_guard.antialias`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from figure_guard.antialias import EdgeDiff, edge_diff


@dataclass(frozen=True)
class PixelDiff:
    """Where two images differ: what pytest-mpl's RMS number does not say."""

    differing: int
    total: int
    box: tuple[int, int, int, int] | None  # left, top, right, bottom (exclusive), in pixels
    shapes: tuple[tuple[int, ...], tuple[int, ...]]

    def describe(self) -> str:
        if self.shapes[0] != self.shapes[1]:
            return (
                f"image size changed: baseline {self.shapes[0][1]}x{self.shapes[0][0]},"
                f" result {self.shapes[1][1]}x{self.shapes[1][0]} pixels"
            )
        if self.box is None:
            return "no pixel differs"
        left, top, right, bottom = self.box
        return (
            f"{self.differing} of {self.total} pixels differ, inside the box"
            f" x {left}..{right - 1}, y {top}..{bottom - 1} (from the top left)"
        )


def _pixels(path: Path) -> np.ndarray[Any, np.dtype[np.uint8]]:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGBA"))


def pixel_diff(baseline: Path, result: Path) -> PixelDiff:
    if baseline.read_bytes() == result.read_bytes():  # most figures match: skip decoding them
        with Image.open(baseline) as image:  # reads the header only
            shape = (image.height, image.width, 4)
        return PixelDiff(0, image.width * image.height, None, (shape, shape))
    return _pixel_diff(_pixels(baseline), _pixels(result))


def _pixel_diff(
    a: np.ndarray[Any, np.dtype[np.uint8]], b: np.ndarray[Any, np.dtype[np.uint8]]
) -> PixelDiff:
    if a.shape != b.shape:
        return PixelDiff(0, 0, None, (a.shape, b.shape))
    changed = (a != b).any(axis=-1)
    count = int(changed.sum())
    box = None
    if count:
        rows, cols = np.nonzero(changed)
        box = (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)
    return PixelDiff(count, int(changed.size), box, (a.shape, b.shape))


def edge_diff_of_files(baseline: Path, result: Path) -> EdgeDiff | None:
    """`edge_diff` of two PNG files; None when they differ in size (nothing is forgiven then)."""
    if baseline.read_bytes() == result.read_bytes():  # the same file: nothing to decode
        return EdgeDiff(differing=0, forgiven=0, box=None)
    a, b = _pixels(baseline), _pixels(result)
    return edge_diff(a, b) if a.shape == b.shape else None


def unforgiven(baseline: Path, result: Path, exact: bool) -> str | None:
    """Why `result` fails to match `baseline`, exactly or with anti-aliased edge pixels
    forgiven (rung 1 or 2); None when it matches."""
    if baseline.read_bytes() == result.read_bytes():
        return None
    a, b = _pixels(baseline), _pixels(result)  # decoded once for both comparisons
    diff = _pixel_diff(a, b)
    if diff.differing == 0 and diff.shapes[0] == diff.shapes[1]:
        return None
    if not exact and a.shape == b.shape and edge_diff(a, b).remaining == 0:
        return None
    return diff.describe()
