"""The pull request's one comment, written by the default branch's code from data.

figures.yml runs the pull request's code, so everything it leaves is the pull request's to
choose. It therefore leaves data, not Markdown: a JSON file (`comment.json`, written by
`figure_guard.review`) of the figure cases, their pixel counts and change lines, how the run
compared, its page links and the pull request's number. figure-comment.yml, which may write
comments, checks out the default branch and runs this module on that file:

    PYTHONPATH=tests python3 -m figure_guard.comment comment.json --repo OWNER/NAME \\
        --run-id ID --body body.md          # prints the pull request's number

Every value is checked (types, ranges, counts, lengths, no unknown keys); one that does not fit
refuses the whole file with one line that names it. Every text is cut to size and escaped, so
it reads as the words themselves: no markup, HTML, mention, issue reference, math or autolink.
Links go only to the run's own artifacts on github.com. Titles, notes and the headline of each
case come from this module, never from the data; the body stays within GitHub's limit.

Only the standard library: the posting workflow runs it with the runner's python3, installing
nothing. `figure_guard.review` renders the job summary (Markdown) and the terminal's text with
the same functions, so what the bot says and what a run says cannot drift apart.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

VERSION = 1
#: The first line of the comment: how the posting workflow finds its own comment to update.
MARKER = "<!-- figure-guard -->"
#: GitHub refuses a comment body over 65,536 characters; the cut leaves room for its note.
MAX_COMMENT = 65_000
#: Sizes past which a data file is refused outright (no figure run comes near them).
MAX_DATA_BYTES = 2_000_000
MAX_CASES = 1_000
MAX_LINES = 10_000
MAX_COUNT = 10**9
#: Sizes to which the comment cuts what it shows, each with a note that the page has the rest.
MAX_TEXT = 400
SHOWN_LINES = 40
#: The regeneration command a new case's headline names (settings.REGENERATE, which needs
#: pytest; a test keeps the two equal).
REGENERATE = "tox -e baselines"
ARTIFACT = "figure-diffs"

Kind = Literal["run", "intended"]
Status = Literal["changed", "new", "removed"]
KINDS: tuple[Kind, ...] = ("run", "intended")
STATUSES: tuple[Status, ...] = ("changed", "new", "removed")
#: What a section of each kind is called and says: fixed here, never read from the data.
TITLES = {"run": "Figures compared in this run", "intended": "Intended changes to baseline_images/"}
COUNTED = {"run": "figures changed", "intended": "baselines changed"}
UNCHANGED = {"run": "All figures match their baselines.", "intended": "No baseline changed."}
FOOTERS = {
    "run": f"The `{ARTIFACT}-*` artifact holds each figure's baseline and result PNGs, its change"
    " as one image (`<case>/changes.png`) and the new descriptions.",
    "intended": "",
}
CASE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9_.-]{1,100}")


class DataError(ValueError):
    """Data the comment cannot be built from; the message names the value and why."""


@dataclass(frozen=True)
class Pixels:
    """A changed case's pixels: counts, the box around the changed ones, the two sizes."""

    differing: int
    total: int
    box: tuple[int, int, int, int] | None  # left, top, right, bottom (exclusive)
    baseline_size: tuple[int, int]  # width, height
    result_size: tuple[int, int]


@dataclass(frozen=True)
class Case:
    """One changed figure case."""

    name: str
    status: Status
    pixels: Pixels | None  # None: the run compared no pixels for it
    forgiven: int  # anti-aliased edge pixels forgiven (rung 2)
    lines: tuple[str, ...] | None  # the change in words; None: not worked out


@dataclass(frozen=True)
class Section:
    """One part of the comment: how it was compared, its changed cases, its page."""

    kind: Kind
    how: str
    page_url: str | None
    cases: tuple[Case, ...]
    forgiven: tuple[tuple[str, int], ...] = ()  # cases matching on rung 2, and their pixels
    compared: int = 0  # how many cases the section compared (0: not said)


@dataclass(frozen=True)
class Comment:
    pr_number: int | None
    sections: tuple[Section, ...]


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


# --- data ---------------------------------------------------------------------------------


def to_json(comment: Comment) -> str:
    """The data file figures.yml leaves for the posting workflow."""

    def pixels(value: Pixels | None) -> dict[str, Any] | None:
        if value is None:
            return None
        return {
            "differing": value.differing,
            "total": value.total,
            "box": None if value.box is None else list(value.box),
            "baseline_size": list(value.baseline_size),
            "result_size": list(value.result_size),
        }

    data = {
        "version": VERSION,
        "pr_number": comment.pr_number,
        "sections": [
            {
                "kind": section.kind,
                "how": section.how,
                "page_url": section.page_url,
                "cases": [
                    {
                        "name": case.name,
                        "status": case.status,
                        "pixels": pixels(case.pixels),
                        "forgiven": case.forgiven,
                        "lines": None if case.lines is None else list(case.lines),
                    }
                    for case in section.cases
                ],
                "forgiven": [{"name": name, "pixels": count} for name, count in section.forgiven],
                "compared": section.compared,
            }
            for section in comment.sections
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


class _Reader:
    """Strict reading of the parsed JSON, each value named by its path in any refusal."""

    def __init__(self, repository: str, run_id: int) -> None:
        self.artifact_url = re.compile(
            rf"https://github\.com/{re.escape(repository)}/actions/runs/{run_id}/artifacts/[0-9]{{1,20}}"
        )

    @staticmethod
    def fields(value: Any, path: str, keys: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise DataError(f"{path}: expected an object, got {type(value).__name__}")
        missing = [key for key in keys if key not in value]
        unknown = sorted(set(value) - set(keys))
        if missing or unknown:
            what = [f"missing {missing}"] * bool(missing) + [f"unknown {unknown}"] * bool(unknown)
            raise DataError(f"{path}: {' and '.join(what)} keys")
        return value

    @staticmethod
    def count(value: Any, path: str, high: int = MAX_COUNT, low: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise DataError(f"{path}: expected a whole number from {low} to {high}, got {value!r}")
        return value

    @staticmethod
    def listed(value: Any, path: str, most: int) -> list[Any]:
        if not isinstance(value, list):
            raise DataError(f"{path}: expected a list, got {type(value).__name__}")
        if len(value) > most:
            raise DataError(f"{path}: {len(value)} entries, at most {most} are taken")
        return value

    @staticmethod
    def string(value: Any, path: str, most: int = 100_000) -> str:
        if not isinstance(value, str):
            raise DataError(f"{path}: expected a string, got {type(value).__name__}")
        if len(value) > most:
            raise DataError(f"{path}: {len(value)} characters, at most {most} are taken")
        return value

    def choice(self, value: Any, path: str, choices: Sequence[str]) -> Any:
        if value not in choices:
            raise DataError(f"{path}: expected one of {list(choices)}, got {value!r}")
        return value

    def name(self, value: Any, path: str) -> str:
        text = self.string(value, path, 100)
        if not CASE_NAME.fullmatch(text):
            raise DataError(f"{path}: {text!r} is not a case name (letters, digits, _ . -)")
        return text

    def pair(self, value: Any, path: str) -> tuple[int, int]:
        items = self.listed(value, path, 2)
        if len(items) != 2:
            raise DataError(f"{path}: expected [width, height], got {value!r}")
        return self.count(items[0], f"{path}[0]", 100_000), self.count(
            items[1], f"{path}[1]", 100_000
        )

    def pixels(self, value: Any, path: str) -> Pixels | None:
        if value is None:
            return None
        keys = ("differing", "total", "box", "baseline_size", "result_size")
        data = self.fields(value, path, keys)
        total = self.count(data["total"], f"{path}.total")
        differing = self.count(data["differing"], f"{path}.differing", total)
        box = None
        if data["box"] is not None:
            items = self.listed(data["box"], f"{path}.box", 4)
            if len(items) != 4:
                raise DataError(f"{path}.box: expected [left, top, right, bottom], got {items!r}")
            left, top, right, bottom = (
                self.count(item, f"{path}.box[{index}]", 100_000)
                for index, item in enumerate(items)
            )
            if not (left < right and top < bottom):
                raise DataError(f"{path}.box: an empty box {items!r}")
            box = (left, top, right, bottom)
        sizes = (
            self.pair(data["baseline_size"], f"{path}.baseline_size"),
            self.pair(data["result_size"], f"{path}.result_size"),
        )
        return Pixels(differing, total, box, *sizes)

    def case(self, value: Any, path: str) -> Case:
        data = self.fields(value, path, ("name", "status", "pixels", "forgiven", "lines"))
        lines = None
        if data["lines"] is not None:
            listed = self.listed(data["lines"], f"{path}.lines", MAX_LINES)
            lines = tuple(self.string(line, f"{path}.lines[{n}]") for n, line in enumerate(listed))
        return Case(
            self.name(data["name"], f"{path}.name"),
            self.choice(data["status"], f"{path}.status", STATUSES),
            self.pixels(data["pixels"], f"{path}.pixels"),
            self.count(data["forgiven"], f"{path}.forgiven"),
            lines,
        )

    def page_url(self, value: Any, path: str) -> str | None:
        if value is None:
            return None
        url = self.string(value, path, 300)
        if not self.artifact_url.fullmatch(url):
            raise DataError(f"{path}: {url!r} is not an artifact of this run on github.com")
        return url

    def section(self, value: Any, path: str) -> Section:
        keys = ("kind", "how", "page_url", "cases", "forgiven", "compared")
        data = self.fields(value, path, keys)
        cases = self.listed(data["cases"], f"{path}.cases", MAX_CASES)
        forgiven = []
        for n, item in enumerate(self.listed(data["forgiven"], f"{path}.forgiven", MAX_CASES)):
            entry = self.fields(item, f"{path}.forgiven[{n}]", ("name", "pixels"))
            forgiven.append(
                (
                    self.name(entry["name"], f"{path}.forgiven[{n}].name"),
                    self.count(entry["pixels"], f"{path}.forgiven[{n}].pixels"),
                )
            )
        return Section(
            self.choice(data["kind"], f"{path}.kind", KINDS),
            self.string(data["how"], f"{path}.how", 10_000),
            self.page_url(data["page_url"], f"{path}.page_url"),
            tuple(self.case(case, f"{path}.cases[{n}]") for n, case in enumerate(cases)),
            tuple(forgiven),
            self.count(data["compared"], f"{path}.compared", MAX_CASES),
        )

    def comment(self, value: Any) -> Comment:
        data = self.fields(value, "data", ("version", "pr_number", "sections"))
        if data["version"] != VERSION:
            raise DataError(f"data.version: expected {VERSION}, got {data['version']!r}")
        number = data["pr_number"]
        pr_number = None if number is None else self.count(number, "data.pr_number", MAX_COUNT, 1)
        listed = self.listed(data["sections"], "data.sections", len(KINDS))
        sections = tuple(self.section(item, f"data.sections[{n}]") for n, item in enumerate(listed))
        kinds = [section.kind for section in sections]
        if len(set(kinds)) != len(kinds):
            raise DataError(f"data.sections: a kind twice in {kinds}")
        return Comment(pr_number, sections)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise DataError(f"a key twice in one object: {sorted(keys)}")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise DataError(f"{name} is not a number the data may hold")


def from_json(raw: bytes, repository: str, run_id: int) -> Comment:
    """The comment data in `raw`, checked value by value; links must be `repository`'s run
    `run_id`'s artifacts. Raises DataError naming the first value that does not fit."""
    if not REPOSITORY.fullmatch(repository):
        raise DataError(f"--repo: {repository!r} is not OWNER/NAME")
    if len(raw) > MAX_DATA_BYTES:
        raise DataError(f"the data is {len(raw):,} bytes, at most {MAX_DATA_BYTES:,} are taken")
    try:
        value = json.loads(
            raw.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant
        )
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as problem:
        raise DataError(f"the data is not JSON in UTF-8: {problem}") from None
    except ValueError as problem:  # DataError, or an integer too long to read
        raise DataError(str(problem)) from None
    return _Reader(repository, run_id).comment(value)


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
