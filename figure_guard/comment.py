"""The pull request's one comment, written by the default branch's code from data.

figures.yml runs the pull request's code, so everything it leaves is the pull request's to
choose. It therefore leaves data, not Markdown: a JSON file (`comment.json`, written by
`figure_guard.review`) of the figure cases, their pixel counts and change lines, how the run
compared, its page links and the pull request's number. figure-comment.yml, which may write
comments, checks out the default branch and runs this module on that file:

    PYTHONPATH=tests python3 -m figure_guard.comment comment.json --repo OWNER/NAME \\
        --run-id ID --body body.md          # prints the pull request's number

Every value is checked by `figure_guard.comment_data`, which reads the file; one that does not
fit refuses the whole file with one line that names it. Every text is cut to size and escaped, so
it reads as the words themselves: no markup, HTML, mention, issue reference, math or autolink.
Links go only to the run's own artifacts on github.com. Titles, notes and the headline of each
case come from this module, never from the data; the body stays within GitHub's limit.

Only the standard library: the posting workflow runs it with the runner's python3, installing
nothing. `figure_guard.review` renders the job summary (Markdown) and the terminal's text with
the same functions, so what the bot says and what a run says cannot drift apart.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from figure_guard.comment_data import Case, DataError, Pixels, Section, from_json

#: The first line of the comment: how the posting workflow finds its own comment to update.
MARKER = "<!-- figure-guard -->"
#: GitHub refuses a comment body over 65,536 characters; the cut leaves room for its note.
MAX_COMMENT = 65_000
#: Sizes to which the comment cuts what it shows, each with a note that the page has the rest.
MAX_TEXT = 400
SHOWN_LINES = 40
#: The regeneration command a new case's headline names (settings.REGENERATE, which needs
#: pytest; a test keeps the two equal).
REGENERATE = "tox -e baselines"
ARTIFACT = "figure-diffs"
#: What a section of each kind is called and says: fixed here, never read from the data.
TITLES = {"run": "Figures compared in this run", "intended": "Intended changes to baseline_images/"}
COUNTED = {"run": "figures changed", "intended": "baselines changed"}
UNCHANGED = {"run": "All figures match their baselines.", "intended": "No baseline changed."}
FOOTERS = {
    "run": f"The `{ARTIFACT}-*` artifact holds each figure's baseline and result PNGs, its change"
    " as one image (`<case>/changes.png`) and the new descriptions.",
    "intended": "",
}


# --- text -----------------------------------------------------------------------------------

#: Characters Markdown would read as markup, and what they become: backslash escapes for
#: punctuation, entities for what would link a person or an issue, open an HTML tag, or start
#: an autolink (`://`, `www.`).
_MARKDOWN = {
    **{char: f"\\{char}" for char in "\\`*_{}[]()!|~>$"},
    "<": "&lt;",
    "&": "&amp;",
    "@": "&#64;",
    "#": "&#35;",
    "://": "&#58;//",
}
_MARKDOWN_RE = re.compile(
    "|".join(re.escape(key) for key in sorted(_MARKDOWN, key=len, reverse=True)) + "|(?i:www)\\."
)
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}


def plain(text: str, limit: int = MAX_TEXT) -> str:
    """`text` on one line, without control or direction-changing characters, cut to `limit`."""
    kept = "".join(
        char
        for char in text
        if char.isspace() or (unicodedata.category(char) != "Cc" and ord(char) not in _BIDI)
    )
    line = " ".join(kept.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def markdown_text(text: str, limit: int = MAX_TEXT) -> str:
    """`text` as literal text in a Markdown list item: no markup, no mention, no HTML, no link."""

    def escape(match: re.Match[str]) -> str:
        found = match.group(0)
        return _MARKDOWN.get(found) or found[:-1] + "&#46;"  # www. -> www&#46;

    return _MARKDOWN_RE.sub(escape, plain(text, limit))


# --- what a case says (report.change_lines and pixels.Diff.describe in words; a test keeps them
# --- equal) --------------------------------------------------------------------------------


def pixel_line(pixels: Pixels | None, forgiven: int) -> str:
    if pixels is None:
        text = "pixels not compared"
    elif pixels.baseline_size != pixels.result_size:
        (bw, bh), (rw, rh) = pixels.baseline_size, pixels.result_size
        text = f"image size changed: baseline {bw}x{bh}, result {rw}x{rh} pixels"
    elif pixels.box is None:
        text = "no pixel differs"
    else:
        left, top, right, bottom = pixels.box
        text = (
            f"{pixels.differing} of {pixels.total} pixels differ, inside the box"
            f" x {left}..{right - 1}, y {top}..{bottom - 1} (from the top left)"
        )
    if forgiven:
        text += f"; {forgiven} of them on anti-aliased edges, forgiven"
    return text


def case_lines(case: Case) -> list[str]:
    """The case's headline, then its change in words; never claims that nothing changed."""
    if case.status == "new":
        return [f"no baseline yet (new case; run `{REGENERATE}`)"]
    if case.status == "removed":
        return ["removed (its baseline is deleted)"]
    if case.lines is None:
        words = ["the words were not worked out for this figure (see the test log)"]
    elif not case.lines:
        words = [
            "nothing the description covers changed: the change lies in what it does not"
            " describe (look at the pictures)"
        ]
    else:
        words = list(case.lines)
    return [pixel_line(case.pixels, case.forgiven), *words]


# --- rendering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a section is written: Markdown for GitHub, plain text for a terminal."""

    text: Callable[[str], str]
    page: Callable[[str], list[str]]
    title: Callable[[str], str]
    case: Callable[[str, str], str]
    word: str  # the prefix of a line in words under its case
    markdown: bool  # also: the page link first (one click on GitHub), or last (a terminal's end)


MARKDOWN = Style(
    text=markdown_text,
    page=lambda url: [f"[Open the review page]({url})", ""],
    title=lambda title: f"### {title}",
    case=lambda name, headline: f"- **{markdown_text(name)}**: {headline}",
    word="  - ",
    markdown=True,
)
PLAIN = Style(
    text=plain,
    page=lambda url: [f"Review page: {url}", ""],
    title=lambda title: f"{title}\n{'-' * len(title)}",
    case=lambda name, headline: f"- {name}: {headline}",
    word="    ",
    markdown=False,
)


def section_lines(section: Section, style: Style = MARKDOWN) -> list[str]:
    """The section's page link first (a reviewer's one click), then what changed in words."""
    page = style.page(section.page_url) if section.page_url else []
    lines = [*(page if style.markdown else []), style.title(TITLES[section.kind]), ""]
    if section.how:
        lines += [style.text(section.how), ""]
    if section.compared:
        lines += [f"{len(section.cases)} of {section.compared} {COUNTED[section.kind]}.", ""]
    if not section.cases:
        lines.append(UNCHANGED[section.kind])
    for case in section.cases:
        headline, *words = (style.text(line) for line in case_lines(case))
        lines.append(style.case(case.name, headline))
        lines += [style.word + line for line in words[:SHOWN_LINES]]
        if len(words) > SHOWN_LINES:
            lines.append(f"{style.word}… and {len(words) - SHOWN_LINES} more on the review page")
    changed = {case.name for case in section.cases}
    for name, count in section.forgiven:
        if name not in changed:
            shown = f"**{markdown_text(name)}**" if style.markdown else name
            lines.append(f"- {shown} matches: {count} anti-aliased edge pixels forgiven")
    footer = FOOTERS[section.kind]
    if footer and not style.markdown:
        footer = footer.replace("`", "")
    return [*lines, "", *([footer, ""] if footer else []), *([] if style.markdown else page)]


def text_of(sections: Sequence[Section], style: Style = MARKDOWN) -> str:
    """The sections one after the other: the job summary (Markdown) or the terminal's text."""
    return "\n".join(line for section in sections for line in section_lines(section, style)) + "\n"


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m figure_guard.comment", description=__doc__)
    parser.add_argument("data", type=Path, help="comment.json, as the figures run left it")
    parser.add_argument("--repo", required=True, help="OWNER/NAME of the repository")
    parser.add_argument("--run-id", type=int, required=True, help="the figures run's id")
    parser.add_argument("--body", type=Path, required=True, help="where to write the comment")
    args = parser.parse_args(argv)
    try:
        comment = from_json(args.data.read_bytes(), args.repo, args.run_id)
        if comment.pr_number is None:
            raise DataError("data.pr_number: the data names no pull request")
    except (DataError, OSError) as problem:
        print(f"error: the comment data is refused: {problem}", file=sys.stderr)
        return 2
    args.body.write_text(comment_body(comment.sections), encoding="utf-8")
    print(comment.pr_number)
    return 0


if __name__ == "__main__":
    sys.exit(main())
