"""The suite's comparison notices small, visible edits of the paper figure.

Each perturbation is rendered and compared, with the very comparison and tolerance the image tests
use, to the committed paper baseline (read, never written). The comparison must fail for every
one; the unperturbed figure must pass, or the check proves nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from figure_cases import PAPER
from figure_guard.pixels import pixel_diff
from figure_guard.settings import BASELINE_DIR, TOLERANCE
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images

from plotting import render, warmup_ablation_figure
from plotting.draw import DESIGN

# Compares bytes or pixels with the baselines: needs the pinned stack.
pytestmark = pytest.mark.image

PAPER_BASELINE = BASELINE_DIR / "paper.png"


def design_change(**changes: object) -> Callable[[], Figure]:
    design = dataclasses.replace(DESIGN, **changes)  # type: ignore[arg-type]
    return lambda: warmup_ablation_figure(design=design)


def data_change(**changes: object) -> Callable[[], Figure]:
    data = dataclasses.replace(PAPER, **changes)  # type: ignore[arg-type]
    return lambda: warmup_ablation_figure(data)


def _bumped(index: int, by: float) -> tuple[float, ...]:
    scores = list(PAPER.avg_scores)
    scores[index] += by
    return tuple(scores)


PERTURBATIONS: dict[str, Callable[[], Figure]] = {
    "score +0.01": data_change(avg_scores=_bumped(2, 0.01)),
    "gradient start colour 1 unit bluer": design_change(gradient=("#9AC4F6", "#428AE5")),
    "bar edge colour 1 unit redder": design_change(bar_edge_color="#3B78CC"),
    "tick label 5 -> 6": data_change(warmup_steps=(6, 10, 15, 20, 25, 30)),
    "gradient exponent 0.4 -> 0.41": design_change(gamma=0.41),
    "trend line 0.1 pt wider": design_change(line_width=1.0),
    "marker face grey": design_change(marker_face_color="#fefefe"),
    "baseline alpha 0.7 -> 0.69": design_change(baseline_alpha=0.69),
    "baseline label renamed": data_change(
        baseline=dataclasses.replace(PAPER.baseline, label="GRP0")
    ),
    "bar width 0.52 -> 0.53": design_change(bar_width=0.53),
}


def compare(figure: Figure, tmp_path: Path) -> str | None:
    result = tmp_path / "result.png"
    result.write_bytes(render(figure, "png"))
    failure = compare_images(str(PAPER_BASELINE), str(result), tol=TOLERANCE, in_decorator=False)
    return (
        None if failure is None else f"{failure}\n{pixel_diff(PAPER_BASELINE, result).describe()}"
    )


def test_the_unperturbed_figure_passes(tmp_path: Path) -> None:
    assert compare(warmup_ablation_figure(), tmp_path) is None


@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_the_comparison_fails_on_a_small_visible_change(name: str, tmp_path: Path) -> None:
    before = PAPER_BASELINE.read_bytes()
    outcome = compare(PERTURBATIONS[name](), tmp_path)
    assert outcome is not None, f"{name!r} went unnoticed"
    assert PAPER_BASELINE.read_bytes() == before
