"""What a reviewer reads in the pull request: the comment body and the job summary, from a test
run's results and from two revisions of baseline_images/ (tests/figure_guard/review.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from figure_guard.report import CaseOutcome, case_outcomes, image_folders
from figure_guard.review import (
    MARKER,
    MAX_COMMENT,
    Section,
    comment_body,
    intended_change,
    main,
    markdown_text,
    summary_text,
)
from figure_guard.settings import BASELINE_DIR
from PIL import Image

HOSTILE_LABEL = "x axis label: text <b>*Warm*</b> @octocat #12 → [click](https://x.example) `x`"


def section(changed: list[CaseOutcome], url: str | None = "https://example.test/page") -> Section:
    return Section("Figures", "compared on rung 1", changed, url, "All figures match.")


def outcome(name: str, lines: tuple[str, ...] | None, **flags: bool) -> CaseOutcome:
    return CaseOutcome(name, None, flags.get("new", False), lines, 0, flags.get("removed", False))


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def two_revisions(tmp_path: Path) -> Path:
    """A repository whose second commit changes `paper` (one bar's fill, in pixels and in its
    description), adds `new_case` and deletes `old_case`; `single_bar` stays."""
    repo = tmp_path / "repo"
    folder = repo / BASELINE_DIR.name
    folder.mkdir(parents=True)
    for case in ("paper", "single_bar"):
        for suffix in (".png", ".json"):
            shutil.copy(BASELINE_DIR / f"{case}{suffix}", folder)
    shutil.copy(BASELINE_DIR / "no_baseline.png", folder / "old_case.png")
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "old")
    with Image.open(folder / "paper.png") as image:
        pixels = np.array(image)
    pixels[300, 400, 0] ^= 1
    Image.fromarray(pixels).save(folder / "paper.png")
    description = (folder / "paper.json").read_text(encoding="utf-8")
    (folder / "paper.json").write_text(
        description.replace('"fill": "#428ae5"', '"fill": "#438ae5"'), encoding="utf-8"
    )
    (folder / "old_case.png").unlink()
    shutil.copy(BASELINE_DIR / "all_equal.png", folder / "new_case.png")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "new")
    return repo


def test_an_intended_change_is_read_from_the_committed_baselines(
    two_revisions: Path, tmp_path: Path
) -> None:
    out = tmp_path / "intended"
    cases = intended_change("HEAD~1", "HEAD", out, repo=two_revisions)
    assert cases == ["new_case", "old_case", "paper", "single_bar"]
    changed = {item.case: item for item in case_outcomes(out, cases) if item.changed}
    assert set(changed) == {"new_case", "old_case", "paper"}  # single_bar is unchanged
    assert changed["new_case"].new
    assert changed["old_case"].removed
    paper = changed["paper"]
    assert paper.lines == ("bar 10: fill #428ae5 → #438ae5",)
    assert paper.pixels is not None
    assert paper.pixels.differing == 1
    body = comment_body([section(list(changed.values()))])
    assert "- **paper**: 1 of 796652 pixels differ" in body
    assert "  - bar 10: fill &#35;428ae5 → &#35;438ae5" in body  # renders as the line itself
    assert "- **new\\_case**: no baseline yet" in body
    assert "- **old\\_case**: removed" in body


@pytest.mark.parametrize(
    ("changed", "expected", "absent"),
    [
        pytest.param(
            [outcome("paper", ("trend line: linewidth 0.9 → 1.0",))],
            ["- **paper**: pixels not compared", "  - trend line: linewidth 0.9 → 1.0"],
            ["All figures match."],
            id="a changed figure",
        ),
        pytest.param([], ["All figures match."], ["- **"], id="no change: the comment says so"),
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
                r"\[click\]\(https://x.example\) \`x\`",
            ],
            ["<b>", "@octocat", "[click](", "`x`"],
            id="a label with Markdown and HTML comes out escaped",
        ),
    ],
)
def test_the_comment_and_the_summary_say_what_changed(
    changed: list[CaseOutcome], expected: list[str], absent: list[str]
) -> None:
    body = comment_body([section(changed)])
    summary = summary_text([section(changed)])
    assert body.startswith(MARKER + "\n")
    assert "[Open the review page](https://example.test/page)" in body
    assert summary.splitlines()[0] == "[Open the review page](https://example.test/page)"
    for text in (body, summary):
        for line in expected:
            assert line in text
        for line in absent:
            assert line not in text


def test_a_body_github_would_refuse_is_cut_with_a_note() -> None:
    many = tuple(f"bar {n}: fill #000000 → #000001" for n in range(5000))
    whole = "\n".join(section_lines_of(many))
    assert len(whole) > MAX_COMMENT  # the case really is too long
    body = comment_body([section([outcome("hundred_bars_wide", many)])])
    assert len(body) <= MAX_COMMENT < 65_536
    assert body.startswith(MARKER)
    assert body.rstrip().endswith("the page has them all.")
    assert "more lines cut: GitHub takes 65,000 characters at most" in body


def section_lines_of(lines: tuple[str, ...]) -> list[str]:
    from figure_guard.review import section_lines

    return section_lines(section([outcome("hundred_bars_wide", lines)]))


def test_markdown_text_leaves_plain_words_alone() -> None:
    assert markdown_text("bar 10: height 57.11 → 57.12") == "bar 10: height 57.11 → 57.12"


def test_an_unknown_revision_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--base", "no-such-revision", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "error: git knows no revision 'no-such-revision' with a baseline_images/ folder\n"
    )


def test_a_run_results_section_lists_what_the_run_changed(tmp_path: Path) -> None:
    """From a results folder as a failing run leaves it (paper's trend line wider)."""
    from review_results import CHANGED, failing_run

    failing_run(tmp_path, cases=2)
    (image_folders(tmp_path)["all_equal"] / "baseline.png").unlink()  # a case with no baseline yet
    out = tmp_path / "review"
    assert main(["--results", str(tmp_path), "--how", "rung 1", "--out", str(out)]) == 0
    body = (out / "comment.md").read_text(encoding="utf-8")
    assert f"- **{CHANGED}**: " in body
    assert "  - trend line: linewidth 0.9 → 1.0" in body
    assert "- **all\\_equal**: no baseline yet" in body
