"""One run of the figure guard: the session object the plugin's hooks hand their work to.

`FigureGuard` holds what a run compared, on which rung, and where its results go; it starts a
comparing run by removing the guard's earlier results, wraps pytest-mpl's comparison (forgiving
anti-aliased edge pixels on rung 2), adds the words to a failing image test's report, tallies the
comparisons, and ends the run with the job summary, the review page and the answer.
"""

from __future__ import annotations

import functools
import platform
import shutil
from collections.abc import Generator
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from figure_guard.answer import (
    BaselineSnapshot,
    answer_lines,
    written_lines,
)
from figure_guard.artifact import DRAWN_FILE, drawn_json
from figure_guard.checkout import head_commit
from figure_guard.failure import failure_report, image_folder
from figure_guard.page import PAGE, write_review
from figure_guard.pixels import Diff, diff_files
from figure_guard.project import Project
from figure_guard.reference import (
    REANCHOR,
    reanchored_line,
    recorded_versions,
    refusal,
    this_machine,
)
from figure_guard.registry import (
    GuardedCase,
    GuardedFigure,
    guarded_cases,
)
from figure_guard.report import (
    COMPARED_FILE,
    FORGIVEN_FILE,
    HOW_FILE,
    IMAGE_TEST,
    MPL_SUMMARY,
    REPORT_FILE,
    CaseOutcome,
    case_outcomes,
    forgiven_by_case,
    image_folders,
    run_intro,
    save_compared,
    save_forgiven,
)
from figure_guard.review import run_section, summary_text
from figure_guard.sensitivity import Drawing
from figure_guard.stack import (
    Rung,
    rung,
    rung_line,
    stack_mismatch,
    versions_file_text,
    why_forgiven,
)
from figure_guard.tally import (
    DESCRIPTIONS,
    FORGIVEN,
    PIXELS,
    REQUIRE_OPTIONS,
    FigureTally,
    case_of,
)

#: The figure an image test drew, and its case's name: the words of a failure come from it.
DRAWN = pytest.StashKey[tuple[GuardedCase, Figure]]()
_FORGIVING = pytest.StashKey[Diff]()

#: What a run of the guard and pytest-mpl leave in results/, removed when a comparing run starts
#: so that no report shows an earlier run. Nothing else is touched: the folder may be one a
#: user named with --mpl-results-path.
_OWN_RESULTS = frozenset(
    {
        "descriptions",
        "review",
        "review.html",
        REPORT_FILE,
        HOW_FILE,
        FORGIVEN_FILE,
        COMPARED_FILE,
        DRAWN_FILE,
        "fig_comparison_basic.html",
        "fig_comparison.html",
    }
)
#: pytest-mpl's JSON summaries.
_OWN_PREFIXES = (MPL_SUMMARY, "results-xdist-")
#: pytest-mpl's per-test folders of the image tests: `<module>.test_figure_matches_baseline_<case>`.
_OWN_FOLDER = f".{IMAGE_TEST}_"


def save_drawn(results: Path, root: Path) -> None:
    """Where and how this run drew, beside its results: what `tox -e accept` checks."""
    images = {
        case: (folder / "result.png").relative_to(results).as_posix()
        for case, folder in image_folders(results).items()
        if (folder / "result.png").is_file()
    }
    text = drawn_json(this_machine(), platform.python_version(), head_commit(root), images)
    (results / DRAWN_FILE).write_text(text, encoding="utf-8")


class FigureGuard:
    """One run of the guard: what it compared, on which rung, and where its results go."""

    def __init__(
        self, config: pytest.Config, project: Project, figures: tuple[GuardedFigure, ...]
    ) -> None:
        self.config = config
        self.project = project
        self.figures = figures
        self.cases = guarded_cases(figures)
        self.case_names = [case.name for case in self.cases]
        self._drawn: dict[str, Drawing] = {}
        generate = config.getoption("--mpl-generate-path", default=None)
        self.generating = None if generate is None else Path(str(generate))
        self.results = project.results
        self.tallies = (FigureTally(PIXELS), FigureTally(DESCRIPTIONS))
        self.controller = not hasattr(config, "workerinput")
        #: The baselines as they were before this run generated new ones (`tox -e baselines`).
        self.before: BaselineSnapshot | None = None
        #: Each case as this comparing run left it, for the answer at the end of the run.
        self.outcomes: list[CaseOutcome] = []
        #: Tests that failed without being a figure comparison: the rest of the answer.
        self.other_failures: list[str] = []
        #: Figure tests that failed: those whose case shows no change (the test broke before
        #: comparing, say) are named in the answer too, so that it never reads "0 changed" alone.
        self.failed_comparisons: list[str] = []
        #: What versions.toml recorded before this run generated baselines.
        self.anchored: dict[str, str] | None = None

    @functools.cached_property
    def mismatch(self) -> str | None:
        """Why this stack cannot compare pixels (None: it can); read once, when first asked."""
        try:
            return stack_mismatch(self.project)
        except ValueError as unreadable:  # versions.toml is not what tox -e baselines writes
            return f"{self.project.versions}: {unreadable}; run `{self.project.regenerate}`"
        except FileNotFoundError:
            return self.no_record()

    def no_record(self) -> str:
        """What a project without recorded baselines is told, and the command that makes them."""
        versions = self.project.versions
        return (
            f"no {versions.parent.name}/{versions.name}: no baselines are recorded yet; run"
            f" `{self.project.regenerate}`, look at every PNG, then commit the folder"
        )

    @property
    def off_stack(self) -> bool:
        """Whether this stack draws otherwise than the baselines' (rung 3: words only)."""
        return self.mismatch is not None

    def rung_line(self) -> str:
        """The rung this run compares on; before any baseline is recorded, that there is none."""
        if not self.project.versions.is_file():
            return self.no_record()
        return rung_line(self.project, Rung.WORDS_ONLY if self.off_stack else None)

    def drawn_once(self, case: GuardedCase) -> Drawing:
        """The case drawn unchanged, once a run (per process): what its design changes are
        compared with."""
        if case.name not in self._drawn:
            self._drawn[case.name] = Drawing.of(case)
        return self._drawn[case.name]

    def remember_drawn(self, item: pytest.Item, case: GuardedCase, figure: Figure) -> Figure:
        """Called by an image test with the figure it returns to pytest-mpl for comparison:
        the words of its failure come from it."""
        item.stash[DRAWN] = (case, figure)
        return figure

    def generating_baselines(self) -> bool:
        return self.generating is not None and (
            self.generating.resolve() == self.project.baselines.resolve()
        )

    def refuse_reanchoring(self) -> dict[str, str] | None:
        """Before a run writes anything into the baselines folder: refuse off the reference
        machine unless `--reanchor` says so. Returns what versions.toml recorded before."""
        before = recorded_versions(self.project.versions)
        if not self.generating_baselines():
            return before
        why = refusal(f"{self.project.baselines.name}/", before, this_machine())
        if why is not None and not self.config.getoption(REANCHOR):
            raise pytest.UsageError(why)
        return before

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if self.controller and self.generating is not None:
            self.anchored = self.refuse_reanchoring()
            self.before = BaselineSnapshot.of(self.generating)
        if self.controller and self.generating is None and self.results.is_dir():
            for path in self.results.iterdir():
                ours = path.name in _OWN_RESULTS or path.name.startswith(_OWN_PREFIXES)
                if not ours and _OWN_FOLDER not in path.name:
                    continue
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> Generator[None]:
        """Start the slow tests first, so that with `-n 2` they overlap the many fast ones. An
        outer wrapper, so this runs after pytest-randomly has shuffled: the order stays random
        within each group, and every xdist worker computes the same order."""
        yield
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Image tests (and the others that need the pinned stack) refuse to run on a stack the
        baselines do not belong to, and say why; a run that would pass them without comparing
        anything (no --mpl) fails instead."""
        needs_pinned = any(item.get_closest_marker(name) for name in ("image", "pinned_stack"))
        if not needs_pinned or self.generating is not None:
            return
        if item.get_closest_marker("mpl_image_compare") and not item.config.getoption("--mpl"):
            pytest.fail(
                "pytest-mpl is not comparing (no --mpl): this test would pass without looking at"
                " the figure. Keep the pytest configuration's addopts, or pass --mpl.",
                pytrace=False,
            )
        if self.mismatch is not None:
            pytest.fail(self.mismatch, pytrace=False)

    @pytest.hookimpl(wrapper=True, tryfirst=True)  # outside pytest-mpl's comparison
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        """On rung 2 a pixel failure whose every changed pixel lies on an anti-aliased edge is
        forgiven: the test passes and its report says how many pixels were forgiven and why."""
        try:
            return (yield)
        except pytest.fail.Exception:
            folder = image_folder(self.results, item)
            if folder is None or rung(self.project) is not Rung.EDGES_FORGIVEN:
                raise
            diff = diff_files(folder / "baseline.png", folder / "result.png", forgive_edges=True)
            if diff.resized:  # nothing is forgiven of a figure that changed size
                raise
            item.stash[_FORGIVING] = diff
            if diff.remaining:
                raise
            item.user_properties.append((FORGIVEN, diff.forgiven))
            return None

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if report.when == "call" and item.get_closest_marker("mpl_image_compare"):
            if report.failed:
                difference = failure_report(
                    item,
                    self,
                    item.stash.get(_FORGIVING, None),
                    item.stash.get(DRAWN, None),
                )
                report.sections.append(("figure difference", difference))
            elif FORGIVEN in dict(item.user_properties):
                forgiven = dict(item.user_properties)[FORGIVEN]
                report.sections.append(
                    (
                        "figure difference",
                        f"{forgiven} anti-aliased edge pixels forgiven:"
                        f" {why_forgiven(self.project)}",
                    )
                )
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Every test report (on the xdist controller: every worker's) feeds the tallies."""
        for tally in self.tallies:
            tally.record(report)
        comparing = any(tally.marker in report.keywords for tally in self.tallies)
        failures = self.failed_comparisons if comparing else self.other_failures
        if report.failed and report.nodeid not in failures:
            failures.append(report.nodeid)

    @pytest.hookimpl(trylast=True)  # after pytest-mpl has written its JSON summary
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """On the controller: fail a run that had to compare every case and did not; write
        the job summary and the review page; record the stack beside fresh baselines."""
        if not self.controller:
            return
        if self.generating is not None:
            if self.generating_baselines() and self.project.baselines.is_dir():
                self.project.versions.write_text(versions_file_text(), encoding="utf-8")
            return
        if self.shortfalls():
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if any(tally.compared for tally in self.tallies):
            self.results.mkdir(parents=True, exist_ok=True)
            names = self.case_names
            forgiven = forgiven_by_case(self.tallies[0].forgiven)
            intro = run_intro(self.rung_line())
            (self.results / HOW_FILE).write_text(intro, encoding="utf-8")
            save_forgiven(self.results, forgiven)
            compared = self.compared_cases(names)
            outcomes = [
                item
                for item in case_outcomes(self.results, names, forgiven)
                if item.case in compared or item.changed
            ]
            self.outcomes = outcomes
            save_compared(self.results, [item.case for item in outcomes])
            write_review(self.results, outcomes, intro)
            save_drawn(self.results, self.project.root)
            summary = summary_text([run_section(self.results, outcomes)])
            (self.results / REPORT_FILE).write_text(summary, encoding="utf-8")

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_terminal_summary(
        self, terminalreporter: pytest.TerminalReporter
    ) -> Generator[None, None, None]:
        """The run ends on its answer: after pytest's own sections (an outer wrapper), just
        before the count line."""
        yield
        if not self.controller:
            return
        if self.generating is not None:
            if self.before is not None:
                after = BaselineSnapshot.of(self.generating)
                lines = written_lines(self.before, after, self.generating, self.case_names)
                terminalreporter.write_sep("=", "baselines written", bold=True)
                for line in lines:
                    terminalreporter.write_line(line)
                if self.generating_baselines():
                    moved = reanchored_line(self.project.versions, self.anchored, this_machine())
                    if moved is not None:
                        terminalreporter.write_line(moved, yellow=True, bold=True)
            return
        shortfalls = self.shortfalls()
        for shortfall in shortfalls:
            terminalreporter.write_sep("=", "not compared", red=True, bold=True)
            terminalreporter.write_line(shortfall)
        compared = any(tally.compared for tally in self.tallies)
        if not compared and not any(tally.not_compared for tally in self.tallies):
            return
        shown = {item.case for item in self.outcomes if item.changed}
        terminalreporter.write_sep("=", "figure guard", red=bool(shown), bold=True)
        for tally in self.tallies:
            if tally.compared or tally.not_compared:
                terminalreporter.write_line(tally.summary(self.case_names))
        unshown = [node for node in self.failed_comparisons if case_of(node) not in shown]
        page = self.results / PAGE
        lines = answer_lines(
            self.outcomes, page, self.other_failures, unshown, self.project.regenerate
        )
        for line in lines:
            terminalreporter.write_line(line)

    def pytest_report_header(self) -> str | None:
        """How exactly this run compares, beside the versions pytest-mpl prints."""
        return self.rung_line() if self.figures else None

    def compared_cases(self, names: list[str]) -> set[str]:
        """The cases of `names` whose pixels or description this run compared."""
        tested = {case_of(node) for tally in self.tallies for node in tally.compared}
        return tested & set(names)

    def shortfalls(self) -> list[str]:
        """Why a run that had to compare (--require-figures, --require-descriptions) fails."""
        return [
            shortfall
            for tally in self.tallies
            if self.config.getoption(REQUIRE_OPTIONS[tally.marker])
            and (shortfall := tally.shortfall(self.case_names)) is not None
        ]
