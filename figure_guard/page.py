"""`results/review.html`: one self-contained page to review every figure of a run, offline.

Changed figures first, each with its pixel count and the description's change lines; where it
changed (the changed pixels in crimson over the faded result, as Argos and Chromatic show a
diff); the window where the changed pixels are densest, enlarged, as baseline, result and
difference; baseline and result side by side; a blink toggle (a button, so the keyboard works
it); a swipe slider. Unchanged figures follow by name only.

Each side of a changed figure is embedded once, losslessly as WebP (a third of its PNG's bytes,
the same pixels): the other views show it again through a few lines of inline script that copy
its source, and the enlarged windows are that same image, placed and clipped by CSS. The changed
pixels are a mostly transparent PNG of a few kilobytes. Style and script are in the page, and its
Content-Security-Policy forbids loading anything else, so the page works from a downloaded
artifact with no network.

The HTML is the Jinja2 template `templates/review.html`, rendered with autoescape: a label holding
`<b>` or `"` comes out as text. This module only prepares the pictures and the words.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from PIL import Image

from figure_guard.composite import (
    FADED,
    HALO,
    Crop,
    composite,
    crop_for,
    overlay,
    same_size,
    window_words,
)
from figure_guard.pixels import Pixels, changed_mask, decode
from figure_guard.report import CaseOutcome

PAGE = "review.html"
CHANGES_IMAGE = "changes.png"
#: Lossless WebP at a low effort: a third of the PNG's bytes in about the time PNG takes.
WEBP = {"lossless": True, "method": 1, "quality": 10, "exact": True}

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("figure_guard", "templates"),  # package data, as installed
    autoescape=True,
    undefined=jinja2.StrictUndefined,  # a misspelt name fails, never renders as nothing
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Picture:
    """An image and the words that stand for it: either the one <img> carrying its bytes
    (`uri`, under `id`) or another showing it again (`source`: the id whose bytes the page's
    script copies), so that each image's bytes are in the page once."""

    alt: str
    width: int
    height: int
    uri: str = ""
    id: str = ""
    source: str = ""

    def again(self, alt: str) -> Picture:
        return Picture(alt, self.width, self.height, source=self.id or self.source)


@dataclass(frozen=True)
class View:
    """A window onto the common canvas of baseline and result (`left`, `top`, `width`,
    `height`, in image pixels), shown `scale` times as large or smaller to fit its column, with
    its pictures stacked: each with a class, "" or "faded" (seen through white) or "over"."""

    caption: str
    left: int
    top: int
    width: int
    height: int
    scale: int
    layers: tuple[tuple[Picture, str], ...]
    pixelated: bool = False
    frame: Crop | None = None  # a window to outline on it (the enlarged one)

    def style(self) -> str:
        return f"width: {self.width * self.scale}px; aspect-ratio: {self.width} / {self.height}"

    def place(self, picture: Picture) -> str:
        """Where a picture sits in the view: sized and moved in percent of the view, so the
        view can shrink to its column and stay exact."""
        return (
            f"width: {_percent(picture.width, self.width)};"
            f" left: {_percent(-self.left, self.width)}; top: {_percent(-self.top, self.height)}"
        )

    def frame_style(self) -> str:
        if self.frame is None:
            return ""
        width, height = self.frame.size
        return (
            f"left: {_percent(self.frame.left - self.left, self.width)};"
            f" top: {_percent(self.frame.top - self.top, self.height)};"
            f" width: {_percent(width, self.width)}; height: {_percent(height, self.height)}"
        )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.4f}%"


@dataclass
class ChangedCase:
    """What the page shows of one changed figure (`only` for a new or removed case)."""

    name: str
    stats: str
    words: list[str] = field(default_factory=list)
    only: Picture | None = None
    only_caption: str = ""
    baseline: Picture | None = None
    result: Picture | None = None
    blink_baseline: Picture | None = None
    blink_result: Picture | None = None
    swipe_baseline: Picture | None = None
    swipe_result: Picture | None = None
    where: View | None = None
    zoom: int = 0
    window: str = ""
    zoomed: list[View] = field(default_factory=list)
    words_only: bool = False  # the run compared no pixels (rung 3): the words are all there is


def data_uri(image: Image.Image, kind: str = "PNG") -> str:
    buffer = io.BytesIO()
    if kind == "WEBP":
        image.save(buffer, format=kind, **WEBP)
    else:
        image.save(buffer, format=kind, compress_level=6)
    return f"data:image/{kind.lower()};base64," + base64.b64encode(buffer.getvalue()).decode()


def embedded(pixels: Pixels, alt: str, id: str = "") -> Picture:
    """A figure as lossless WebP, without the alpha channel when it is all opaque."""
    image = Image.fromarray(pixels)
    if image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    return Picture(alt, image.width, image.height, uri=data_uri(image, "WEBP"), id=id)


def _one_sided_case(item: CaseOutcome, folder: Path) -> ChangedCase:
    """A new case (its result alone) or a removed one (its baseline alone)."""
    side, stats = (
        ("result", "A new case: no baseline yet.")
        if item.new
        else ("baseline", "Removed: the case and its baseline are deleted.")
    )
    shown = embedded(decode(folder / f"{side}.png"), f"{item.case}, {side}")
    return ChangedCase(item.case, stats, only=shown, only_caption=side.capitalize())


def _changed_case(item: CaseOutcome, folder: Path) -> ChangedCase:
    name = item.case
    if item.new or item.removed:
        return _one_sided_case(item, folder)
    before, after = decode(folder / "baseline.png"), decode(folder / "result.png")
    baseline = embedded(before, f"{name}: the committed baseline", f"{name}-baseline")
    result = embedded(after, f"{name}: the result of this change", f"{name}-result")
    baseline_pixels, result_pixels = same_size(before, after)
    mask = changed_mask(baseline_pixels, result_pixels)
    crop = crop_for(mask)
    write_changes_image(folder, item, baseline_pixels, result_pixels, crop)
    height, width = mask.shape
    changed = "; changed pixels in crimson over the faded result"
    marks = Picture(f"{name}: the changed pixels{changed}", width, height, data_uri(overlay(mask)))
    halo = overlay(mask, halo=HALO)
    marked = Picture(f"{name}: the changed pixels, marked", width, height, data_uri(halo))

    def lens(picture: Picture, caption: str, *over: Picture) -> View:
        layers = ((picture, "faded" if over else ""), *((mark, "over") for mark in over))
        left, top = crop.left, crop.top
        return View(caption, left, top, *crop.size, crop.zoom, layers, pixelated=True)

    return ChangedCase(
        name,
        item.pixel_line(),
        words=item.words(),
        baseline=baseline,
        result=result,
        blink_baseline=baseline.again(f"{name}: baseline, in the blink view"),
        blink_result=result.again(f"{name}: result, in the blink view"),
        swipe_baseline=baseline.again(f"{name}: baseline, over the swipe"),
        swipe_result=result.again(f"{name}: result, under the swipe"),
        where=View(
            "Changed pixels in crimson (their neighbours faintly) over the faded result;"
            " the blue box is the window enlarged below",
            0,
            0,
            width,
            height,
            1,
            ((result.again(f"{name}: the result, faded"), "faded"), (marked, "over")),
            frame=crop,
        ),
        zoom=crop.zoom,
        window=window_words(crop),
        zoomed=[
            lens(baseline.again(f"{name}: the enlarged window of the baseline"), "Baseline"),
            lens(result.again(f"{name}: the enlarged window of the result"), "Result"),
            lens(
                result.again(f"{name}: the enlarged window of the result, faded"),
                "Difference: changed pixels in crimson",
                marks,
            ),
        ],
    )


def write_changes_image(
    folder: Path, item: CaseOutcome, baseline: Pixels, result: Pixels, crop: Crop
) -> Path:
    path = folder / CHANGES_IMAGE
    composite(baseline, result, crop, item.case, item.words()).save(path)
    return path


def review_page(outcomes: Sequence[CaseOutcome], intro: str) -> str:
    """The page of every case the run compared (`outcomes`); `intro` says what baseline and
    result are and how they were compared. A changed case the run left no images for (words
    only, on rung 3) is shown in words."""
    changed = [
        _changed_case(item, item.folder)
        if item.folder is not None
        else ChangedCase(item.case, item.pixel_line(), words=item.words(), words_only=True)
        for item in outcomes
        if item.changed
    ]
    return _TEMPLATES.get_template(PAGE).render(
        title=f"Figure review: {len(changed)} of {len(outcomes)} figures changed",
        intro=intro,
        faded=FADED,
        changed=changed,
        unchanged=[item.case for item in outcomes if not item.changed],
    )


def write_review(
    results: Path, outcomes: Sequence[CaseOutcome], intro: str, page: str = PAGE
) -> Path:
    path = results / page
    path.write_text(review_page(outcomes, intro), encoding="utf-8")
    return path
