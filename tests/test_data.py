"""The data contract: FigureData validation and the TOML and CSV formats (README "Data format")."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from plotting import Baseline, DataError, FigureData, load_data, paper_data
from plotting.data import MAX_ABS_VALUE, MAX_BARS

PAPER_TOML = """\
[data]
warmup_steps = [5, 10, 15, 20, 25, 30]
avg_scores   = [55.69, 57.74, 57.11, 57.54, 57.27, 56.32]
[baseline]
label = "GRPO"
value = 55.79
[axes]
xlabel = "Warmup Steps"
ylabel = "Avg Score"
ylim   = [54.2, 58.2]
yticks = [55, 56, 57, 58]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_paper_data_is_the_published_numbers() -> None:
    data = paper_data()
    assert data.warmup_steps == (5, 10, 15, 20, 25, 30)
    assert data.avg_scores == (55.69, 57.74, 57.11, 57.54, 57.27, 56.32)
    assert data.baseline == Baseline("GRPO", 55.79)
    assert (data.xlabel, data.ylabel) == ("Warmup Steps", "Avg Score")
    assert data.ylim == (54.2, 58.2)
    assert data.yticks == (55.0, 56.0, 57.0, 58.0)


def test_toml_round_trip_equals_paper_data(tmp_path: Path) -> None:
    assert load_data(write(tmp_path, "paper.toml", PAPER_TOML)) == paper_data()


def test_csv_gives_steps_and_scores_without_options(tmp_path: Path) -> None:
    text = "warmup_step,avg_score\n5,55.69\n10,57.74\n\n\n"
    data = load_data(write(tmp_path, "d.csv", text))
    assert data == FigureData(warmup_steps=(5, 10), avg_scores=(55.69, 57.74))
    assert data.baseline is None
    assert data.ylim is None
    assert data.yticks is None


def test_csv_tolerates_spaces_a_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes("\ufeffwarmup_step, avg_score\r\n 5 , 55.69\r\n".encode())
    assert load_data(path).avg_scores == (55.69,)


HEADER = "warmup_step,avg_score\n"

#: (what is wrong, the CSV's text, how its message starts): every problem in a CSV names its line
#: (as an editor numbers them) and speaks of warmup_step and avg_score, not of list indices.
BAD_CSV = [
    ("wrong header", "step,score\n5,1\n", "line 1: header must be warmup_step,avg_score"),
    ("header after blank lines", "\n \nstep,score\n", "line 3: header must be warmup_step"),
    ("no data rows", HEADER + "\n , \n", "line 1: no data rows after the header"),
    ("three cells", HEADER + "5,1\n10,2,3\n", "line 3: expected 2 cells (warmup_step,avg_score)"),
    ("one cell", HEADER + "5\n", "line 2: expected 2 cells (warmup_step,avg_score), got 1"),
    ("score not a number", HEADER + "5,1.0\n10,abc\n", "line 3: avg_score 'abc' is not a number"),
    ("score empty", HEADER + "5, \n", "line 2: avg_score is empty"),
    ("step not whole", HEADER + "5.5,1.0\n", "line 2: warmup_step '5.5' is not a whole number"),
    ("step not a number", HEADER + "five,1\n", "line 2: warmup_step 'five' is not a whole number"),
    ("step empty", HEADER + ",1\n", "line 2: warmup_step is empty"),
    (
        "repeated step",
        HEADER + "5,1\n10,2\n10,3\n",
        "line 4: warmup_step 10 repeats line 3: each step is one bar",
    ),
    (
        "repeated step after blank lines, CRLF",
        "warmup_step,avg_score\r\n5,1\r\n\r\n\r\n5,2\r\n",
        "line 5: warmup_step 5 repeats line 2",
    ),
    (
        "repeated step after a quoted cell over two lines",
        HEADER + '5,"1\n"\n5,2\n',
        "line 4: warmup_step 5 repeats line 2",
    ),
    ("first problem first", HEADER + "5,1\n5,2\n7,x\n", "line 3: warmup_step 5 repeats line 2"),
    ("not finite", HEADER + "5,1\n10,nan\n", "line 3: avg_score must be finite, got nan"),
    ("infinite", HEADER + "5,-inf\n", "line 2: avg_score must be finite, got -inf"),
    (
        "out of range",
        HEADER + f"5,{2 * MAX_ABS_VALUE:g}\n",
        f"line 2: avg_score = {2 * MAX_ABS_VALUE:g} is outside the supported range",
    ),
    (
        "too many bars",
        HEADER + "".join(f"{i},1\n" for i in range(MAX_BARS + 1)),
        f"line {MAX_BARS + 2}: bar {MAX_BARS + 1} is one too many: at most {MAX_BARS} fit",
    ),
    (
        "a quote that never closes",
        HEADER + '5,"' + "1" * 200_000,
        "line 2: not readable as CSV: field larger than field limit",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [row[1:] for row in BAD_CSV], ids=[row[0] for row in BAD_CSV]
)
def test_every_csv_problem_names_its_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, "d.csv", text)
    with pytest.raises(DataError) as error:
        load_data(path)
    assert str(error.value).startswith(f"{path}: {message}")


# ── bad data files: what load_data refuses, naming the file and the section ──────────────────────

DATA_TOML = "[data]\nwarmup_steps = [5, 10]\navg_scores = [55.0, 56.5]\n"


@dataclass(frozen=True)
class BadFile:
    """A data file `load_data` refuses: `data` is its name in the test's folder, `files` what the
    folder holds, `message` what the refusal says (`{tmp}`: the folder)."""

    name: str
    data: str
    message: str
    files: dict[str, bytes] = field(default_factory=dict)


def toml(text: str) -> dict[str, bytes]:
    return {"in.toml": text.encode()}


def csv(text: str) -> dict[str, bytes]:
    return {"in.csv": text.encode()}


#: The file's own problems (its size, encoding, extension, TOML structure) and the section names
#: the TOML loader adds to FigureData's refusals (whose full table is above). The command line
#: prints these messages as they are (tests/test_cli.py shows it for one).
BAD_FILES = [
    BadFile("missing file", "nope.toml", "{tmp}/nope.toml: no such file"),
    BadFile("toml syntax", "in.toml", "{tmp}/in.toml: not valid TOML", toml("[data\n")),
    BadFile("no data table", "in.toml", "missing [data] table", toml("[axes]\nxlabel = 'x'\n")),
    BadFile(
        "unknown key",
        "in.toml",
        "unknown key 'avg_score' in [data] (did you mean 'avg_scores'?)",
        toml("[data]\nwarmup_steps = [1]\navg_score = [2]\n"),
    ),
    BadFile(
        "unknown table",
        "in.toml",
        "unknown key 'axis' in the top level (did you mean 'axes'?)",
        toml(DATA_TOML + "[axis]\n"),
    ),
    BadFile(
        "nan",
        "in.toml",
        "[data] avg_scores[1] must be finite, got nan",
        toml("[data]\nwarmup_steps = [1, 2]\navg_scores = [3, nan]\n"),
    ),
    BadFile(
        "boolean step",
        "in.toml",
        "warmup_steps[0] must be a whole number, got True",
        toml("[data]\nwarmup_steps = [true]\navg_scores = [1]\n"),
    ),
    BadFile(
        "reversed ylim",
        "in.toml",
        "[axes] ylim bottom must be below top, got [58, 54]",
        toml(DATA_TOML + "[axes]\nylim = [58, 54]\n"),
    ),
    BadFile(
        "baseline without value",
        "in.toml",
        "[baseline] is missing the key 'value'",
        toml(DATA_TOML + "[baseline]\nlabel = 'GRPO'\n"),
    ),
    BadFile(
        "baseline value text",
        "in.toml",
        "[baseline] value must be a number, got 'high'",
        toml(DATA_TOML + "[baseline]\nlabel = 'GRPO'\nvalue = 'high'\n"),
    ),
    BadFile(
        "baseline not a table",
        "in.toml",
        "[baseline] must be a table",
        toml("baseline = 3\n" + DATA_TOML),
    ),
    BadFile("csv empty", "in.csv", "empty CSV", csv("")),
    BadFile(
        "figure width unknown key",
        "in.toml",
        "unknown key 'widht' in [figure] (did you mean 'width'?)",
        toml(DATA_TOML + "[figure]\nwidht = 5\n"),
    ),
    BadFile(
        "figure width not a number",
        "in.toml",
        "[figure] width must be a number, got 'wide'",
        toml(DATA_TOML + "[figure]\nwidth = 'wide'\n"),
    ),
    BadFile(
        "figure width too small",
        "in.toml",
        "[figure] width must be between 1.5 and 20 inches, got 0.5",
        toml(DATA_TOML + "[figure]\nwidth = 0.5\n"),
    ),
    BadFile(
        "ylim cuts off a bar",
        "in.toml",
        "ylim [54, 56] cuts off bar 10 (56.50): widen ylim",
        toml(DATA_TOML + "[axes]\nylim = [54, 56]\n"),
    ),
    BadFile(
        "ylim leaves out the baseline",
        "in.toml",
        "ylim [54, 57] leaves out the baseline 60.00",
        toml(DATA_TOML + "[axes]\nylim = [54, 57]\n[baseline]\nlabel = 'A'\nvalue = 60\n"),
    ),
    BadFile("file too large", "in.csv", "larger than 10 MiB", csv("#" * (10 * 1024 * 1024 + 1))),
    BadFile("binary garbage", "in.toml", "not a UTF-8 text file", {"in.toml": bytes(range(256))}),
    BadFile("nul bytes", "in.csv", "not a text file (NUL byte", {"in.csv": b"warmup_step\x00"}),
    BadFile(
        "unknown extension",
        "in.json",
        "unknown file extension '.json'",
        {"in.json": b"{}"},
    ),
    BadFile(
        "data is a folder",
        "folder.toml",
        "is a directory",
        {"folder.toml/x": b""},
    ),
]


@pytest.mark.parametrize("bad", BAD_FILES, ids=[bad.name for bad in BAD_FILES])
def test_every_bad_data_file_is_refused_with_what_and_where(bad: BadFile, tmp_path: Path) -> None:
    for name, content in bad.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    with pytest.raises(DataError) as error:
        load_data(tmp_path / bad.data)
    assert bad.message.format(tmp=tmp_path) in str(error.value)


def test_figure_data_is_frozen_and_normalizes_sequences() -> None:
    # a list and an array where tuples are declared: what callers pass, the type checker aside
    steps: Any = [5, np.int64(10)]
    scores: Any = np.array([1.0, 2.5])
    data = FigureData(warmup_steps=steps, avg_scores=scores)
    assert data.warmup_steps == (5, 10)
    assert data.avg_scores == (1.0, 2.5)
    assert all(type(v) is int for v in data.warmup_steps)
    frozen: Any = data  # the type checker refuses the assignment too; this is Python refusing it
    with pytest.raises(dataclasses.FrozenInstanceError):
        frozen.avg_scores = (1.0,)


def test_optional_parts_of_the_toml_may_be_left_out(tmp_path: Path) -> None:
    path = write(tmp_path, "d.toml", "[data]\nwarmup_steps = [1]\navg_scores = [2]\n")
    assert load_data(path) == FigureData(warmup_steps=(1,), avg_scores=(2.0,))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"warmup_steps": (), "avg_scores": ()}, "warmup_steps is empty"),
        ({"avg_scores": (1.0,)}, "warmup_steps has 6 values but avg_scores has 1"),
        ({"avg_scores": (1.0, 2.0, math.nan, 4.0, 5.0, 6.0)}, "avg_scores[2] must be finite"),
        ({"avg_scores": (1.0, 2.0, 3.0, math.inf, 5.0, 6.0)}, "avg_scores[3] must be finite"),
        ({"avg_scores": (1.0, "2", 3.0, 4.0, 5.0, 6.0)}, "avg_scores[1] must be a number, got '2'"),
        (
            {"avg_scores": (True, 2.0, 3.0, 4.0, 5.0, 6.0)},
            "avg_scores[0] must be a number, got True",
        ),
        ({"warmup_steps": (5, 10, 10, 20, 25, 30)}, "warmup_steps[2] = 10 repeats warmup_steps[1]"),
        (
            {"warmup_steps": range(MAX_BARS + 1), "avg_scores": (1.0,) * (MAX_BARS + 1)},
            f"warmup_steps has {MAX_BARS + 1} values: at most {MAX_BARS} bars fit",
        ),
        ({"warmup_steps": (5, 10.5, 15, 20, 25, 30)}, "warmup_steps[1] must be a whole number"),
        ({"avg_scores": (2 * MAX_ABS_VALUE,) * 6}, "outside the supported range"),
        ({"ylim": (58.2, 54.2)}, "ylim bottom must be below top"),
        ({"ylim": (55.0, 55.0)}, "ylim bottom must be below top"),
        ({"ylim": (1.0, 2.0, 3.0)}, "ylim must be two numbers"),
        ({"ylim": "54-58"}, "ylim must be a list"),
        ({"yticks": (55, "x")}, "yticks[1] must be a number"),
        ({"xlabel": 3}, "xlabel must be a string"),
    ],
)
def test_invalid_figure_data_says_what_and_where(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(DataError) as error:
        dataclasses.replace(paper_data(), **changes)
    assert message in str(error.value)
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("GRPO", math.nan, "baseline value must be finite"),
        ("GRPO", "55", "baseline value must be a number"),
        (55, 55.0, "baseline label must be a string"),
    ],
)
def test_invalid_baseline(label: Any, value: Any, message: str) -> None:
    with pytest.raises(DataError, match=message):
        Baseline(label, value)
