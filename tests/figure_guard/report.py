"""What changed, per figure case, as a run left it in the results folder: pixels, words, new or
removed cases, and pixels forgiven on rung 2. The page (`page`), the job summary and the pull
request's comment (`review`) are all written from these outcomes."""

from __future__ import annotations

import json
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from figure_guard.descriptions import recorded_change_lines
from figure_guard.pixels import PixelDiff, pixel_diff
from figure_guard.settings import REGENERATE
from figure_guard.tally import case_of

REPORT_FILE = "figure_report.md"
#: How the run compared, in one line, and the edge pixels it forgave per case: what
#: `figure_guard.review` reads from a results folder besides the images.
HOW_FILE = "how.txt"
FORGIVEN_FILE = "forgiven.json"
IMAGE_TEST = "test_images.test_figure_matches_baseline"


def image_folder(results: Path, case: str) -> Path:
    """pytest-mpl's folder for the case's image test (its own naming of the test id)."""
    from pytest_mpl.plugin import pathify

    return results / str(pathify(f"{IMAGE_TEST}[{case}]"))


def forgiven_by_case(forgiven: Mapping[str, int]) -> dict[str, int]:
    """Test ids of forgiven image tests -> forgiven pixels, by case name."""
    prefix = f"{IMAGE_TEST.replace('.', '.py::')}["
    return {case_of(node): count for node, count in forgiven.items() if prefix in node}


@dataclass(frozen=True)
class CaseOutcome:
    """One figure case as the run left it in the results folder."""

    case: str
    pixels: PixelDiff | None  # None: the image test left no baseline/result pair
    new: bool  # a result but no baseline: a case added without one
    #: The description's change lines; None when the run worked out no words for the case.
    lines: tuple[str, ...] | None
    forgiven: int = 0  # anti-aliased edge pixels forgiven (rung 2)
    removed: bool = False  # a baseline but no result: a case deleted (reviewing two revisions)

    @property
    def changed(self) -> bool:
        if self.new or self.removed or self.lines:
            return True
        if self.pixels is None:
            return False
        moved = self.pixels.differing > self.forgiven
        return moved or self.pixels.shapes[0] != self.pixels.shapes[1]

    def words(self) -> list[str]:
        """The change in words for a reader; never claims that nothing changed."""
        if self.lines is None:
            return ["the words were not worked out for this figure (see the test log)"]
        if not self.lines:
            return [
                "nothing the description covers changed: the change lies in what it does not"
                " describe (look at the pictures)"
            ]
        return list(self.lines)

    def pixel_line(self) -> str:
        text = self.pixels.describe() if self.pixels is not None else "pixels not compared"
        if self.forgiven:
            text += f"; {self.forgiven} of them on anti-aliased edges, forgiven"
        return text


def outcome(results: Path, case: str, forgiven: int = 0) -> CaseOutcome:
    folder = image_folder(results, case)
    baseline, result = folder / "baseline.png", folder / "result.png"
    pixels = pixel_diff(baseline, result) if baseline.is_file() and result.is_file() else None
    new = result.is_file() and not baseline.is_file()
    removed = baseline.is_file() and not result.is_file()
    lines = recorded_change_lines(case, results)
    recorded = None if lines is None else tuple(lines)
    return CaseOutcome(case, pixels, new, recorded, forgiven, removed)


def run_intro(rung: str) -> str:
    """What a test run's baseline and result are, and how they were compared."""
    python = platform.python_version()
    return (
        "Baseline is the committed PNG, result is what this change draws. Figures"
        f" {rung} (Python {python})."
    )


def changed_outcomes(
    results: Path, cases: Sequence[str], forgiven: Mapping[str, int] | None = None
) -> list[CaseOutcome]:
    """The changed cases; `forgiven`: edge pixels forgiven by case name (rung 2)."""
    outcomes = [outcome(results, case, (forgiven or {}).get(case, 0)) for case in cases]
    return [item for item in outcomes if item.changed]


def change_lines(item: CaseOutcome) -> list[str]:
    """The figure's change for a list: a headline, then its words (Markdown is the caller's)."""
    if item.new:
        return [f"no baseline yet (new case; run `{REGENERATE}`)"]
    if item.removed:
        return ["removed (its baseline is deleted)"]
    return [item.pixel_line(), *item.words()]


def save_forgiven(results: Path, forgiven: Mapping[str, int]) -> None:
    """Record the forgiven pixels by case, for a later `figure_guard.review` of this folder."""
    text = json.dumps(dict(forgiven), indent=1, sort_keys=True)
    (results / FORGIVEN_FILE).write_text(text + "\n", encoding="utf-8")


def read_forgiven(results: Path) -> dict[str, int]:
    path = results / FORGIVEN_FILE
    if not path.is_file():
        return {}
    return {str(case): int(count) for case, count in json.loads(path.read_text("utf-8")).items()}
