"""Proof that a run meant to compare figures compared some.

pytest-mpl passes a figure test without looking at it when `--mpl` is missing, a `-k` or `-m` can
deselect every image test, a marker can skip them, and tox can skip an environment: each way the
run is green and no figure was compared. The tally counts the figure tests whose comparison really
ran (its call phase passed or failed), from the test reports, which reach the xdist controller too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

#: The marker pytest-mpl compares by; the tally reads it from the report's keywords.
COMPARE_MARKER = "mpl_image_compare"

REQUIRE_OPTION = "--require-figures"


@dataclass
class FigureTally:
    """The figure tests of one run, by outcome of their comparison."""

    compared: set[str] = field(default_factory=set)
    not_compared: set[str] = field(default_factory=set)

    def record(self, report: pytest.TestReport) -> None:
        if COMPARE_MARKER not in report.keywords:
            return
        if report.when == "call" and not report.skipped:
            self.compared.add(report.nodeid)
            self.not_compared.discard(report.nodeid)
        elif (report.skipped or report.failed) and report.nodeid not in self.compared:
            self.not_compared.add(report.nodeid)  # skipped, or stopped before the comparison

    def summary(self) -> str:
        line = f"figures compared with their baselines: {len(self.compared)}"
        if self.not_compared:
            line += f" ({len(self.not_compared)} figure tests ran no comparison)"
        return line

    def shortfall(self) -> str | None:
        """Why this run must fail although it may be green, or None when figures were compared."""
        if self.compared:
            return None
        return (
            "no figure was compared with its baseline, so this green run would prove nothing"
            f" about the figures ({REQUIRE_OPTION} is on). The image tests were deselected,"
            " skipped, or stopped before comparing (see above). Run the whole suite with the"
            " README's test command, or leave out --require-figures for a partial run."
        )
