"""The answer a run ends on, and what `tox -e baselines` says it wrote (figure_guard.answer).

Fixtures of their own (descriptions written here, bytes standing for PNGs): nothing is read from
baseline_images/, so a change of the figure never fails these tests.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from support.registered import ROOT

from figure_guard.answer import (
    BaselineSnapshot,
    DroppedLines,
    answer_lines,
    headline,
    written_lines,
)
from figure_guard.pixels import Diff
from figure_guard.report import CaseOutcome
from plotting import description_to_json

OLD = {"bar 1": {"fill": "#102030", "width": "0.5"}, "bar 2": {"fill": "#405060"}}
NEW = {"bar 1": {"fill": "#102031", "width": "0.5"}, "bar 2": {"fill": "#405061"}}
SIZE = (20, 10)  # width, height


def diff(differing: int) -> Diff:
    return Diff(differing, 200, (1, 1, 3, 2) if differing else None, SIZE, SIZE)


def snapshot(**files: bytes | dict[str, dict[str, str]]) -> BaselineSnapshot:
    """Files by name; a description given as a mapping is written as the JSON a run writes."""
    return BaselineSnapshot(
        {
            name.replace("_png", ".png").replace("_json", ".json"): (
                content if isinstance(content, bytes) else description_to_json(content).encode()
            )
            for name, content in files.items()
        }
    )


def test_baselines_lists_each_case_changed_new_or_unchanged_with_words(tmp_path: Path) -> None:
    before = snapshot(a_png=b"A", a_json=OLD, b_png=b"B", b_json=OLD, d_png=b"D", d_json=OLD)
    after = snapshot(
        a_png=b"A2", a_json=NEW, b_png=b"B", b_json=OLD, c_png=b"C", c_json=OLD, d_png=b"D2",
        d_json=OLD,
    )  # fmt: skip
    lines = written_lines(before, after, tmp_path, ["a", "b", "c", "d", "e"])
    assert lines[0].endswith(": 2 changed, 1 new, 1 unchanged, 1 not written")
    assert lines[1:] == [
        "  changed    a: PNG and description",
        "    bar 1: fill #102030 → #102031",
        "    bar 2: fill #405060 → #405061",
        "  new        c",
        "  changed    d: PNG",
        "    nothing the description covers changed (look at the PNG)",
        "  unchanged  b",
        "  not written (deselected) e",
        "look at each changed PNG, read `git diff` of the descriptions, then commit them",
    ]


def test_a_long_change_is_cut_with_the_command_that_shows_it_all(tmp_path: Path) -> None:
    many_old = {f"bar {n}": {"fill": "#000000"} for n in range(30)}
    many_new = {f"bar {n}": {"fill": "#000001"} for n in range(30)}
    lines = written_lines(
        snapshot(a_png=b"A", a_json=many_old),
        snapshot(a_png=b"A", a_json=many_new),
        tmp_path,
        ["a"],
    )
    assert lines[-2] == f"    … 18 more: git diff --word-diff {tmp_path.resolve()}/a.json"
    assert len([line for line in lines if line.startswith("    bar ")]) == 12


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        pytest.param(
            CaseOutcome("paper", diff(3), False, ("bar 1: fill #102030 → #102031", "x", "y")),
            "3 of 200 pixels differ; bar 1: fill #102030 → #102031 (+2 more)",
            id="pixels and words",
        ),
        pytest.param(
            CaseOutcome("paper", diff(3), False, ()),
            "3 of 200 pixels differ; nothing the description covers changed (look at the pictures)",
            id="words found nothing",
        ),
        pytest.param(
            CaseOutcome("paper", None, False, ("bar 1: fill #102030 → #102031",)),
            "bar 1: fill #102030 → #102031",
            id="words only (another stack)",
        ),
        pytest.param(
            CaseOutcome("paper", diff(3), False, None),
            "3 of 200 pixels differ; words not worked out (see the test's report)",
            id="no words: never claims nothing changed",
        ),
        pytest.param(
            CaseOutcome("new_case", None, True, None),
            "no baseline yet (new case; run `tox -e baselines`)",
            id="a new case",
        ),
    ],
)
def test_a_changed_case_is_one_line(outcome: CaseOutcome, expected: str) -> None:
    assert headline(outcome, "tox -e baselines") == expected


def test_the_answer_counts_names_the_other_failures_and_the_page(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    page.write_text("<!doctype html>", encoding="utf-8")
    outcomes = [
        CaseOutcome("paper", diff(3), False, ("bar 1: fill #102030 → #102031",)),
        CaseOutcome("single_bar", diff(0), False, ()),
    ]
    lines = answer_lines(outcomes, page, ["tests/test_cli.py::test_x"])
    assert lines[:2] == [
        "1 of 2 figures changed:",
        "  paper: 3 of 200 pixels differ; bar 1: fill #102030 → #102031",
    ]
    assert lines[2:4] == [
        "1 other tests failed (they compare no figure):",
        "  tests/test_cli.py::test_x",
    ]
    assert lines[4] == f"review page: {page.resolve()}  ({page.resolve().as_uri()})"
    assert answer_lines(outcomes[1:], tmp_path / "none.html", []) == ["0 of 1 figures changed"]


def test_only_pytest_mpls_summary_prints_are_dropped() -> None:
    out = io.StringIO()
    stream = DroppedLines(out, ("A JSON report can be found at: ",))
    stream.write("A JSON report can be found at: results/results.json\nkept ")
    stream.write("line\nA JSON report can be found at: x")
    stream.write("\nlast")
    stream.flush()
    assert out.getvalue() == "kept line\nlast"


def test_tox_baselines_says_what_it_wrote(pytester: pytest.Pytester, tmp_path: Path) -> None:
    """The generating run in-process (as `tox -e baselines` runs it, one case): a baseline
    whose description differs is listed as changed, with its words."""
    from support.registered import CASES

    from plotting import describe_figure

    case = next(case for case in CASES if case.name == "single_bar")
    target = tmp_path / "baselines"
    target.mkdir()
    old = describe_figure(case.draw())
    old["bar 10"] = {**old["bar 10"], "fill": "#000000"}
    (target / "single_bar.json").write_text(description_to_json(old), encoding="utf-8")
    (target / "single_bar.png").write_bytes(b"an older PNG")
    done = pytester.runpytest_inprocess(
        str(ROOT / "tests" / "test_figures.py"), "-k", "matches_baseline and single_bar",
        "-p", "no:randomly", "-p", "no:xdist",
        f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml"), "-p", "no:cacheprovider",
        f"--mpl-generate-path={target}",
    )  # fmt: skip
    assert done.ret == pytest.ExitCode.OK, done.stdout.str()[-3000:]
    text = done.stdout.str()
    assert "baselines written" in text
    assert "  changed    single_bar: PNG and description" in text
    fill = describe_figure(case.draw())["bar 10"]["fill"]
    assert f"    bar 10: fill #000000 → {fill}" in text


def test_a_figure_test_that_failed_with_no_change_to_show_is_named(tmp_path: Path) -> None:
    """A figure test that broke before comparing leaves no images and no words: the answer does
    not say "0 changed" alone."""
    outcomes = [CaseOutcome("paper", None, False, None)]
    node = "tests/test_figures.py::test_figure_matches_baseline[paper]"
    lines = answer_lines(outcomes, tmp_path / "none.html", [], [node])
    assert lines == [
        "0 of 1 figures changed",
        "1 figure tests failed with no change to show (see above):",
        f"  {node}",
    ]
