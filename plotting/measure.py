"""Measuring what is drawn: the figure at the dpi it is saved at, and text ink from the fonts' own
unhinted outlines (the same on every matplotlib and FreeType, so decisions made on them are too).
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.backend_bases import RendererBase
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font, LoadFlags
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D

# Drawn at the saving dpi as the describer draws: one place draws to measure.
from figure_guard.drawing import at_dpi, saving_dpi

__all__ = ["UPRIGHT", "at_dpi", "glyphs", "ink_size", "ink_size_of", "is_upright", "saving_dpi"]

UPRIGHT = 90.0


def glyphs(text: Text, renderer: RendererBase) -> Path:
    """The outlines of the text's glyphs where they are drawn: the ink, not the line box (which
    holds room for ascenders and descenders that digits do not have). Rotation 0 or 90."""
    box = text.get_window_extent(renderer)
    prop = text.get_fontproperties()
    string = text.get_text()
    _, _, descent = renderer.get_text_width_height_descent(string, prop, ismath=False)
    _, _, lp_descent = renderer.get_text_width_height_descent("lp", prop, ismath=False)
    descent = max(descent, lp_descent)  # the line box's depth below the baseline
    scale = float(renderer.points_to_pixels(1.0))  # type: ignore[arg-type]
    vertices, codes = _OWN_PATHS.get_text_path(prop, string)
    size = float(prop.get_size_in_points())
    path = Path(np.asarray(vertices, dtype=float) * size / _OWN_PATHS.FONT_SCALE, codes)
    if is_upright(text):
        origin = (box.x1 - descent, box.y0)
        placed = Affine2D().scale(scale).rotate_deg(UPRIGHT).translate(*origin)
    else:
        placed = Affine2D().scale(scale).translate(box.x0, box.y0 + descent)
    return path.transformed(placed)


def is_upright(text: Text) -> bool:
    return abs(text.get_rotation() - UPRIGHT) < 1e-6


def ink_size(text: Text, size: float) -> tuple[float, float]:
    """Width and height, in points, of the text's glyph outlines at `size`: read from the font's
    own outlines, unhinted, so every matplotlib and FreeType version measures the same, and a
    layout decision made on them is the same on every stack."""
    return ink_size_of(text.get_text(), findfont(text.get_fontproperties()), size)


@functools.lru_cache(maxsize=4096)
def ink_size_of(string: str, font_file: str, size: float) -> tuple[float, float]:
    """`ink_size` of a string in a font file. Keyed by the font's file, not by a text's
    FontProperties: those change in place."""
    font = _own_font(font_file)
    font.clear()
    font.set_size(size, 72)
    font.set_text(string, 0.0, flags=LoadFlags.NO_HINTING)
    width, height = font.get_width_height()  # the glyphs' box, in 1/64 points
    return width / 64, height / 64


class _OwnTextToPath(TextToPath):
    """matplotlib's outlines of text, read with this module's own font objects."""

    def _get_font(self, prop: FontProperties) -> FT2Font:
        font = _own_font(findfont(prop))
        font.clear()
        font.set_size(self.FONT_SCALE, self.DPI)
        return font


@functools.cache
def _own_font(path: str) -> FT2Font:
    """A font object of this module's own: matplotlib shares its font objects between all
    drawing, and measuring with them here would leave them in another state for the next
    measurement (seen as a figure one pixel taller, depending on what was drawn before)."""
    return FT2Font(path)


_OWN_PATHS = _OwnTextToPath()
