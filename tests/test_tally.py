"""`figure_guard.tally`: a run is never green without comparing. The tally on crafted reports;
whole runs that compare nothing: tests/end_to_end/test_registered_figures.py."""

from __future__ import annotations

from typing import Literal

import pytest

from figure_guard.tally import FigureTally

# The phases and outcomes a pytest.TestReport takes (pytest types them as these literals).
When = Literal["setup", "call", "teardown"]
Outcome = Literal["passed", "failed", "skipped"]


def report(nodeid: str, when: When, outcome: Outcome, *, figure: bool = True) -> pytest.TestReport:
    """A test report as pytest makes it; `figure`: the test is a pytest-mpl comparison."""
    keywords: dict[str, Literal[1]] = {"mpl_image_compare": 1} if figure else {}
    return pytest.TestReport(nodeid, ("f", 1, nodeid), keywords, outcome, None, when)


def test_the_tally_counts_only_comparisons_that_ran() -> None:
    tally = FigureTally()
    assert tally.shortfall() is not None
    tally.record(report("a", "setup", "passed"))
    tally.record(report("b", "setup", "failed"))  # e.g. refused on another stack
    tally.record(report("c", "setup", "skipped"))
    tally.record(report("d", "call", "passed", figure=False))
    assert tally.shortfall() is not None
    assert tally.not_compared == {"b", "c"}
    tally.record(report("a", "call", "failed"))
    assert tally.shortfall() is None
    assert tally.compared == {"a"}
    assert tally.summary() == (
        "figures compared with their baselines: 1 (2 figure tests ran no comparison)"
    )


def test_every_registered_case_must_be_compared() -> None:
    """With the requirement on, a run that compared some cases but not all names each one left
    out (measured before: `-k "not paper"` passed although paper was never compared)."""
    tally = FigureTally()
    for case in ("single_bar", "all_equal"):
        tally.record(
            report(f"tests/test_images.py::test_figure_matches_baseline[{case}]", "call", "passed")
        )
    registered = ["paper", "single_bar", "all_equal", "no_comparison_line"]
    shortfall = tally.shortfall(registered)
    assert shortfall is not None
    assert shortfall.startswith(
        "figures compared: 2 of 4; not compared: paper, no_comparison_line ("
    )
    for case in ("paper", "no_comparison_line"):
        tally.record(
            report(f"tests/test_images.py::test_figure_matches_baseline[{case}]", "call", "failed")
        )
    assert tally.shortfall(registered) is None  # a failed comparison is a comparison


def test_the_summary_counts_registered_cases_not_every_marked_test() -> None:
    """Tests of the describer carry the `description` marker too; the line counts the cases."""
    tally = FigureTally("description")

    def described(nodeid: str) -> pytest.TestReport:
        return pytest.TestReport(
            nodeid, ("f", 1, nodeid), {"description": 1}, "passed", None, "call"
        )

    tally.record(described("tests/test_descriptions.py::test_description_matches_baseline[paper]"))
    tally.record(described("tests/test_description.py::test_json_round_trips"))
    assert tally.summary(["paper", "single_bar"]) == (
        "figure descriptions compared with their baselines: 1"
    )
    assert tally.summary().endswith(": 2")  # without the registered cases: every marked test
