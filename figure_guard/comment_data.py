"""The comment's data: what figures.yml leaves for the posting workflow, and its strict reading.

The data is the pull request's to choose, so it is read as data: every value checked (types,
ranges, counts, lengths, no unknown keys, no duplicate keys, no NaN); one that does not fit
refuses the whole file with one line that names it (`DataError`). Links are kept only to the
run's own artifacts on github.com. `figure_guard.comment` writes the comment from what this
reads. Only the standard library: the posting workflow runs it with the runner's python3.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

VERSION = 1
#: Sizes past which a data file is refused outright (no figure run comes near them).
MAX_DATA_BYTES = 2_000_000
MAX_CASES = 1_000
MAX_LINES = 10_000
MAX_COUNT = 10**9

Kind = Literal["run", "intended"]
Status = Literal["changed", "new", "removed"]
KINDS: tuple[Kind, ...] = ("run", "intended")
STATUSES: tuple[Status, ...] = ("changed", "new", "removed")
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
