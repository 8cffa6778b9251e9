"""Drawing: validated `FigureData` in, a matplotlib `Figure` out. No pyplot, no global state.

The returned figure carries its style: it is a `StyledFigure`, which re-enters the package style
whenever it is drawn or saved, because matplotlib consults rcParams at draw time (font lookup,
hinting, PDF font type, savefig defaults). Whoever saves it, and whatever their rcParams, gets the
same pixels.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import matplotlib
import numpy as np
from matplotlib import cbook
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.mathtext import MathTextParser
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from .colors import GRADIENT_GAMMA, bar_colors
from .data import MAX_WIDTH, DataError, FigureData, paper_data
from .layout import (
    MIN_LABEL_SIZE,
    UPRIGHT,
    LabelFit,
    Place,
    TooManyBars,
    body_box,
    choose_fit,
    data_extent,
    footprint,
    free_places,
    ink_size,
    marker_box,
    push_clear,
    signed,
    slot_width,
    sweep,
    too_many_bars,
    too_many_bars_error,
)
from .style import resolve_font, style_context

__all__ = ["DESIGN", "Design", "StyledFigure", "warmup_ablation_figure"]

HorizontalAlignment = Literal["left", "right"]
VerticalAlignment = Literal["bottom", "top"]


@dataclass(frozen=True)
class Design:
    """The figure's look that rcParams cannot express: what the paper's figure specifies per artist.

    Vertical offsets are fractions of the y-range, so labels keep their place whatever the scale of
    the scores. With the paper's limits (54.2 to 58.2, a range of 4) they are the published 0.35
    and 0.05 score units.
    """

    bar_width: float = 0.52
    gradient: tuple[str, str] = ("#9AC4F5", "#428AE5")
    gamma: float = GRADIENT_GAMMA
    bar_edge_color: str = "#3A78CC"
    bar_edge_width: float = 0.5
    line_color: str = "#2E6FC7"
    line_width: float = 0.9
    marker_size: float = 3.0
    marker_edge_width: float = 0.8
    marker_face_color: str = "white"
    value_label_size: float = 7.0
    value_label_color: str = "#2e2b40"
    value_label_offset: float = 0.35 / 4.0
    baseline_color: str = "#D4686A"
    baseline_width: float = 0.8
    baseline_dashes: tuple[float, tuple[float, float]] = (0.0, (5.0, 3.0))
    baseline_alpha: float = 0.7
    baseline_label_size: float = 6.0
    baseline_label_color: str = "#C53E43"
    baseline_label_inset: float = 0.48
    #: ...but never closer to the edge of the axes than this share of their width (one bar).
    baseline_label_margin: float = 0.005
    baseline_label_offset: float = 0.05 / 4.0
    layout_pad: float = 0.4
    #: Automatic y-limits: share of the axes height kept free below the lowest and above the
    #: highest value (the value labels and the baseline label live in the top margin).
    auto_margin_bottom: float = 0.2
    auto_margin_top: float = 0.3
    #: Each bar's slot must be at least this much wider than its value label (and tick label).
    label_room: float = 1.15


DESIGN = Design()
#: The baseline label is tried along its line every quarter bar.
SWEEP_STEP = 0.25
#: Beyond the outer bars' slots, this share of a slot is left free (the paper's six bars get
#: matplotlib's own margin, which is wider).
_SLOT_AIR = 0.05


class StyledFigure(Figure):
    """A `Figure` that draws and saves in the package style, whatever the global rcParams say."""

    def __init__(self, *args: Any, style_font: str, **kwargs: Any) -> None:
        self._style_font = style_font
        super().__init__(*args, **kwargs)

    @property
    def style_font(self) -> str:
        """The font family the figure is drawn in."""
        return self._style_font

    def draw(self, renderer: RendererBase) -> None:
        with style_context(self._style_font):
            super().draw(renderer)

    def savefig(self, fname: Any, *, transparent: bool | None = None, **kwargs: Any) -> None:
        with style_context(self._style_font):
            super().savefig(fname, transparent=transparent, **kwargs)


def warmup_ablation_figure(
    data: FigureData | None = None, *, font: str | None = None, design: Design | None = None
) -> Figure:
    """The paper's figure of average score across warmup steps, for `data` (default: the paper's).

    `font` is any installed font family (default STIXGeneral, which ships with matplotlib); a
    family that is not installed raises `FontNotFoundError` instead of silently falling back.
    `design` overrides the per-artist look (for variants; the default is the paper's).
    Global `matplotlib.rcParams` are left as they were.
    """
    if data is None:
        data = paper_data()
    if not isinstance(data, FigureData):
        raise TypeError(f"data must be FigureData or None, got {type(data).__name__}")
    family = resolve_font(font)
    look = DESIGN if design is None else design
    with style_context(family):
        _check_math_text(data)
        try:
            return _build(data, family, look)
        except TooManyBars as estimate:
            raise _checked_advice(data, family, look, estimate) from None


def _checked_advice(
    data: FigureData, family: str, design: Design, estimate: TooManyBars
) -> DataError:
    """Turn the layout's estimate into numbers that hold: draw with the first bars only, and
    with a wider figure, until each fits. A drawing that does not fit comes with its own,
    closer estimate, and the search jumps to it instead of stepping one bar or 0.2 in at a
    time."""

    def attempt(candidate: FigureData) -> TooManyBars | None:
        try:
            _build(candidate, family, design)
        except TooManyBars as closer:
            return closer
        return None

    # the most bars that fit: between the largest count known to fit and the smallest known not to
    fitting, failing = 1, estimate.bars
    count = min(estimate.fitting, estimate.bars - 1)
    while failing - fitting > 1:
        count = max(fitting + 1, min(count, failing - 1))
        closer = attempt(_first(data, count))
        if closer is None:
            fitting, count = count, count + 1
        else:
            failing, count = count, min(closer.fitting, count - 1)
    width: float | None = max(estimate.width_needed, data.width + 0.1)
    while width is not None:
        closer = attempt(dataclasses.replace(data, width=width))
        if closer is None:
            break
        wider = max(round(width + 0.1, 1), closer.width_needed)
        width = wider if wider <= MAX_WIDTH else None
    return too_many_bars_error(estimate.bars, data.width, fitting, width)


def _first(data: FigureData, count: int) -> FigureData:
    return dataclasses.replace(
        data, warmup_steps=data.warmup_steps[:count], avg_scores=data.avg_scores[:count]
    )


def _check_math_text(data: FigureData) -> None:
    """Labels with $...$ are typeset as math; a malformed one must fail here, as a data error
    naming the label, not as a parser traceback in the middle of drawing."""
    labels = {"xlabel": data.xlabel, "ylabel": data.ylabel}
    if data.baseline is not None:
        labels["baseline label"] = data.baseline.label
    parser = MathTextParser("path")
    for field, text in labels.items():
        if not cbook.is_math_text(text):  # the rule Text itself applies
            continue
        try:
            parser.parse(text, dpi=72, prop=FontProperties())
        except ValueError as error:
            reason = str(error).strip().splitlines()[-1]
            raise DataError(f"{field} {text!r} is not valid math text: {reason}") from None


def _y_limits(data: FigureData, design: Design) -> tuple[float, float]:
    """Limits that show every bar top, its value label and the baseline, with the paper's air."""
    if data.ylim is not None:
        return data.ylim
    values = list(data.avg_scores)
    if data.baseline is not None:
        values.append(data.baseline.value)
    low, high = min(values), max(values)
    span = high - low
    if span <= 1e-9 * max(abs(low), abs(high), 1.0):
        span = max(abs(high) * 0.1, 1.0)
        low, high = low - span / 2, high + span / 2
    free = 1.0 - design.auto_margin_bottom - design.auto_margin_top
    total = span / free
    return low - design.auto_margin_bottom * total, high + design.auto_margin_top * total


def _bar_base(bottom: float, top: float) -> float:
    """Bars grow from zero, or from below the plot when zero is not inside the y-range."""
    if bottom <= 0.0 <= top:
        return 0.0
    return 0.0 if bottom > 0.0 else bottom - (top - bottom)


def _build(data: FigureData, family: str, design: Design) -> Figure:
    fig = StyledFigure(style_font=family)
    FigureCanvasAgg(fig)  # measure text with the same renderer that writes the PNG
    width, height = fig.get_size_inches()
    if data.width != width:  # the figure keeps this width, whatever the number of bars
        fig.set_size_inches(data.width, height)
    ax = fig.add_subplot()

    scores = np.asarray(data.avg_scores)
    x = np.arange(len(scores))
    bottom, top = _y_limits(data, design)
    base = _bar_base(bottom, top)
    steps = [str(step) for step in data.warmup_steps]
    bars = ax.bar(
        x,
        scores - base,
        bottom=base,
        width=design.bar_width,
        color=bar_colors(data.avg_scores, *design.gradient, gamma=design.gamma),
        edgecolor=design.bar_edge_color,
        linewidth=design.bar_edge_width,
        zorder=3,
    )
    for bar, step in zip(bars, steps, strict=True):
        bar.set_gid(f"bar {step}")  # names the artist in the figure's description
    (line,) = ax.plot(
        x,
        scores,
        color=design.line_color,
        linewidth=design.line_width,
        marker="o",
        markersize=design.marker_size,
        markerfacecolor=design.marker_face_color,
        markeredgecolor=design.line_color,
        markeredgewidth=design.marker_edge_width,
        zorder=4,
        gid="trend line",
    )
    value_labels = [
        ax.text(
            float(index),
            score,
            signed(score),
            ha="center",
            fontsize=design.value_label_size,
            color=design.value_label_color,
            zorder=5,
            gid=f"value label {step}",
        )
        for index, (score, step) in enumerate(zip(data.avg_scores, steps, strict=True))
    ]
    ups = [score >= base for score in data.avg_scores]  # which way each bar grows
    _set_value_label_places(value_labels, data.avg_scores, ups, design, top - bottom)
    if len(x) == 1:  # a lone bar would fill the axes; give it the width of a bar among others
        ax.set_xlim(-1.0, 1.0)
    else:  # every bar gets a whole slot for its label, the outer ones too
        low, high = ax.get_xlim()
        if low > -0.5 or high < len(x) - 0.5:
            ax.set_xlim(min(low, -0.5 - _SLOT_AIR), max(high, len(x) - 0.5 + _SLOT_AIR))
    baseline_label = None
    baseline = data.baseline
    if baseline is not None:
        ax.axhline(
            y=baseline.value,
            color=design.baseline_color,
            linewidth=design.baseline_width,
            linestyle=design.baseline_dashes,
            zorder=102,
            alpha=design.baseline_alpha,
            gid="baseline",
        )
        baseline_label = ax.text(
            _label_columns(ax, len(x), design)[0],
            baseline.value + design.baseline_label_offset * (top - bottom),
            f"{baseline.label} {signed(baseline.value)}".strip(),
            va="bottom",
            ha="left",
            fontsize=design.baseline_label_size,
            color=design.baseline_label_color,
            zorder=10,
            gid="baseline label",
        )

    ax.set_xticks(x, steps)
    ax.set_xlabel(data.xlabel)
    ax.set_ylabel(data.ylabel)
    ax.set_ylim(bottom, top)
    if data.yticks is not None:
        ax.set_yticks(data.yticks)

    fig.tight_layout(pad=design.layout_pad)
    layout = _Layout(
        fig=fig, ax=ax, line=line, value_labels=value_labels, ups=ups, data=data, design=design
    )
    for _ in range(3):  # a label that finds no place gets room at the line's right end
        layout.fit()
        if baseline is None or baseline_label is None:
            break
        with layout.measuring():
            if layout.place_baseline_label(baseline_label, baseline.value):
                break
            layout.make_room_for(baseline_label)
    return fig


def _set_value_label_places(
    labels: Sequence[Text],
    scores: Sequence[float],
    ups: Sequence[bool],
    design: Design,
    y_range: float,
) -> None:
    """Each label just beyond its bar's end, on the side away from the bar's base."""
    offset = design.value_label_offset * y_range
    for label, score, up in zip(labels, scores, ups, strict=True):
        label.set_y(score + offset if up else score - offset)
        label.set_verticalalignment("bottom" if up else "top")


class _Layout:
    """The rules of `plotting.layout`, applied to one figure: sizes, places and limits."""

    def __init__(
        self,
        *,
        fig: Figure,
        ax: Axes,
        line: Line2D,
        value_labels: Sequence[Text],
        ups: Sequence[bool],
        data: FigureData,
        design: Design,
    ) -> None:
        self.fig, self.ax, self.line = fig, ax, line
        self.labels, self.ups, self.data, self.design = value_labels, ups, data, design
        dpi = matplotlib.rcParams["savefig.dpi"]
        self.save_dpi = float(fig.dpi if dpi == "figure" else dpi)
        self.renderer: RendererBase = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        self.label_fit = LabelFit(design.value_label_size, 0.0)
        self.tick_design_size = float(ax.get_xticklabels()[0].get_fontsize())  # one per bar
        self.tick_fit = LabelFit(self.tick_design_size, 0.0)

    @contextmanager
    def measuring(self) -> Iterator[None]:
        """Measure as the figure is saved: at the saving dpi (300 in the style), where text is
        hinted as in the file, not at the 100 dpi the layout engine works at."""
        layout_dpi = self.fig.dpi
        self.fig.dpi = self.save_dpi
        try:
            self.renderer = self.fig.canvas.get_renderer()  # type: ignore[attr-defined]
            yield
        finally:
            self.fig.dpi = layout_dpi

    def fit(self) -> None:
        """Sizes, rotations, places and limits, redone until the layout no longer changes."""
        for attempt in range(8):
            with self.measuring():
                changed = self._fit_sizes()
                changed |= self._place_value_labels()
                changed |= self._fit_limits()
            if not changed:
                return
            if attempt < 7:  # the last pass leaves the layout as it is and the labels placed on it
                self.fig.tight_layout(pad=self.design.layout_pad)
        with self.measuring():
            self._place_value_labels()

    def _fit_sizes(self) -> bool:
        slot = slot_width(self.ax)
        room = self.design.label_room
        ticks = self.ax.get_xticklabels()
        label_fit = choose_fit(self.labels, self.design.value_label_size, slot, room, self.renderer)
        tick_fit = choose_fit(ticks, self.tick_design_size, slot, room, self.renderer)
        if label_fit is None or tick_fit is None:
            raise self._too_many_bars(ticks)
        changed = False
        if label_fit != self.label_fit:
            for label in self.labels:
                label.set_fontsize(label_fit.size)
                label.set_rotation(label_fit.rotation)
            self.label_fit, changed = label_fit, True
        if tick_fit != self.tick_fit:
            self.ax.tick_params(axis="x", labelsize=tick_fit.size, labelrotation=tick_fit.rotation)
            self.tick_fit, changed = tick_fit, True
        return changed

    def _too_many_bars(self, ticks: Sequence[Text]) -> TooManyBars:
        smallest = LabelFit(MIN_LABEL_SIZE, UPRIGHT)
        widest = max(
            footprint(self.labels, smallest, self.renderer),
            footprint(ticks, smallest, self.renderer),
        )
        low, high = self.ax.get_xlim()
        return too_many_bars(
            len(self.labels),
            needed_slot=widest * self.design.label_room,
            axes_width=self.ax.get_window_extent(self.renderer).width,
            figure_width=self.data.width,
            span=high - low,
            span_per_bar=1 + 2 * self.ax.get_xmargin(),
            dpi=self.fig.dpi,
        )

    def _place_value_labels(self) -> bool:
        """Back to the design's place, then out of the trend line's and the marker's way."""
        before = [label.get_position() for label in self.labels]
        bottom, top = self.ax.get_ylim()
        scores = self.data.avg_scores
        _set_value_label_places(self.labels, scores, self.ups, self.design, top - bottom)
        step = (top - bottom) / 200
        for index, (label, up) in enumerate(zip(self.labels, self.ups, strict=True)):
            push_clear(
                label,
                away=1.0 if up else -1.0,
                line=self.line,
                marker=marker_box(self.line, index, self.fig.dpi),
                renderer=self.renderer,
                step=step,
            )
        return [label.get_position() for label in self.labels] != before

    def _fit_limits(self) -> bool:
        """Automatic limits grow to hold every value label; limits from the data are checked."""
        bottom, top = self.ax.get_ylim()
        low, high = data_extent(self.labels, self.ax, self.renderer)
        if self.data.ylim is not None:
            self._check_given_limits(low)
            return False
        air = 0.02 * (top - bottom)
        new_bottom = min(bottom, low - air) if low < bottom + air / 2 else bottom
        new_top = max(top, high + air) if high > top - air / 2 else top
        if (new_bottom, new_top) == (bottom, top):
            return False
        self.ax.set_ylim(new_bottom, new_top)
        return True

    def _check_given_limits(self, lowest_label: float) -> None:
        """Limits from the data hold every bar end and the baseline (checked with the data);
        here: a label below a hanging bar must not cross the bottom spine."""
        bottom, top = self.ax.get_ylim()
        if self.ax.spines["bottom"].get_visible() and lowest_label < bottom:
            raise DataError(
                f"[axes] ylim [{bottom:g}, {top:g}] leaves no room below the lowest bar for its"
                " value label: lower the bottom limit, or leave ylim out"
            )

    def place_baseline_label(self, label: Text, value: float) -> bool:
        """The first free place along the line (see `plotting.layout`); False if none is."""
        ax, design, renderer = self.ax, self.design, self.renderer
        bottom, top = ax.get_ylim()
        dy = design.baseline_label_offset * (top - bottom)
        x_left, x_right = _label_columns(ax, len(self.labels), design)
        candidates: list[Place] = [
            (x_left, value + dy, "left", "bottom"),
            (x_left, value - dy, "left", "top"),
            (x_right, value + dy, "right", "bottom"),
            (x_right, value - dy, "right", "top"),
        ]
        low, high = ax.get_xlim()
        margin = design.baseline_label_margin * (high - low)
        for x in sweep(low + margin, high - margin, SWEEP_STEP):
            candidates.append((float(x), value + dy, "left", "bottom"))
            candidates.append((float(x), value - dy, "left", "top"))
        obstacles = [label.get_window_extent(renderer) for label in self.labels]
        bodies = (body_box(bar, ax, renderer) for bar in ax.patches if isinstance(bar, Rectangle))
        obstacles += [box for box in bodies if box is not None]
        obstacles += [marker_box(self.line, i, self.fig.dpi) for i in range(len(self.labels))]
        place = free_places(ax, label, candidates, obstacles, renderer)
        return place is not None

    def make_room_for(self, label: Text) -> None:
        """Widen the x-range at the right so the label fits beyond the last bar's slot. The axes
        keep their width in pixels, so the room R (data units) for a label L pixels wide in axes
        W pixels wide that now span S units solves R * W / (S + R) = L."""
        low, high = self.ax.get_xlim()
        span = high - low
        width = self.ax.get_window_extent(self.renderer).width
        ink_width = ink_size(label, float(label.get_fontsize()))[0]  # the same on every stack
        label_width = ink_width * float(self.renderer.points_to_pixels(1.2))  # type: ignore[arg-type]
        room = label_width * span / max(width - label_width, 1.0)
        room = math.ceil(room / SWEEP_STEP) * SWEEP_STEP  # whole sweep steps: one answer for all
        slot_end = len(self.labels) - 0.5  # where the last bar's slot ends
        self.ax.set_xlim(low, max(high, slot_end) + room + SWEEP_STEP)


def _label_columns(ax: Axes, n_bars: int, design: Design) -> tuple[float, float]:
    """Where the baseline label may start (left-aligned) or end (right-aligned): just outside the
    first or last bar, as in the paper, but pulled inside the axes when they are narrower."""
    low, high = ax.get_xlim()
    margin = design.baseline_label_margin * (high - low)
    return (
        max(-design.baseline_label_inset, low + margin),
        min(n_bars - 1 + design.baseline_label_inset, high - margin),
    )
