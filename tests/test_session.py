"""`figure_guard.session`: the run's hooks around pytest-mpl's comparison, each driven through a
run of its own (pytester, in this process), so that the marks a hook acts on land on the inner run's
tests, never on these (this run's tally would count them as figure tests).

The images the forgiving comparison judges are drawn in this run, never read from
baseline_images/. Whole runs of the suite's own tests: tests/end_to_end/."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.registered import PROJECT

from figure_guard import session
from figure_guard.antialias import antialiased
from figure_guard.stack import Rung
from figure_guard.tally import FORGIVEN
from plotting import render, warmup_ablation_figure


def run_with_the_guard(pytester: pytest.Pytester, *args: str) -> pytest.HookRecorder:
    """An inner run (the guard's plugin loads through its entry point, and acts since a figure is
    registered: the inner tests take no case), its results in its own folder."""
    return pytester.inline_run(
        "-p", "no:randomly", "-p", "no:cacheprovider",
        "-o", "figure_guard_figures=figures.warmup_ablation:FIGURE",
        f"--mpl-results-path={pytester.path / 'results'}", *args,
    )  # fmt: skip


def failure_texts(run: pytest.HookRecorder) -> dict[str, str]:
    """Each failing test's name and what its failure says."""
    return {report.head_line or "": str(report.longrepr) for report in run.getfailures()}


@pytest.mark.parametrize("marker", ["image", "pinned_stack"])
def test_image_tests_refuse_to_run_on_another_stack(
    marker: str, pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plugin's setup hook turns a stack mismatch into a failure before any image is
    compared, for the figure cases and for the other tests that need the pinned stack; a test
    with neither mark runs."""
    pytester.makepyfile(
        f"import pytest\n\n@pytest.mark.{marker}\ndef test_marked(): pass\n\n"
        "def test_plain(): pass\n"
    )
    monkeypatch.setattr(session, "stack_mismatch", lambda project: "drawn with matplotlib 3.10.8")
    refused = run_with_the_guard(pytester)
    refused.assertoutcome(passed=1, failed=1)
    assert failure_texts(refused) == {"test_marked": "drawn with matplotlib 3.10.8"}
    monkeypatch.setattr(session, "stack_mismatch", lambda project: None)
    run_with_the_guard(pytester).assertoutcome(passed=2)  # the pinned stack: fine


def test_image_tests_refuse_to_pass_without_comparing(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --mpl, pytest-mpl lets a figure test pass unseen; the suite fails it instead."""
    pytester.makepyfile(
        "import pytest\n\n@pytest.mark.image\n@pytest.mark.mpl_image_compare\n"
        "def test_figure(): pass\n"
    )
    monkeypatch.setattr(session, "stack_mismatch", lambda project: None)
    run = run_with_the_guard(pytester)  # no --mpl: the inner run has no configuration
    run.assertoutcome(failed=1)
    (text,) = failure_texts(run).values()
    assert "pytest-mpl is not comparing (no --mpl)" in text


def a_flat_pixel(pixels: np.ndarray) -> tuple[int, int]:
    """A pixel of the drawn figure whose eight neighbours all share its colour: no edge."""
    same = np.ones(pixels.shape[:2], dtype=bool)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            same &= (pixels == np.roll(pixels, (dy, dx), axis=(0, 1))).all(axis=-1)
    ys, xs = np.nonzero(same[1:-1, 1:-1])
    middle = len(ys) // 2  # away from the white border, inside the figure
    return int(ys[middle]) + 1, int(xs[middle]) + 1


def an_edge_pixel(pixels: np.ndarray) -> tuple[int, int]:
    """A pixel of the paper figure's trend line region that lies on an anti-aliased edge."""
    ys, xs = np.nonzero(np.ones((100, 300), dtype=bool))
    ys, xs = ys + 150, xs + 600
    edge = np.flatnonzero(antialiased(pixels, pixels, ys, xs))
    return int(ys[edge[0]]), int(xs[edge[0]])


#: An inner test that fails as pytest-mpl's comparison fails.
MISMATCH_TEST = """
import pytest

def test_compared():
    pytest.fail("Error: Image files did not match.", pytrace=False)
"""


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
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The plugin's wrapper around pytest-mpl's comparison, given pytest-mpl's failure for a
    baseline and result one unit apart in one pixel."""
    with Image.open(io.BytesIO(render(warmup_ablation_figure(), "png"))) as image:
        baseline = np.array(image.convert("RGBA"))
    y, x = an_edge_pixel(baseline) if touched == "edge" else a_flat_pixel(baseline)
    result = baseline.copy()
    result[y, x, 0] ^= 1  # one unit in one channel
    Image.fromarray(baseline).save(tmp_path / "baseline.png")
    Image.fromarray(result).save(tmp_path / "result.png")
    monkeypatch.setattr(session, "image_folder", lambda results, item: tmp_path)
    monkeypatch.setattr(session, "rung", lambda project: on)
    pytester.makepyfile(MISMATCH_TEST)

    run = run_with_the_guard(pytester)

    call = run.matchreport("test_compared", when="call")
    if forgiven:
        assert call.passed
        assert call.user_properties == [(FORGIVEN, 1)]
    else:
        assert call.failed
        assert "did not match" in str(call.longrepr)
        assert call.user_properties == []


def test_a_comparing_run_starts_without_the_last_runs_results(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """The page and the summary show only this run; nothing else in the folder is touched."""
    stale_dirs = ["descriptions", "review", "test_figures.test_figure_matches_baseline_gone_case"]
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
    guard = session.FigureGuard(request.config, PROJECT, ())
    guard.results, guard.generating, guard.controller = tmp_path, None, True

    guard.pytest_sessionstart(request.session)

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(kept)


def test_a_project_that_registers_no_figure_runs_as_without_the_guard(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed, the plugin loads in every pytest run; where no figure is registered it changes
    nothing: no refusal, no answer, no results folder emptied."""
    pytester.makepyfile("import pytest\n\n@pytest.mark.image\ndef test_marked(): pass\n")
    kept = pytester.path / "results" / "review" / "notes.txt"
    kept.parent.mkdir(parents=True)
    kept.write_text("mine", encoding="utf-8")
    monkeypatch.setattr(session, "stack_mismatch", lambda project: "drawn with matplotlib 3.10.8")
    done = pytester.runpytest_inprocess("-p", "no:randomly", "-p", "no:cacheprovider")
    done.assert_outcomes(passed=1)
    assert "figure guard" not in done.stdout.str()
    assert kept.read_text(encoding="utf-8") == "mine"
