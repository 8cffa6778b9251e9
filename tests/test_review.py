"""What a reviewer reads: the job summary (Markdown), the comment's data and the terminal's plain
text, from a test run's results and from two revisions of baseline_images/
(figure_guard/review.py). The comment built from the data: tests/test_comment.py.

The revisions are fixtures of these tests' own (small PNGs and descriptions written here), so a
change to the figure's design never fails them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.registered import PROJECT

from figure_guard.comment_data import DataError, from_json
from figure_guard.pixels import Diff
from figure_guard.project import Project
from figure_guard.report import (
    CaseOutcome,
    add_image_folder,
    case_outcomes,
    image_folders,
    save_forgiven,
)
from figure_guard.review import (
    DATA_FILE,
    SUMMARY_FILE,
    intended_change,
    main,
    run_outcomes,
    run_section,
    same_commit_note,
    section_of,
    summary_text,
    terminal_text,
)
from plotting import description_to_json

HOSTILE_LABEL = "x axis label: text <b>*Warm*</b> @octocat #12 → [click](https://x.example) `x`"
OLD_FILL, NEW_FILL = "#102030", "#102031"  # the fixture's own colours, not the design's
REPO, RUN_ID = "owner/repo", 77
PAGE = f"https://github.com/{REPO}/actions/runs/{RUN_ID}/artifacts/5"


#: One changed pixel of twenty, at the top left.
ONE_PIXEL = Diff(1, 20, (0, 0, 1, 1), (5, 4), (5, 4))


def outcome(name: str, lines: tuple[str, ...] | None, **flags: bool) -> CaseOutcome:
    new, removed = flags.get("new", False), flags.get("removed", False)
    return CaseOutcome(name, ONE_PIXEL, new, lines, 0, removed)


def git(repo: Path, *args: str) -> None:
    who = ["-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", *who, *args], cwd=repo, check=True, capture_output=True)


def png(path: Path, value: int, dot: tuple[int, int] | None = None) -> None:
    """A small grey PNG; `dot`: one pixel (row, column) one unit brighter."""
    pixels = np.full((12, 16, 3), value, dtype=np.uint8)
    if dot is not None:
        pixels[dot] += 1
    Image.fromarray(pixels).save(path)


def description(path: Path, fill: str) -> None:
    path.write_text(description_to_json({"bar 1": {"fill": fill, "height": "2"}}), "utf-8")


@pytest.fixture
def two_revisions(tmp_path: Path) -> Path:
    """A repository whose second commit changes `paper` (one pixel, and its bar's fill in the
    description), adds `new_case` and deletes `old_case`; `single_bar` stays."""
    repo = tmp_path / "repo"
    folder = repo / PROJECT.baselines.name
    folder.mkdir(parents=True)
    for case, value in (("paper", 100), ("single_bar", 150)):
        png(folder / f"{case}.png", value)
        description(folder / f"{case}.json", OLD_FILL)
    png(folder / "old_case.png", 50)
    (repo / "pyproject.toml").write_text("", encoding="utf-8")  # the guard's defaults
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "old")
    png(folder / "paper.png", 100, dot=(3, 4))
    description(folder / "paper.json", NEW_FILL)
    (folder / "old_case.png").unlink()
    png(folder / "new_case.png", 200)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "new")
    return repo


def test_an_intended_change_is_read_from_the_committed_baselines(
    two_revisions: Path, tmp_path: Path
) -> None:
    out = tmp_path / "intended"
    cases = intended_change("HEAD~1", "HEAD", out, project=Project.find(two_revisions))
    assert cases == ["new_case", "old_case", "paper", "single_bar"]
    outcomes = case_outcomes(out, cases)
    changed = {item.case: item for item in outcomes if item.changed}
    assert set(changed) == {"new_case", "old_case", "paper"}  # single_bar is unchanged
    assert changed["new_case"].new
    assert changed["old_case"].removed
    paper = changed["paper"]
    assert paper.lines == (f"bar 1: fill {OLD_FILL} → {NEW_FILL}",)
    assert paper.pixels is not None
    assert paper.pixels.differing == 1
    section = section_of("intended", "from git", outcomes, PAGE)
    summary = summary_text([section])
    assert "- **paper**: 1 of 192 pixels differ, inside the box x 4..4, y 3..3" in summary
    assert "  - bar 1: fill &#35;102030 → &#35;102031" in summary  # renders as the line itself
    assert "- **new\\_case**: no baseline yet" in summary
    assert "- **old\\_case**: removed" in summary
    plain = terminal_text([section])
    assert f"    bar 1: fill {OLD_FILL} → {NEW_FILL}" in plain.splitlines()
    assert "- new_case: no baseline yet (new case; run `tox -e baselines`)" in plain.splitlines()


@pytest.mark.parametrize(
    ("changed", "expected", "absent"),
    [
        pytest.param(
            [outcome("paper", ("trend line: linewidth 0.9 → 1.0",))],
            ["- **paper**: 1 of 20 pixels differ", "  - trend line: linewidth 0.9 → 1.0"],
            ["All figures match"],
            id="a changed figure",
        ),
        pytest.param(
            [], ["All figures match their baselines."], ["- **"], id="no change: it says so"
        ),
        pytest.param(
            [outcome("paper", None)],
            ["the words were not worked out for this figure"],
            ["nothing the description covers"],
            id="words missing: never claims nothing changed",
        ),
        pytest.param(
            [outcome("paper", (HOSTILE_LABEL,))],
            [
                r"&lt;b\>\*Warm\*&lt;/b\> &#64;octocat &#35;12",
                r"\[click\]\(https&#58;//x.example\) \`x\`",
            ],
            ["<b>", "@octocat", "[click](", "`x`", "https://x"],
            id="a label with Markdown and HTML comes out escaped",
        ),
    ],
)
def test_the_summary_says_what_changed(
    changed: list[CaseOutcome], expected: list[str], absent: list[str]
) -> None:
    summary = summary_text([section_of("run", "compared on rung 1", changed, PAGE)])
    assert summary.splitlines()[0] == f"[Open the review page]({PAGE})"
    for line in expected:
        assert line in summary
    for line in absent:
        assert line not in summary


@pytest.mark.parametrize(
    "text",
    [
        "bar 10: fill #428ae5 → #438ae5",
        "compare with HEAD~1 and all_equal",
        "x label: $\\alpha$ <b>*bold*</b> @octocat",
    ],
)
def test_the_terminal_reads_as_text(text: str) -> None:
    """Plain text on the terminal: the words themselves, no Markdown escape or entity."""
    section = section_of("run", text, [outcome("all_equal", (text,))], "results/review.html")
    plain = terminal_text([section])
    assert f"    {text}" in plain.splitlines()  # the change line, as it is
    assert text in plain.splitlines()  # the how line
    assert (
        "- all_equal: 1 of 20 pixels differ, inside the box x 0..0, y 0..0 (from the top left)"
        in plain.splitlines()
    )
    assert "Review page: results/review.html" in plain.splitlines()
    for escape in ("&#", "\\", "&lt;", "**"):
        assert escape not in plain.replace(text, "")


def test_the_local_review_prints_plain_text_and_writes_markdown_for_github(
    two_revisions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review"
    from figure_guard import review

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(two_revisions)
        code = review.main(["--base", "HEAD~1", "--head", "HEAD", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert f"bar 1: fill {OLD_FILL} → {NEW_FILL}" in printed
    assert "HEAD~1" in printed
    assert "new_case" in printed
    for escape in ("&#35;", "HEAD\\~1", "new\\_case"):
        assert escape not in printed
    summary = (out / SUMMARY_FILE).read_text(encoding="utf-8")
    assert "HEAD\\~1" in summary
    assert "new\\_case" in summary


def _rev_parse(repo: Path, revision: str) -> str:
    done = subprocess.run(
        ["git", "rev-parse", revision], cwd=repo, capture_output=True, check=True, text=True
    )
    return done.stdout.strip()


def test_same_commit_says_so_and_what_to_pass_instead(two_revisions: Path) -> None:
    head = _rev_parse(two_revisions, "HEAD")
    git(two_revisions, "branch", "main-copy")
    note = same_commit_note("main-copy", None, project=Project.find(two_revisions))
    assert note is not None
    assert note.startswith("--base main-copy and HEAD (with baseline_images/ unchanged in the")
    assert f"same commit, {head[:12]}" in note
    assert "pass --base HEAD~1" in note
    assert same_commit_note("main-copy", "HEAD", project=Project.find(two_revisions)) is not None
    # a real comparison says nothing: another commit, or changed baselines in the working tree
    assert same_commit_note("HEAD~1", None, project=Project.find(two_revisions)) is None
    assert same_commit_note("HEAD~1", "HEAD", project=Project.find(two_revisions)) is None
    png(two_revisions / PROJECT.baselines.name / "single_bar.png", 151)
    assert same_commit_note("main-copy", None, project=Project.find(two_revisions)) is None


def test_an_unknown_revision_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--base", "no-such-revision", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "error: git knows no revision 'no-such-revision' with a baseline_images/ folder\n"
    )


def test_a_run_leaves_data_the_default_branch_builds_the_comment_from(tmp_path: Path) -> None:
    """From a results folder as a failing run leaves it (paper's trend line wider): the data
    names the changed cases with their counts and words, and the comment builder accepts it."""
    from support.review_results import CHANGED, CHANGED_LINE, failing_run

    failing_run(tmp_path, cases=2)
    (image_folders(tmp_path)["all_equal"] / "baseline.png").unlink()  # a case with no baseline yet
    out = tmp_path / "review"
    args = ["--results", str(tmp_path), "--how", "rung 1", "--page-url", PAGE, "--out", str(out)]
    assert main([*args, "--pr-number", "12"]) == 0
    raw = (out / DATA_FILE).read_bytes()
    data = json.loads(raw)
    assert data["pr_number"] == 12
    (section,) = data["sections"]
    assert section["kind"] == "run"
    assert section["page_url"] == PAGE
    cases = {case["name"]: case for case in section["cases"]}
    assert cases["all_equal"]["status"] == "new"
    assert cases[CHANGED]["status"] == "changed"
    assert cases[CHANGED]["pixels"]["differing"] > 0
    assert CHANGED_LINE in cases[CHANGED]["lines"]
    comment = from_json(raw, REPO, RUN_ID)
    assert comment.pr_number == 12
    assert [case.name for case in comment.sections[0].cases] == [CHANGED, "all_equal"]
    with pytest.raises(DataError, match="is not an artifact of this run"):
        from_json(raw, REPO, RUN_ID + 1)  # another run's artifacts are not linked


def test_a_local_page_path_is_never_a_link_in_the_data(two_revisions: Path, tmp_path: Path) -> None:
    """The intended change's page is a local path when CI published none: the summary names it,
    the comment's data leaves the link out (the comment links only published artifacts)."""
    from figure_guard import review

    out = tmp_path / "review"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(two_revisions)
        assert review.main(["--base", "HEAD~1", "--head", "HEAD", "--out", str(out)]) == 0
    data = json.loads((out / DATA_FILE).read_text(encoding="utf-8"))
    assert data["sections"][0]["page_url"] is None
    assert str(out / "intended" / "intended.html") in (out / SUMMARY_FILE).read_text("utf-8")


def test_ci_report_lists_each_changed_figure_with_its_pixels_and_words(tmp_path: Path) -> None:
    """The job summary (results/figure_report.md) from a results folder: changed and new cases
    with their pixels and words, forgiven ones named, unchanged and unrun ones left out."""
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
