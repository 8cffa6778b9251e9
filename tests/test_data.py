"""The data contract: FigureData validation and the TOML and CSV formats (README "Data format")."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from plotting import Baseline, DataError, FigureData, load_data, paper_data
from plotting.data import MAX_ABS_VALUE

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


def test_figure_data_is_frozen_and_normalizes_sequences() -> None:
    data = FigureData(warmup_steps=[5, np.int64(10)], avg_scores=np.array([1.0, 2.5]))  # type: ignore[arg-type]
    assert data.warmup_steps == (5, 10)
    assert data.avg_scores == (1.0, 2.5)
    assert all(type(v) is int for v in data.warmup_steps)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.avg_scores = (1.0,)  # type: ignore[misc]


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
def test_invalid_figure_data_says_what_and_where(changes: dict[str, object], message: str) -> None:
    with pytest.raises(DataError) as error:
        dataclasses.replace(paper_data(), **changes)  # type: ignore[arg-type]
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
def test_invalid_baseline(label: object, value: object, message: str) -> None:
    with pytest.raises(DataError, match=message):
        Baseline(label, value)  # type: ignore[arg-type]
