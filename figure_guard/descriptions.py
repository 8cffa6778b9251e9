"""Each case's description, committed beside its baseline PNG and compared in words.

`<baselines>/<case>.json` holds what `figure_guard.describe.describe_figure` says of the reviewed
figure. A run describes the figure again and lists every changed property. On the pinned stack
the two must match exactly; on another matplotlib or FreeType, where the pixel comparison
refuses, only the values measured in pixels (text boxes, the axes' box, the image size) may move,
by at most `OFF_STACK_PIXEL_TOLERANCE`. Everything else, data, colours, widths, fonts, strings,
limits, ticks, sizes in inches, must still match exactly, but for what the figure declares
decided on drawn glyphs: its `Nudge`s, texts whose place may move a little along one axis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from figure_guard.describe import (
    Change,
    FigureDescription,
    compare_descriptions,
    describe_figure,
    description_from_json,
    description_to_json,
    numbers_of,
)
from figure_guard.project import Project
from figure_guard.registry import GuardedCase, Nudge

#: How far a pixel value may move on a stack other than the pinned one, in pixels at 300 dpi.
#: Measured on the paper figure, matplotlib 3.10.9 (FreeType 2.6.1) against 3.11.2 (2.14.3):
#: text boxes moved by up to 3.6 px and the axes' box by up to 10 px (about 1 % of the figure).
OFF_STACK_PIXEL_TOLERANCE = 12.0

SUFFIX = ".json"
CHANGES_SUFFIX = ".changes.txt"


def description_file(case: str, folder: Path) -> Path:
    return folder / f"{case}{SUFFIX}"


def describe_case(case: GuardedCase, **overrides: object) -> FigureDescription:
    """The case's description, drawn and read under the rcParams it is compared under."""
    with case.styled():
        return describe_figure(case.draw(**overrides))


def write_description(case: str, description: FigureDescription, folder: Path) -> Path:
    """Write the case's description (a run that rewrites baselines); byte-stable for an
    unchanged figure. The folder is made when missing: a project's first baselines run may
    describe a case before pytest-mpl has saved any PNG there."""
    path = description_file(case, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(description_to_json(description), encoding="utf-8")
    return path


def committed_description(case: str, project: Project) -> FigureDescription:
    path = description_file(case, project.baselines)
    if not path.is_file():
        raise FileNotFoundError(
            f"no description {project.baselines.name}/{path.name} for the case {case!r}: run"
            f" `{project.regenerate}`, read the new file, then commit it with the PNG"
        )
    return description_from_json(path.read_text(encoding="utf-8"))


def compare_with_committed(
    case: GuardedCase, current: FigureDescription, project: Project, off_stack: bool
) -> list[str]:
    """The lines that say how `current` differs from the case's committed description; off the
    pinned stack (`off_stack`) within the tolerances of pixels and of the figure's nudges."""
    committed = committed_description(case.name, project)
    tolerance = OFF_STACK_PIXEL_TOLERANCE if off_stack else 0.0
    changes = compare_descriptions(committed, current, pixel_tolerance=tolerance)
    if off_stack:
        forgiven = nudged(committed, case.figure.nudges)
        changes = [change for change in changes if not forgiven(change)]
    return [str(change) for change in changes]


def nudged(committed: FigureDescription, nudges: Sequence[Nudge]) -> Callable[[Change], bool]:
    """A filter of changes: true for a text's anchor that moved only along its nudge's axis,
    and at most its limit (a share of the committed axes' range on that axis, or data units)."""
    spans = {axis: _span(committed, axis) for axis in ("x", "y")}

    def forgiven(change: Change) -> bool:
        if change.property != "anchor" or change.old is None or change.new is None:
            return False
        old, new = numbers_of(change.old), numbers_of(change.new)
        if (old.shape, new.shape) != ("#, #", "#, #"):
            return False
        (x0, y0), (x1, y1) = old.values, new.values
        for nudge in nudges:
            if not nudge.names(change.artist):
                continue
            span = spans[nudge.axis]
            if nudge.share_of_range and span is None:
                return False
            limit = nudge.limit * span if nudge.share_of_range and span else nudge.limit
            still, moved = (
                (x0 == x1, abs(y1 - y0)) if nudge.axis == "y" else (y0 == y1, abs(x1 - x0))
            )
            return still and moved <= limit
        return False

    return forgiven


def _span(committed: FigureDescription, axis: str) -> float | None:
    limits = numbers_of(committed.get("axes", {}).get(f"{axis}lim", ""))
    return limits.values[1] - limits.values[0] if limits.shape == "# .. #" else None


def compare_and_record(
    case: GuardedCase, current: FigureDescription, project: Project, off_stack: bool
) -> list[str]:
    """`compare_with_committed`, with the new description and the change lines (none: an empty
    file) left in `<results>/descriptions/` for the job summary and the review page."""
    lines = compare_with_committed(case, current, project, off_stack)
    folder = project.results / "descriptions"
    folder.mkdir(parents=True, exist_ok=True)
    write_description(case.name, current, folder)
    record_change_lines(case.name, lines, project.results)
    return lines


def record_change_lines(case: str, lines: list[str], results: Path) -> None:
    """Leave `lines` (none: an empty file, words worked out and nothing changed) for the job
    summary and the review page; `recorded_change_lines` reads them back."""
    folder = results / "descriptions"
    folder.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{line}\n" for line in lines)
    (folder / f"{case}{CHANGES_SUFFIX}").write_text(text, encoding="utf-8")


def recorded_change_lines(case: str, results: Path) -> list[str] | None:
    """The lines a run recorded for `case`; None when it worked out no words for it."""
    path = results / "descriptions" / f"{case}{CHANGES_SUFFIX}"
    return path.read_text(encoding="utf-8").splitlines() if path.is_file() else None
