"""`figure_guard.drawing`: the dpi a figure is saved at, the figure held at a dpi while it is read
or measured, and the style a figure that carries its own draws in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import matplotlib
import pytest
from matplotlib.artist import Artist
from matplotlib.backend_bases import FigureCanvasBase, RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from figure_guard.drawing import SelfStyled, at_dpi, drawing_style, saving_dpi
from plotting import warmup_ablation_figure


class DrawRecorder(Artist):
    """An artist that notes the figure's dpi whenever it is drawn."""

    def __init__(self, fig: Figure) -> None:
        super().__init__()
        self.fig = fig
        self.dpis: list[float] = []
        fig.add_artist(self)

    def draw(self, renderer: RendererBase) -> None:
        self.dpis.append(self.fig.dpi)


def small_figure(dpi: float = 100.0) -> Figure:
    return Figure(figsize=(2.0, 1.0), dpi=dpi)


# ── saving_dpi ───────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("savefig_dpi", "figure_dpi", "expected"),
    [
        pytest.param("figure", 123.0, 123.0, id="'figure': the figure's own dpi"),
        pytest.param(300.0, 100.0, 300.0, id="a number: that number"),
        pytest.param(72.5, 100.0, 72.5, id="not a whole number"),
    ],
)
def test_saving_dpi_reads_savefig_dpi(
    savefig_dpi: str | float, figure_dpi: float, expected: float
) -> None:
    with matplotlib.rc_context({"savefig.dpi": savefig_dpi}):
        dpi = saving_dpi(small_figure(figure_dpi))
    assert dpi == expected
    assert type(dpi) is float


# ── at_dpi ───────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("draw", [False, True], ids=["measuring only", "drawn first"])
@pytest.mark.parametrize("dpi", [72.0, 300.0])
def test_at_dpi_holds_the_figure_at_the_dpi_and_gives_it_back(dpi: float, draw: bool) -> None:
    """Inside, the figure and its Agg renderer are at `dpi` (drawn once there when `draw`, not at
    all otherwise); outside, the figure is at its own dpi again."""
    fig = small_figure()
    recorder = DrawRecorder(fig)
    with at_dpi(fig, dpi, draw=draw) as renderer:
        assert fig.dpi == dpi
        assert renderer.get_canvas_width_height() == (round(2.0 * dpi), round(1.0 * dpi))
        assert recorder.dpis == ([dpi] if draw else [])
    assert fig.dpi == 100.0


class InsideError(Exception):
    """Raised inside `at_dpi`, to see it give the dpi back on the way out."""


def test_at_dpi_gives_the_dpi_back_after_an_exception() -> None:
    fig = small_figure()
    with suppress(InsideError), at_dpi(fig, 300.0, draw=True):
        raise InsideError
    assert fig.dpi == 100.0


@pytest.mark.parametrize(
    "canvas",
    [
        pytest.param(FigureCanvasBase, id="no backend yet"),
        pytest.param(FigureCanvasSVG, id="an SVG canvas"),
        pytest.param(FigureCanvasAgg, id="an Agg canvas"),
    ],
)
def test_at_dpi_measures_with_agg_whatever_the_canvas(canvas: type[FigureCanvasBase]) -> None:
    """Text is measured as the saved PNG has it (hinted by Agg at that dpi), whichever canvas
    the figure had."""
    fig = small_figure()
    canvas(fig)
    with at_dpi(fig, 300.0) as renderer:
        assert isinstance(renderer, RendererAgg)


# ── drawing_style ────────────────────────────────────────────────────────────────────────────────


class OwnStyle(Figure):
    """A figure that carries its own style: its saving dpi is 150 inside it."""

    @contextmanager
    def drawing_style(self) -> Iterator[None]:
        with matplotlib.rc_context({"savefig.dpi": 150}):
            yield


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(small_figure, "figure", id="a plain figure: the rcParams in force"),
        pytest.param(OwnStyle, 150, id="a figure with its own style: that style"),
    ],
)
def test_a_figure_is_read_in_the_style_it_carries(
    make: Callable[[], Figure], expected: object
) -> None:
    fig = make()
    assert isinstance(fig, SelfStyled) is (expected == 150)
    with matplotlib.rc_context({"savefig.dpi": "figure"}), drawing_style(fig):
        assert matplotlib.rcParams["savefig.dpi"] == expected


def test_the_warmup_figure_carries_its_style() -> None:
    """`plotting.StyledFigure` draws in its style, so the describer reads it there too."""
    fig = warmup_ablation_figure()
    assert isinstance(fig, SelfStyled)
    with matplotlib.rc_context({"savefig.dpi": 72}), drawing_style(fig):
        assert saving_dpi(fig) == 300.0  # the style's, not the rcParams around it
