"""The one table of figure cases: every image test, baseline and sensitivity check reads it.

Each case is a name (which is also its baseline's file stem), the data and options it draws, and
why it exists: the code path it guards.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from matplotlib.figure import Figure

from plotting import Baseline, FigureData, paper_data, warmup_ablation_figure

PAPER = paper_data()


@dataclass(frozen=True)
class FigureCase:
    name: str
    why: str
    data: FigureData | None = None
    font: str | None = None

    def figure(self) -> Figure:
        return warmup_ablation_figure(self.data, font=self.font)

    @property
    def baseline_file(self) -> str:
        return f"{self.name}.png"


CASES: tuple[FigureCase, ...] = (
    FigureCase("paper", "the published figure, 300 dpi, STIXGeneral"),
    FigureCase(
        "all_equal",
        "equal scores take the 0.5 colour fallback and automatic limits around one value",
        dataclasses.replace(PAPER, avg_scores=(57.0,) * 6, ylim=None, yticks=None),
    ),
    FigureCase(
        "single_bar",
        "one bar: no neighbours to space labels against, baseline label beside a lone bar",
        FigureData(warmup_steps=(10,), avg_scores=(57.74,), baseline=Baseline("GRPO", 55.79)),
    ),
    FigureCase(
        "no_comparison_line",
        "no comparison line (the data has no [baseline]): no dashed line, no label",
        dataclasses.replace(PAPER, baseline=None),
    ),
    FigureCase(
        "dozen_bars_auto_limits",
        "twelve bars with limits and ticks chosen automatically",
        FigureData(
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
    FigureCase(
        "negative_scores",
        "scores on both sides of zero: bars grow down from zero, limits below zero",
        FigureData(
            warmup_steps=(5, 10, 15, 20, 25, 30),
            avg_scores=(-2.5, 1.25, -0.4, 3.1, 0.0, -1.75),
            baseline=Baseline("SFT", -0.5),
        ),
    ),
    FigureCase(
        "custom_labels",
        "axis labels and baseline label from the data",
        dataclasses.replace(
            PAPER,
            xlabel="Warmup steps before standard RL",
            ylabel="Pass@1 (%)",
            baseline=Baseline("PPO baseline", 56.5),
        ),
    ),
    FigureCase(
        "dejavu_serif", "a non-default font that ships with matplotlib", font="DejaVu Serif"
    ),
    FigureCase(
        "mixed_signs_baseline_above",
        "bars up and down from zero, labels beyond each end, a baseline above every bar",
        FigureData(
            warmup_steps=(5, 10, 15, 20, 25),
            avg_scores=(-3.2, 4.75, -0.8, 2.1, -5.05),
            baseline=Baseline("SFT", 6.5),
        ),
    ),
    FigureCase(
        "thirty_bars_upright",
        "30 bars in the 3.6 in column: labels shrink to the minimum, then turn upright",
        FigureData(
            warmup_steps=tuple(range(10, 310, 10)),
            avg_scores=tuple(
                round(52.0 + 6.0 * abs(((7 * i) % 30) / 30 - 0.5), 2) for i in range(30)
            ),
            baseline=Baseline("GRPO", 55.79),
        ),
    ),
    FigureCase(
        "hundred_bars_wide",
        "the most bars the data may hold, in a figure as wide as the rule says they need",
        FigureData(
            warmup_steps=tuple(range(5, 505, 5)),
            avg_scores=tuple(round(55.0 + 3.0 * (((13 * i) % 100) / 100), 2) for i in range(100)),
            baseline=Baseline("GRPO", 55.79),
            width=10.6,
        ),
    ),
)
