"""A results folder as a failing run leaves it, for the review page's tests: every case drawn,
one of them (`paper`) with its trend line 0.1 pt wider, and each description compared."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from figure_cases import CASES
from figure_guard.descriptions import compare_and_record
from figure_guard.page import write_review
from figure_guard.report import add_image_folder, case_outcomes, run_intro
from figure_guard.settings import BASELINE_DIR
from figure_guard.stack import rung_line

from plotting import render, warmup_ablation_figure
from plotting.design import DESIGN

CHANGED = "paper"


def failing_run(results: Path, cases: int = 4) -> Path:
    """Write `cases` cases' baselines and results (the paper figure changed) and the page."""
    chosen = [case for case in CASES if case.name != CHANGED][: cases - 1]
    wider = dataclasses.replace(DESIGN, line_width=DESIGN.line_width + 0.1)
    drawn = {CHANGED: warmup_ablation_figure(design=wider)}
    drawn |= {case.name: case.figure() for case in chosen}
    for name, figure in drawn.items():
        folder = add_image_folder(results, name)
        (folder / "baseline.png").write_bytes((BASELINE_DIR / f"{name}.png").read_bytes())
        (folder / "result.png").write_bytes(render(figure, "png"))
        compare_and_record(name, figure, results)
    outcomes = case_outcomes(results, [CHANGED, *(case.name for case in chosen)])
    return write_review(results, outcomes, run_intro(rung_line()))
