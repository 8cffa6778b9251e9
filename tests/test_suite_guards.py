"""The suite guards itself: wrong stack, missing or orphan baselines, and what a failure reports.

The end-to-end checks run the image tests in a scratch copy of the repository's test setup whose
baselines are drawn in the same run (the committed baselines are neither read nor touched, so a
change of the figure fails only the figure tests) and read what pytest says.
"""

from __future__ import annotations

import configparser
import functools
import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from child_process import child_env
from figure_cases import CASES
from figure_guard.descriptions import description_file
from figure_guard.settings import BASELINE_DIR, ROOT, VERSIONS_FILE
from figure_guard.stack import Rung, required_stack, stack_mismatch
from PIL import Image

from plotting import describe_figure, description_to_json, render

CASE = {case.name: case for case in CASES}


def test_the_stack_guard_names_both_stacks_and_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matplotlib, "__version__", "3.10.0")
    message = stack_mismatch()
    assert message is not None
    assert f"matplotlib {required_stack()['matplotlib']}" in message
    assert "matplotlib 3.10.0" in message
    assert "`tox`" in message
    assert "tox -e baselines" in message


#: The cases the scratch runs compare; their baselines are drawn in this run.
SCRATCH_CASES = ("paper", "single_bar")


@functools.cache
def drawn(name: str) -> tuple[bytes, str]:
    """A case's PNG and description JSON drawn in this run: the scratch runs' baselines, never
    the committed ones, so that a change of the figure fails only the figure tests."""
    figure = CASE[name].figure()
    return render(figure, "png"), description_to_json(describe_figure(figure))


def write_drawn_baselines(folder: Path, names: tuple[str, ...] = SCRATCH_CASES) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        png, description = drawn(name)
        (folder / CASE[name].baseline_file).write_bytes(png)
        description_file(name, folder).write_text(description, encoding="utf-8")


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """The repository's test setup, copied (tests, configuration, the stack the baselines belong
    to), with baselines for `SCRATCH_CASES` drawn in this run."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "tests", copy / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    write_drawn_baselines(copy / BASELINE_DIR.name)
    shutil.copy(VERSIONS_FILE, copy / BASELINE_DIR.name / VERSIONS_FILE.name)
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def run_in(repo: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    """A pytest run in the scratch repository, as a child process with this one's modules."""
    return subprocess.run(
        command, cwd=repo, capture_output=True, text=True, check=False, timeout=300,
        env=child_env(),
    )  # fmt: skip


def run_image_tests(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_in(
        repo,
        [
            sys.executable, "-m", "pytest", "tests/test_images.py", "-p", "no:randomly",
            "-p", "no:cacheprovider", f"--mpl-results-path={repo / 'results'}", *args,
        ],
    )  # fmt: skip


@pytest.mark.slow
@pytest.mark.pinned_stack
def test_missing_orphan_and_changed_baselines_fail_by_name(scratch_repo: Path) -> None:
    """One scratch run, three faults: a deleted baseline, a stray file, a changed figure."""
    baselines = scratch_repo / "baseline_images"
    (baselines / "single_bar.png").unlink()
    (baselines / "old_case.png").write_bytes(b"")
    with Image.open(baselines / "paper.png") as image:
        pixels = np.array(image)
    pixels[100:110, 200:220] = 0  # a black block
    Image.fromarray(pixels).save(baselines / "paper.png")

    done = run_image_tests(scratch_repo, "-k", "single_bar or orphan or paper")

    assert done.returncode == 1, done.stdout
    assert "3 failed" in done.stdout
    # the missing baseline names the command that creates it
    assert "no baseline baseline_images/single_bar.png" in done.stdout
    assert "run `tox -e baselines`" in done.stdout
    # the stray file is named
    assert "holds files no figure case uses: old_case.png" in done.stdout
    # the changed figure reports pixels, the box and where the images are
    assert "pixels differ, inside the box" in done.stdout
    assert f"images for this test: {scratch_repo / 'results'}" in done.stdout
    assert (scratch_repo / "results" / "review.html").is_file()


def tox_pytest_args(*posargs: str) -> list[str]:
    """The arguments of the pytest command of tox's `tests` environment (the README's test
    command runs it), with `posargs` where tox.ini says {posargs}."""
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tox.ini", encoding="utf-8")
    section = "testenv:tests" if config.has_option("testenv:tests", "commands") else "testenv"
    words = shlex.split(config.get(section, "commands").strip())
    assert words[0] == "pytest", f"tox runs {words[0]!r}, not pytest: update this test"
    return [arg for word in words[1:] for arg in (posargs if word == "{posargs}" else (word,))]


def tox_test_command(*posargs: str) -> list[str]:
    return [sys.executable, "-m", "pytest", *tox_pytest_args(*posargs)]


def run_tox_test_command(repo: Path, *posargs: str) -> subprocess.CompletedProcess[str]:
    return run_in(repo, [*tox_test_command(*posargs), "-p", "no:cacheprovider"])


@pytest.mark.slow
@pytest.mark.pinned_stack
def test_one_flipped_pixel_fails_the_readme_test_command(scratch_repo: Path) -> None:
    """tox's own pytest command, restricted to two image tests (the rest of the suite would start
    this test again; more figures cost seconds and prove nothing more), fails on a baseline with
    one pixel changed, and names it and only it."""
    paper = scratch_repo / "baseline_images" / "paper.png"
    with Image.open(paper) as image:
        pixels = np.array(image)
    pixels[100, 200, 0] ^= 1  # the least visible change there is: one channel, one unit
    Image.fromarray(pixels).save(paper)

    done = run_tox_test_command(
        scratch_repo, "tests/test_images.py", "-k", "matches_baseline and (paper or single_bar)"
    )

    assert done.returncode == 1, done.stdout[-3000:]
    assert "1 failed, 1 passed" in done.stdout
    assert "figures compared with their baselines: 2" in done.stdout  # both workers' reports
    assert "1 of 796652 pixels differ, inside the box x 200..200, y 100..100" in done.stdout
    # the run ends on its answer: the changed figure in one line, and the page
    answer = done.stdout.rpartition("figure guard")[2].splitlines()
    changed = answer.index("1 of 2 figures changed:")
    assert answer[changed + 1].startswith("  paper: 1 of 796652 pixels differ; nothing the")
    assert answer[-2].startswith("review page: results/review.html  (file://")
    assert "A JSON report can be found" not in done.stdout  # pytest-mpl's print, left out
    # the review page found both cases' images through pytest-mpl's JSON summary
    page = (scratch_repo / "results" / "review.html").read_text(encoding="utf-8")
    assert "<title>Figure review: 1 of 2 figures changed</title>" in page


@pytest.mark.parametrize(
    "posargs",
    [
        # without workers: starting two costs seconds, and the flipped-pixel run above proves
        # that the tally hears every worker's reports
        pytest.param(("tests/test_images.py", "-m", "not image", "-n", "0"), id="all deselected"),
        pytest.param(
            ("tests/test_images.py", "-p", "skip_every_test", "-n", "0"), id="all skipped"
        ),
        pytest.param(
            ("tests/test_data.py", "-k", "no_such_test_name", "-n", "0"), id="none collected"
        ),
    ],
)
def test_a_run_that_compares_no_figure_fails(
    pytester: pytest.Pytester, tmp_path: Path, posargs: tuple[str, ...]
) -> None:
    """Green without comparing is a failure, however the image tests went missing: tox's own
    pytest command, run in this process (the flipped-pixel run above is the end-to-end one)."""
    # a plugin that skips everything, for the "all skipped" case (the others do not load it)
    pytester.makepyfile(
        skip_every_test="import pytest\n\n\ndef pytest_collection_modifyitems(items):\n"
        "    for item in items:\n        item.add_marker(pytest.mark.skip(reason='gone'))\n"
    )
    pytester.syspathinsert()
    in_repo = [str(ROOT / arg) if arg.startswith("tests/") else arg for arg in posargs]
    done = pytester.runpytest_inprocess(
        *tox_pytest_args(*in_repo),
        f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"), "-p", "no:cacheprovider",
        f"--mpl-results-path={tmp_path / 'results'}",
    )  # fmt: skip
    assert done.ret == pytest.ExitCode.TESTS_FAILED, done.stdout.str()[-3000:]
    assert "no figure was compared with its baseline" in done.stdout.str()


@pytest.mark.pinned_stack
def test_the_reports_find_the_images_whatever_summary_the_command_line_asks_for(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    """The plugin adds pytest-mpl's JSON summary, which the review page and the job summary
    read, to the summaries a command line asks for instead of the configured one."""
    from figure_guard.report import image_folders

    results, baselines = tmp_path / "results", tmp_path / "baselines"
    write_drawn_baselines(baselines, ("single_bar",))
    done = pytester.runpytest_inprocess(
        str(ROOT / "tests" / "test_images.py"), "-k", "single_bar", "-p", "no:randomly",
        f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"), "-p", "no:cacheprovider",
        f"--mpl-results-path={results}", "--mpl-generate-summary=html",
        f"--mpl-baseline-path={baselines}",
    )  # fmt: skip
    assert done.ret == pytest.ExitCode.OK, done.stdout.str()[-3000:]
    assert (image_folders(results)["single_bar"] / "result.png").is_file()
    page = (results / "review.html").read_text(encoding="utf-8")
    assert "<title>Figure review: 0 of 1 figures changed</title>" in page  # found, unchanged
    assert (results / "fig_comparison.html").is_file()  # what the command line asked for


def test_the_tally_counts_only_comparisons_that_ran() -> None:
    from figure_guard.tally import FigureTally

    def report(nodeid: str, when: str, outcome: str, *, figure: bool = True) -> pytest.TestReport:
        keywords = {"mpl_image_compare": 1} if figure else {}
        return pytest.TestReport(nodeid, ("f", 1, nodeid), keywords, outcome, None, when)

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


class StandInItem:
    """Just enough of a test item for the setup hook, so that the marks this test needs do not
    land on the test itself (the run's tally would count it as a figure test)."""

    def __init__(self, config: pytest.Config, *marks: str) -> None:
        self.config = config
        self.marks = {name: getattr(pytest.mark, name).mark for name in marks}
        self.stash = pytest.Stash()
        self.user_properties: list[tuple[str, object]] = []

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return self.marks.get(name)


@pytest.mark.parametrize("marker", ["image", "pinned_stack"])
def test_image_tests_refuse_to_run_on_another_stack(
    marker: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """The plugin's setup hook turns a stack mismatch into a failure before any image is
    compared, for the figure cases and for the other tests that need the pinned stack."""
    from figure_guard import plugin

    item = StandInItem(request.config, marker)
    guard = plugin.FigureGuard(request.config)
    monkeypatch.setattr(plugin, "stack_mismatch", lambda: "drawn with matplotlib 3.10.8")
    with pytest.raises(pytest.fail.Exception, match=r"drawn with matplotlib 3\.10\.8"):
        guard.pytest_runtest_setup(item)  # type: ignore[arg-type]
    monkeypatch.setattr(plugin, "stack_mismatch", lambda: None)
    guard.pytest_runtest_setup(item)  # type: ignore[arg-type]  # the pinned stack: fine


def test_image_tests_refuse_to_pass_without_comparing(
    monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Without --mpl, pytest-mpl lets a figure test pass unseen; the suite fails it instead."""
    from figure_guard import plugin

    item = StandInItem(request.config, "image", "mpl_image_compare")
    monkeypatch.setattr(plugin, "stack_mismatch", lambda: None)
    monkeypatch.setattr(request.config.option, "mpl", False)
    with pytest.raises(pytest.fail.Exception, match=r"not comparing \(no --mpl\)"):
        plugin.FigureGuard(request.config).pytest_runtest_setup(item)  # type: ignore[arg-type]


def test_ci_report_lists_each_changed_figure_with_its_pixels_and_words(tmp_path: Path) -> None:
    """The job summary (results/figure_report.md) from a results folder: changed and new cases
    with their pixels and words, forgiven ones named, unchanged and unrun ones left out."""
    from figure_guard.report import add_image_folder, save_forgiven
    from figure_guard.review import run_outcomes, run_section, summary_text

    white = np.full((4, 5, 4), 255, dtype=np.uint8)
    dotted = white.copy()
    dotted[1, 2] = (0, 0, 0, 255)
    for name, baseline, result in [("same", white, white), ("changed", white, dotted)]:
        folder = add_image_folder(tmp_path, name)
        Image.fromarray(baseline).save(folder / "baseline.png")
        Image.fromarray(result).save(folder / "result.png")
    Image.fromarray(white).save(add_image_folder(tmp_path, "new") / "result.png")
    (tmp_path / "descriptions").mkdir()
    (tmp_path / "descriptions" / "changed.changes.txt").write_text(
        "trend line: linewidth 0.9 → 1.0\n", encoding="utf-8"
    )
    save_forgiven(tmp_path, {"same": 3})  # matched on rung 2 once its edge pixels were forgiven
    cases = ["same", "changed", "new", "not_run"]

    def summary(results: Path = tmp_path, names: list[str] = cases) -> str:
        outcomes = run_outcomes(results, names)
        return summary_text([run_section(results, outcomes, "Figures compared on rung 1.")])

    text = summary()
    assert "- **changed**: 1 of 20 pixels differ" in text
    assert "  - trend line: linewidth 0.9 → 1.0" in text
    assert "- **new**: no baseline yet" in text
    assert "- **same** matches: 3 anti-aliased edge pixels forgiven" in text
    assert "not\\_run" not in text
    assert "figure-diffs-*" in text  # where the PNGs are
    assert "Figures compared on rung 1." in text
    # a changed figure whose words were not worked out says so; it never claims no change
    (tmp_path / "descriptions" / "changed.changes.txt").unlink()
    assert "the words were not worked out for this figure" in summary(names=["changed"])
    (tmp_path / "descriptions" / "changed.changes.txt").write_text("", encoding="utf-8")
    uncovered = summary(names=["changed"])
    assert "nothing the description covers changed" in uncovered
    assert "1 of 20 pixels differ" in uncovered
    assert "All figures match their baselines." in summary(tmp_path / "missing", ["same"])


@pytest.mark.slow
def test_on_another_stack_the_pixel_tests_refuse_and_the_descriptions_compare(
    scratch_repo: Path,
) -> None:
    """Rung 3, on any stack: the scratch copy's versions.toml names a matplotlib no environment
    has, so the pixel test refuses before comparing, naming the versions, while the description
    compares and passes (on another stack the values in pixels may move within a tolerance)."""
    versions = scratch_repo / "baseline_images" / "versions.toml"
    pinned = f'matplotlib = "{required_stack()["matplotlib"]}"'
    versions.write_text(
        versions.read_text(encoding="utf-8").replace(pinned, 'matplotlib = "3.9.4"'),
        encoding="utf-8",
    )
    done = run_image_tests(
        scratch_repo, "tests/test_descriptions.py", "-k", "baseline and paper",
        "--require-descriptions",
    )  # fmt: skip
    assert done.returncode == 1, done.stdout[-3000:]
    assert re.search(r" 1 passed, \d+ deselected, 1 error in ", done.stdout), done.stdout[-3000:]
    assert "were drawn with matplotlib 3.9.4" in done.stdout
    assert "pixels differ" not in done.stdout  # refused before comparing, not compared
    assert "figure descriptions compared with their baselines: 1" in done.stdout
    assert "compared on rung 3, descriptions only" in done.stdout


def test_the_other_stacks_pin_everything_else_as_constraints_txt_does() -> None:
    """A stack file differs from constraints.txt only in matplotlib, or it tests something else."""

    def pins(path: Path) -> dict[str, str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        pairs = (line.split("==") for line in lines if line and not line.startswith("#"))
        return {name.strip().lower(): version.strip() for name, version in pairs}

    pinned = pins(ROOT / "constraints.txt")
    for stack in sorted((ROOT / "tests" / "stacks").glob("*.txt")):
        other = pins(stack)
        assert other.keys() == pinned.keys(), stack.name
        differing = {name for name in pinned if other[name] != pinned[name]}
        assert differing == {"matplotlib"}, f"{stack.name} also moves {differing - {'matplotlib'}}"


def an_edge_pixel(pixels: np.ndarray) -> tuple[int, int]:
    """A pixel of the paper figure's trend line region that lies on an anti-aliased edge."""
    from figure_guard.antialias import antialiased

    ys, xs = np.nonzero(np.ones((100, 300), dtype=bool))
    ys, xs = ys + 150, xs + 600
    edge = np.flatnonzero(antialiased(pixels, pixels, ys, xs))
    return int(ys[edge[0]]), int(xs[edge[0]])


@pytest.mark.parametrize(
    ("on", "touched", "forgiven"),
    [
        pytest.param(Rung.EDGES_FORGIVEN, "edge", True, id="rung 2, an edge pixel: forgiven"),
        pytest.param(Rung.EDGES_FORGIVEN, "flat", False, id="rung 2, a flat pixel: fails"),
        pytest.param(Rung.EXACT, "edge", False, id="rung 1, an edge pixel: fails"),
    ],
)
def test_another_machine_kind_forgives_only_anti_aliased_edge_pixels(
    *,
    on: Rung,
    touched: str,
    forgiven: bool,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    """The plugin's wrapper around pytest-mpl's comparison, given pytest-mpl's failure for a
    baseline and result one unit apart in one pixel."""
    from figure_guard import plugin
    from figure_guard.tally import FORGIVEN

    with Image.open(io.BytesIO(drawn("paper")[0])) as image:
        baseline = np.array(image.convert("RGBA"))
    y, x = an_edge_pixel(baseline) if touched == "edge" else (100, 200)
    result = baseline.copy()
    result[y, x, 0] ^= 1  # one unit in one channel
    Image.fromarray(baseline).save(tmp_path / "baseline.png")
    Image.fromarray(result).save(tmp_path / "result.png")
    guard = plugin.FigureGuard(request.config)
    monkeypatch.setattr(guard, "_image_folder", lambda item: tmp_path)
    monkeypatch.setattr(plugin, "rung", lambda: on)
    item = StandInItem(request.config)

    hook = guard.pytest_runtest_call(item)  # type: ignore[arg-type]
    next(hook)
    failure = pytest.fail.Exception("Error: Image files did not match.", pytrace=False)
    if forgiven:
        with pytest.raises(StopIteration):
            hook.throw(failure)
        assert item.user_properties == [(FORGIVEN, 1)]
    else:
        with pytest.raises(pytest.fail.Exception, match="did not match"):
            hook.throw(failure)
        assert item.user_properties == []


def test_a_comparing_run_starts_without_the_last_runs_results(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The page and the summary show only this run; nothing else in the folder is touched."""
    from figure_guard import plugin

    stale_dirs = ["descriptions", "review", "test_images.test_figure_matches_baseline_gone_case"]
    stale_files = [
        "review.html",
        "figure_report.md",
        "how.txt",
        "results.json",
        "results-xdist-1-gw0.json",
        "fig_comparison_basic.html",
    ]
    kept = ["notes.txt", "test_data", "review-desktop.png"]
    for name in [*stale_dirs, "test_data"]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "inside.txt").write_text("x", encoding="utf-8")
    for name in [*stale_files, "notes.txt", "review-desktop.png"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    guard = plugin.FigureGuard(request.config)
    guard.results, guard.generating, guard.controller = tmp_path, None, True

    guard.pytest_sessionstart(request.session)

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(kept)
