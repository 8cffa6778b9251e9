"""The suite's comparisons notice small, visible edits of a figure, and say what changed.

One table of perturbations drives two checks, each against the case's committed baseline (read,
never written):

- the pixel comparison must fail on both rungs that compare pixels: exactly, with the very
  comparison and tolerance the image tests use (rung 1), and with anti-aliased edge pixels
  forgiven, as on another machine kind (rung 2). So a machine that forgives loses no row;
- the description comparison must fail, and its lines must name the right artist, property, old
  and new value: the expected lines are written out below, not read from the code under test.

The unperturbed figures must pass both, or the checks prove nothing.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from figure_cases import CASES, PAPER
from figure_guard.descriptions import compare_and_record
from figure_guard.pixels import edge_diff_of_files, pixel_diff
from figure_guard.settings import BASELINE_DIR, TOLERANCE
from figure_guard.stack import Rung, rung
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images
from matplotlib.testing.exceptions import ImageComparisonFailure
from PIL import Image

from plotting import Baseline, render, warmup_ablation_figure
from plotting.design import DESIGN

CASE_DATA = {case.name: case.data for case in CASES}


def design_change(case: str = "paper", **changes: object) -> Callable[[], Figure]:
    design = dataclasses.replace(DESIGN, **changes)  # type: ignore[arg-type]
    return lambda: warmup_ablation_figure(CASE_DATA[case], design=design)


def data_change(**changes: object) -> Callable[[], Figure]:
    data = dataclasses.replace(PAPER, **changes)  # type: ignore[arg-type]
    return lambda: warmup_ablation_figure(data)


def taller(height: float) -> Callable[[], Figure]:
    def make() -> Figure:
        figure = warmup_ablation_figure()
        figure.set_size_inches(figure.get_size_inches()[0], height)
        return figure

    return make


def tick_label_colour(index: int, colour: str) -> Callable[[], Figure]:
    """One x tick label recoloured: a small text whose change a loose comparison could miss."""

    def make() -> Figure:
        figure = warmup_ablation_figure()
        figure.axes[0].get_xticklabels()[index].set_color(colour)
        return figure

    return make


def _bumped(index: int, by: float) -> tuple[float, ...]:
    scores = list(PAPER.avg_scores)
    scores[index] += by
    return tuple(scores)


def gradient_fill(score: float, gamma: float) -> str:
    """The oracle for a bar's fill, straight from the design card: normalized score to the power
    gamma, looked up in matplotlib's 256-entry gradient from #9AC4F5 to #428AE5."""
    low, high = min(PAPER.avg_scores), max(PAPER.avg_scores)
    cmap = LinearSegmentedColormap.from_list("card", ["#9AC4F5", "#428AE5"])
    return to_hex(cmap(float(((score - low) / (high - low)) ** gamma)))


@dataclass(frozen=True)
class Perturbation:
    make: Callable[[], Figure]
    #: Lines the description comparison must print (among others that follow from them).
    lines: tuple[str, ...]
    #: The figure case perturbed, whose baseline and description it is compared with.
    case: str = "paper"


PERTURBATIONS: dict[str, Perturbation] = {
    "score +0.01": Perturbation(
        data_change(avg_scores=_bumped(2, 0.01)),
        (
            "bar 15: height 57.11 → 57.12",
            "value label 15: text 57.11 → 57.12",
            "trend line: point 15 2, 57.11 → 2, 57.12",
        ),
    ),
    "baseline value 55.79 -> 55.80": Perturbation(
        data_change(baseline=Baseline("GRPO", 55.80)),
        ("baseline: value 55.79 → 55.8", "baseline label: text GRPO 55.79 → GRPO 55.80"),
    ),
    "gradient start colour 1 unit bluer": Perturbation(
        design_change(gradient=("#9AC4F6", "#428AE5")), ("bar 5: fill #9ac4f5 → #9ac4f6",)
    ),
    "gradient end colour 1 unit bluer": Perturbation(
        design_change(gradient=("#9AC4F5", "#428AE6")), ("bar 10: fill #428ae5 → #428ae6",)
    ),
    "bar edge colour 1 unit redder": Perturbation(
        design_change(bar_edge_color="#3B78CC"),
        tuple(f"bar {step}: edge colour #3a78cc → #3b78cc" for step in PAPER.warmup_steps),
    ),
    "trend line colour 1 unit bluer": Perturbation(
        design_change(line_color="#2E6FC8"),
        ("trend line: colour #2e6fc7 → #2e6fc8", "trend line: marker edge #2e6fc7 → #2e6fc8"),
    ),
    "marker face grey": Perturbation(
        design_change(marker_face_color="#fefefe"), ("trend line: marker face #ffffff → #fefefe",)
    ),
    "value label colour 1 unit bluer": Perturbation(
        design_change(value_label_color="#2e2b41"),
        tuple(f"value label {step}: colour #2e2b40 → #2e2b41" for step in PAPER.warmup_steps),
    ),
    "baseline colour 1 unit bluer": Perturbation(
        design_change(baseline_color="#D4686B"), ("baseline: colour #d4686a → #d4686b",)
    ),
    "baseline label colour 1 unit bluer": Perturbation(
        design_change(baseline_label_color="#C53E44"),
        ("baseline label: colour #c53e43 → #c53e44",),
    ),
    "trend line 0.1 pt wider": Perturbation(
        design_change(line_width=1.0), ("trend line: linewidth 0.9 → 1.0",)
    ),
    "bar edge 0.1 pt wider": Perturbation(
        design_change(bar_edge_width=0.6), ("bar 30: edge width 0.5 → 0.6",)
    ),
    "marker size 3 -> 3.5": Perturbation(
        design_change(marker_size=3.5), ("trend line: marker size 3.0 → 3.5",)
    ),
    "bar width 0.52 -> 0.53": Perturbation(
        design_change(bar_width=0.53),
        tuple(f"bar {step}: width 0.52 → 0.53" for step in PAPER.warmup_steps),
    ),
    "value label font 7 -> 7.5 pt": Perturbation(
        design_change(value_label_size=7.5), ("value label 20: size 7.0 → 7.5",)
    ),
    "baseline alpha 0.7 -> 0.69": Perturbation(
        design_change(baseline_alpha=0.69), ("baseline: alpha 0.7 → 0.69",)
    ),
    "gradient exponent 0.4 -> 0.41": Perturbation(
        design_change(gamma=0.41),
        (f"bar 30: fill {gradient_fill(56.32, 0.4)} → {gradient_fill(56.32, 0.41)}",),
    ),
    "x axis label": Perturbation(
        data_change(xlabel="Warmup steps"), ("x axis label: text Warmup Steps → Warmup steps",)
    ),
    "tick label 5 -> 6": Perturbation(
        data_change(warmup_steps=(6, 10, 15, 20, 25, 30)),
        ("x tick label 5: removed", "x tick label 6: added", "bar 5: removed", "bar 6: added"),
    ),
    "baseline label renamed": Perturbation(
        data_change(baseline=Baseline("GRP0", 55.79)),
        ("baseline label: text GRPO 55.79 → GRP0 55.79",),
    ),
    "hundred_bars_wide: trend line 0.1 pt wider": Perturbation(
        design_change("hundred_bars_wide", line_width=1.0),
        ("trend line: linewidth 0.9 → 1.0",),
        case="hundred_bars_wide",
    ),
    "tick label 15 colour 1 unit redder": Perturbation(
        tick_label_colour(2, "#2f2b40"), ("x tick label 15: colour #2e2b40 → #2f2b40",)
    ),
    "figure 0.1 in taller": Perturbation(
        taller(2.4),
        (
            "figure: size 3.6 x 2.3 in → 3.6 x 2.4 in",
            # the new height as the saved PNG has it, measured there (the test below)
            "figure: height 719 px → {png height} px",
        ),
    ),
}


def compare_pixels(figure: Figure, case: str, tmp_path: Path) -> dict[Rung, str | None]:
    """Each pixel rung's verdict on `figure` against the case's baseline: None when it passes,
    else why it fails."""
    baseline = BASELINE_DIR / f"{case}.png"
    result = tmp_path / "result.png"
    result.write_bytes(render(figure, "png"))
    try:
        failure = compare_images(str(baseline), str(result), tol=TOLERANCE, in_decorator=False)
    except ImageComparisonFailure as size_mismatch:  # raised, not returned, for another size
        failure = str(size_mismatch)
    exact = None if failure is None else f"{failure}\n{pixel_diff(baseline, result).describe()}"
    edges = edge_diff_of_files(baseline, result)
    forgiving = (
        "the image size changed"
        if edges is None
        else f"{edges.remaining} of {edges.differing} changed pixels are not on anti-aliased edges"
        if edges.remaining
        else None
    )
    return {Rung.EXACT: exact, Rung.EDGES_FORGIVEN: forgiving}


@pytest.mark.pinned_stack
@pytest.mark.parametrize("case", sorted({row.case for row in PERTURBATIONS.values()}))
def test_the_unperturbed_figure_passes_the_pixel_comparison(case: str, tmp_path: Path) -> None:
    """On the rung in force, and forgiving on every machine kind (on another, exact pixels may
    differ on anti-aliased edges: that is what rung 2 is for)."""
    figure = next(item for item in CASES if item.name == case).figure()
    verdicts = compare_pixels(figure, case, tmp_path)
    assert verdicts[Rung.EDGES_FORGIVEN] is None
    assert verdicts[rung()] is None


@pytest.mark.pinned_stack
@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_the_pixel_comparison_fails_on_both_rungs(name: str, tmp_path: Path) -> None:
    """Exactly and with anti-aliased edges forgiven: a forgiving machine loses no row."""
    perturbation = PERTURBATIONS[name]
    baseline = BASELINE_DIR / f"{perturbation.case}.png"
    before = baseline.read_bytes()
    verdicts = compare_pixels(perturbation.make(), perturbation.case, tmp_path)
    unnoticed = [rung.name for rung, failure in verdicts.items() if failure is None]
    assert not unnoticed, f"{name!r} went unnoticed on {unnoticed}"
    assert baseline.read_bytes() == before


@pytest.mark.description
def test_the_unperturbed_figure_passes_the_description_comparison(tmp_path: Path) -> None:
    assert compare_and_record("paper", warmup_ablation_figure(), tmp_path) == []


@pytest.mark.description
@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_the_description_says_what_changed(name: str, tmp_path: Path) -> None:
    perturbation = PERTURBATIONS[name]
    figure = perturbation.make()
    measured = {}
    if any("{png height}" in line for line in perturbation.lines):  # rendered only where needed
        with Image.open(io.BytesIO(render(figure, "png"))) as png:
            measured["png height"] = png.height
    lines = compare_and_record(perturbation.case, figure, tmp_path)
    assert lines, f"{name!r} went unnoticed by the description"
    expected = [line.format(**measured) for line in perturbation.lines]
    missing = [line for line in expected if line not in lines]
    assert not missing, f"{name!r}: expected lines missing: {missing}; got: {lines}"
    assert (tmp_path / "descriptions" / f"{perturbation.case}.changes.txt").read_text(
        encoding="utf-8"
    ).splitlines() == lines


def test_the_oracle_agrees_with_the_committed_fills() -> None:
    """The test's own gradient oracle reproduces the reviewed paper colours."""
    fills = [gradient_fill(score, 0.4) for score in PAPER.avg_scores]
    assert fills == ["#9ac4f5", "#428ae5", "#4e92e7", "#458ce6", "#4b90e7", "#63a0eb"]
    assert np.isclose(DESIGN.gamma, 0.4)
