"""How the visual regression suite compares figures, set once (as astropy's `figure_test` does).

Tolerance 0 on the pinned matplotlib + FreeType: one changed pixel fails. The figures are drawn
in the package's own style (the figure carries it into every draw), not pytest-mpl's 'classic'.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import matplotlib.ft2font
import numpy as np
import pytest
from PIL import Image

from plotting import STYLE_NAME

ROOT = Path(__file__).resolve().parent.parent
BASELINE_DIR = ROOT / "baseline_images"
RESULTS_DIR = ROOT / "results"
VERSIONS_FILE = BASELINE_DIR / "versions.toml"
CONSTRAINTS_FILE = ROOT / "constraints.txt"
TOLERANCE = 0
REGENERATE = "tox -e baselines"


def figure_test(filename: str) -> pytest.MarkDecorator:
    """The pytest-mpl marker every image test uses: exact comparison against baseline_images/."""
    # The baseline folder comes from the pytest configuration (pyproject.toml).
    return pytest.mark.mpl_image_compare(
        filename=filename,
        tolerance=TOLERANCE,
        style=STYLE_NAME,
        deterministic=True,
    )


def installed_stack() -> dict[str, str]:
    return {
        "matplotlib": matplotlib.__version__,
        "freetype": matplotlib.ft2font.__freetype_version__,
    }


def required_stack() -> dict[str, str]:
    with VERSIONS_FILE.open("rb") as handle:
        recorded: dict[str, Any] = tomllib.load(handle)
    return {key: str(recorded[key]) for key in ("matplotlib", "freetype")}


def stack_mismatch() -> str | None:
    """Why the installed stack cannot reproduce the baselines, or None when it can."""
    required, installed = required_stack(), installed_stack()
    if required == installed:
        return None
    need = ", ".join(f"{k} {v}" for k, v in required.items())
    have = ", ".join(f"{k} {v}" for k, v in installed.items())
    return (
        f"the baselines in {BASELINE_DIR.name}/ were drawn with {need}, but this environment has"
        f" {have}; text renders differently across these versions, so a comparison would fail"
        f" (or pass) for the wrong reason. Run the suite in its pinned environment: `tox`"
        f" (or `pip install -c {CONSTRAINTS_FILE.name} -e .` before pytest). To move the"
        f" baselines to the new versions on purpose, update {CONSTRAINTS_FILE.name}, run"
        f" `{REGENERATE}` and review every changed PNG."
    )


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
    a, b = _pixels(baseline), _pixels(result)
    if a.shape != b.shape:
        return PixelDiff(0, 0, None, (a.shape, b.shape))
    changed = (a != b).any(axis=-1)
    count = int(changed.sum())
    box = None
    if count:
        rows, cols = np.nonzero(changed)
        box = (int(cols.min()), int(rows.min()), int(cols.max()) + 1, int(rows.max()) + 1)
    return PixelDiff(count, int(changed.size), box, (a.shape, b.shape))
