"""The suite's comparisons notice small, visible edits of the warmup figure, and say what changed.

Each colour and width of every registered figure's design is a row of the guard's own check
(`figure_guard.sensitivity`, run by tests/test_figures.py). These are the warmup figure's other
rows, each derived from the current design and data (each end of the gradient one unit off and
the bar it alone colours, each size a step larger, the gradient's exponent, each score and label
a little changed, the widest case's trend line), and every row compares its perturbed figure with
the unperturbed one drawn in the same run, never with the committed baselines. So a change of the
design or the data, accepted with new baselines, leaves every row meaningful and this file
untouched. Two checks per row:

- the pixel comparison must fail on both rungs that compare pixels: exactly, with the very
  comparison and tolerance the image tests use (rung 1), and with anti-aliased edge pixels
  forgiven, as on another machine kind (rung 2), so a machine that forgives loses no row (a row
  may say its change lies on anti-aliased edges only, `edges_only`, which rung 2 forgives);
- the description comparison must fail, and its lines must name the right artist, property, old
  and new value: the expected lines come from this file's own oracle (the design's values,
  formatted as a description writes them), never from `describe_figure`.

The unperturbed figure drawn twice must pass both, or the checks prove nothing.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images
from matplotlib.testing.exceptions import ImageComparisonFailure
from matplotlib.typing import ColorType
from PIL import Image
from support.registered import CASES

from figure_guard.pixels import diff_files
from figure_guard.sensitivity import one_unit_off
from figure_guard.stack import Rung
from figures.warmup_ablation import PAPER
from plotting import (
    Baseline,
    FigureDescription,
    describe_changes,
    describe_figure,
    render,
    warmup_ablation_figure,
)
from plotting.design import DESIGN, Design

CASE = {case.name: case for case in CASES}
STEPS = [str(step) for step in PAPER.warmup_steps]
ARROW = "→"

# ── the oracle: a value as a description writes it ──────────────────────────────────────────────


def hex_of(colour: ColorType) -> str:
    return to_hex(to_rgb(colour))


def points(value: float) -> str:
    """A length in points: two decimals, as `repr` writes a float."""
    return repr(round(value, 2) + 0.0)


def data_value(value: float) -> str:
    """A value in data units: six significant digits."""
    return f"{value:.6g}"


def alpha(value: float) -> str:
    return repr(round(value, 3) + 0.0)


def gradient_fill(scores: tuple[float, ...], index: int, design: Design) -> str:
    """A bar's fill, straight from the design card: the normalized score to the power gamma,
    looked up in matplotlib's 256-entry gradient between the design's two colours."""
    low, high = min(scores), max(scores)
    cmap = LinearSegmentedColormap.from_list("card", list(design.gradient))
    if low == high:  # the card's fallback: the middle of the gradient, whatever gamma
        return to_hex(cmap(0.5))
    return to_hex(cmap(float(((scores[index] - low) / (high - low)) ** design.gamma)))


# ── the perturbations ───────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Perturbation:
    make: Callable[[], Figure]
    #: Lines the description comparison must print (among others that follow from them); none:
    #: the row checks pixels only (a large figure whose words another row checks already).
    lines: tuple[str, ...]
    #: The figure case perturbed, whose unperturbed drawing it is compared with.
    case: str = "paper"
    #: The change may lie on anti-aliased edges only (a thin outline 0.1 pt wider): then rung 2
    #: may forgive it, and the row says so instead of failing there.
    edges_only: bool = False


def with_design(case: str = "paper", /, **changes: Any) -> Callable[[], Figure]:
    """The case drawn with `changes` to the design (any field: the rows pick them by name; `case`
    is positional only, so that no field's name can be taken for it)."""
    design = dataclasses.replace(DESIGN, **changes)
    return lambda: CASE[case].draw(design=design)


def with_data(**changes: Any) -> Callable[[], Figure]:
    """The paper figure drawn with `changes` to its data."""
    data = dataclasses.replace(PAPER, **changes)
    return lambda: warmup_ablation_figure(data)


def every_bar(line: str) -> tuple[str, ...]:
    """`line` (with `{step}`) for each bar of the paper figure."""
    return tuple(line.format(step=step) for step in STEPS)


def gradient_rows() -> Iterator[tuple[str, Perturbation]]:
    """Each end of the gradient one unit off: the one bar whose fill it sets alone changes."""
    scores = PAPER.avg_scores
    for end, index in ((0, scores.index(min(scores))), (1, scores.index(max(scores)))):
        gradient = list(DESIGN.gradient)
        gradient[end] = one_unit_off(gradient[end])
        changed = dataclasses.replace(DESIGN, gradient=(gradient[0], gradient[1]))
        line = (
            f"bar {STEPS[index]}: fill {gradient_fill(scores, index, DESIGN)}"
            f" → {gradient_fill(scores, index, changed)}"
        )
        yield (
            f"gradient {('start', 'end')[end]} one unit off",
            Perturbation(with_design(gradient=changed.gradient), (line,)),
        )


def widest_case_rows() -> Iterator[tuple[str, Perturbation]]:
    wide = DESIGN.line_width
    yield (
        "hundred_bars_wide: line_width 0.1 pt wider",
        Perturbation(
            with_design("hundred_bars_wide", line_width=round(wide + 0.1, 6)),
            (),  # pixels only: its words are the paper row's, and describing 100 bars costs
            case="hundred_bars_wide",
        ),
    )


def gamma_step(design: Design, scores: tuple[float, ...]) -> tuple[float, int]:
    """The smallest change of the gradient's exponent that changes some bar's fill, and that bar."""
    for step in (0.01, -0.01, 0.02, -0.02, 0.05, -0.05, 0.1, -0.1):
        changed = dataclasses.replace(design, gamma=round(design.gamma + step, 6))
        for index in range(len(scores)):
            if gradient_fill(scores, index, design) != gradient_fill(scores, index, changed):
                return changed.gamma, index
    raise AssertionError("no change of gamma up to 0.1 changes a bar's fill: a row is missing")


def size_rows() -> Iterator[tuple[str, Perturbation]]:
    sizes = {
        "marker_size": ("trend line: marker size {old} → {new}",),
        "value_label_size": every_bar("value label {step}: size {{old}} → {{new}}"),
        "baseline_label_size": ("baseline label: size {old} → {new}",),
    }
    for name, lines in sizes.items():
        old: float = getattr(DESIGN, name)
        new = old + 0.5
        said = tuple(line.format(old=points(old), new=points(new)) for line in lines)
        yield f"{name} 0.5 pt larger", Perturbation(with_design(**{name: new}), said)
    width = DESIGN.bar_width
    yield (
        "bar_width 0.01 wider",
        Perturbation(
            with_design(bar_width=round(width + 0.01, 6)),
            every_bar(f"bar {{step}}: width {data_value(width)} → {data_value(width + 0.01)}"),
        ),
    )
    faded = round(DESIGN.baseline_alpha - 0.01, 6)
    yield (
        "baseline_alpha 0.01 lower",
        Perturbation(
            with_design(baseline_alpha=faded),
            (f"baseline: alpha {alpha(DESIGN.baseline_alpha)} → {alpha(faded)}",),
        ),
    )
    gamma, index = gamma_step(DESIGN, PAPER.avg_scores)
    changed = dataclasses.replace(DESIGN, gamma=gamma)
    fills = (gradient_fill(PAPER.avg_scores, index, look) for look in (DESIGN, changed))
    yield (
        f"gamma {DESIGN.gamma:g} -> {gamma:g}",
        Perturbation(with_design(gamma=gamma), (f"bar {STEPS[index]}: fill {' → '.join(fills)}",)),
    )


def taller() -> Figure:
    figure = warmup_ablation_figure()
    width, height = figure.get_size_inches()
    figure.set_size_inches(width, height + 0.1)
    return figure


def tick_label_one_unit_off(index: int) -> tuple[Callable[[], Figure], str, str]:
    """One x tick label recoloured one unit: a small text whose change a loose comparison could
    miss. Returns the maker and the label's colour before and after."""
    label = warmup_ablation_figure().axes[0].get_xticklabels()[index]
    old = hex_of(label.get_color())
    new = one_unit_off(old)

    def make() -> Figure:
        figure = warmup_ablation_figure()
        figure.axes[0].get_xticklabels()[index].set_color(new)
        return figure

    return make, old, new


def data_rows() -> Iterator[tuple[str, Perturbation]]:
    scores, index = list(PAPER.avg_scores), 2
    old, new = scores[index], round(scores[index] + 0.01, 10)
    scores[index] = new
    step = STEPS[index]
    yield (
        "one score +0.01",
        Perturbation(
            with_data(avg_scores=tuple(scores)),
            (
                f"bar {step}: height {data_value(old)} → {data_value(new)}",
                f"value label {step}: text {old:.2f} → {new:.2f}",
                f"trend line: point {step} {index}, {data_value(old)} → {index}, {data_value(new)}",
            ),
        ),
    )
    first, *rest = PAPER.warmup_steps
    moved = first + 1
    assert moved not in rest, "the paper's first two steps are neighbours: pick another step"
    yield (
        "first step +1",
        Perturbation(
            with_data(warmup_steps=(moved, *rest)),
            (
                f"x tick label {first}: removed",
                f"x tick label {moved}: added",
                f"bar {first}: removed",
                f"bar {moved}: added",
            ),
        ),
    )
    xlabel = PAPER.xlabel + " (k)"
    yield (
        "x axis label",
        Perturbation(with_data(xlabel=xlabel), (f"x axis label: text {PAPER.xlabel} → {xlabel}",)),
    )
    make, before, after = tick_label_one_unit_off(index)
    yield (
        f"x tick label {step} one unit off",
        Perturbation(make, (f"x tick label {step}: colour {before} → {after}",)),
    )
    width, height = (float(value) for value in PAPER_FIGURE_SIZE)
    yield (
        "figure 0.1 in taller",
        Perturbation(
            taller,
            (
                f"figure: size {alpha(width)} x {alpha(height)} in"
                f" → {alpha(width)} x {alpha(height + 0.1)} in",
                # the new height as the saved PNG has it, measured there (the test below)
                "figure: height {old png height} px → {png height} px",
            ),
        ),
    )
    if PAPER.baseline is None:
        return
    label, value = PAPER.baseline.label, PAPER.baseline.value
    raised = round(value + 0.01, 10)
    yield (
        "baseline value +0.01",
        Perturbation(
            with_data(baseline=Baseline(label, raised)),
            (
                f"baseline: value {data_value(value)} → {data_value(raised)}",
                f"baseline label: text {label} {value:.2f} → {label} {raised:.2f}",
            ),
        ),
    )
    renamed = label.replace("O", "0") if "O" in label else label + "0"
    yield (
        "baseline label renamed",
        Perturbation(
            with_data(baseline=Baseline(renamed, value)),
            (f"baseline label: text {label} {value:.2f} → {renamed} {value:.2f}",),
        ),
    )


PAPER_FIGURE_SIZE = tuple(warmup_ablation_figure().get_size_inches())
PERTURBATIONS: dict[str, Perturbation] = dict(
    [*gradient_rows(), *widest_case_rows(), *size_rows(), *data_rows()]
)


# ── the checks ──────────────────────────────────────────────────────────────────────────────────


@functools.cache
def unperturbed_png(case: str) -> bytes:
    """The case drawn in this run, what every row's pixels are compared with."""
    return render(CASE[case].draw(), "png")


@functools.cache
def unperturbed_words(case: str) -> FigureDescription:
    """The case's description in this run, what every row's words are compared with."""
    return describe_figure(CASE[case].draw())


def compare_pixels(figure: Figure, case: str, tmp_path: Path) -> dict[Rung, str | None]:
    """Each pixel rung's verdict on `figure` against the unperturbed case: None when it passes,
    else why it fails."""
    baseline, result = tmp_path / "baseline.png", tmp_path / "result.png"
    baseline.write_bytes(unperturbed_png(case))
    result.write_bytes(render(figure, "png"))
    try:
        failure = compare_images(str(baseline), str(result), tol=0, in_decorator=False)
    except ImageComparisonFailure as size_mismatch:  # raised, not returned, for another size
        failure = str(size_mismatch)
    diff = diff_files(baseline, result, forgive_edges=True)  # says all it counts, forgiven too
    exact = None if failure is None else f"{failure}\n{diff.describe()}"
    forgiving = (
        "the image size changed"
        if diff.resized
        else f"{diff.remaining} of {diff.differing} changed pixels are not on anti-aliased edges"
        if diff.remaining
        else None
    )
    return {Rung.EXACT: exact, Rung.EDGES_FORGIVEN: forgiving}


def test_the_unperturbed_figure_drawn_again_passes_both_comparisons(tmp_path: Path) -> None:
    """Drawing is deterministic, so every failure below comes from its perturbation (shown on the
    paper figure; every case's bytes also match its baseline run after run, the image tests)."""
    figure = CASE["paper"].draw()
    verdicts = compare_pixels(figure, "paper", tmp_path)
    assert verdicts == {Rung.EXACT: None, Rung.EDGES_FORGIVEN: None}
    assert describe_changes(unperturbed_words("paper"), describe_figure(figure)) == []


@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_a_perturbation_fails_in_pixels_on_both_rungs_and_is_said_in_words(
    name: str, tmp_path: Path
) -> None:
    """The perturbed figure, drawn once, against the unperturbed one: the pixel comparison fails
    exactly and with anti-aliased edges forgiven (a forgiving machine loses no row, but the rows
    that say their change may lie on anti-aliased edges only, which rung 2 forgives), and the
    description's lines say what changed."""
    perturbation = PERTURBATIONS[name]
    figure = perturbation.make()
    verdicts = compare_pixels(figure, perturbation.case, tmp_path)
    assert verdicts[Rung.EXACT] is not None, f"{name!r} went unnoticed on rung 1"
    if not perturbation.edges_only:
        assert verdicts[Rung.EDGES_FORGIVEN] is not None, f"{name!r} went unnoticed on rung 2"
    if not perturbation.lines:
        return
    measured = {}
    if any("{png height}" in line for line in perturbation.lines):
        for key, path in (("old png height", "baseline.png"), ("png height", "result.png")):
            with Image.open(tmp_path / path) as image:
                measured[key] = image.height
    lines = describe_changes(unperturbed_words(perturbation.case), describe_figure(figure))
    assert lines, f"{name!r} went unnoticed by the description"
    expected = [line.format(**measured) for line in perturbation.lines]
    missing = [line for line in expected if line not in lines]
    assert not missing, f"{name!r}: expected lines missing: {missing}; got: {lines}"


def test_the_oracle_agrees_with_the_package_on_every_case() -> None:
    """The gradient oracle reproduces the fills the package gives every case's bars (read from
    the drawn bars, not from a description)."""
    for case in (CASE[name] for name in ("paper", "all_equal", "single_bar", "negative_scores")):
        data = case.case.options.get("data") or PAPER
        bars = case.draw().axes[0].patches
        drawn = [to_hex(bar.get_facecolor()) for bar in bars]
        oracle = [gradient_fill(data.avg_scores, i, DESIGN) for i in range(len(data.avg_scores))]
        assert drawn == oracle, case.name
