"""`results/review.html`: one self-contained page to review every figure of a run, offline.

Changed figures first, each with its pixel count, changed box and the description's change
lines; baseline and result side by side; a blink toggle (a button, so the keyboard works it);
a swipe slider; the changed box enlarged with the difference amplified; the box outlined on the
whole figure. Unchanged figures follow as thumbnails. Every image is inline (a data URI), the
style and the script are in the page, and its Content-Security-Policy forbids loading anything
else, so the page works from a downloaded artifact with no network.

The HTML is the Jinja2 template `templates/review.html`, rendered with autoescape: a label holding
`<b>` or `"` comes out as text. This module only prepares the pictures and the words.
"""

from __future__ import annotations

import base64
import dataclasses
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from PIL import Image

from figure_guard.composite import (
    Crop,
    Pixels,
    amplified_diff,
    composite,
    crop_for,
    enlarged,
    outlined,
    rgba,
    same_size,
)
from figure_guard.report import CaseOutcome

PAGE = "review.html"
CHANGES_IMAGE = "changes.png"
THUMBNAIL_WIDTH = 320

_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,  # a misspelt name fails, never renders as nothing
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Picture:
    """An inline image and the words that stand for it."""

    uri: str
    alt: str
    width: int
    height: int

    @classmethod
    def of(cls, image: Image.Image, alt: str) -> Picture:
        return cls(data_uri(image), alt, image.width, image.height)

    def titled(self, alt: str) -> Picture:
        """The same image under other words (encoded once, shown in several views)."""
        return dataclasses.replace(self, alt=alt)


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
    zoom: int = 0
    whole: bool = True
    zoomed: list[tuple[Picture, str]] = field(default_factory=list)
    outlined: Picture | None = None


@dataclass(frozen=True)
class UnchangedCase:
    name: str
    thumbnail: Picture


def data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)  # optimize=True costs 3x the time
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _changed_case(item: CaseOutcome, folder: Path) -> ChangedCase:
    if item.new or item.removed:
        side, stats = (
            ("result", "A new case: no baseline yet.")
            if item.new
            else ("baseline", "Removed: the case and its baseline are deleted.")
        )
        with Image.open(folder / f"{side}.png") as only:
            shown = Picture.of(Image.fromarray(rgba(only)), f"{item.case}, {side}")
        return ChangedCase(item.case, stats, only=shown, only_caption=side.capitalize())
    with Image.open(folder / "result.png") as result_image:
        result_pixels = rgba(result_image)
    with Image.open(folder / "baseline.png") as baseline_image:
        baseline_pixels, result_pixels = same_size(rgba(baseline_image), result_pixels)
    box = item.pixels.box if item.pixels is not None and item.pixels.box else None
    if box is None:  # sizes differ: the whole common canvas is the change
        box = (0, 0, baseline_pixels.shape[1], baseline_pixels.shape[0])
    crop = crop_for(box, baseline_pixels.shape)
    write_changes_image(folder, item, baseline_pixels, result_pixels, crop)
    baseline, result = Image.fromarray(baseline_pixels), Image.fromarray(result_pixels)
    name = item.case
    difference = amplified_diff(baseline_pixels, result_pixels)
    baseline_picture = Picture.of(baseline, f"{name}: the committed baseline")
    result_picture = Picture.of(result, f"{name}: the result of this change")
    return ChangedCase(
        name,
        item.pixel_line(),
        words=item.words(),
        baseline=baseline_picture,
        result=result_picture,
        blink_baseline=baseline_picture.titled(f"{name}: baseline, in the blink view"),
        blink_result=result_picture.titled(f"{name}: result, in the blink view"),
        swipe_baseline=baseline_picture.titled(f"{name}: baseline, over the swipe"),
        swipe_result=result_picture.titled(f"{name}: result, under the swipe"),
        zoom=crop.zoom,
        whole=crop.whole,
        zoomed=[
            _zoomed(baseline_pixels, crop, f"{name}: changed box of the baseline", "Baseline"),
            _zoomed(result_pixels, crop, f"{name}: changed box of the result", "Result"),
            _zoomed(
                difference,
                crop,
                f"{name}: the difference, amplified; changed pixels in crimson",
                "Difference, amplified",
            ),
        ],
        outlined=Picture.of(
            outlined(result_pixels, box), f"{name}: the result, changed box outlined"
        ),
    )


def _zoomed(pixels: Pixels, crop: Crop, alt: str, caption: str) -> tuple[Picture, str]:
    return Picture.of(enlarged(pixels, crop), alt), caption


def write_changes_image(
    folder: Path, item: CaseOutcome, baseline: Pixels, result: Pixels, crop: Crop
) -> Path:
    path = folder / CHANGES_IMAGE
    composite(baseline, result, crop, item.case, item.words()).save(path)
    return path


def _unchanged_case(item: CaseOutcome, folder: Path) -> UnchangedCase:
    with Image.open(folder / "result.png") as image:
        small = image.convert("RGB")
        small.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH))
    return UnchangedCase(item.case, Picture.of(small, f"{item.case}, unchanged"))


def review_page(outcomes: Sequence[CaseOutcome], intro: str) -> str:
    """The page of every case the run left images for; `intro` says what baseline and result
    are and how they were compared."""
    shown = [(item, item.folder) for item in outcomes if item.folder is not None]
    changed = [_changed_case(item, folder) for item, folder in shown if item.changed]
    return _TEMPLATES.get_template(PAGE).render(
        title=f"Figure review: {len(changed)} of {len(shown)} figures changed",
        intro=intro,
        changed=changed,
        unchanged=[_unchanged_case(item, folder) for item, folder in shown if not item.changed],
    )


def write_review(
    results: Path, outcomes: Sequence[CaseOutcome], intro: str, page: str = PAGE
) -> Path:
    path = results / page
    path.write_text(review_page(outcomes, intro), encoding="utf-8")
    return path
