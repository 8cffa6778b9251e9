"""A guarded paper figure: average score across warmup steps, drawn identically on every machine.

From the paper "From P(y|x) to P(y): Investigating Reinforcement Learning in Pre-train Space".
Data flows one way: a file becomes validated `FigureData` (`load_data`), the data becomes a
matplotlib `Figure` (`warmup_ablation_figure`), and the figure becomes files (`save_figure`).
Beside the pixels, a drawn figure can be put in words (`describe_figure`), and two descriptions
compared line by line (`describe_changes`): what the visual regression suite reports.

One module a step: `data` (formats and validation) -> `colors` (normalization, the gradient) ->
`style` + `warmup_ablation.mplstyle` (rcParams, the font) and `design` (the per-artist look) ->
`draw` (the artists, handed over as `drawn`) -> `layout` (where labels go: the rules, and its
steps in order: `sizes` fits the labels' sizes with the figure-free arithmetic of `fit`, then
`places` places the comparison label, then `room` makes room for it; all measure with `boxes`,
geometry in pixels, and `measure`, the figure at its saving dpi and text ink from unhinted
outlines) -> `export` (deterministic bytes, atomic writes) -> `cli`. The words come from the
figure guard's describer (`figure_guard.describe`, which works on any matplotlib figure),
re-exported here.

Importing the package is cheap: each name loads its module on first use (SPEC 1 style lazy
loading), so `python -m plotting` can set up the process before matplotlib is imported. Nothing
here imports `matplotlib.pyplot` or changes rcParams.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from figure_guard.describe import (
        Change,
        FigureDescription,
        compare_descriptions,
        describe_changes,
        describe_figure,
        description_from_json,
        description_to_json,
    )

    from .colors import bar_colors, normalize_scores
    from .data import Baseline, DataError, FigureData, load_data, paper_data
    from .draw import StyledFigure, warmup_ablation_figure
    from .export import FORMATS, ExportError, render, save_figure, stale_files
    from .style import DEFAULT_FONT, STYLE_NAME, FontNotFoundError, style_context

#: Each public name by the module it lives in: said here once for the runtime (the lazy loading
#: below and `__all__`), and once in the imports above for type checkers; a test keeps the two
#: equal (tests/test_api.py).
_EXPORTS = {
    "figure_guard.describe": (
        "Change",
        "FigureDescription",
        "compare_descriptions",
        "describe_changes",
        "describe_figure",
        "description_from_json",
        "description_to_json",
    ),
    "plotting.colors": ("bar_colors", "normalize_scores"),
    "plotting.data": ("Baseline", "DataError", "FigureData", "load_data", "paper_data"),
    "plotting.draw": ("StyledFigure", "warmup_ablation_figure"),
    "plotting.export": ("FORMATS", "ExportError", "render", "save_figure", "stale_files"),
    "plotting.style": ("DEFAULT_FONT", "STYLE_NAME", "FontNotFoundError", "style_context"),
}
_HOMES = {name: home for home, names in _EXPORTS.items() for name in names}

__all__ = sorted(_HOMES)  # noqa: PLE0605


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
