"""`plotting.measure`: the ink of text read from the fonts' own unhinted outlines (the figure held
at its saving dpi while it is measured is `figure_guard.drawing`'s: tests/test_drawing.py).

The fonts are ones that ship inside matplotlib, so every machine measures the same glyphs.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib
import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from plotting.measure import UPRIGHT, at_dpi, glyphs, ink_size, ink_size_of, is_upright

SANS = "DejaVu Sans"
SERIF = "DejaVu Serif"
SANS_FILE = findfont(FontProperties(family=SANS), fallback_to_default=False)
SERIF_FILE = findfont(FontProperties(family=SERIF), fallback_to_default=False)


def small_figure(dpi: float = 100.0) -> Figure:
    return Figure(figsize=(2.0, 1.0), dpi=dpi)


# ── ink_size_of, ink_size ────────────────────────────────────────────────────────────────────────


def test_ink_size_of_is_cached() -> None:
    """The layout measures the same strings many times: each is read from the font once."""
    string = "cached 12.34"  # no other test measures this, so the first call is a miss
    before = ink_size_of.cache_info()
    first = ink_size_of(string, SANS_FILE, 7.25)
    assert ink_size_of(string, SANS_FILE, 7.25) == first
    after = ink_size_of.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)


def test_ink_size_is_keyed_by_the_font_file_not_the_font_properties() -> None:
    """Two texts whose font properties differ but name the same file share one measurement;
    changing a text's font in place measures the new font (a key of the mutable
    FontProperties would keep the old one)."""
    by_family = Text(text="keyed 56.78", fontfamily=SANS)
    by_file = Text(text="keyed 56.78", fontproperties=FontProperties(fname=SANS_FILE))
    before = ink_size_of.cache_info()
    assert ink_size(by_file, 7.25) == ink_size(by_family, 7.25)
    assert ink_size_of.cache_info().hits - before.hits == 1
    by_family.set_fontfamily(SERIF)
    assert ink_size(by_family, 7.25) == ink_size_of("keyed 56.78", SERIF_FILE, 7.25)
    assert ink_size(by_family, 7.25) != ink_size(by_file, 7.25)


@pytest.mark.parametrize("hinting", ["default", "no_autohint", "force_autohint", "no_hinting"])
def test_ink_size_of_is_the_same_whatever_the_hinting(hinting: str) -> None:
    """Read unhinted from the font, so matplotlib's hinting setting (which moves what Agg draws)
    changes nothing; measured without the cache, which would hide it."""
    measure = ink_size_of.__wrapped__
    plain = measure("55.69", SANS_FILE, 7.0)
    with matplotlib.rc_context({"text.hinting": hinting}):
        assert measure("55.69", SANS_FILE, 7.0) == plain


@pytest.mark.parametrize("dpi", [50.0, 100.0, 300.0])
def test_ink_size_is_in_points_whatever_the_figures_dpi(dpi: float) -> None:
    """Measured in points, not pixels: the same at every dpi, and while the figure is drawn at
    another dpi."""
    fig = small_figure(dpi)
    text = fig.text(0.1, 0.1, "57.74", fontfamily=SANS, fontsize=9.0)
    expected = ink_size_of("57.74", SANS_FILE, 7.0)
    assert ink_size(text, 7.0) == expected
    with at_dpi(fig, 2 * dpi, draw=True):
        assert ink_size(text, 7.0) == expected


@pytest.mark.parametrize("size", [5.0, 7.0, 9.5])
def test_ink_size_of_grows_with_the_size_and_the_string(size: float) -> None:
    """Twice the size is twice the ink (to a percent: each glyph's place is rounded to FreeType's
    1/64 point); more digits are wider and as tall; no text has no ink."""
    width, height = ink_size_of("57.74", SANS_FILE, size)
    double_width, double_height = ink_size_of("57.74", SANS_FILE, 2 * size)
    assert double_width == pytest.approx(2 * width, rel=0.01)
    assert double_height == pytest.approx(2 * height, rel=0.01)
    one, two, three = (ink_size_of(digits, SANS_FILE, size) for digits in ("8", "88", "888"))
    assert one[0] < two[0] < three[0]
    assert one[1] == two[1] == three[1]
    assert ink_size_of("", SANS_FILE, size) == (0.0, 0.0)


# ── glyphs, is_upright ───────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("rotation", "upright"),
    [
        (0.0, False),
        (UPRIGHT, True),
        (UPRIGHT + 1e-9, True),
        (UPRIGHT - 0.1, False),
        (UPRIGHT + 180.0, False),
        (UPRIGHT + 360.0, True),  # matplotlib keeps a rotation within one turn
        (UPRIGHT - 360.0, True),
    ],
)
def test_is_upright(rotation: float, upright: bool) -> None:
    assert is_upright(Text(text="1", rotation=rotation)) is upright


@dataclass(frozen=True)
class Measured:
    """A label in a figure held at 300 dpi: its line box and its glyphs' extents, in pixels."""

    box: Bbox
    ink: Bbox


@pytest.fixture(scope="module")
def measured() -> dict[float, Measured]:
    """One figure, a label lying and one upright, measured once for every row below."""
    fig = small_figure()
    texts = {
        rotation: fig.text(0.2, 0.2, "55.69", fontfamily=SANS, fontsize=7.0, rotation=rotation)
        for rotation in (0.0, UPRIGHT)
    }
    with at_dpi(fig, 300.0, draw=True) as renderer:
        return {
            rotation: Measured(
                text.get_window_extent(renderer), glyphs(text, renderer).get_extents()
            )
            for rotation, text in texts.items()
        }


@pytest.mark.parametrize("rotation", [0.0, UPRIGHT], ids=["lying", "upright"])
def test_glyphs_lie_in_the_texts_line_box(measured: dict[float, Measured], rotation: float) -> None:
    """The ink is where the text is drawn: inside its line box (to a pixel: the box is hinted
    by Agg, the outlines are not), and shorter across the line than the box, which holds room
    for descenders that digits do not have."""
    x0, y0, x1, y1 = measured[rotation].box.extents
    ink_x0, ink_y0, ink_x1, ink_y1 = measured[rotation].ink.extents
    assert x0 - 1 <= ink_x0 < ink_x1 <= x1 + 1
    assert y0 - 1 <= ink_y0 < ink_y1 <= y1 + 1
    across, box_across = (
        (ink_x1 - ink_x0, x1 - x0) if rotation == UPRIGHT else (ink_y1 - ink_y0, y1 - y0)
    )
    assert across < box_across


def test_upright_glyphs_are_the_lying_ones_turned(measured: dict[float, Measured]) -> None:
    """An upright label's ink is as tall as the lying one is wide, and as wide as it is tall."""
    lying, upright = measured[0.0].ink, measured[UPRIGHT].ink
    assert upright.height == pytest.approx(lying.width, abs=1e-6)
    assert upright.width == pytest.approx(lying.height, abs=1e-6)
