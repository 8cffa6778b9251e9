"""The visual regression suite: every case of the table, compared pixel for pixel to its baseline.

Plain `pytest` compares (the `--mpl` flag is in the pytest configuration). Regenerate with
`tox -e baselines`; see the README for the review workflow.
"""

from __future__ import annotations

import pytest
from figure_guard.descriptions import description_file
from figure_guard.plugin import remember_drawn
from figure_guard.settings import BASELINE_DIR, VERSIONS_FILE, figure_test
from matplotlib.figure import Figure
from support.figure_cases import CASES, FigureCase

pytestmark = pytest.mark.image


@pytest.mark.parametrize(
    "case",
    [pytest.param(case, id=case.name, marks=figure_test(case.baseline_file)) for case in CASES],
)
def test_figure_matches_baseline(case: FigureCase, request: pytest.FixtureRequest) -> Figure:
    """A new case without a baseline fails too, in pytest-mpl's comparison, which leaves its
    result.png for `tox -e accept`; the plugin's report names the command that makes one."""
    return remember_drawn(request.node, case.name, case.figure())


def test_no_orphan_baselines() -> None:
    """A baseline no case uses is dead weight that hides a renamed or deleted case."""
    expected = {case.baseline_file for case in CASES} | {VERSIONS_FILE.name}
    expected |= {description_file(case.name).name for case in CASES}
    orphans = sorted(p.name for p in BASELINE_DIR.iterdir() if p.name not in expected)
    assert not orphans, (
        f"{BASELINE_DIR.name}/ holds files no figure case uses: {', '.join(orphans)};"
        " delete them, or add the case they belong to in tests/support/figure_cases.py"
    )


def test_case_names_are_unique_file_stems() -> None:
    names = [case.name for case in CASES]
    assert len(set(names)) == len(names)
    assert all(name.isidentifier() for name in names)
