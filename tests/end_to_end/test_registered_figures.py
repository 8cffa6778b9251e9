"""Whole runs of the figure guard's tests of this repository's figures, read as a user reads them:
the one place the guard is tested end to end on the registered figures (on foreign figures:
tests/end_to_end/test_foreign_figures.py).

Each run compares with a baselines folder of its own (`-o figure_guard_baselines=...`) whose
files are drawn in the same run: the committed baselines are neither read nor touched, so a
change of the figure fails only the figure tests. The runs are in this process (pytester), but
for the README's test command, whose xdist workers need a child process.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image
from support.processes import child_env
from support.registered import PROJECT, ROOT, case_named
from support.tox_ini import tox_pytest_args

from figure_guard.descriptions import describe_case, description_file
from figure_guard.reference import installed_stack
from figure_guard.report import image_folders
from figure_guard.stack import versions_file_text
from plotting import description_to_json, render

#: The cases the runs compare; their baselines are drawn in this run.
SCRATCH_CASES = ("paper", "single_bar")
FIGURE_TESTS = str(ROOT / "tests" / "test_figures.py")

#: A child run may take this long before it counts as hung.
TIMEOUT = 300


@functools.cache
def drawn(name: str) -> tuple[bytes, str]:
    """A case's PNG and description JSON drawn in this run: the runs' baselines, never the
    committed ones, so that a change of the figure fails only the figure tests."""
    case = case_named(name)
    return render(case.draw(), "png"), description_to_json(describe_case(case))


def write_drawn_baselines(folder: Path, names: tuple[str, ...] = SCRATCH_CASES) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        png, description = drawn(name)
        (folder / f"{name}.png").write_bytes(png)
        description_file(name, folder).write_text(description, encoding="utf-8")


@pytest.fixture
def baselines(tmp_path: Path) -> Path:
    """A baselines folder for `SCRATCH_CASES`, drawn in this run, with this machine's record of
    the stack and machine kind (what `tox -e baselines` writes here)."""
    folder = tmp_path / "baseline_images"
    write_drawn_baselines(folder)
    (folder / PROJECT.versions.name).write_text(versions_file_text(), encoding="utf-8")
    return folder


def guarded(baselines: Path, results: Path) -> list[str]:
    """The options that run this repository's configuration against `baselines`."""
    return [
        f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"),
        "-o", f"figure_guard_baselines={baselines}", f"--mpl-results-path={results}",
        "-p", "no:cacheprovider", "-p", "no:randomly",
    ]  # fmt: skip


def run_figure_tests(pytester: pytest.Pytester, baselines: Path, *args: str) -> pytest.RunResult:
    """The figure tests against `baselines`, in this process, in their order."""
    results = baselines.parent / "results"
    return pytester.runpytest_inprocess(
        FIGURE_TESTS, *guarded(baselines, results), "-p", "no:xdist", *args
    )


@pytest.mark.slow
@pytest.mark.pinned_stack
def test_missing_orphan_and_changed_baselines_fail_by_name(
    baselines: Path, pytester: pytest.Pytester
) -> None:
    """One run, three faults: a deleted baseline, a stray file, a changed figure."""
    (baselines / "single_bar.png").unlink()
    (baselines / "old_case.png").write_bytes(b"")
    with Image.open(baselines / "paper.png") as image:
        pixels = np.array(image)
    pixels[100:110, 200:220] = 0  # a black block
    Image.fromarray(pixels).save(baselines / "paper.png")

    done = run_figure_tests(pytester, baselines, "-k", "single_bar or orphan or paper")
    stdout = done.stdout.str()

    assert done.ret == pytest.ExitCode.TESTS_FAILED, stdout
    assert "3 failed" in stdout
    # the missing baseline names the command that creates it
    assert "no baseline baseline_images/single_bar.png" in stdout
    assert f"run `{PROJECT.regenerate}`" in stdout
    # the stray file is named
    assert "holds files no registered case uses: old_case.png" in stdout
    # the changed figure reports pixels, the box and where the images are
    assert "pixels differ, inside the box" in stdout
    assert f"images for this test: {baselines.parent / 'results'}" in stdout
    assert (baselines.parent / "results" / "review.html").is_file()


@pytest.mark.slow
@pytest.mark.pinned_stack
def test_one_flipped_pixel_fails_the_readme_test_command(
    baselines: Path, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tox's own pytest command in a child process, restricted to two image tests (the rest of
    the suite would start this test again; more figures cost seconds and prove nothing more),
    fails on a baseline with one pixel changed, and names it and only it. The child imports this
    run's modules and uses its font cache (pytester gives it a HOME of its own)."""
    monkeypatch.setenv("PYTHONPATH", child_env()["PYTHONPATH"])
    monkeypatch.setenv("MPLCONFIGDIR", matplotlib.get_cachedir())
    results = baselines.parent / "results"
    paper = baselines / "paper.png"
    with Image.open(paper) as image:
        pixels = np.array(image)
    pixels[100, 200, 0] ^= 1  # the least visible change there is: one channel, one unit
    Image.fromarray(pixels).save(paper)
    total = pixels.shape[0] * pixels.shape[1]  # the figure's size as drawn in this run

    done = pytester.runpytest_subprocess(
        *tox_pytest_args(FIGURE_TESTS, "-k", "figure_matches_baseline and (paper or single_bar)"),
        *guarded(baselines, results), timeout=TIMEOUT,
    )  # fmt: skip
    stdout = done.stdout.str()

    assert done.ret == pytest.ExitCode.TESTS_FAILED, stdout[-3000:]
    assert "1 failed, 1 passed" in stdout
    assert "figures compared with their baselines: 2" in stdout  # both workers' reports
    assert f"1 of {total} pixels differ, inside the box x 200..200, y 100..100" in stdout
    # the run ends on its answer: the changed figure in one line, and the page
    answer = stdout.rpartition("figure guard")[2].splitlines()
    changed = answer.index("1 of 2 figures changed:")
    assert answer[changed + 1].startswith(f"  paper: 1 of {total} pixels differ; nothing the")
    assert answer[-2].startswith(f"review page: {results / 'review.html'}  (file://")
    assert "A JSON report can be found" not in stdout  # pytest-mpl's print, left out
    # the review page found both cases' images through pytest-mpl's JSON summary
    page = (results / "review.html").read_text(encoding="utf-8")
    assert "<title>Figure review: 1 of 2 figures changed</title>" in page


@pytest.mark.slow
def test_on_another_stack_the_pixel_tests_refuse_and_the_descriptions_compare(
    baselines: Path, pytester: pytest.Pytester
) -> None:
    """Rung 3, on any stack: the baselines' versions.toml names a matplotlib no environment
    has, so the pixel test refuses before comparing, naming the versions, while the description
    compares and passes (on another stack the values in pixels may move within a tolerance)."""
    versions = baselines / "versions.toml"
    pinned = f'matplotlib = "{installed_stack()["matplotlib"]}"'
    versions.write_text(
        versions.read_text(encoding="utf-8").replace(pinned, 'matplotlib = "3.9.4"'),
        encoding="utf-8",
    )
    done = run_figure_tests(
        pytester, baselines, "-k", "matches_baseline and paper", "--require-descriptions"
    )
    stdout = done.stdout.str()
    assert done.ret == pytest.ExitCode.TESTS_FAILED, stdout[-3000:]
    assert re.search(r" 1 passed, \d+ deselected, 1 error in ", stdout), stdout[-3000:]
    assert "were drawn with matplotlib 3.9.4" in stdout
    assert "pixels differ" not in stdout  # refused before comparing, not compared
    assert "figure descriptions compared with their baselines: 1" in stdout
    assert "compared on rung 3, descriptions only" in stdout


@pytest.mark.parametrize(
    "posargs",
    [
        # without workers: starting two costs seconds, and the flipped-pixel run above proves
        # that the tally hears every worker's reports
        pytest.param(("tests/test_figures.py", "-m", "browser", "-n", "0"), id="all deselected"),
        pytest.param(
            ("tests/test_figures.py", "-p", "skip_every_test", "-n", "0"), id="all skipped"
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
    pytest command, run in this process (the flipped-pixel run above is the one in a child)."""
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
    results, baselines = tmp_path / "results", tmp_path / "baselines"
    write_drawn_baselines(baselines, ("single_bar",))
    (baselines / PROJECT.versions.name).write_text(versions_file_text(), encoding="utf-8")
    done = pytester.runpytest_inprocess(
        FIGURE_TESTS, "-k", "figure_matches_baseline and single_bar",
        *guarded(baselines, results), "--mpl-generate-summary=html",
    )  # fmt: skip
    assert done.ret == pytest.ExitCode.OK, done.stdout.str()[-3000:]
    assert (image_folders(results)["single_bar"] / "result.png").is_file()
    page = (results / "review.html").read_text(encoding="utf-8")
    assert "<title>Figure review: 0 of 1 figures changed</title>" in page  # found, unchanged
    assert (results / "fig_comparison.html").is_file()  # what the command line asked for
