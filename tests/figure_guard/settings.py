"""How the visual regression suite compares figures, set once (as astropy's `figure_test` does).

Tolerance 0 on the pinned matplotlib + FreeType: one changed pixel fails. The figures are drawn
in the package's own style (the figure carries it into every draw), not pytest-mpl's 'classic'.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plotting import STYLE_NAME

ROOT = Path(__file__).resolve().parents[2]
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
