"""Drawing a figure to read it: at the dpi it is saved at, in the style it draws in.

The description is read after drawing the figure as it is saved, so that every artist sits where
the file has it. `plotting` measures its labels the same way and imports `at_dpi` from here: one
place draws to measure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Protocol, runtime_checkable

import matplotlib
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["SelfStyled", "at_dpi", "drawing_style", "saving_dpi"]


@runtime_checkable
class SelfStyled(Protocol):
    """A figure that carries its own style: it draws and saves inside `drawing_style()`, whatever
    the rcParams in force (as `plotting.StyledFigure` does). The describer reads it in that style
    too, so that its description is as hermetic as its pixels."""

    def drawing_style(self) -> AbstractContextManager[None]: ...


def drawing_style(fig: Figure) -> AbstractContextManager[None]:
    """The rcParams `fig` draws under: its own style when it carries one, else those in force."""
    return fig.drawing_style() if isinstance(fig, SelfStyled) else nullcontext()


def saving_dpi(fig: Figure) -> float:
    """The dpi `fig` is saved at under the rcParams in force (`savefig.dpi`, or the figure's own
    when that is "figure")."""
    dpi = matplotlib.rcParams["savefig.dpi"]
    return float(fig.dpi if dpi == "figure" else dpi)


@contextmanager
def at_dpi(fig: Figure, dpi: float, *, draw: bool = False) -> Iterator[RendererBase]:
    """`fig` at `dpi`, with the Agg renderer that measures text as the saved file has it (text
    is hinted per dpi); drawn first when `draw`, so that every artist sits where the file has
    it. The figure's own dpi is restored on exit."""
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    old_dpi = fig.dpi
    fig.dpi = dpi
    try:
        if draw:
            canvas.draw()  # type: ignore[no-untyped-call]
        yield canvas.get_renderer()  # type: ignore[no-untyped-call]
    finally:
        fig.dpi = old_dpi
