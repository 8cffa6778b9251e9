"""`figure_guard.tally`: a run is never green without comparing. The tally on crafted reports;
whole runs that compare nothing: tests/test_end_to_end.py."""

from __future__ import annotations

import pytest
from figure_guard.tally import FigureTally


def report(nodeid: str, when: str, outcome: str, *, figure: bool = True) -> pytest.TestReport:
    """A test report as pytest makes it; `figure`: the test is a pytest-mpl comparison."""
    keywords = {"mpl_image_compare": 1} if figure else {}
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
