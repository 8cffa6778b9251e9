"""The figure's look that rcParams cannot express: what the paper's figure specifies per artist,
and the few constants the layout rules step by. The rest of the style is the style sheet,
`warmup_ablation.mplstyle`."""

from __future__ import annotations

from dataclasses import dataclass

from .colors import GRADIENT_GAMMA

__all__ = ["DESIGN", "SLOT_AIR", "SWEEP_STEP", "Design"]


@dataclass(frozen=True)
class Design:
    """The figure's look that rcParams cannot express: what the paper's figure specifies per artist.

    The `baseline_*` fields style the comparison line (the data's `[baseline]`, e.g. GRPO: the
    glossary's "GRPO line"); they keep the data format's word, since `design=` is public API.

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
    #: highest value (the value labels and the comparison label live in the top margin).
    auto_margin_bottom: float = 0.2
    auto_margin_top: float = 0.3
    #: Each bar's slot must be at least this much wider than its value label (and tick label).
    label_room: float = 1.15


DESIGN = Design()
#: The comparison label is tried along its line every quarter bar.
SWEEP_STEP = 0.25
#: Beyond the outer bars' slots, this share of a slot is left free (the paper's six bars get
#: matplotlib's own margin, which is wider).
SLOT_AIR = 0.05
