"""Each case's description, committed beside its baseline PNG and compared in words.

`baseline_images/<case>.json` holds what `plotting.describe_figure` says of the reviewed figure.
A run describes the figure again and lists every changed property. On the pinned stack the two
must match exactly; on another matplotlib or FreeType, where the pixel comparison refuses, only
the values measured in pixels (text boxes, the axes' box, the image size) may move, by at most
`OFF_STACK_PIXEL_TOLERANCE`. Everything else, data, colours, widths, fonts, strings, limits,
ticks, sizes in inches, must still match exactly, but for one thing decided on drawn glyphs: a
value label pushed clear of the trend line may stop a step or two away (`OFF_STACK_NUDGE`), and
the baseline label may find its free place one step along its line earlier or later.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure

from figure_guard.settings import BASELINE_DIR, REGENERATE
from figure_guard.stack import stack_mismatch
from plotting import (
    Change,
    FigureDescription,
    compare_descriptions,
    describe_figure,
    description_from_json,
    description_to_json,
)
from plotting.changes import numbers_of
from plotting.design import SWEEP_STEP

#: How far a pixel value may move on a stack other than the pinned one, in pixels at 300 dpi.
#: Measured on the paper figure, matplotlib 3.10.9 (FreeType 2.6.1) against 3.11.2 (2.14.3):
#: text boxes moved by up to 3.6 px and the axes' box by up to 10 px (about 1 % of the figure).
OFF_STACK_PIXEL_TOLERANCE = 12.0

SUFFIX = ".json"
CHANGES_SUFFIX = ".changes.txt"


def description_file(case: str, folder: Path = BASELINE_DIR) -> Path:
    return folder / f"{case}{SUFFIX}"


def pixel_tolerance() -> float:
    """0 on the pinned stack (exact), `OFF_STACK_PIXEL_TOLERANCE` elsewhere."""
    return 0.0 if stack_mismatch() is None else OFF_STACK_PIXEL_TOLERANCE


def write_description(case: str, figure: Figure, folder: Path) -> Path:
    """Write the case's description (`tox -e baselines`); byte-stable for an unchanged figure."""
    path = description_file(case, folder)
    path.write_text(description_to_json(describe_figure(figure)), encoding="utf-8")
    return path


def committed_description(case: str) -> FigureDescription:
    path = description_file(case)
    if not path.is_file():
        raise FileNotFoundError(
            f"no description {BASELINE_DIR.name}/{path.name} for the case {case!r}: run"
            f" `{REGENERATE}`, read the new file, then commit it with the PNG"
        )
    return description_from_json(path.read_text(encoding="utf-8"))


def compare_with_committed(case: str, figure: Figure) -> tuple[list[str], FigureDescription]:
    """The lines that say how `figure` differs from the case's committed description, and the
    figure's description."""
    current = describe_figure(figure)
    committed = committed_description(case)
    changes = compare_descriptions(committed, current, pixel_tolerance=pixel_tolerance())
    if stack_mismatch() is not None:
        forgiven = nudged_label(committed)
        changes = [change for change in changes if not forgiven(change)]
    return [str(change) for change in changes], current


#: Off the pinned stack, how far (a share of the y-range) a label pushed clear of the trend line
#: may stop from where it stops on the pinned one: the push is decided on glyphs drawn by the
#: installed FreeType, in steps of 1/200 of the range (measured on matplotlib 3.10.9: 2 steps).
OFF_STACK_NUDGE = 0.02


def nudged_label(committed: FigureDescription) -> Callable[[Change], bool]:
    """A filter of changes: true for a value label's anchor that moved only vertically and only a
    little (a share of the committed y-range), or the baseline label's that moved along its line
    by at most one step of the search for a free place."""
    ylim = numbers_of(committed.get("axes", {}).get("ylim", ""))
    span = ylim.values[1] - ylim.values[0] if ylim.shape == "# .. #" else None

    def forgiven(change: Change) -> bool:
        if change.property != "anchor" or change.old is None or change.new is None:
            return False
        old, new = numbers_of(change.old), numbers_of(change.new)
        if span is None or (old.shape, new.shape) != ("#, #", "#, #"):
            return False
        (x0, y0), (x1, y1) = old.values, new.values
        if change.artist.startswith("value label "):
            return x0 == x1 and abs(y1 - y0) <= OFF_STACK_NUDGE * span
        if change.artist == "baseline label":
            return y0 == y1 and abs(x1 - x0) <= SWEEP_STEP + 1e-3
        return False

    return forgiven


def compare_and_record(case: str, figure: Figure, results: Path) -> list[str]:
    """`compare_with_committed`, with the new description and the change lines (none: an empty
    file) left in `results/descriptions/` for the job summary and the review page."""
    lines, current = compare_with_committed(case, figure)
    folder = results / "descriptions"
    folder.mkdir(parents=True, exist_ok=True)
    description_file(case, folder).write_text(description_to_json(current), encoding="utf-8")
    record_change_lines(case, lines, results)
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
