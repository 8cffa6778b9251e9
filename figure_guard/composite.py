"""Where a figure changed, for a reviewer's eyes: the window of the image where the changed pixels
are densest (the part the page and `changes.png` enlarge), the changed pixels alone as a mostly
transparent overlay (the page lays it over the faded result), and `results/<case>/changes.png`,
one labelled image of the enlarged window for places that show images but not pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from figure_guard.pixels import Mask, Pixels, changed_mask

#: How much of the result shows through white under the changed pixels (the page's CSS too).
FADED = 0.3
#: The enlarged window: at most MAX_CROP pixels each way (the changed box and CONTEXT pixels
#: around it when that fits), enlarged to about PANEL pixels wide, at least MIN_ZOOM times.
#: Three panels of PANEL pixels fit side by side in the page's card at 1,280 px.
MIN_ZOOM, MAX_ZOOM, PANEL, CONTEXT = 4, 32, 360, 6
MAX_CROP = PANEL // MIN_ZOOM
CRIMSON = (220, 20, 60)
#: The overlay of a whole figure marks a changed pixel's neighbours this far, faintly, so that a
#: lone changed pixel survives the browser's shrinking of a wide figure.
HALO, HALO_ALPHA = 2, 110


def same_size(a: Pixels, b: Pixels) -> tuple[Pixels, Pixels]:
    """Both images on a white canvas of their common size (a figure may change size)."""
    height, width = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])

    def pad(image: Pixels) -> Pixels:
        canvas = np.full((height, width, 4), 255, dtype=np.uint8)
        canvas[: image.shape[0], : image.shape[1]] = image
        return canvas

    return pad(a), pad(b)


def difference(a: Pixels, b: Pixels) -> Pixels:
    """What the page's difference view shows, as pixels: the result faded through white, every
    changed pixel in opaque crimson however little it changed."""
    faded = 255 - (255 - b[..., :3].astype(np.float64)) * FADED
    out = np.concatenate([faded, np.full((*faded.shape[:2], 1), 255.0)], axis=-1)
    out[changed_mask(a, b)] = (*CRIMSON, 255)
    return out.round().astype(np.uint8)


def overlay(mask: Mask, halo: int = 0) -> Image.Image:
    """Only the changed pixels, opaque crimson on transparency; with `halo`, their neighbours
    that far in faint crimson too. A palette image of three entries: a few kilobytes as PNG."""
    index = mask.astype(np.uint8) * 2
    if halo:
        near = _dilated(mask, halo)
        index[near & ~mask] = 1
    image = Image.frombytes("P", (mask.shape[1], mask.shape[0]), index.tobytes())
    image.putpalette([255, 255, 255, *CRIMSON, *CRIMSON])
    image.info["transparency"] = bytes([0, HALO_ALPHA, 255])
    return image


def _dilated(mask: Mask, reach: int) -> Mask:
    """True within `reach` pixels (a square) of a True: two passes of shifted ORs, a fraction
    of PIL's MaxFilter's time on a whole figure."""
    out = mask.copy()
    for axis in (0, 1):
        source = out.copy()
        for shift in range(1, reach + 1):
            ahead = [slice(None)] * 2
            behind = [slice(None)] * 2
            ahead[axis], behind[axis] = slice(shift, None), slice(None, -shift)
            out[tuple(behind)] |= source[tuple(ahead)]
            out[tuple(ahead)] |= source[tuple(behind)]
    return out


@dataclass(frozen=True)
class Crop:
    """The part of the image a reviewer zooms into, and by how much."""

    left: int
    top: int
    right: int
    bottom: int
    zoom: int
    whole: bool  # False: the changed box is larger than the window, which shows its densest part

    @property
    def size(self) -> tuple[int, int]:
        return self.right - self.left, self.bottom - self.top


def window_sums(mask: Mask, width: int, height: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The count of True in every `width` x `height` window of `mask`, indexed by its top left
    corner: a summed-area table, four lookups per window (numpy has no box sum of its own)."""
    table = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1), dtype=np.int64)
    table[1:, 1:] = mask.cumsum(axis=0, dtype=np.int64).cumsum(axis=1)
    return np.asarray(
        table[height:, width:]
        - table[:-height, width:]
        - table[height:, :-width]
        + table[:-height, :-width]
    )


def densest_window(mask: Mask, width: int, height: int) -> tuple[int, int]:
    """The top left corner of a `width` x `height` window holding the most changed pixels,
    moved to centre the changed pixels it holds (it then holds them all still, so still the
    most), and kept inside the image."""
    sums = window_sums(mask, width, height)
    top, left = (int(i) for i in np.unravel_index(int(np.argmax(sums)), sums.shape))
    rows, cols = np.nonzero(mask[top : top + height, left : left + width])
    if not len(rows):  # nothing changed anywhere: any window is as good
        return left, top
    centre_x = left + (int(cols.min()) + int(cols.max()) + 1) // 2
    centre_y = top + (int(rows.min()) + int(rows.max()) + 1) // 2
    left = min(max(centre_x - width // 2, 0), mask.shape[1] - width)
    top = min(max(centre_y - height // 2, 0), mask.shape[0] - height)
    return left, top


def crop_for(mask: Mask) -> Crop:
    """The window to enlarge: the changed box with CONTEXT pixels around it when that fits in
    MAX_CROP each way, else the MAX_CROP window where the changed pixels are densest, never a
    corner where nothing changed."""
    rows, cols = np.nonzero(mask)
    if len(rows):
        box_width = int(cols.max()) - int(cols.min()) + 1
        box_height = int(rows.max()) - int(rows.min()) + 1
    else:
        box_width, box_height = mask.shape[1], mask.shape[0]
    width = min(mask.shape[1], MAX_CROP, box_width + 2 * CONTEXT)
    height = min(mask.shape[0], MAX_CROP, box_height + 2 * CONTEXT)
    left, top = densest_window(mask, width, height)
    zoom = max(MIN_ZOOM, min(MAX_ZOOM, PANEL // width))
    whole = box_width <= width and box_height <= height
    return Crop(left, top, left + width, top + height, zoom, whole)


def enlarged(pixels: Pixels, crop: Crop) -> Image.Image:
    part = Image.fromarray(pixels[crop.top : crop.bottom, crop.left : crop.right])
    width, height = crop.size
    return part.resize((width * crop.zoom, height * crop.zoom), Image.Resampling.NEAREST)


def window_words(crop: Crop) -> str:
    """What the enlarged window shows, for a heading."""
    part = "" if crop.whole else ", the densest part of a larger change"
    return f"x {crop.left}..{crop.right - 1}, y {crop.top}..{crop.bottom - 1}{part}"


def composite(
    baseline: Pixels, result: Pixels, crop: Crop, title: str, lines: list[str]
) -> Image.Image:
    """Baseline, result and the changed pixels of the enlarged window side by side, labelled, with
    the description's change lines below: one image that says what changed."""
    rows, cols = slice(crop.top, crop.bottom), slice(crop.left, crop.right)
    seen = Crop(0, 0, *crop.size, crop.zoom, crop.whole)  # the window, cut out first
    before, after = baseline[rows, cols], result[rows, cols]
    panels = [
        ("baseline (committed)", enlarged(before, seen)),
        ("result (this change)", enlarged(after, seen)),
        ("changed pixels in crimson", enlarged(difference(before, after), seen)),
    ]
    gap, head, line_height = 16, 40, 16
    shown = lines[:12] + ([f"... and {len(lines) - 12} more"] if len(lines) > 12 else [])
    width = sum(panel.width for _, panel in panels) + gap * (len(panels) + 1)
    height = head + panels[0][1].height + gap * 2 + line_height * len(shown)
    sheet = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(sheet)
    draw.text((gap, 6), f"{title}: enlarged {crop.zoom}x, {window_words(crop)}", fill="black")
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
