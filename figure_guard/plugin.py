"""The figure guard's pytest plugin: its options and ini keys, the parametrization of the guard's
tests over the registered cases, and thin hooks that hand the rest to the run's session object
(`figure_guard.session.FigureGuard`).

Loaded through its entry point (`pytest11`) wherever the project is installed; it does nothing
(no option changed, no session) unless the configuration registers figures
(`figure_guard_figures`). What it adds to a pytest run:

- parametrizes every test that takes `guarded_case` over the registered cases
  (`figure_guard.checks` holds the tests each case gets), with pytest-mpl's marker for images;
- refuses to compare on a stack the baselines do not belong to, or without `--mpl`;
- on another machine kind with the pinned stack, forgives changed pixels that lie on
  anti-aliased edges, and nothing else (`figure_guard.stack` has the ladder of rungs);
- a failing image test's report says how many pixels changed, where, and what changed in words,
  worked out from the figure that test has just drawn;
- counts the comparisons that ran, and fails a run that had to compare and did not compare every
  registered case, naming each one left out;
- starts a comparing run by removing the guard's earlier results, and ends it with the job
  summary and the review page in `results/`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from collections.abc import Generator
from pathlib import Path

import pytest

from figure_guard import needs  # noqa: F401  (first: one line for what is missing)
from figure_guard.answer import DroppedLines
from figure_guard.project import INI_KEYS, Project
from figure_guard.reference import REANCHOR
from figure_guard.registry import GuardedCase, RegistryError, load_figures
from figure_guard.report import MPL_SUMMARY_KIND
from figure_guard.sensitivity import design_changes
from figure_guard.session import FigureGuard
from figure_guard.tally import DESCRIPTIONS, PIXELS, REQUIRE_OPTIONS

#: The plugin object of a run, for the fixture and the parametrization.
GUARD = pytest.StashKey["FigureGuard"]()


def image_mark(case: GuardedCase, project: Project) -> pytest.MarkDecorator:
    """The pytest-mpl marker of a case's image test: exact (tolerance 0) against
    `<baselines>/<case>.png`, drawn in the figure's style, with deterministic file metadata."""
    return pytest.mark.mpl_image_compare(
        filename=f"{case.name}.png",
        baseline_dir=str(project.baselines),
        tolerance=0,
        style=str(case.figure.style),
        deterministic=True,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    for name, (kind, help_text, default) in INI_KEYS.items():
        parser.addini(name, help_text, type=kind, default=default)  # type: ignore[arg-type]
    group = parser.getgroup("figure-guard", "the figure guard (figure_guard)")
    group.addoption(
        REQUIRE_OPTIONS[PIXELS],
        action="store_true",
        help="fail the run unless every case's PNG was compared with its baseline (tox sets it)",
    )
    group.addoption(
        REQUIRE_OPTIONS[DESCRIPTIONS],
        action="store_true",
        help="fail the run unless every case's description was compared (tox -e mpl310 sets it)",
    )
    group.addoption(
        REANCHOR,
        action="store_true",
        help="let `tox -e baselines` rewrite baseline_images/ on a machine kind or stack other"
        " than versions.toml's, and record this one: every other kind then compares on rung 2",
    )
    group.addoption(
        "--require-browser",
        action="store_true",
        help="fail, not skip, the browser tests where Playwright or Chromium is missing"
        " (tox -e browser sets it)",
    )


@pytest.hookimpl(tryfirst=True)  # before pytest-mpl reads the results path
def pytest_configure(config: pytest.Config) -> None:
    project = Project.from_ini(config.rootpath, config.getini)
    if not project.figures:
        return  # a project that guards no figure: pytest and pytest-mpl as they are
    try:
        figures = load_figures(project.figures)
    except RegistryError as problem:
        raise pytest.UsageError(str(problem)) from None
    # Results go to the project's results folder wherever pytest was started from, unless the
    # command line or pytest-mpl's own ini key says otherwise.
    if not config.getoption("--mpl-results-path", default=None):
        configured = _ini(config, "mpl-results-path")
        results = config.rootpath / configured if configured else project.results
        config.option.mpl_results_path = str(results)
    # one results folder for pytest-mpl and the guard: the command line's, when it names one
    project = dataclasses.replace(project, results=Path(config.option.mpl_results_path).resolve())
    # pytest-mpl's JSON summary is how the reports find each case's images: always asked for,
    # beside whatever summaries the configuration or the command line asks for
    asked = config.getoption("--mpl-generate-summary", default=None)
    kinds = str(asked or _ini(config, "mpl-generate-summary")).split(",")
    config.option.mpl_generate_summary = ",".join(sorted({*filter(None, kinds), MPL_SUMMARY_KIND}))
    for line in (
        "image: compares a rendered figure case to its baseline PNG (needs the pinned stack)",
        "pinned_stack: needs the pinned stack, but checks the guard, not a figure case",
        "description: compares a figure's description to the committed one",
        "slow: runs subprocesses or many examples; started first",
        "browser: opens the review page in Chromium (tox -e browser)",
    ):
        config.addinivalue_line("markers", line)
    guard = FigureGuard(config, project, figures)
    config.stash[GUARD] = guard
    config.pluginmanager.register(guard, "figure-guard")


def _ini(config: pytest.Config, name: str) -> str:
    """pytest-mpl's ini value `name` as text ("" when unset or unknown)."""
    try:
        value = config.getini(name)
    except ValueError:
        return ""
    return str(value or "")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that takes `guarded_case` runs once a registered case, named after it; an
    image test's case carries its pytest-mpl marker."""
    guard = metafunc.config.stash.get(GUARD, None)
    if guard is None:
        return
    if "design_change" in metafunc.fixturenames:
        changes = [change for figure in guard.figures for change in design_changes(figure)]
        metafunc.parametrize("design_change", changes, ids=[change.id for change in changes])
    if "guarded_case" not in metafunc.fixturenames:
        return
    image = metafunc.definition.get_closest_marker("image") is not None
    metafunc.parametrize(
        "guarded_case",
        [
            pytest.param(
                case, id=case.name, marks=[image_mark(case, guard.project)] if image else []
            )
            for case in guard.cases
        ],
    )


@pytest.fixture
def figure_guard(request: pytest.FixtureRequest) -> FigureGuard:
    """This run's guard: its project, figures and cases, and how it compares."""
    guard = request.config.stash.get(GUARD, None)
    if guard is None:
        pytest.fail("the figure guard guards no figure here: list them in figure_guard_figures")
    return guard


#: What pytest-mpl prints of the JSON summary the guard always asks for: the answer names the
#: page instead. The HTML summaries' lines stay: only a command line that asks for one gets one.
_MPL_SUMMARY_LINES = ("A JSON report can be found at: ",)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> Generator[None]:
    """pytest-mpl's print of where the guard's JSON summary is, left out: the run's answer comes
    last and names the review page."""
    if GUARD not in session.config.stash:
        return (yield)
    with contextlib.redirect_stdout(DroppedLines(sys.stdout, _MPL_SUMMARY_LINES)) as out:
        try:
            return (yield)
        finally:
            out.flush()
