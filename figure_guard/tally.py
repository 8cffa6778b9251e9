"""Proof that a run meant to compare figures compared every registered case.

pytest-mpl passes a figure test without looking at it when `--mpl` is missing, a `-k` or `-m` can
deselect every image test, a marker can skip them, and tox can skip an environment: each way the
run is green and no figure was compared. The tally counts the figure tests whose comparison really
ran (its call phase passed or failed), from the test reports, which reach the xdist controller too,
and names each registered case a run that must compare did not compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

#: The markers of the two comparisons; the tally reads them from the reports' keywords.
PIXELS = "mpl_image_compare"  # pytest-mpl's
DESCRIPTIONS = "description"

#: The user property a test forgiven on rung 2 carries: how many edge pixels were forgiven.
FORGIVEN = "forgiven_edge_pixels"

REQUIRE_OPTIONS = {PIXELS: "--require-figures", DESCRIPTIONS: "--require-descriptions"}
WHAT = {PIXELS: "figure", DESCRIPTIONS: "figure description"}


def case_of(nodeid: str) -> str:
    """The figure case a parametrized test id names: `...::test[paper]` -> `paper`."""
    return nodeid.rpartition("[")[2].removesuffix("]")


@dataclass
class FigureTally:
    """The tests of one run that compare by `marker`, by outcome of their comparison."""

    marker: str = PIXELS
    compared: set[str] = field(default_factory=set)
    not_compared: set[str] = field(default_factory=set)
    #: Test id -> anti-aliased edge pixels forgiven in it (rung 2 only).
    forgiven: dict[str, int] = field(default_factory=dict)

    def record(self, report: pytest.TestReport) -> None:
        if self.marker not in report.keywords:
            return
        if report.when == "call" and not report.skipped:
            self.compared.add(report.nodeid)
            self.not_compared.discard(report.nodeid)
            forgiven = dict(report.user_properties).get(FORGIVEN)
            if isinstance(forgiven, int):
                self.forgiven[report.nodeid] = forgiven
        elif (report.skipped or report.failed) and report.nodeid not in self.compared:
            self.not_compared.add(report.nodeid)  # skipped, or stopped before the comparison

    def summary(self, registered: Sequence[str] | None = None) -> str:
        """One line for the run's end: how many `registered` cases (all tests of the marker when
        None) were compared, how many tests ran none, and the pixels forgiven."""
        what = WHAT[self.marker]
        count = len(self.compared) if registered is None else len(self.cases() & set(registered))
        line = f"{what}s compared with their baselines: {count}"
        if self.not_compared:
            line += f" ({len(self.not_compared)} {what} tests ran no comparison)"
        if self.forgiven:
            where = ", ".join(
                f"{count} in {case_of(node)}" for node, count in sorted(self.forgiven.items())
            )
            line += f"; anti-aliased edge pixels forgiven: {where}"
        return line

    def cases(self) -> set[str]:
        """The figure cases whose comparison ran."""
        return {case_of(node) for node in self.compared}

    def shortfall(self, registered: Sequence[str] = ()) -> str | None:
        """Why this run must fail although it may be green: it compared no figure, or not every
        `registered` case; None when it compared them all."""
        option = REQUIRE_OPTIONS[self.marker]
        what = WHAT[self.marker]
        missing = [case for case in registered if case not in self.cases()]
        if self.compared and missing:
            return (
                f"{what}s compared: {len(registered) - len(missing)} of {len(registered)};"
                f" not compared: {', '.join(missing)} ({option} is on: every registered case"
                " must be compared). Run the whole suite with the README's test command, or"
                f" leave out {option} for a partial run."
            )
        if self.compared:
            return None
        return (
            f"no {WHAT[self.marker]} was compared with its baseline, so this green run would"
            f" prove nothing about the figures ({option} is on). The tests that compare were"
            " deselected, skipped, or stopped before comparing (see above). Run the whole suite"
            f" with the README's test command, or leave out {option} for a partial run."
        )
