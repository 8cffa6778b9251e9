"""`plotting.draw`: validated data in, a `StyledFigure` out, drawn in the design's look and saved
in the package style whatever the global rcParams say.

The paper's figure is drawn once for the module (`paper`); what a design or data changes is read
off a figure drawn in the same run, with values derived from `Design()`, never written out.
"""

from __future__ import annotations

import dataclasses
import io
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import matplotlib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from plotting import (
    Baseline,
    DataError,
    FigureData,
    FontNotFoundError,
    bar_colors,
    paper_data,
    render,
    warmup_ablation_figure,
)
from plotting.design import DESIGN, Design
from plotting.draw import MINUS, StyledFigure, format_value
from plotting.style import style_context, style_path

if TYPE_CHECKING:  # matplotlib 3.10 (tox -e mpl310) has no RcKeyType
    from matplotlib.typing import RcKeyType


@pytest.fixture(scope="module")
def paper() -> Figure:
    """The paper's figure, drawn once for every test that only reads it."""
    return warmup_ablation_figure()


def bars_of(ax: Axes) -> list[Rectangle]:
    bars = [patch for patch in ax.patches if isinstance(patch, Rectangle)]
    assert len(bars) == len(ax.patches)
    return bars


def line_of(ax: Axes, gid: str) -> Line2D:
    return next(line for line in ax.lines if line.get_gid() == gid)


def texts_of(ax: Axes, prefix: str) -> list[Text]:
    texts = [text for text in ax.texts if str(text.get_gid()).startswith(prefix)]
    assert texts, prefix
    return texts


# ── format_value ─────────────────────────────────────────────────────────────────────────────────


def test_the_minus_sign_is_the_true_one() -> None:
    """U+2212, as matplotlib's tick labels write it; not the hyphen of Python's formatting."""
    assert MINUS == "\N{MINUS SIGN}"


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (57.74, 2, "57.74"),
        (1234.5, 2, "1234.50"),
        (-2.5, 2, f"{MINUS}2.50"),
        (-0.005, 2, f"{MINUS}0.01"),  # -0.005 is a little below -0.005 in binary: it rounds away
        (0.0, 2, "0.00"),
        (-0.0, 2, "0.00"),
        (-0.001, 2, "0.00"),  # rounds to a negative zero: written without its sign
        (1e-7, 2, "0.00"),
        (-0.5, 0, "0"),
        (-0.6, 0, f"{MINUS}1"),
        (-1.0, 1, f"{MINUS}1.0"),
        (math.pi, 3, "3.142"),
    ],
)
def test_format_value(value: float, digits: int, text: str) -> None:
    assert format_value(value, digits) == text


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.integers(min_value=0, max_value=4),
)
def test_format_value_is_the_value_rounded_with_no_hyphen_and_no_negative_zero(
    value: float, digits: int
) -> None:
    text = format_value(value, digits)
    assert "-" not in text
    assert text.count(".") == (1 if digits else 0)
    assert len(text.partition(".")[2]) == digits
    number = float(text.replace(MINUS, "-"))
    assert abs(number - value) <= 0.5 * 10.0**-digits * (1 + 1e-9) + abs(value) * 1e-15
    assert not (text.startswith(MINUS) and number == 0.0)


# ── StyledFigure ─────────────────────────────────────────────────────────────────────────────────

FONT = "DejaVu Sans"

#: A user's settings that would change what a plain Figure draws and saves.
HOSTILE: dict[RcKeyType, Any] = {
    "font.size": 20.0,
    "font.family": ["monospace"],
    "font.serif": ["DejaVu Serif"],
    "text.hinting": "none",
    "text.color": "red",
    "savefig.dpi": 17.0,
    "savefig.facecolor": "yellow",
    "savefig.bbox": None,
}


def watched_keys() -> list[RcKeyType]:
    """The style file's settings, and the ones `HOSTILE` changes."""
    params = matplotlib.rc_params_from_file(str(style_path()), use_default_template=False)
    return sorted({*params, *HOSTILE})


class ParamsRecorder(Artist):
    """An artist that notes the watched rcParams whenever it is drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[dict[RcKeyType, Any]] = []

    def draw(self, renderer: RendererBase) -> None:
        self.seen.append({key: matplotlib.rcParams[key] for key in watched_keys()})


def small_styled_figure() -> StyledFigure:
    """Built in the style, as `warmup_ablation_figure` builds its figure; one label."""
    with style_context(FONT):
        fig = StyledFigure(style_font=FONT, figsize=(1.0, 0.5))
        fig.text(0.1, 0.3, f"{MINUS}1.00")
    return fig


def test_a_styled_figure_says_its_font() -> None:
    assert StyledFigure(style_font=FONT).style_font == FONT


def draw_it(fig: Figure) -> None:
    FigureCanvasAgg(fig)
    fig.canvas.draw()


def save_png(fig: Figure) -> None:
    fig.savefig(io.BytesIO(), format="png")


def save_pdf(fig: Figure) -> None:
    fig.savefig(io.BytesIO(), format="pdf")


@pytest.mark.parametrize("use", [draw_it, save_png, save_pdf], ids=["draw", "PNG", "PDF"])
def test_a_styled_figure_draws_in_its_style_whatever_the_rcparams(
    use: Callable[[Figure], None],
) -> None:
    """Whenever it is drawn or saved, the style and the figure's font are in force, not the
    user's settings; afterwards the user's settings are back."""
    with style_context(FONT):
        ours = {key: matplotlib.rcParams[key] for key in watched_keys()}
    fig = small_styled_figure()
    recorder = ParamsRecorder()
    fig.add_artist(recorder)
    with matplotlib.rc_context(HOSTILE):
        use(fig)
        assert {key: matplotlib.rcParams[key] for key in HOSTILE} != {
            key: ours[key] for key in HOSTILE
        }
    assert recorder.seen
    assert all(seen == ours for seen in recorder.seen)


def png_bytes(fig: Figure) -> bytes:
    """Saved with the defaults the rcParams in force give (dpi, colours, bounding box)."""
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def test_a_styled_figure_saves_the_same_bytes_whatever_the_rcparams() -> None:
    """savefig's own defaults (dpi, face colour, bounding box) are the style's too. The user's
    settings do change a plain Figure saved the same way, so the rows matter."""
    fig = small_styled_figure()
    plain = Figure(figsize=(1.0, 0.5))
    plain.text(0.1, 0.3, f"{MINUS}1.00")
    expected, plain_expected = png_bytes(fig), png_bytes(plain)
    with matplotlib.rc_context(HOSTILE):
        assert png_bytes(fig) == expected
        assert png_bytes(plain) != plain_expected


# ── warmup_ablation_figure ───────────────────────────────────────────────────────────────────────


def test_figure_is_built_without_changing_global_rcparams() -> None:
    with matplotlib.rc_context({"font.size": 20, "font.family": "monospace"}):
        before = dict(matplotlib.rcParams)
        fig = warmup_ablation_figure()
        render(fig, "png")
        assert dict(matplotlib.rcParams) == before
    assert isinstance(fig, StyledFigure)


def test_paper_figure_has_the_papers_elements(paper: Figure) -> None:
    (ax,) = paper.axes
    bars = bars_of(ax)
    assert paper.get_size_inches()[0] == paper_data().width
    assert [bar.get_height() for bar in bars] == list(paper_data().avg_scores)
    assert {round(bar.get_width(), 6) for bar in bars} == {round(DESIGN.bar_width, 6)}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["5", "10", "15", "20", "25", "30"]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["55.69", "57.74", "57.11", "57.54", "57.27", "56.32", "GRPO 55.79"]
    assert ax.get_ylim() == (54.2, 58.2)
    assert not ax.spines["top"].get_visible()
    assert not ax.spines["right"].get_visible()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Warmup Steps", "Avg Score")


def test_value_labels_sit_their_offset_above_each_bar_in_the_paper(paper: Figure) -> None:
    """The design's offset is a share of the y-range: 0.35 score units with the paper's limits."""
    ax = paper.axes[0]
    bottom, top = ax.get_ylim()
    offset = DESIGN.value_label_offset * (top - bottom)
    for text, score in zip(ax.texts, paper_data().avg_scores, strict=False):
        assert text.get_position()[1] == pytest.approx(score + offset, abs=1e-12)


def test_font_is_checked_and_resolved_case_insensitively() -> None:
    fig = warmup_ablation_figure(font="dejavu serif")
    assert isinstance(fig, StyledFigure)
    assert fig.style_font == "DejaVu Serif"
    with pytest.raises(FontNotFoundError, match="font 'Times New Roman Fake' is not installed"):
        warmup_ablation_figure(font="Times New Roman Fake")


def test_data_must_be_figure_data() -> None:
    not_data: Any = {"avg_scores": [1]}  # a mapping where FigureData belongs, on purpose
    with pytest.raises(TypeError, match="FigureData"):
        warmup_ablation_figure(not_data)


def test_auto_limits_contain_bars_labels_and_baseline() -> None:
    data = FigureData(warmup_steps=(1, 2), avg_scores=(-3.0, 12.0), baseline=Baseline("B", 20.0))
    ax = warmup_ablation_figure(data).axes[0]
    bottom, top = ax.get_ylim()
    assert bottom < -3.0
    assert top > 20.0


@pytest.mark.parametrize(
    ("scores", "from_zero"),
    [
        pytest.param((50.0, 60.0), True, id="all positive: from zero, below the plot"),
        pytest.param((-1.0, 2.0), True, id="both signs: from zero, inside the plot"),
        pytest.param((-60.0, -50.0), False, id="all negative: from below the plot"),
    ],
)
def test_bars_grow_from_zero_or_from_below_the_plot(
    scores: tuple[float, float], from_zero: bool
) -> None:
    """Each bar reaches its score; it starts at zero unless zero lies above the plot, where a
    bar hanging from it would hide the scores' differences."""
    ax = warmup_ablation_figure(FigureData(warmup_steps=(1, 2), avg_scores=scores)).axes[0]
    bars = bars_of(ax)
    assert [bar.get_y() + bar.get_height() for bar in bars] == pytest.approx(scores)
    bases = {bar.get_y() for bar in bars}
    assert len(bases) == 1
    (base,) = bases
    if from_zero:
        assert base == 0.0
    else:
        assert base < ax.get_ylim()[0]


def other_colour(colour: str) -> str:
    """A colour plainly not `colour`: its complement."""
    red, green, blue = to_rgb(colour)
    return to_hex((1 - red, 1 - green, 1 - blue))


VARIANT = dataclasses.replace(
    DESIGN,
    bar_width=DESIGN.bar_width / 2,
    gradient=(other_colour(DESIGN.gradient[0]), other_colour(DESIGN.gradient[1])),
    bar_edge_color=other_colour(DESIGN.bar_edge_color),
    bar_edge_width=DESIGN.bar_edge_width * 2,
    line_color=other_colour(DESIGN.line_color),
    line_width=DESIGN.line_width * 2,
    marker_size=DESIGN.marker_size * 2,
    marker_edge_width=DESIGN.marker_edge_width * 2,
    marker_face_color=other_colour(DESIGN.marker_face_color),
    value_label_color=other_colour(DESIGN.value_label_color),
    baseline_color=other_colour(DESIGN.baseline_color),
    baseline_width=DESIGN.baseline_width * 2,
    baseline_alpha=DESIGN.baseline_alpha / 2,
    baseline_label_color=other_colour(DESIGN.baseline_label_color),
)


@pytest.fixture(scope="module")
def variant() -> Axes:
    """The paper's data drawn once in `VARIANT`, a design whose every row below differs."""
    return warmup_ablation_figure(design=VARIANT).axes[0]


#: (field of Design, what the drawn figure says of it): colours as hex, numbers as numbers.
DRAWN: list[tuple[str, Callable[[Axes], object]]] = [
    ("bar_width", lambda ax: {bar.get_width() for bar in bars_of(ax)}),
    ("gradient", lambda ax: [to_hex(bar.get_facecolor()) for bar in bars_of(ax)]),
    ("bar_edge_color", lambda ax: {to_hex(bar.get_edgecolor()) for bar in bars_of(ax)}),
    ("bar_edge_width", lambda ax: {bar.get_linewidth() for bar in bars_of(ax)}),
    ("line_color", lambda ax: to_hex(line_of(ax, "trend line").get_color())),
    ("line_width", lambda ax: line_of(ax, "trend line").get_linewidth()),
    ("marker_size", lambda ax: line_of(ax, "trend line").get_markersize()),
    ("marker_edge_width", lambda ax: line_of(ax, "trend line").get_markeredgewidth()),
    ("marker_face_color", lambda ax: to_hex(line_of(ax, "trend line").get_markerfacecolor())),
    ("value_label_color", lambda ax: {to_hex(t.get_color()) for t in texts_of(ax, "value label")}),
    ("baseline_color", lambda ax: to_hex(line_of(ax, "baseline").get_color())),
    ("baseline_width", lambda ax: line_of(ax, "baseline").get_linewidth()),
    ("baseline_alpha", lambda ax: line_of(ax, "baseline").get_alpha()),
    ("baseline_label_color", lambda ax: to_hex(texts_of(ax, "baseline label")[0].get_color())),
]


def expected_drawn(name: str, design: Design) -> object:
    """What `DRAWN`'s reading of `name` should give for a figure drawn in `design`."""
    value = getattr(design, name)
    if name == "gradient":
        start, end = value
        return bar_colors(paper_data().avg_scores, start, end, gamma=design.gamma)
    if name.startswith("bar_"):  # one value for all the bars
        return {to_hex(value) if isinstance(value, str) else value}
    if name == "value_label_color":
        return {to_hex(value)}
    return to_hex(value) if isinstance(value, str) else value


@pytest.mark.parametrize(("name", "read"), DRAWN, ids=[row[0] for row in DRAWN])
def test_the_design_given_is_the_design_drawn(
    variant: Axes, name: str, read: Callable[[Axes], object]
) -> None:
    """`design=` reaches every artist it styles: each row's field differs from the default
    design's, and the figure drawn in the variant shows the variant's value."""
    assert expected_drawn(name, VARIANT) != expected_drawn(name, DESIGN)
    assert read(variant) == expected_drawn(name, VARIANT)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"xlabel": "$\\oops$"},
            "xlabel '$\\\\oops$' is not valid math text: ",
            id="x label",
        ),
        pytest.param(
            {"ylabel": "score $x^$"},
            "ylabel 'score $x^$' is not valid math text: ",
            id="y label",
        ),
        pytest.param(
            {"baseline": Baseline("$\\frac{1}$", 55.0)},
            "baseline label '$\\\\frac{1}$' is not valid math text: ",
            id="baseline label",
        ),
    ],
)
def test_malformed_math_text_is_a_data_error_naming_the_label(
    changes: dict[str, Any], message: str
) -> None:
    """Refused before anything is drawn, as bad data, not as a parser's traceback."""
    data = dataclasses.replace(paper_data(), **changes)
    with pytest.raises(DataError) as error:
        warmup_ablation_figure(data)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_labels_with_valid_math_or_a_lone_dollar_are_drawn_as_given() -> None:
    data = dataclasses.replace(paper_data(), xlabel="$\\alpha$ steps", ylabel="cost ($)")
    ax = warmup_ablation_figure(data).axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == (data.xlabel, data.ylabel)
