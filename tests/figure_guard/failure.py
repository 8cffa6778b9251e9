"""What a failing image test's report says: how many pixels changed and where, what changed in
words (worked out from the figure the test has just drawn), and what to do about it."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.figure import Figure

from figure_guard.descriptions import compare_and_record
from figure_guard.page import PAGE
from figure_guard.pixels import Diff, diff_files
from figure_guard.settings import BASELINE_DIR, REGENERATE
from figure_guard.stack import rung_line, why_forgiven


def image_folder(results: Path, item: pytest.Item) -> Path | None:
    """pytest-mpl's folder of this test's baseline.png and result.png, named by pytest-mpl's own
    functions: its JSON summary, which the reports read, is written only at the end."""
    from pytest_mpl.plugin import generate_test_name, pathify

    folder = results / pathify(generate_test_name(item))
    return folder if folder.is_dir() else None


def failure_report(
    item: pytest.Item, results: Path, forgiving: Diff | None, drawn: tuple[str, Figure] | None
) -> str:
    """The report's section: `forgiving`, rung 2's comparison of these images when it ran;
    `drawn`, the case and the figure the test drew, when it drew one."""
    folder = image_folder(results, item)
    lines = [] if folder is None else [f"images for this test: {folder}"]
    pair = [] if folder is None else [folder / "baseline.png", folder / "result.png"]
    if forgiving is not None:
        lines.append(forgiving.describe())
        lines.append(
            f"{forgiving.forgiven} of them lie on anti-aliased edges and are forgiven"
            f" ({why_forgiven()}); {forgiving.remaining} are not"
        )
    elif pair and all(path.is_file() for path in pair):
        lines.append(diff_files(*pair).describe())
    if drawn is not None and not (BASELINE_DIR / f"{drawn[0]}.png").is_file():
        lines.append(
            f"no baseline {BASELINE_DIR.name}/{drawn[0]}.png for the new case {drawn[0]!r}:"
            f" run `{REGENERATE}` (or `tox -e accept -- ARTIFACT` off the reference machine),"
            " look at the PNG, then commit it"
        )
    lines.append(rung_line())
    lines += words(drawn, results)
    lines.append(f"review page of all figures: {results / PAGE}")
    lines.append(
        f"if the change is intended: `{REGENERATE}`, review the changed PNGs in"
        f" {BASELINE_DIR.name}/, commit them"
    )
    return "\n".join(lines)


def words(drawn: tuple[str, Figure] | None, results: Path) -> list[str]:
    """The description comparison of the figure the failing test drew; recorded in results/ for
    the job summary and the review page."""
    if drawn is None:
        return ["what changed, in words: not worked out (the test drew no figure)"]
    case, figure = drawn
    try:
        lines = compare_and_record(case, figure, results)
    except (FileNotFoundError, ValueError) as problem:
        return [f"what changed, in words: not worked out ({problem})"]
    if not lines:
        return [
            "what changed, in words: nothing the description covers; the change lies in"
            " what it does not describe (look at the pictures)"
        ]
    return ["what changed, in words:", *(f"  {line}" for line in lines)]
