"""The pictures a reviewer needs to see a small change: the changed box enlarged, nearest
neighbour, with the difference amplified; the box outlined on the whole figure; and all of it as
one labelled image, `results/<case>/changes.png`, for places that show images but not pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

#: Any changed pixel is drawn at least this bright in the amplified diff, so that a change of
#: one unit in one channel is as plain as a black line.
MIN_DIFF_SHOWN = 160
#: The enlarged box: at least 4x, at most this many pixels wide, around a few pixels of context.
MIN_ZOOM, MAX_ZOOMED, CONTEXT = 4, 960, 6
#: A box larger than this (pixels, each way) is shown from its top left corner only.
MAX_CROP = 240
OUTLINE = (220, 20, 60, 255)
DIFF_COLOUR = np.array([220, 20, 60], dtype=np.float64)

Pixels = np.ndarray[Any, np.dtype[np.uint8]]


def rgba(image: Image.Image) -> Pixels:
    return np.asarray(image.convert("RGBA"))


def same_size(a: Pixels, b: Pixels) -> tuple[Pixels, Pixels]:
    """Both images on a white canvas of their common size (a figure may change size)."""
    height, width = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])

    def pad(image: Pixels) -> Pixels:
        canvas = np.full((height, width, 4), 255, dtype=np.uint8)
        canvas[: image.shape[0], : image.shape[1]] = image
        return canvas

    return pad(a), pad(b)


def amplified_diff(a: Pixels, b: Pixels) -> Pixels:
    """The result faded to a light grey, with every changed pixel in strong crimson: the more
    it changed the stronger, but never fainter than `MIN_DIFF_SHOWN`."""
    change = np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=-1)
    grey = b[..., :3].astype(np.float64).mean(axis=-1, keepdims=True)
    faded = 255 - (255 - grey) * 0.25
    strength = np.where(change > 0, np.maximum(change, MIN_DIFF_SHOWN), 0)[..., None] / 255
    mixed = faded * (1 - strength) + DIFF_COLOUR * strength
    out = np.concatenate([mixed, np.full((*mixed.shape[:2], 1), 255.0)], axis=-1)
    return out.round().astype(np.uint8)


@dataclass(frozen=True)
class Crop:
    """The part of the image a reviewer zooms into, and by how much."""

    left: int
    top: int
    right: int
    bottom: int
    zoom: int
    whole: bool  # False when the changed box was larger than MAX_CROP and is shown in part

    @property
    def size(self) -> tuple[int, int]:
        return self.right - self.left, self.bottom - self.top


def crop_for(box: tuple[int, int, int, int], shape: tuple[int, ...]) -> Crop:
    """The changed box (left, top, right, bottom; exclusive) with context, clipped to the image."""
    left, top, right, bottom = box
    whole = right - left <= MAX_CROP and bottom - top <= MAX_CROP
    right, bottom = min(right, left + MAX_CROP), min(bottom, top + MAX_CROP)
    left, top = max(0, left - CONTEXT), max(0, top - CONTEXT)
    right, bottom = min(shape[1], right + CONTEXT), min(shape[0], bottom + CONTEXT)
    zoom = max(MIN_ZOOM, min(32, MAX_ZOOMED // max(1, right - left)))
    return Crop(left, top, right, bottom, zoom, whole)


def enlarged(pixels: Pixels, crop: Crop) -> Image.Image:
    part = Image.fromarray(pixels[crop.top : crop.bottom, crop.left : crop.right])
    width, height = crop.size
    return part.resize((width * crop.zoom, height * crop.zoom), Image.Resampling.NEAREST)


def outlined(pixels: Pixels, box: tuple[int, int, int, int]) -> Image.Image:
    """The whole figure with the changed box drawn around (3 px, outside the box)."""
    image = Image.fromarray(pixels)
    left, top, right, bottom = box
    ImageDraw.Draw(image).rectangle(
        (left - 3, top - 3, right + 2, bottom + 2), outline=OUTLINE, width=3
    )
    return image


def composite(
    baseline: Pixels, result: Pixels, crop: Crop, title: str, lines: list[str]
) -> Image.Image:
    """Baseline, result and amplified diff of the enlarged box side by side, labelled, with the
    description's change lines below: one image that says what changed."""
    panels = [
        ("baseline (committed)", enlarged(baseline, crop)),
        ("result (this change)", enlarged(result, crop)),
        ("difference, amplified", enlarged(amplified_diff(baseline, result), crop)),
    ]
    gap, head, line_height = 16, 40, 16
    shown = lines[:12] + ([f"... and {len(lines) - 12} more"] if len(lines) > 12 else [])
    width = sum(panel.width for _, panel in panels) + gap * (len(panels) + 1)
    height = head + panels[0][1].height + gap * 2 + line_height * len(shown)
    sheet = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(sheet)
    part = "" if crop.whole else " (the box's top left part)"
    draw.text((gap, 6), f"{title}: changed box x{crop.zoom}{part}", fill="black")
    x = gap
    for label, panel in panels:
        draw.text((x, 22), label, fill="black")
        sheet.paste(panel, (x, head))
        draw.rectangle((x - 1, head - 1, x + panel.width, head + panel.height), outline="grey")
        x += panel.width + gap
    y = head + panels[0][1].height + gap
    for line in shown:  # the built-in bitmap font has no arrow or minus sign
        draw.text((gap, y), line.replace("→", "->").replace("−", "-"), fill="black")
        y += line_height
    return sheet
