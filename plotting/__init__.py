"""A guarded paper figure: average score across warmup steps, drawn identically on every machine.

From the paper "From P(y|x) to P(y): Investigating Reinforcement Learning in Pre-train Space".
Data flows one way: a file becomes validated `FigureData` (`load_data`), the data becomes a
matplotlib `Figure` (`warmup_ablation_figure`), and the figure becomes files (`save_figure`).
Importing the package does not import `matplotlib.pyplot` and changes no rcParams.
"""

from __future__ import annotations

from .colors import bar_colors, normalize_scores
from .data import Baseline, DataError, FigureData, load_data, paper_data
from .draw import StyledFigure, warmup_ablation_figure
from .export import FORMATS, ExportError, render, save_figure, stale_files
from .style import DEFAULT_FONT, STYLE_NAME, FontNotFoundError, style_context

__all__ = [
    "DEFAULT_FONT",
    "FORMATS",
    "STYLE_NAME",
    "Baseline",
    "DataError",
    "ExportError",
    "FigureData",
    "FontNotFoundError",
    "StyledFigure",
    "bar_colors",
    "load_data",
    "normalize_scores",
    "paper_data",
    "render",
    "save_figure",
    "stale_files",
    "style_context",
    "warmup_ablation_figure",
]
