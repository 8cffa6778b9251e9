"""Suite-wide settings: hypothesis profiles, where image results go, and richer failure reports."""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest
from figure_cases import CASES
from figure_guard.descriptions import changes
from figure_guard.page import write_review
from figure_guard.pixels import pixel_diff
from figure_guard.report import REPORT_FILE, job_summary
from figure_guard.settings import BASELINE_DIR, REGENERATE, RESULTS_DIR, VERSIONS_FILE
from figure_guard.stack import installed_stack, stack_mismatch
from figure_guard.tally import DESCRIPTIONS, PIXELS, REQUIRE_OPTIONS, FigureTally
from hypothesis import HealthCheck, settings

# Deterministic in CI: same examples every run, no example database written, no deadline that a
# slow or loaded machine could trip. `HYPOTHESIS_PROFILE=dev` explores randomly instead.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        REQUIRE_OPTIONS[PIXELS],
        action="store_true",
        help="fail the run when no figure was compared with its baseline PNG (tox sets it)",
    )
    parser.addoption(
        REQUIRE_OPTIONS[DESCRIPTIONS],
        action="store_true",
        help="fail the run when no figure description was compared (tox -e mpl310 sets it)",
    )


_TALLIES = pytest.StashKey[tuple[FigureTally, ...]]()


class _TallyListener:
    """Feeds every test report (on the xdist controller: every worker's) to the run's tallies."""

    def __init__(self, tallies: tuple[FigureTally, ...]) -> None:
        self.tallies = tallies

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for tally in self.tallies:
            tally.record(report)


def _generating(config: pytest.Config) -> str | None:
    value = config.getoption("--mpl-generate-path", default=None)
    return None if value is None else str(value)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # Results (baseline, result and diff images, summary) go to <repo>/results, wherever pytest
    # was started from, unless the command line says otherwise.
    if not config.getoption("--mpl-results-path", default=None):
        config.option.mpl_results_path = str(RESULTS_DIR)
    config.addinivalue_line("markers", "image: compares a rendered figure to a baseline PNG")
    config.addinivalue_line(
        "markers", "description: compares a figure's description to the committed one"
    )
    config.addinivalue_line("markers", "slow: runs subprocesses or many examples; started first")
    config.addinivalue_line(
        "markers", "browser: opens the review page in Chromium (tox -e browser)"
    )
    tallies = config.stash[_TALLIES] = (FigureTally(PIXELS), FigureTally(DESCRIPTIONS))
    config.pluginmanager.register(_TallyListener(tallies), "figure-tally")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Generator[None, None, None]:
    """Start the slow tests first, so that with `-n 2` they overlap the many fast ones instead of
    trailing at the end. An outer wrapper, so this runs after pytest-randomly has shuffled: the
    order stays random within each group, and every xdist worker computes the same order."""
    yield
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture
def generating_into(request: pytest.FixtureRequest) -> Path | None:
    """The folder `tox -e baselines` (pytest --mpl-generate-path) writes new baselines to; None
    in a comparing run."""
    target = _generating(request.config)
    return None if target is None else Path(target)


@pytest.fixture
def results_dir(request: pytest.FixtureRequest) -> Path:
    """Where this run leaves images, descriptions and reports for a reviewer."""
    return Path(str(request.config.option.mpl_results_path))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Image tests refuse to compare on a stack the baselines do not belong to, and say why; and
    a run that would pass them without comparing anything (no --mpl) fails instead."""
    if item.get_closest_marker("image") is None or _generating(item.config) is not None:
        return
    if item.get_closest_marker("mpl_image_compare") and not item.config.getoption("--mpl"):
        pytest.fail(
            "pytest-mpl is not comparing (no --mpl): this test would pass without looking at"
            " the figure. Keep the pytest configuration's addopts, or pass --mpl.",
            pytrace=False,
        )
    mismatch = stack_mismatch()
    if mismatch is not None:
        pytest.fail(mismatch, pytrace=False)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On the controller (not in xdist workers): fail a run that had to compare figures and
    compared none; write the job-summary report; record the stack beside fresh baselines."""
    config = session.config
    if hasattr(config, "workerinput"):
        return
    generating = _generating(config) is not None
    if not generating and _shortfalls(config):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if any(tally.compared for tally in config.stash[_TALLIES]):
        results = Path(str(config.option.mpl_results_path))
        results.mkdir(parents=True, exist_ok=True)
        names = [case.name for case in CASES]
        (results / REPORT_FILE).write_text(job_summary(results, names), encoding="utf-8")
        write_review(results, names)
    if generating:
        _write_versions(config)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    if hasattr(config, "workerinput") or _generating(config) is not None:
        return
    for tally in config.stash[_TALLIES]:
        if tally.compared or tally.not_compared:
            terminalreporter.write_line(tally.summary())
    for shortfall in _shortfalls(config):
        terminalreporter.write_sep("=", "nothing compared", red=True, bold=True)
        terminalreporter.write_line(shortfall)


def _shortfalls(config: pytest.Config) -> list[str]:
    """Why a run that had to compare (--require-figures, --require-descriptions) must fail."""
    return [
        shortfall
        for tally in config.stash[_TALLIES]
        if config.getoption(REQUIRE_OPTIONS[tally.marker])
        and (shortfall := tally.shortfall()) is not None
    ]


def _write_versions(config: pytest.Config) -> None:
    """Record the stack beside freshly generated baselines."""
    target = _generating(config)
    if target is None:
        return
    folder = Path(target)
    if folder.resolve() != BASELINE_DIR.resolve() or not folder.is_dir():
        return
    lines = [
        "# The baseline PNGs beside this file were drawn with exactly these versions.",
        "# Other versions rasterize text differently; the image tests refuse to compare there.",
        *(f'{key} = "{value}"' for key, value in installed_stack().items()),
    ]
    VERSIONS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """On a failed image comparison, say how many pixels changed and where, and where to look."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.when != "call"
        or not report.failed
        or item.get_closest_marker("mpl_image_compare") is None
    ):
        return
    results = Path(str(item.config.option.mpl_results_path))
    folder = _result_folder(results, item)
    if folder is None:
        return
    baseline, result = folder / "baseline.png", folder / "result.png"
    lines = [f"images for this test: {folder}"]
    if baseline.is_file() and result.is_file():
        lines.append(pixel_diff(baseline, result).describe())
    lines += _changes_in_words(item)
    lines.append(f"summary of all image tests: {results / 'fig_comparison_basic.html'}")
    lines.append(
        f"if the change is intended: `{REGENERATE}`, review the changed PNGs in"
        f" {BASELINE_DIR.name}/, commit them"
    )
    report.sections.append(("figure difference", "\n".join(lines)))


def _changes_in_words(item: pytest.Item) -> list[str]:
    """The description comparison of the case this image test drew, for its failure report."""
    callspec = getattr(item, "callspec", None)
    case = callspec.params.get("case") if callspec is not None else None
    if case not in CASES:
        return []
    try:
        lines, _ = changes(case.name, case.figure())
    except (FileNotFoundError, ValueError) as problem:
        return [f"what changed, in words: unknown ({problem})"]
    if not lines:
        return ["what changed, in words: nothing the description covers"]
    return ["what changed, in words:", *(f"  {line}" for line in lines)]


def _result_folder(results: Path, item: pytest.Item) -> Path | None:
    from pytest_mpl.plugin import generate_test_name, pathify

    folder = results / pathify(generate_test_name(item))
    return folder if folder.is_dir() else None
