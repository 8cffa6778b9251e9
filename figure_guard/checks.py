"""The tests every registered case gets: its pixels against its baseline PNG (pytest-mpl), its
description against the committed one (in words), and a baselines folder holding nothing else.

A project collects them by importing them into one of its test modules (pytest collects a test
function wherever it is imported), so the guard's tests run with the project's own conftest:

    from figure_guard.checks import *  # noqa: F403

The plugin parametrizes every test that takes `guarded_case` over the registered cases, and gives
each image test's case its pytest-mpl marker (`figure_guard.plugin.image_mark`).
"""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from figure_guard.describe import describe_changes
from figure_guard.descriptions import (
    SUFFIX,
    compare_and_record,
    describe_case,
    write_description,
)
from figure_guard.registry import GuardedCase
from figure_guard.sensitivity import DesignChange, Drawing
from figure_guard.session import FigureGuard

__all__ = [
    "test_a_design_change_is_seen_and_said",
    "test_description_matches_baseline",
    "test_figure_matches_baseline",
    "test_no_orphan_baselines",
]


@pytest.mark.image
def test_figure_matches_baseline(
    guarded_case: GuardedCase, figure_guard: FigureGuard, request: pytest.FixtureRequest
) -> Figure:
    """pytest-mpl compares the returned figure with `<baselines>/<case>.png`, exactly. A new
    case without a baseline fails too, leaving its result.png for `tox -e accept`; the failure
    names the command that makes one."""
    return figure_guard.remember_drawn(request.node, guarded_case, guarded_case.draw())


@pytest.mark.description
def test_description_matches_baseline(guarded_case: GuardedCase, figure_guard: FigureGuard) -> None:
    """The case's description matches `<baselines>/<case>.json`; a difference is reported in
    words, one line a changed property. A run that rewrites baselines writes it instead."""
    current = describe_case(guarded_case)
    if figure_guard.generating is not None:
        write_description(guarded_case.name, current, figure_guard.generating)
        return
    project = figure_guard.project
    missing: FileNotFoundError | None = None
    try:
        lines = compare_and_record(guarded_case, current, project, figure_guard.off_stack)
    except FileNotFoundError as no_baseline:
        missing = no_baseline  # failed outside the handler: one message, no chained traceback
    if missing is not None:
        pytest.fail(str(missing), pytrace=False)
    if lines:
        pytest.fail(
            f"the {guarded_case.name} figure changed:\n  "
            + "\n  ".join(lines)
            + f"\nif the change is intended: `{project.regenerate}`, review the changed files"
            f" in {project.baselines.name}/, commit them",
            pytrace=False,
        )


def test_no_orphan_baselines(figure_guard: FigureGuard) -> None:
    """A baseline no case uses is dead weight that hides a renamed or deleted case."""
    folder = figure_guard.project.baselines
    expected = {figure_guard.project.versions.name}
    expected |= {
        f"{case.name}{ending}" for case in figure_guard.cases for ending in (".png", SUFFIX)
    }
    present = folder.iterdir() if folder.is_dir() else ()  # no baselines yet: nothing stray
    orphans = sorted(p.name for p in present if p.name not in expected)
    assert not orphans, (
        f"{folder.name}/ holds files no registered case uses: {', '.join(orphans)}; delete them,"
        " or register the case they belong to (figure_guard_figures)"
    )


def test_a_design_change_is_seen_and_said(
    design_change: DesignChange, figure_guard: FigureGuard, request: pytest.FixtureRequest
) -> None:
    """Each colour of a figure's declared design one unit off, each width 0.1 wider
    (`figure_guard.sensitivity`), against the case drawn in this run: the pixels change (rung 1),
    the words say the new value, and pixels off the anti-aliased edges change too (rung 2),
    unless only edge pixels changed, which the report then says."""
    before = figure_guard.drawn_once(design_change.case)
    after = Drawing.of(design_change.case, **design_change.overrides())
    diff = before.diff(after)
    assert diff.differing or diff.resized, f"{design_change.id}: no pixel changed"
    lines = describe_changes(before.description, after.description)
    said = [line for line in lines if line.endswith(design_change.said())]
    assert said, f"{design_change.id}: no change line ends with {design_change.said()}: {lines}"
    if not diff.resized and not diff.remaining:
        request.node.add_report_section(
            "call",
            "design change",
            f"{design_change.id}: all {diff.forgiven} changed pixels lie on anti-aliased edges:"
            " rung 2 (another machine kind) forgives it",
        )
