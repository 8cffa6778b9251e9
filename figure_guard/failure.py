"""What a failing image test's report says: how many pixels changed and where, what changed in
words (worked out from the figure the test has just drawn), and what to do about it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from matplotlib.figure import Figure

from figure_guard.describe import describe_figure
from figure_guard.descriptions import compare_and_record
from figure_guard.page import PAGE
from figure_guard.pixels import Diff, diff_files
from figure_guard.registry import GuardedCase
from figure_guard.stack import why_forgiven

if TYPE_CHECKING:
    from figure_guard.session import FigureGuard


def image_folder(results: Path, item: pytest.Item) -> Path | None:
    """pytest-mpl's folder of this test's baseline.png and result.png, named by pytest-mpl's own
    functions: its JSON summary, which the reports read, is written only at the end."""
    from pytest_mpl.plugin import generate_test_name, pathify

    folder = results / pathify(generate_test_name(item))
    return folder if folder.is_dir() else None


def failure_report(
    item: pytest.Item,
    guard: FigureGuard,
    forgiving: Diff | None,
    drawn: tuple[GuardedCase, Figure] | None,
) -> str:
    """The report's section: `forgiving`, rung 2's comparison of these images when it ran;
    `drawn`, the case and the figure the test drew, when it drew one."""
    results, project = guard.results, guard.project
    folder = image_folder(results, item)
    lines = [] if folder is None else [f"images for this test: {folder}"]
    pair = [] if folder is None else [folder / "baseline.png", folder / "result.png"]
    if forgiving is not None:
        lines.append(forgiving.describe())
        lines.append(
            f"{forgiving.forgiven} of them lie on anti-aliased edges and are forgiven"
            f" ({why_forgiven(project)}); {forgiving.remaining} are not"
        )
    elif pair and all(path.is_file() for path in pair):
        lines.append(diff_files(*pair).describe())
    if drawn is not None and not (project.baselines / f"{drawn[0].name}.png").is_file():
        name = drawn[0].name
        lines.append(
            f"no baseline {project.baselines.name}/{name}.png for the new case {name!r}:"
            f" run `{project.regenerate}` (or `tox -e accept -- ARTIFACT` off the reference"
            " machine), look at the PNG, then commit it"
        )
    lines.append(guard.rung_line())
    lines += words(drawn, guard)
    lines.append(f"review page of all figures: {results / PAGE}")
    lines.append(
        f"if the change is intended: `{project.regenerate}`, review the changed PNGs in"
        f" {project.baselines.name}/, commit them"
    )
    return "\n".join(lines)


def words(drawn: tuple[GuardedCase, Figure] | None, guard: FigureGuard) -> list[str]:
    """The description comparison of the figure the failing test drew (in the style pytest-mpl
    drew it in); recorded in the results folder for the job summary and the review page."""
    if drawn is None:
        return ["what changed, in words: not worked out (the test drew no figure)"]
    case, figure = drawn
    try:
        with case.styled():
            current = describe_figure(figure)
        lines = compare_and_record(case, current, guard.project, guard.off_stack)
    except (FileNotFoundError, ValueError) as problem:
        return [f"what changed, in words: not worked out ({problem})"]
    if not lines:
        return [
            "what changed, in words: nothing the description covers; the change lies in"
            " what it does not describe (look at the pictures)"
        ]
    return ["what changed, in words:", *(f"  {line}" for line in lines)]
