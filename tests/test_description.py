"""The public description of a figure and its differ: names by role, hermetic, stable, in words."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import matplotlib
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from figures.warmup_ablation import PAPER
from plotting import (
    DEFAULT_FONT,
    describe_changes,
    describe_figure,
    description_from_json,
    description_to_json,
    render,
    warmup_ablation_figure,
)
from plotting.cli import main
from plotting.design import DESIGN
from plotting.style import style_path

pytestmark = pytest.mark.description


@pytest.fixture(scope="module")
def paper() -> dict[str, dict[str, str]]:
    return describe_figure(warmup_ablation_figure())


def test_artists_are_named_by_their_role(paper: dict[str, dict[str, str]]) -> None:
    steps = [str(step) for step in PAPER.warmup_steps]
    for step in steps:
        assert f"bar {step}" in paper
        assert f"value label {step}" in paper
        assert f"x tick label {step}" in paper
        assert paper[f"value label {step}"]["text"] == f"{PAPER.avg_scores[steps.index(step)]:.2f}"
    for name in ("figure", "axes", "trend line", "baseline", "baseline label", "y grid"):
        assert name in paper
    assert paper["baseline label"]["text"] == "GRPO 55.79"
    assert paper["baseline"]["value"] == "55.79"
    on, off = DESIGN.baseline_dashes[1]
    assert paper["baseline"]["style"] == f"dashes {round(on, 2)!r} {round(off, 2)!r}"
    assert paper["trend line"]["point 10"] == "1, 57.74"
    assert not [name for name in paper if name.startswith(("patch", "line", "text"))]


def test_size_and_colours_are_what_the_design_says(paper: dict[str, dict[str, str]]) -> None:
    """The design's values, as a description writes them (the expected words come from the
    design and the style sheet, not from a description). Nothing here is measured in pixels, so
    it holds on every stack (`pytest -m description` runs it there)."""
    style = matplotlib.rc_params_from_file(str(style_path()), use_default_template=False)
    width, height = style["figure.figsize"]
    assert paper["figure"]["size"] == f"{round(width, 3)!r} x {round(height, 3)!r} in"
    assert paper["figure"]["facecolor"] == to_hex(style["figure.facecolor"])
    scores = PAPER.avg_scores
    lowest, highest = (PAPER.warmup_steps[scores.index(pick(scores))] for pick in (min, max))
    assert paper[f"bar {lowest}"]["fill"] == to_hex(DESIGN.gradient[0])  # the gradient's start
    assert paper[f"bar {highest}"]["fill"] == to_hex(DESIGN.gradient[1])  # ...and its end
    assert paper["baseline"]["colour"] == to_hex(DESIGN.baseline_color)
    assert paper["baseline"]["alpha"] == repr(round(DESIGN.baseline_alpha, 3))
    assert paper["trend line"]["marker face"] == to_hex(DESIGN.marker_face_color)
    assert paper[f"value label {lowest}"]["font"] == DEFAULT_FONT


def test_a_users_rcparams_change_nothing(paper: dict[str, dict[str, str]]) -> None:
    with matplotlib.rc_context(
        {"font.size": 20, "font.serif": ["DejaVu Serif"], "savefig.dpi": 72, "lines.linewidth": 4}
    ):
        assert describe_figure(warmup_ablation_figure()) == paper


def test_describing_leaves_the_figure_as_it_was() -> None:
    figure = warmup_ablation_figure()
    before = render(figure, "png")
    dpi = figure.dpi
    describe_figure(figure, dpi=150)
    assert figure.dpi == dpi
    assert render(figure, "png") == before


def test_a_plain_matplotlib_figure_can_be_described() -> None:
    figure = Figure(figsize=(2, 1))
    ax = figure.add_subplot()
    ax.bar([0, 1], [1.0, 2.0], color="#ff000080")
    ax.plot([0, 1], [1, 2])
    ax.text(0, 1, "hi")
    description = describe_figure(figure, dpi=100)
    assert description["patch 1"]["fill"] == "#ff000080"
    assert description["line 1"]["point 1"] == "1, 2"  # named by the x tick label there
    assert description["text 1"]["text"] == "hi"


def test_json_is_one_artist_a_line_sorted_naturally_and_a_diff_names_the_artist(
    paper: dict[str, dict[str, str]],
) -> None:
    text = description_to_json(paper)
    assert description_from_json(text) == paper
    assert description_to_json(description_from_json(text)) == text
    assert description_from_json(json.dumps(paper, indent=1)) == paper  # the older form reads
    lines = text.splitlines()
    assert (lines[0], lines[-1]) == ("{", "}")
    members = [json.loads("{" + line.removesuffix(",") + "}") for line in lines[1:-1]]
    assert [list(member) for member in members] == [[name] for name in paper]
    names = list(json.loads(text))
    assert names.index("bar 5") < names.index("bar 10") < names.index("bar 15")
    for name, props in paper.items():  # git's default context: 3 lines
        changed = {**paper, name: {**props, next(iter(props)): "changed"}}
        diff = difflib.unified_diff(
            text.splitlines(), description_to_json(changed).splitlines(), n=3, lineterm=""
        )
        changes = [line for line in diff if line[:1] in "-+" and line[:3] not in ("---", "+++")]
        assert [line[1:].split(": {", 1)[0] for line in changes] == [json.dumps(name)] * 2


@pytest.mark.parametrize("bad", ["[]", '{"bar": {"x": 1}}', '{"bar": 2}', "not json"])
def test_reading_something_else_is_a_value_error(bad: str) -> None:
    with pytest.raises(ValueError, match=r"not a figure description|Expecting value"):
        description_from_json(bad)


OLD = {
    "figure": {"height": "719 px", "size": "3.6 x 2.3 in"},
    "trend line": {"linewidth": "0.9"},
    "label": {"box": "x 10.0..20.0, y 5.0..9.0 px", "text": "a"},
    "bar 30": {"fill": "#428ae5"},
}


@pytest.mark.parametrize(
    ("new", "tolerance", "expected"),
    [
        pytest.param(OLD, 0.0, [], id="same"),
        pytest.param(
            {**OLD, "trend line": {"linewidth": "1.0"}},
            None,
            ["trend line: linewidth 0.9 → 1.0"],
            id="changed property, pixels ignored",
        ),
        pytest.param(
            {key: value for key, value in OLD.items() if key != "bar 30"} | {"bar 35": {}},
            0.0,
            ["bar 30: removed", "bar 35: added"],
            id="artists appear and disappear",
        ),
        pytest.param(
            {**OLD, "trend line": {"linewidth": "0.9", "alpha": "0.5"}},
            0.0,
            ["trend line: alpha (none) → 0.5"],
            id="a property appears",
        ),
        pytest.param(
            {**OLD, "figure": {"height": "728 px", "size": "3.6 x 2.3 in"}},
            0.0,
            ["figure: height 719 px → 728 px"],
            id="pixels compared exactly",
        ),
        pytest.param(
            {**OLD, "figure": {"height": "728 px", "size": "3.6 x 2.3 in"}},
            9.0,
            [],
            id="pixels within the tolerance",
        ),
        pytest.param(
            {**OLD, "figure": {"height": "728 px", "size": "3.6 x 2.3 in"}},
            8.9,
            ["figure: height 719 px → 728 px"],
            id="pixels beyond the tolerance",
        ),
        pytest.param(
            {**OLD, "figure": {"height": "719 px", "size": "3.6 x 2.4 in"}},
            None,
            ["figure: size 3.6 x 2.3 in → 3.6 x 2.4 in"],
            id="inches are never tolerated",
        ),
        pytest.param(
            {**OLD, "label": {"box": "x 10.5..20.5, y 5.0..9.0 px", "text": "b"}},
            1.0,
            ["label: text a → b"],
            id="box moved a little, text changed",
        ),
    ],
)
def test_changes_are_said_one_line_a_property(
    new: dict[str, dict[str, str]], tolerance: float | None, expected: list[str]
) -> None:
    assert describe_changes(OLD, new, pixel_tolerance=tolerance) == expected


def test_the_cli_describes_the_figure_it_would_draw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], paper: dict[str, dict[str, str]]
) -> None:
    data = tmp_path / "scores.csv"
    data.write_text("warmup_step,avg_score\n5,55.69\n10,57.74\n", encoding="utf-8")
    assert main(["--describe", "--out-dir", str(tmp_path / "out")]) == 0
    assert description_from_json(capsys.readouterr().out) == paper
    assert main(["--describe", "--data", str(data), "--baseline", "SFT=56"]) == 0
    described = description_from_json(capsys.readouterr().out)
    assert sorted(name for name in described if name.startswith("bar ")) == ["bar 10", "bar 5"]
    assert described["baseline label"]["text"] == "SFT 56.00"
    assert not (tmp_path / "out").exists()  # describing writes nothing
