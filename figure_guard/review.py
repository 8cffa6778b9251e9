"""Review a figure change where reviewers are: the page, the job summary, the data of the pull
request's comment and the terminal, from a test run's results or from two revisions of
`baseline_images/`.

    python -m figure_guard.review --base main [--head REV] [--out DIR]
        the intended change: the base's committed baselines against the head's (default: the
        working tree), as the review page, the job summary and plain text on the terminal,
        without running the base's code (`tox -e review -- --base main`)
    python -m figure_guard.review --results results --base REV --page-url URL --pr-number N ...
        what CI writes: the test run's changes, and the intended change when the pull request
        touches `baseline_images/`, as the job summary (`summary.md`) and the comment's data
        (`comment.json`)

The comment itself is not written here: this code is the pull request's, so it leaves data, and
the posting workflow builds the comment from it with the default branch's `figure_guard.comment`.
Markdown escaping is for the files GitHub renders (`summary.md`); the terminal gets plain text.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from figure_guard.comment import MARKDOWN, PLAIN, text_of
from figure_guard.comment_data import Case, Comment, Kind, Pixels, Section, Status, to_json
from figure_guard.describe import describe_changes, description_from_json
from figure_guard.descriptions import SUFFIX, record_change_lines
from figure_guard.page import write_review
from figure_guard.project import Project
from figure_guard.report import (
    HOW_FILE,
    CaseOutcome,
    add_image_folder,
    case_outcomes,
    image_folders,
    read_compared,
    read_forgiven,
)

INTENDED_PAGE = "intended.html"
#: What `--out` receives besides the intended change's page: the job summary (Markdown, for
#: GitHub) and the data the posting workflow builds the pull request's comment from.
SUMMARY_FILE = "summary.md"
DATA_FILE = "comment.json"


def _git(project: Project, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=project.root, capture_output=True, check=False)


def _tracked(project: Project) -> str:
    """The baselines folder as git names it, from the project's root."""
    if not project.baselines.is_relative_to(project.root):
        raise ReviewError(f"{project.baselines} lies outside {project.root}: git cannot show it")
    return project.baselines.relative_to(project.root).as_posix()


def baseline_files(revision: str | None, project: Project) -> dict[str, bytes]:
    """The files of the baselines folder at `revision` (None: the working tree), by name."""
    if revision is None:
        if not project.baselines.is_dir():
            raise ReviewError(f"no {project.baselines} in the working tree: nothing to review")
        files = project.baselines.iterdir()
        return {path.name: path.read_bytes() for path in files if path.is_file()}
    folder = _tracked(project)
    listed = _git(project, "ls-tree", "--name-only", f"{revision}:{folder}")
    if listed.returncode != 0:
        raise ReviewError(f"git knows no revision {revision!r} with a {folder}/ folder")
    names = listed.stdout.decode().split()
    return {name: _git(project, "show", f"{revision}:{folder}/{name}").stdout for name in names}


class ReviewError(Exception):
    """A review that cannot be built; the message says why."""


def intended_change(base: str, head: str | None, out: Path, project: Project) -> list[str]:
    """Lay out `out` as a test run would, with the base's baselines as the baselines and the
    head's as the results, and the change lines from the committed descriptions of both sides;
    return the case names."""
    old, new = baseline_files(base, project), baseline_files(head, project)
    cases = sorted({Path(name).stem for name in old | new if name.endswith(".png")})
    for case in cases:
        folder = add_image_folder(out, case)
        for side, files in (("baseline", old), ("result", new)):
            if f"{case}.png" in files:
                (folder / f"{side}.png").write_bytes(files[f"{case}.png"])
        json = f"{case}{SUFFIX}"
        if json in old and json in new:
            lines = describe_changes(
                description_from_json(old[json].decode()),
                description_from_json(new[json].decode()),
            )
            record_change_lines(case, lines, out)
    return cases


def same_commit_note(base: str, head: str | None, project: Project) -> str | None:
    """When `base` and the head are one commit (and, for the working tree, `baseline_images/`
    is unchanged), there is nothing to compare: say so and what to pass instead."""
    ends = {}
    for name, revision in (("base", base), ("head", head or "HEAD")):
        found = _git(project, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        if found.returncode != 0:
            return None
        ends[name] = found.stdout.decode().strip()
    if ends["base"] != ends["head"]:
        return None
    if head is None and _git(project, "status", "--porcelain", "--", _tracked(project)).stdout:
        return None  # the working tree's baselines differ from the commit: a real comparison
    against = head or "HEAD (with baseline_images/ unchanged in the working tree)"
    return (
        f"--base {base} and {against} are the same commit, {ends['base'][:12]}: there is"
        " nothing to compare. To review what the last commit changed, pass --base HEAD~1"
        " (or the branch it started from, e.g. --base origin/main)."
    )


def case_data(item: CaseOutcome) -> Case:
    """A changed case as the comment's data: its status, pixel counts and words."""
    status: Status = "new" if item.new else "removed" if item.removed else "changed"
    pixels = None
    if item.pixels is not None:
        diff = item.pixels
        pixels = Pixels(diff.differing, diff.total, diff.box, diff.baseline_size, diff.result_size)
    return Case(item.case, status, pixels, item.forgiven, item.lines)


def section_of(
    kind: Kind, how: str, outcomes: Sequence[CaseOutcome], page_url: str | None
) -> Section:
    """A section of the comment's data from the outcomes: the changed cases, the forgiven."""
    return Section(
        kind,
        how,
        page_url,
        tuple(case_data(item) for item in outcomes if item.changed),
        tuple((item.case, item.forgiven) for item in outcomes if item.forgiven),
        len(outcomes),
    )


def run_outcomes(results: Path, cases: Sequence[str] | None = None) -> list[CaseOutcome]:
    """Every case as a test run left it in `results`, with the edge pixels it forgave. `cases`:
    the run's cases (default: those it compared, else each it left images of, in its order)."""
    if cases is None:
        cases = read_compared(results)
    if cases is None:
        cases = list(image_folders(results))
    return case_outcomes(results, cases, read_forgiven(results))


def run_section(
    results: Path, outcomes: Sequence[CaseOutcome], how: str = "", page_url: str | None = None
) -> Section:
    """What a test run left in `results` (its `outcomes`): its changed figures, how it
    compared, its page."""
    how_file = results / HOW_FILE
    if not how and how_file.is_file():
        how = how_file.read_text(encoding="utf-8")
    return section_of("run", how, outcomes, page_url)


def summary_text(sections: Sequence[Section]) -> str:
    """The job summary: the page's link first, then the changed figures and their words."""
    return text_of(sections, MARKDOWN)


def terminal_text(sections: Sequence[Section]) -> str:
    """The same as plain text, for a person at a terminal: no Markdown escapes."""
    return text_of(sections, PLAIN)


def comment_data(sections: Sequence[Section], pr_number: int | None) -> str:
    """The data the posting workflow builds the comment from: links only where published."""
    published = [
        dataclasses.replace(section, page_url=None)
        if section.page_url is not None and not section.page_url.startswith("https://")
        else section
        for section in sections
    ]
    return to_json(Comment(pr_number, tuple(published)))


def build(args: argparse.Namespace, project: Project) -> list[Section]:
    """The sections this call covers; each writes its page into `args.out`."""
    sections = []
    if args.results is not None:
        outcomes = run_outcomes(args.results)
        sections.append(run_section(args.results, outcomes, args.how, args.page_url))
    if args.base is not None:
        intended = args.out / "intended"
        cases = intended_change(args.base, args.head, intended, project)
        head = f"committed on {args.head}" if args.head else "in the working tree"
        how = (
            f"The baselines committed on {args.base} (baseline, read from git) against those"
            f" {head} (result); the lines come from the descriptions beside them."
        )
        outcomes = case_outcomes(intended, cases)
        write_review(intended, outcomes, how, page=INTENDED_PAGE)
        url = args.intended_url or str(intended / INTENDED_PAGE)
        sections.append(section_of("intended", how, outcomes, url))
    return sections


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figure_guard.review", description=__doc__)
    parser.add_argument("--base", help="the revision whose baselines are the old ones")
    parser.add_argument("--head", help="the revision with the new ones (default: working tree)")
    parser.add_argument("--results", type=Path, help="a test run's results folder")
    parser.add_argument("--how", default="", help="how the run compared (default: its how.txt)")
    parser.add_argument("--page-url", help="where the run's review page is published")
    parser.add_argument("--intended-url", help="where the intended change's page is published")
    parser.add_argument("--pr-number", type=int, help="the pull request the comment is for")
    parser.add_argument("--out", type=Path, help="where to write (default: <results>/review)")
    args = parser.parse_args(argv)
    project = Project.find()
    args.out = args.out or project.results / "review"
    if args.base is None and args.results is None:
        parser.error("say what to review: --base REV, --results DIR, or both")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        sections = build(args, project)
    except ReviewError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    (args.out / DATA_FILE).write_text(comment_data(sections, args.pr_number), encoding="utf-8")
    (args.out / SUMMARY_FILE).write_text(summary_text(sections), encoding="utf-8")
    print(terminal_text(sections), end="")
    note = None if args.base is None else same_commit_note(args.base, args.head, project)
    if note is not None:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
