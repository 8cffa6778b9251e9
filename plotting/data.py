"""Figure data: the frozen value a figure is drawn from, its validation, and its two file formats.

Everything that can be wrong with a user's numbers is found here, before any drawing starts and
before any file is touched, and reported as a `DataError` whose message names where the problem is
(file, table, key, index or line) and what the bad value was.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from numbers import Integral, Real
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_WIDTH",
    "MAX_ABS_VALUE",
    "Baseline",
    "DataError",
    "FigureData",
    "load_data",
    "paper_data",
]

#: Largest magnitude accepted for a plotted value. Beyond it the axis arithmetic of matplotlib
#: (limits, ticks, transforms) loses the precision a two-decimal value label needs.
MAX_ABS_VALUE = 1e12

#: More bars than any paper figure shows; beyond it the file is not figure data.
MAX_BARS = 100
#: The figure's width in inches: a paper's column by default (the style's figure.figsize), and
#: never less than a thumbnail or more than a poster.
DEFAULT_WIDTH = 3.6
MIN_WIDTH, MAX_WIDTH = 1.5, 20.0
#: A data file larger than this is not figure data (and reading a device would never end).
MAX_DATA_BYTES = 10 * 1024 * 1024
CSV_HEADER = ("warmup_step", "avg_score")
_PAPER_DATA = "paper_data.toml"


class DataError(ValueError):
    """Figure data that cannot be drawn; the message is meant for the person who wrote the data."""


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number(value: object, where: str) -> float:
    """A finite float from a real number; booleans are not numbers here (TOML `true` is an int)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise DataError(f"{where} must be a number, got {_describe(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise DataError(f"{where} must be finite, got {_describe(value)}")
    if abs(number) > MAX_ABS_VALUE:
        raise DataError(f"{where} = {number:g} is outside the supported range ±{MAX_ABS_VALUE:g}")
    return number


def _whole(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise DataError(f"{where} must be a whole number, got {_describe(value)}")
    return int(value)


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise DataError(f"{where} must be a string, got {_describe(value)}")
    return value


def _sequence(value: object, where: str) -> Sequence[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise DataError(f"{where} must be a list, got {_describe(value)}")
    return list(value)


@dataclass(frozen=True)
class Baseline:
    """A reference result drawn as a dashed horizontal line with its label, e.g. GRPO 55.79."""

    label: str
    value: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", _text(self.label, "baseline label"))
        object.__setattr__(self, "value", _number(self.value, "baseline value"))


@dataclass(frozen=True)
class FigureData:
    """Everything one warmup-ablation figure shows. Validated when made, so it is always drawable.

    `ylim` and `yticks` are optional: without `ylim` the limits are chosen so that every bar top,
    value label and the baseline fit; without `yticks` matplotlib places the ticks. `width` is
    the figure's width in inches (a column, 3.6 in, by default); the figure keeps it whatever
    the number of bars.
    """

    warmup_steps: tuple[int, ...]
    avg_scores: tuple[float, ...]
    baseline: Baseline | None = None
    xlabel: str = "Warmup Steps"
    ylabel: str = "Avg Score"
    ylim: tuple[float, float] | None = None
    yticks: tuple[float, ...] | None = None
    width: float = DEFAULT_WIDTH

    def __post_init__(self) -> None:
        steps = tuple(
            _whole(v, f"warmup_steps[{i}]")
            for i, v in enumerate(_sequence(self.warmup_steps, "warmup_steps"))
        )
        scores = tuple(
            _number(v, f"avg_scores[{i}]")
            for i, v in enumerate(_sequence(self.avg_scores, "avg_scores"))
        )
        if not steps:
            raise DataError("warmup_steps is empty: a figure needs at least one bar")
        if len(steps) > MAX_BARS:
            raise DataError(f"warmup_steps has {len(steps)} values: at most {MAX_BARS} bars fit")
        if len(steps) != len(scores):
            raise DataError(
                f"warmup_steps has {len(steps)} values but avg_scores has {len(scores)}:"
                " they must pair up one to one"
            )
        seen: dict[int, int] = {}
        for i, step in enumerate(steps):
            if step in seen:
                raise DataError(
                    f"warmup_steps[{i}] = {step} repeats warmup_steps[{seen[step]}]:"
                    " each step is one bar"
                )
            seen[step] = i
        if self.baseline is not None and not isinstance(self.baseline, Baseline):
            raise DataError(f"baseline must be a Baseline, got {_describe(self.baseline)}")
        object.__setattr__(self, "warmup_steps", steps)
        object.__setattr__(self, "avg_scores", scores)
        object.__setattr__(self, "xlabel", _text(self.xlabel, "xlabel"))
        object.__setattr__(self, "ylabel", _text(self.ylabel, "ylabel"))
        if self.ylim is not None:
            limits = _sequence(self.ylim, "ylim")
            if len(limits) != 2:
                raise DataError(f"ylim must be two numbers [bottom, top], got {_describe(limits)}")
            bottom, top = (_number(v, f"ylim[{i}]") for i, v in enumerate(limits))
            if not bottom < top:
                raise DataError(f"ylim bottom must be below top, got [{bottom:g}, {top:g}]")
            object.__setattr__(self, "ylim", (bottom, top))
            self._check_inside_limits(bottom, top)
        if self.yticks is not None:
            ticks = tuple(
                _number(v, f"yticks[{i}]") for i, v in enumerate(_sequence(self.yticks, "yticks"))
            )
            object.__setattr__(self, "yticks", ticks)
        object.__setattr__(self, "width", check_width(self.width))

    def _check_inside_limits(self, bottom: float, top: float) -> None:
        """Limits from the data must show every bar's end and the baseline: a cut-off bar or an
        invisible baseline would be a figure that says less than its data."""
        limits = f"ylim [{bottom:g}, {top:g}]"
        for step, score in zip(self.warmup_steps, self.avg_scores, strict=True):
            if not bottom <= score <= top:
                raise DataError(f"{limits} cuts off bar {step} ({score:.2f}): widen ylim")
        if self.baseline is not None and not bottom <= self.baseline.value <= top:
            raise DataError(
                f"{limits} leaves out the baseline {self.baseline.value:.2f}: widen ylim"
            )


def check_width(value: object, where: str = "width") -> float:
    """A figure width in inches, MIN_WIDTH to MAX_WIDTH."""
    width = _number(value, where)
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise DataError(
            f"{where} must be between {MIN_WIDTH:g} and {MAX_WIDTH:g} inches, got {width:g}"
        )
    return width


# ── formats ──────────────────────────────────────────────────────────────────────────────────────

_TOML_SCHEMA: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # table: (required keys, optional keys)
    "data": (frozenset({"warmup_steps", "avg_scores"}), frozenset()),
    "baseline": (frozenset({"label", "value"}), frozenset()),
    "axes": (frozenset(), frozenset({"xlabel", "ylabel", "ylim", "yticks"})),
    "figure": (frozenset(), frozenset({"width"})),
}


def _unknown(name: str, known: Iterable[str], where: str) -> DataError:
    hint = difflib.get_close_matches(name, list(known), n=1)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    return DataError(f"unknown key {name!r} in {where}{suggestion}")


def _check_table(doc: Mapping[str, Any], table: str) -> Mapping[str, Any] | None:
    if table not in doc:
        if table == "data":
            raise DataError("missing [data] table with warmup_steps and avg_scores")
        return None
    content = doc[table]
    if not isinstance(content, Mapping):
        raise DataError(f"[{table}] must be a table, got {_describe(content)}")
    required, optional = _TOML_SCHEMA[table]
    for key in content:
        if key not in required | optional:
            raise _unknown(key, required | optional, f"[{table}]")
    for key in sorted(required - content.keys()):
        raise DataError(f"[{table}] is missing the key {key!r}")
    return content


def _from_toml(text: str) -> FigureData:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"not valid TOML: {error}") from None
    for table in doc:
        if table not in _TOML_SCHEMA:
            raise _unknown(table, _TOML_SCHEMA, "the top level")
    data = _check_table(doc, "data")
    assert data is not None
    baseline = _check_table(doc, "baseline")
    axes = _check_table(doc, "axes") or {}
    figure = _check_table(doc, "figure") or {}
    try:
        return FigureData(
            warmup_steps=data["warmup_steps"],
            avg_scores=data["avg_scores"],
            baseline=None if baseline is None else Baseline(baseline["label"], baseline["value"]),
            **axes,
            **figure,
        )
    except DataError as error:
        raise DataError(_in_table(str(error))) from None


def _in_table(message: str) -> str:
    """Say which table a FigureData message is about, so the reader knows where to look."""
    head = message.split(" ", 1)[0].split("[", 1)[0]
    if head in ("warmup_steps", "avg_scores"):
        return f"[data] {message}"
    if head == "baseline":
        return f"[baseline] {message.removeprefix('baseline ')}"
    if head in ("xlabel", "ylabel", "ylim", "yticks"):
        return f"[axes] {message}"
    if head == "width":
        return f"[figure] {message}"
    return message


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each row with a value in it, with the line it starts on as an editor numbers lines: a quoted
    cell may span lines, so the reader's own count is kept rather than counting rows."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as error:  # e.g. a quote that never closes runs into the field size limit
        raise DataError(f"line {start}: not readable as CSV: {error}") from None


def _csv_step(text: str, where: str) -> int:
    if not text:
        raise DataError(f"{where}: warmup_step is empty")
    try:
        return int(text)
    except ValueError:
        raise DataError(f"{where}: warmup_step {_describe(text)} is not a whole number") from None


def _csv_score(text: str, where: str) -> float:
    if not text:
        raise DataError(f"{where}: avg_score is empty")
    try:
        score = float(text)
    except ValueError:
        raise DataError(f"{where}: avg_score {_describe(text)} is not a number") from None
    return _number(score, f"{where}: avg_score")


def _from_csv(text: str) -> FigureData:
    """Every problem names the line it is on, in the CSV's words (warmup_step, avg_score), the
    first one in the file first: the checks FigureData makes in list indices are made here row by
    row before it is built, so none is left for it to find."""
    rows = _csv_rows(text)
    first = next(rows, None)
    if first is None:
        raise DataError(f"empty CSV: expected the header {','.join(CSV_HEADER)}")
    header_line, header = first
    if tuple(cell.strip() for cell in header) != CSV_HEADER:
        raise DataError(
            f"line {header_line}: header must be {','.join(CSV_HEADER)}, got {','.join(header)!r}"
        )
    line_of_step: dict[int, int] = {}
    scores: list[float] = []
    for number, row in rows:
        where = f"line {number}"
        if len(scores) == MAX_BARS:  # stop here: the rest of a large file need not be read
            raise DataError(f"{where}: bar {MAX_BARS + 1} is one too many: at most {MAX_BARS} fit")
        if len(row) != len(CSV_HEADER):
            raise DataError(
                f"{where}: expected {len(CSV_HEADER)} cells ({','.join(CSV_HEADER)}),"
                f" got {len(row)}"
            )
        step_text, score_text = (cell.strip() for cell in row)
        step = _csv_step(step_text, where)
        if step in line_of_step:
            raise DataError(
                f"{where}: warmup_step {step} repeats line {line_of_step[step]}:"
                " each step is one bar"
            )
        scores.append(_csv_score(score_text, where))
        line_of_step[step] = number
    if not scores:
        raise DataError(f"line {header_line}: no data rows after the header")
    steps = tuple(line_of_step)  # a dict keeps the file's order
    return FigureData(warmup_steps=steps, avg_scores=tuple(scores))


_READERS = {".toml": _from_toml, ".csv": _from_csv}


def parse_data(text: str, suffix: str) -> FigureData:
    """Figure data from the text of a `.toml` or `.csv` file (`suffix` picks the format)."""
    reader = _READERS.get(suffix.lower())
    if reader is None:
        raise DataError(
            f"unknown file extension {suffix or '(none)'!r}: expected one of {', '.join(_READERS)}"
        )
    return reader(text)


def load_data(path: str | Path) -> FigureData:
    """Read and validate figure data from a TOML or CSV file.

    Every problem is a `DataError` (a `ValueError`) whose message starts with the file's name.
    """
    path = Path(path)
    try:
        if path.suffix.lower() not in _READERS:
            return parse_data("", path.suffix)
        with path.open("rb") as handle:
            raw = handle.read(MAX_DATA_BYTES + 1)
        if len(raw) > MAX_DATA_BYTES:
            raise DataError(f"larger than {MAX_DATA_BYTES // (1024 * 1024)} MiB: not figure data")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DataError(
                f"not a UTF-8 text file (byte 0x{raw[error.start]:02x} at offset {error.start})"
            ) from None
        if "\x00" in text:
            raise DataError(f"not a text file (NUL byte at offset {text.index(chr(0))})")
        return parse_data(text, path.suffix)
    except DataError as error:
        raise DataError(f"{path}: {error}") from None
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a data file") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read: {error.strerror or error}") from None


def paper_data() -> FigureData:
    """The numbers published in the paper, read from the TOML file shipped inside the package."""
    text = resources.files(__package__).joinpath(_PAPER_DATA).read_text(encoding="utf-8")
    return _from_toml(text)
