"""Review a figure change where reviewers are: the page, the job summary and the pull request's
comment, from a test run's results or from two revisions of `baseline_images/`.

    python -m figure_guard.review --base main [--head REV] [--out DIR]
        the intended change: the base's committed baselines against the head's (default: the
        working tree), as the review page, the job summary and the comment, without running the
        base's code (`tox -e review -- --base main`)
    python -m figure_guard.review --results results --base REV --page-url URL ... --out DIR
        what CI writes for the comment workflow: the test run's changes, and the intended
        change when the pull request touches `baseline_images/`

The comment is Markdown that GitHub renders: every text from a figure (a label may hold `*`,
`<b>` or `@name`) is escaped, and a body longer than GitHub accepts is cut with a note.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from figure_guard.descriptions import SUFFIX, record_change_lines
from figure_guard.page import write_review
from figure_guard.report import (
    HOW_FILE,
    CaseOutcome,
    add_image_folder,
    case_outcomes,
    change_lines,
    read_forgiven,
)
from figure_guard.settings import BASELINE_DIR, ROOT
from plotting import describe_changes, description_from_json

#: The first line of the comment: how the comment workflow finds its own comment to update.
MARKER = "<!-- figure-guard -->"
#: The zipped artifact of a failing job's results folder (figures.yml).
ARTIFACT = "figure-diffs"
#: GitHub refuses a comment body over 65,536 characters; the cut leaves room for its note.
MAX_COMMENT = 65_000
INTENDED_PAGE = "intended.html"
#: Characters Markdown would read as markup, and what they become: backslash escapes for
#: punctuation, entities for what would link a person or an issue, or open an HTML tag.
_MARKDOWN = {
    **{char: f"\\{char}" for char in "\\`*_{}[]()!|~>"},
    "<": "&lt;",
    "&": "&amp;",
    "@": "&#64;",
    "#": "&#35;",
}
_MARKDOWN_RE = re.compile("|".join(re.escape(char) for char in _MARKDOWN))


def markdown_text(text: str) -> str:
    """`text` as literal text in a Markdown list item: no markup, no mention, no HTML."""
    return _MARKDOWN_RE.sub(lambda match: _MARKDOWN[match.group(0)], " ".join(text.split()))


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)


def baseline_files(revision: str | None, repo: Path = ROOT) -> dict[str, bytes]:
    """The files of `baseline_images/` at `revision` (None: the working tree), by name."""
    folder = BASELINE_DIR.name
    if revision is None:
        files = (repo / folder).iterdir()
        return {path.name: path.read_bytes() for path in files if path.is_file()}
    listed = _git(repo, "ls-tree", "--name-only", f"{revision}:{folder}")
    if listed.returncode != 0:
        raise ReviewError(f"git knows no revision {revision!r} with a {folder}/ folder")
    names = listed.stdout.decode().split()
    return {name: _git(repo, "show", f"{revision}:{folder}/{name}").stdout for name in names}


class ReviewError(Exception):
    """A review that cannot be built; the message says why."""


def intended_change(base: str, head: str | None, out: Path, repo: Path = ROOT) -> list[str]:
    """Lay out `out` as a test run would, with the base's baselines as the baselines and the
    head's as the results, and the change lines from the committed descriptions of both sides;
    return the case names."""
    old, new = baseline_files(base, repo), baseline_files(head, repo)
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


@dataclass(frozen=True)
class Section:
    """One part of the comment: a title, how it was compared, the changed figures, a page."""

    title: str
    how: str
    changed: list[CaseOutcome]
    page_url: str | None
    unchanged_note: str
    #: Cases that match once anti-aliased edge pixels are forgiven (rung 2), and how many.
    forgiven: Mapping[str, int] = field(default_factory=dict)
    footer: str = ""


def section_lines(section: Section) -> list[str]:
    """The section's page link first (a reviewer's one click), then what changed in words."""
    lines = [f"[Open the review page]({section.page_url})", ""] if section.page_url else []
    lines += [f"### {section.title}", "", markdown_text(section.how), ""]
    if not section.changed:
        lines.append(section.unchanged_note)
    for item in section.changed:
        headline, *words = change_lines(item)
        lines.append(f"- **{markdown_text(item.case)}**: {markdown_text(headline)}")
        lines += [f"  - {markdown_text(line)}" for line in words]
    changed = {item.case for item in section.changed}
    for case, count in sorted(section.forgiven.items()):
        if case not in changed:
            name = markdown_text(case)
            lines.append(f"- **{name}** matches: {count} anti-aliased edge pixels forgiven")
    return [*lines, "", *([section.footer, ""] if section.footer else [])]


def run_outcomes(results: Path, cases: Sequence[str] | None = None) -> list[CaseOutcome]:
    """Every case as a test run left it in `results`, with the edge pixels it forgave. `cases`:
    the run's cases (default: the case table, a new one without a baseline too)."""
    if cases is None:
        from figure_cases import CASES

        cases = [case.name for case in CASES]
    return case_outcomes(results, cases, read_forgiven(results))


def run_section(
    results: Path, outcomes: Sequence[CaseOutcome], how: str = "", page_url: str | None = None
) -> Section:
    """What a test run left in `results` (its `outcomes`): its changed figures, how it
    compared, its page."""
    how_file = results / HOW_FILE
    if not how and how_file.is_file():
        how = how_file.read_text(encoding="utf-8")
    return Section(
        "Figures compared in this run",
        how,
        [item for item in outcomes if item.changed],
        page_url,
        "All figures match their baselines.",
        {item.case: item.forgiven for item in outcomes if item.forgiven},
        f"The `{ARTIFACT}-*` artifact holds each figure's baseline and result PNGs, its change as"
        " one image (`<case>/changes.png`) and the new descriptions.",
    )


def comment_body(sections: Sequence[Section], limit: int = MAX_COMMENT) -> str:
    """The pull request's one comment; cut, with a note, where GitHub would refuse it."""
    lines = [MARKER, "## Figure guard", ""]
    for section in sections:
        lines += section_lines(section)
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    note = "\n\n… {} more lines cut: GitHub takes {:,} characters at most; the page has them all.\n"
    kept = lines[:]
    while len("\n".join(kept)) + len(note.format(len(lines), limit)) > limit:
        kept.pop()
    return "\n".join(kept) + note.format(len(lines) - len(kept), limit)


def summary_text(sections: Sequence[Section]) -> str:
    """The job summary: the page's link first, then the changed figures and their words."""
    return "\n".join(line for section in sections for line in section_lines(section)) + "\n"


def build(args: argparse.Namespace) -> list[Section]:
    """The sections this call covers; each writes its page into `args.out`."""
    sections = []
    if args.results is not None:
        outcomes = run_outcomes(args.results)
        sections.append(run_section(args.results, outcomes, args.how, args.page_url))
    if args.base is not None:
        intended = args.out / "intended"
        cases = intended_change(args.base, args.head, intended)
        head = args.head or "the working tree"
        how = (
            f"The baselines committed on {args.base} (baseline) against those of {head}"
            " (result), read from git; the lines come from the committed descriptions."
        )
        outcomes = case_outcomes(intended, cases)
        write_review(intended, outcomes, how, page=INTENDED_PAGE)
        sections.append(
            Section(
                "Intended changes to baseline_images/",
                how,
                [item for item in outcomes if item.changed],
                args.intended_url or str(intended / INTENDED_PAGE),
                "No baseline changed.",
            )
        )
    return sections


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m figure_guard.review", description=__doc__)
    parser.add_argument("--base", help="the revision whose baselines are the old ones")
    parser.add_argument("--head", help="the revision with the new ones (default: working tree)")
    parser.add_argument("--results", type=Path, help="a test run's results folder")
    parser.add_argument("--how", default="", help="how the run compared (default: its how.txt)")
    parser.add_argument("--page-url", help="where the run's review page is published")
    parser.add_argument("--intended-url", help="where the intended change's page is published")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "review")
    args = parser.parse_args(argv)
    if args.base is None and args.results is None:
        parser.error("say what to review: --base REV, --results DIR, or both")
    args.out.mkdir(parents=True, exist_ok=True)
    try:
        sections = build(args)
    except ReviewError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    (args.out / "comment.md").write_text(comment_body(sections), encoding="utf-8")
    summary = summary_text(sections)
    (args.out / "summary.md").write_text(summary, encoding="utf-8")
    print(summary, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
