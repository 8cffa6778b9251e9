"""The Agg renderer of a canvas, typed: the tests measure with the renderer `plotting` measures
with (an Agg canvas's), and matplotlib's Agg backend has no type information."""

from __future__ import annotations

from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg


def agg_renderer(canvas: FigureCanvasAgg) -> RendererBase:
    """`canvas`'s renderer, as `plotting`'s functions take it (a `RendererBase`)."""
    # backend_agg ships no stubs, so its get_renderer is untyped: the one call to it is here.
    renderer: RendererBase = canvas.get_renderer()  # type: ignore[no-untyped-call]
    return renderer
