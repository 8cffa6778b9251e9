"""Markdown list of the figures that changed, from pytest-mpl's results folder (for CI summaries).

Every run that compared figures writes it to `results/figure_report.md` (see `conftest.py`); the
workflow appends that file to the job summary.
"""

from __future__ import annotations

from pathlib import Path

from figure_guard.pixels import pixel_diff

REPORT_FILE = "figure_report.md"


def job_summary(results: Path) -> str:
    lines = ["## Figures that differ from their baselines", ""]
    changed = 0
    for folder in sorted(p for p in results.iterdir() if p.is_dir()) if results.is_dir() else []:
        baseline, result = folder / "baseline.png", folder / "result.png"
        if not result.is_file():
            continue
        if not baseline.is_file():
            lines.append(f"- `{folder.name}`: no baseline yet (new case; run `tox -e baselines`)")
            changed += 1
            continue
        diff = pixel_diff(baseline, result)
        if diff.differing or diff.shapes[0] != diff.shapes[1]:
            lines.append(f"- `{folder.name}`: {diff.describe()}")
            changed += 1
    if not changed:
        lines.append("No figure differs; the failure is elsewhere (see the test log).")
    lines += [
        "",
        "Download the `figure-diffs` artifact for baseline, result and diff images and"
        " `fig_comparison_basic.html`. README: *When a figure test fails in a pull request*.",
    ]
    return "\n".join(lines) + "\n"
