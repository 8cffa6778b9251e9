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
from figure_guard.pixels import Diff, diff_files
from figure_guard.tally import case_of

REPORT_FILE = "figure_report.md"
#: How the run compared, in one line, and the edge pixels it forgave per case: what
#: `figure_guard.review` reads from a results folder besides the images.
HOW_FILE = "how.txt"
FORGIVEN_FILE = "forgiven.json"
#: The cases the run compared (pixels or words), one a line: what "N of M changed" counts.
COMPARED_FILE = "compared.txt"
#: The image test every case gets (`figure_guard.checks`), whatever module imports it.
IMAGE_TEST = "test_figure_matches_baseline"
#: pytest-mpl's own summary of a run (`--mpl-generate-summary=json`, which the plugin always adds):
#: each image test's status and its images' paths. Readers find a case's images only through it.
MPL_SUMMARY_KIND = "json"
MPL_SUMMARY = "results.json"
SIDES = ("baseline", "result")


def image_folders(results: Path) -> dict[str, Path]:
    """Each figure case's folder of baseline.png and result.png, as the summary names it."""
    path = results / MPL_SUMMARY
    if not path.is_file():
        return {}
    folders = {}
    for test, entry in json.loads(path.read_text(encoding="utf-8")).items():
        image = entry.get("result_image") or entry.get("baseline_image")
        if test.partition("[")[0].rpartition(".")[2] == IMAGE_TEST and image:
            folders[case_of(test)] = results / Path(image).parent
    return folders


def add_image_folder(results: Path, case: str) -> Path:
    """A new folder for a case's baseline.png and result.png made outside a test run (the review
    of two revisions; tests), listed in a summary of pytest-mpl's form so that it is read alike."""
    folder = results / case
    folder.mkdir(parents=True, exist_ok=True)
    path = results / MPL_SUMMARY
    summary = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    images = {f"{side}_image": f"{case}/{side}.png" for side in SIDES}
    summary[f"review.{IMAGE_TEST}[{case}]"] = images
    path.write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return folder


def forgiven_by_case(forgiven: Mapping[str, int]) -> dict[str, int]:
    """Test ids of forgiven image tests -> forgiven pixels, by case name."""
    return {case_of(node): count for node, count in forgiven.items() if f"::{IMAGE_TEST}[" in node}


@dataclass(frozen=True)
class CaseOutcome:
    """One figure case as the run left it in the results folder."""

    case: str
    pixels: Diff | None  # None: the image test left no baseline/result pair
    new: bool  # a result but no baseline: a case added without one
    #: The description's change lines; None when the run worked out no words for the case.
    lines: tuple[str, ...] | None
    #: Anti-aliased edge pixels the run recorded it forgave (rung 2): its record, not `pixels`
    #: worked out again, so that a review of a results folder says what the run did.
    forgiven: int = 0
    removed: bool = False  # a baseline but no result: a case deleted (reviewing two revisions)
    folder: Path | None = None  # its baseline.png and result.png, where the run left either

    @property
    def changed(self) -> bool:
        if self.new or self.removed or self.lines:
            return True
        if self.pixels is None:
            return False
        return self.pixels.differing > self.forgiven or self.pixels.resized

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


def outcome(results: Path, case: str, folder: Path | None, forgiven: int = 0) -> CaseOutcome:
    """The case as the run left it; `folder`: its images, None where the run left none."""
    sides = {} if folder is None else {side: folder / f"{side}.png" for side in SIDES}
    present = {side for side, path in sides.items() if path.is_file()}
    pixels = diff_files(*sides.values()) if present == set(SIDES) else None
    lines = recorded_change_lines(case, results)
    recorded = None if lines is None else tuple(lines)
    new, removed = present == {"result"}, present == {"baseline"}
    return CaseOutcome(case, pixels, new, recorded, forgiven, removed, folder if present else None)


def run_intro(rung: str) -> str:
    """What a test run's baseline and result are, and how they were compared."""
    python = platform.python_version()
    return (
        "Baseline is the committed PNG, result is what this change draws. Figures"
        f" {rung} (Python {python})."
    )


def case_outcomes(
    results: Path, cases: Sequence[str], forgiven: Mapping[str, int] | None = None
) -> list[CaseOutcome]:
    """Each of `cases` as the run left it; `forgiven`: edge pixels forgiven by case name
    (rung 2). The page, the job summary and the comment are all written from these."""
    folders = image_folders(results)
    return [
        outcome(results, case, folders.get(case), (forgiven or {}).get(case, 0)) for case in cases
    ]


def change_lines(item: CaseOutcome, regenerate: str) -> list[str]:
    """The figure's change for a list: a headline, then its words (Markdown is the caller's)."""
    if item.new:
        return [f"no baseline yet (new case; run `{regenerate}`)"]
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


def save_compared(results: Path, cases: Sequence[str]) -> None:
    """Record which cases the run compared, for a later `figure_guard.review` of this folder."""
    (results / COMPARED_FILE).write_text("".join(f"{case}\n" for case in cases), "utf-8")


def read_compared(results: Path) -> list[str] | None:
    """The cases a run compared, or None when it recorded none (a folder made otherwise)."""
    path = results / COMPARED_FILE
    return path.read_text(encoding="utf-8").split() if path.is_file() else None
