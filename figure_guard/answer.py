"""The answer a run ends on, in the terminal: how many figures changed, one line a changed case,
the review page; and, for `tox -e baselines`, what it wrote, case by case, in words.

Written for a person reading the last lines of a run: each changed case in one line (its pixels and
the first of its change lines, with a count of the rest), the other failures named apart, and the
page as a path a terminal can open.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from figure_guard.describe import describe_changes, description_from_json
from figure_guard.report import CaseOutcome, change_lines

#: How many of a changed case's lines `tox -e baselines` prints before counting the rest.
MAX_WRITTEN_LINES = 12


def shown_path(path: Path) -> str:
    """`path` relative to the working folder when it lies below it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def with_more(lines: Sequence[str]) -> str:
    """The first line, and how many follow it."""
    if not lines:
        return ""
    return lines[0] + (f" (+{len(lines) - 1} more)" if len(lines) > 1 else "")


def headline(item: CaseOutcome, regenerate: str) -> str:
    """One changed case in one line: its pixels, then its first change line in words (a new or
    removed case: the words every list says of it, `report.change_lines`)."""
    if item.new or item.removed:
        return change_lines(item, regenerate)[0]
    parts = []
    if item.pixels is not None:
        pixels = item.pixels
        if pixels.resized:
            parts.append(pixels.describe())
        else:
            parts.append(f"{pixels.differing} of {pixels.total} pixels differ")
    if item.lines is None:
        parts.append("words not worked out (see the test's report)")
    elif not item.lines:
        parts.append("nothing the description covers changed (look at the pictures)")
    else:
        parts.append(with_more(item.lines))
    return "; ".join(parts)


def answer_lines(
    outcomes: Sequence[CaseOutcome],
    page: Path,
    other_failures: Sequence[str],
    unshown: Sequence[str] = (),
    regenerate: str = "",
) -> list[str]:
    """The run's last block: the changed figures of all compared (`outcomes`), the other
    failures, the page."""
    changed = [item for item in outcomes if item.changed]
    if not outcomes:
        lines = ["no figure case was compared (only tests of the guard itself ran)"]
    else:
        lines = [f"{len(changed)} of {len(outcomes)} figures changed" + (":" if changed else "")]
    lines += [f"  {item.case}: {headline(item, regenerate)}" for item in changed]
    if unshown:
        lines.append(f"{len(unshown)} figure tests failed with no change to show (see above):")
        lines += [f"  {nodeid}" for nodeid in unshown]
    if other_failures:
        lines.append(f"{len(other_failures)} other tests failed (they compare no figure):")
        lines += [f"  {nodeid}" for nodeid in other_failures]
    if page.is_file():
        lines.append(f"review page: {shown_path(page)}  ({page.resolve().as_uri()})")
    return lines


@dataclass(frozen=True)
class BaselineSnapshot:
    """The baseline files of a folder, by name, with their bytes: what a run found there."""

    files: Mapping[str, bytes]

    @classmethod
    def of(cls, folder: Path) -> BaselineSnapshot:
        if not folder.is_dir():
            return cls({})
        kept = (path for path in folder.iterdir() if path.suffix in (".png", ".json"))
        return cls({path.name: path.read_bytes() for path in kept if path.is_file()})


def written_lines(
    before: BaselineSnapshot, after: BaselineSnapshot, folder: Path, cases: Sequence[str]
) -> list[str]:
    """What `tox -e baselines` wrote into `folder`: each case changed, new or unchanged, and each
    changed case's description change in words."""
    status: dict[str, list[str]] = {"changed": [], "new": [], "unchanged": [], "not written": []}
    details: list[str] = []
    for case in cases:
        names = (f"{case}.png", f"{case}.json")
        if not any(name in after.files for name in names):
            status["not written"].append(case)
        elif not any(name in before.files for name in names):
            status["new"].append(case)
            details.append(f"  new        {case}")
        elif all(before.files.get(name) == after.files.get(name) for name in names):
            status["unchanged"].append(case)
        else:
            status["changed"].append(case)
            details += _changed_case(case, before, after, shown_path(folder))
    counts = ", ".join(f"{len(found)} {word}" for word, found in status.items() if found)
    lines = [f"{shown_path(folder)}: {counts}", *details]
    if status["unchanged"]:
        lines.append(f"  unchanged  {', '.join(status['unchanged'])}")
    if status["not written"]:
        lines.append(f"  not written (deselected) {', '.join(status['not written'])}")
    if status["changed"] or status["new"]:
        lines.append(
            "look at each changed PNG, read `git diff` of the descriptions, then commit them"
        )
    return lines


def _changed_case(
    case: str, before: BaselineSnapshot, after: BaselineSnapshot, folder: str
) -> list[str]:
    png, json = f"{case}.png", f"{case}.json"
    parts = [
        what
        for what, name in (("PNG", png), ("description", json))
        if before.files.get(name) != after.files.get(name)
    ]
    lines = [f"  changed    {case}: {' and '.join(parts)}"]
    if json in before.files and json in after.files:
        words = describe_changes(
            description_from_json(before.files[json].decode("utf-8")),
            description_from_json(after.files[json].decode("utf-8")),
        )
        shown = words[:MAX_WRITTEN_LINES]
        lines += [f"    {line}" for line in shown]
        if len(words) > len(shown):
            rest = len(words) - len(shown)
            lines.append(f"    … {rest} more: git diff --word-diff {folder}/{json}")
        if not words:
            lines.append("    nothing the description covers changed (look at the PNG)")
    return lines


class DroppedLines(io.TextIOBase):
    """Standard output without the lines that start with `prefixes`: pytest-mpl prints where its
    summaries are, which the run's answer replaces (the page is what a person is sent to); no
    option of pytest-mpl turns those prints off."""

    def __init__(self, target: TextIO, prefixes: tuple[str, ...]) -> None:
        self.target, self.prefixes, self.pending = target, prefixes, ""

    def write(self, text: str) -> int:
        self.pending += text
        *whole, self.pending = self.pending.split("\n")
        for line in whole:
            if not line.startswith(self.prefixes):
                self.target.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending and not self.pending.startswith(self.prefixes):
            self.target.write(self.pending)
        self.pending = ""
        self.target.flush()
