"""The paper's figure: average score across warmup steps, and its cases (one row each).

Each case is a name (its baselines' file stem), why it exists (the code path it guards), and the
data and font it is drawn with. The first, `paper`, is the published figure saved to `fig/`.
"""

from __future__ import annotations

import dataclasses

from figure_guard import Case, GuardedFigure, Nudge
from plotting import STYLE_NAME, Baseline, FigureData, paper_data, warmup_ablation_figure
from plotting.design import DESIGN, SWEEP_STEP

PAPER = paper_data()

CASES = (
    Case("paper", "the published figure, 300 dpi, STIXGeneral"),
    Case(
        "all_equal",
        "equal scores take the 0.5 colour fallback and automatic limits around one value",
        data=dataclasses.replace(PAPER, avg_scores=(57.0,) * 6, ylim=None, yticks=None),
    ),
    Case(
        "single_bar",
        "one bar: no neighbours to space labels against, baseline label beside a lone bar",
        data=FigureData(warmup_steps=(10,), avg_scores=(57.74,), baseline=Baseline("GRPO", 55.79)),
    ),
    Case(
        "no_comparison_line",
        "no comparison line (the data has no [baseline]): no dashed line, no label",
        data=dataclasses.replace(PAPER, baseline=None),
    ),
    Case(
        "dozen_bars_auto_limits",
        "twelve bars with limits and ticks chosen automatically",
        data=FigureData(
            warmup_steps=tuple(range(5, 65, 5)),
            avg_scores=(
                55.69,
                57.74,
                57.11,
                57.54,
                57.27,
                56.32,
                56.05,
                55.4,
                56.9,
                57.9,
                58.31,
                57.02,
            ),
            baseline=Baseline("GRPO", 55.79),
        ),
    ),
    Case(
        "negative_scores",
        "scores on both sides of zero: bars grow down from zero, limits below zero",
        data=FigureData(
            warmup_steps=(5, 10, 15, 20, 25, 30),
            avg_scores=(-2.5, 1.25, -0.4, 3.1, 0.0, -1.75),
            baseline=Baseline("SFT", -0.5),
        ),
    ),
    Case(
        "custom_labels",
        "axis labels and baseline label from the data",
        data=dataclasses.replace(
            PAPER,
            xlabel="Warmup steps before standard RL",
            ylabel="Pass@1 (%)",
            baseline=Baseline("PPO baseline", 56.5),
        ),
    ),
    Case("dejavu_serif", "a non-default font that ships with matplotlib", font="DejaVu Serif"),
    Case(
        "mixed_signs_baseline_above",
        "bars up and down from zero, labels beyond each end, a baseline above every bar",
        data=FigureData(
            warmup_steps=(5, 10, 15, 20, 25),
            avg_scores=(-3.2, 4.75, -0.8, 2.1, -5.05),
            baseline=Baseline("SFT", 6.5),
        ),
    ),
    Case(
        "thirty_bars_upright",
        "30 bars in the 3.6 in column: labels shrink to the minimum, then turn upright",
        data=FigureData(
            warmup_steps=tuple(range(10, 310, 10)),
            avg_scores=tuple(
                round(52.0 + 6.0 * abs(((7 * i) % 30) / 30 - 0.5), 2) for i in range(30)
            ),
            baseline=Baseline("GRPO", 55.79),
        ),
    ),
    Case(
        "hundred_bars_wide",
        "the most bars the data may hold, in a figure as wide as the rule says they need",
        data=FigureData(
            warmup_steps=tuple(range(5, 505, 5)),
            avg_scores=tuple(round(55.0 + 3.0 * (((13 * i) % 100) / 100), 2) for i in range(100)),
            baseline=Baseline("GRPO", 55.79),
            width=10.6,
        ),
    ),
)

FIGURE = GuardedFigure(
    name="warmup_ablation",
    draw=warmup_ablation_figure,
    cases=CASES,
    style=STYLE_NAME,
    stem="warmup_ablation",
    design=DESIGN,
    nudges=(
        # pushed clear of the trend line in steps of 1/200 of the y-range, decided on drawn
        # glyphs: off the pinned stack it may stop two steps away (measured on matplotlib 3.10.9)
        Nudge("value label", "y", 0.02, share_of_range=True),
        # the comparison label's search for a free place along its line, one step either way
        Nudge("baseline label", "x", SWEEP_STEP + 1e-3),
    ),
)
