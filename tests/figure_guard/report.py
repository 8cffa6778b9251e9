"""What changed, per figure case, from the results folder: for the CI job summary and the terminal.

Every run that compared figures writes `results/figure_report.md` (see `conftest.py`); the
workflow appends it to the job summary, so a reviewer reads what changed in the pull request
without downloading anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from figure_guard.descriptions import recorded_changes
from figure_guard.pixels import PixelDiff, pixel_diff
from figure_guard.settings import REGENERATE

REPORT_FILE = "figure_report.md"
ARTIFACT = "figure-diffs"


def image_folder(results: Path, case: str) -> Path:
    """pytest-mpl's folder for the case's image test (its own naming of the test id)."""
    from pytest_mpl.plugin import pathify

    return results / str(pathify(f"test_images.test_figure_matches_baseline[{case}]"))


@dataclass(frozen=True)
class CaseOutcome:
    """One figure case as the run left it in the results folder."""

    case: str
    pixels: PixelDiff | None  # None: the image test left no baseline/result pair
    new: bool  # a result but no baseline: a case added without one
    lines: tuple[str, ...]  # the description's change lines

    @property
    def changed(self) -> bool:
        moved = self.pixels is not None and (
            self.pixels.differing > 0 or self.pixels.shapes[0] != self.pixels.shapes[1]
        )
        return self.new or moved or bool(self.lines)


def outcome(results: Path, case: str) -> CaseOutcome:
    folder = image_folder(results, case)
    baseline, result = folder / "baseline.png", folder / "result.png"
    pixels = pixel_diff(baseline, result) if baseline.is_file() and result.is_file() else None
    new = result.is_file() and not baseline.is_file()
    return CaseOutcome(case, pixels, new, tuple(recorded_changes(case, results)))


def job_summary(results: Path, cases: Sequence[str]) -> str:
    outcomes = [outcome(results, case) for case in cases]
    changed = [item for item in outcomes if item.changed]
    lines = ["## Figures that differ from their baselines", ""]
    for item in changed:
        if item.new:
            lines.append(f"- `{item.case}`: no baseline yet (new case; run `{REGENERATE}`)")
            continue
        pixels = item.pixels.describe() if item.pixels is not None else "pixels not compared"
        lines.append(f"- `{item.case}`: {pixels}")
        lines += [f"  - {line}" for line in item.lines]
    if not changed:
        lines.append("No figure differs; the failure is elsewhere (see the test log).")
    lines += [
        "",
        f"Download the `{ARTIFACT}` artifact and open `review.html` in it: baseline and result"
        " side by side, blink, swipe and the enlarged change of each figure, offline (each"
        " `<case>/changes.png` shows the change as one image; `descriptions/` holds the new"
        " descriptions). README: *When a figure test fails in a pull request*.",
    ]
    return "\n".join(lines) + "\n"
