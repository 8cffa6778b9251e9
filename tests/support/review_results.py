"""A results folder as a failing run leaves it, for the review page's tests: every case drawn
twice in this run, as it is and (for `paper`) with its trend line 0.1 pt wider, the first drawing
standing for the baseline. Nothing is read from baseline_images/, so a change of the figure's
design never fails the page's tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from figure_guard.descriptions import record_change_lines
from figure_guard.page import write_review
from figure_guard.report import add_image_folder, case_outcomes, run_intro
from figure_guard.stack import rung_line
from plotting import describe_changes, describe_figure, render, warmup_ablation_figure
from plotting.design import DESIGN
from support.registered import CASES, PROJECT

CHANGED = "paper"
#: What the changed case's words must say: the oracle is the design itself.
CHANGED_LINE = (
    f"trend line: linewidth {round(DESIGN.line_width, 2)!r} → {round(DESIGN.line_width + 0.1, 2)!r}"
)


def failing_run(results: Path, cases: int = 4) -> Path:
    """Write `cases` cases' baselines and results (the paper figure changed) and the page."""
    chosen = [case for case in CASES if case.name != CHANGED][: cases - 1]
    wider = dataclasses.replace(DESIGN, line_width=DESIGN.line_width + 0.1)
    drawn = {CHANGED: (warmup_ablation_figure(), warmup_ablation_figure(design=wider))}
    drawn |= {case.name: (case.draw(), case.draw()) for case in chosen}
    for name, (baseline, result) in drawn.items():
        folder = add_image_folder(results, name)
        (folder / "baseline.png").write_bytes(render(baseline, "png"))
        (folder / "result.png").write_bytes(render(result, "png"))
        record_change_lines(
            name, describe_changes(*map(describe_figure, (baseline, result))), results
        )
    outcomes = case_outcomes(results, [CHANGED, *(case.name for case in chosen)])
    return write_review(results, outcomes, run_intro(rung_line(PROJECT)))
