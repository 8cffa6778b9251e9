"""The one comparison model: a `Diff` of two images, and the one PNG decoder behind every `Diff`.

A `Diff` says how many pixels changed, the box they lie in, the two sizes, and how many of the
changed pixels lie on anti-aliased edges and are forgiven (rung 2, `figure_guard.antialias`), with
the box of those not forgiven. Everything that reports a difference words it from a `Diff`: the
plugin's failure report, each case's outcome (`report`), the terminal's answer, the page, the
review's data and the sensitivity table. pytest-mpl's own comparison stays the verdict on rung 1;
a `Diff` says where and how much.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
from PIL import Image

from figure_guard.antialias import on_edges

Pixels = np.ndarray[Any, np.dtype[np.uint8]]  # height x width x 4 (RGBA)
Mask = np.ndarray[Any, np.dtype[np.bool_]]  # height x width
Indices = np.ndarray[Any, np.dtype[np.intp]]
Box = tuple[int, int, int, int]  # left, top, right, bottom (exclusive), in pixels from the top left
Size = tuple[int, int]  # width, height


@dataclass(frozen=True)
class Diff:
    """Where two images differ: what pytest-mpl's RMS number does not say."""

    differing: int  # pixels that differ in any channel (0 when the size changed)
    total: int  # pixels compared (0 when the size changed)
    box: Box | None  # around the differing pixels; None when none differs
    baseline_size: Size
    result_size: Size
    forgiven: int = 0  # differing pixels on anti-aliased edges, forgiven (rung 2)
    #: Around the differing pixels not forgiven; None when none is left. Left out when nothing
    #: is forgiven: it is `box` then.
    unforgiven_box: Box | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.forgiven <= self.differing:
            raise ValueError(f"{self.forgiven} forgiven of {self.differing} differing pixels")
        if not self.forgiven:  # nothing forgiven: those not forgiven are all that differ
            object.__setattr__(self, "unforgiven_box", self.box)

    @property
    def resized(self) -> bool:
        return self.baseline_size != self.result_size

    @property
    def remaining(self) -> int:
        """The differing pixels not forgiven."""
        return self.differing - self.forgiven

    def describe(self) -> str:
        """The difference in one line, all differing pixels counted (forgiven ones too)."""
        if self.resized:
            (bw, bh), (rw, rh) = self.baseline_size, self.result_size
            return f"image size changed: baseline {bw}x{bh}, result {rw}x{rh} pixels"
        if self.box is None:
            return "no pixel differs"
        left, top, right, bottom = self.box
        return (
            f"{self.differing} of {self.total} pixels differ, inside the box"
            f" x {left}..{right - 1}, y {top}..{bottom - 1} (from the top left)"
        )


def decode(source: Path | IO[bytes]) -> Pixels:
    """A PNG's pixels (a file, or bytes being read) as RGBA, whatever its mode: the one way this
    guard reads an image."""
    with Image.open(source) as image:
        return np.asarray(image.convert("RGBA"))


def changed_mask(a: Pixels, b: Pixels) -> Mask:
    """True where two same-sized RGBA images differ in any channel (each pixel compared as one
    32-bit word: a quarter of the work of comparing channels)."""
    words = (np.ascontiguousarray(side).view(np.uint32)[..., 0] for side in (a, b))
    return np.asarray(next(words) != next(words))


def _box(ys: Indices, xs: Indices) -> Box | None:
    if not ys.size:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def _size(pixels: Pixels) -> Size:
    return pixels.shape[1], pixels.shape[0]


def diff_pixels(baseline: Pixels, result: Pixels, *, forgive_edges: bool = False) -> Diff:
    """The `Diff` of two decoded images; with `forgive_edges`, the changed pixels on anti-aliased
    edges are forgiven (nothing is, when the size changed). Only changed pixels are examined for
    edges, so a match costs one array comparison."""
    sizes = _size(baseline), _size(result)
    if baseline.shape != result.shape:
        return Diff(0, 0, None, *sizes)
    ys, xs = np.nonzero(changed_mask(baseline, result))
    total = sizes[0][0] * sizes[0][1]
    if not forgive_edges or not ys.size:
        return Diff(int(ys.size), total, _box(ys, xs), *sizes)
    forgiven = on_edges(baseline, result, ys, xs)
    rest = _box(ys[~forgiven], xs[~forgiven])
    return Diff(int(ys.size), total, _box(ys, xs), *sizes, int(forgiven.sum()), rest)


def diff_files(baseline: Path, result: Path, *, forgive_edges: bool = False) -> Diff:
    """The `Diff` of two PNG files (see `diff_pixels`). Most figures match: files of the same
    bytes are not decoded, only their header is read for the size."""
    if baseline.read_bytes() == result.read_bytes():
        with Image.open(baseline) as image:  # reads the header only
            size = image.width, image.height
        return Diff(0, size[0] * size[1], None, size, size)
    return diff_pixels(decode(baseline), decode(result), forgive_edges=forgive_edges)
