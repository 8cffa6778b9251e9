"""`results/review.html`: one self-contained page to review every figure of a run, offline.

Changed figures first, each with its pixel count, changed box and the description's change
lines; baseline and result side by side; a blink toggle (a button, so the keyboard works it);
a swipe slider; the changed box enlarged with the difference amplified; the box outlined on the
whole figure. Unchanged figures follow as thumbnails. Every image is inline (a data URI), the
style and the script are in the page, and its Content-Security-Policy forbids loading anything
else, so the page works from a downloaded artifact with no network.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

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
from figure_guard.report import CaseOutcome, forgiven_by_case, image_folder, outcome

PAGE = "review.html"
SIDES = ("baseline", "result")
NOTHING_CHANGED = "<p>No figure changed.</p>"
CHANGES_IMAGE = "changes.png"
THUMBNAIL_WIDTH = 320

STYLE = """
:root { color-scheme: light; font: 16px/1.45 system-ui, sans-serif; color: #1d1b29; }
body { margin: 0; background: #f6f5fa; }
[hidden] { display: none !important; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin: 0 0 .3rem; } h3 { font-size: 1rem; }
section.case { background: #fff; border: 1px solid #d8d4e8; border-radius: 8px;
  padding: 1rem; margin: 1rem 0; }
.stats { color: #4a4660; margin: 0 0 .5rem; }
ul.lines { font-family: ui-monospace, monospace; font-size: .9rem; padding-left: 1.2rem; }
.row { display: flex; flex-wrap: wrap; gap: 1rem; }
.row > figure { flex: 1 1 280px; min-width: 0; margin: 0; }
figure img, .stage img { display: block; max-width: 100%; height: auto;
  border: 1px solid #d8d4e8; }
figcaption { font-size: .85rem; color: #4a4660; }
.stage { position: relative; display: inline-block; max-width: 100%; }
.stage .over { position: absolute; top: 0; left: 0; }
.zoom { overflow-x: auto; }
.zoom img { max-width: none; image-rendering: pixelated; image-rendering: crisp-edges; }
button, input[type=range] { font: inherit; }
button { padding: .4rem .8rem; border: 2px solid #4338ca; border-radius: 6px;
  background: #eef; color: #1d1b29; cursor: pointer; }
:focus-visible { outline: 3px solid #c2410c; outline-offset: 3px; }
ul.thumbs { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
ul.thumbs figure { margin: 0; width: min(320px, 100%); }
nav ul { padding-left: 1.2rem; }
"""

SCRIPT = """
for (const button of document.querySelectorAll("button[data-blink]")) {
  button.addEventListener("click", () => {
    const stage = document.getElementById(button.getAttribute("aria-controls"));
    const showResult = button.getAttribute("aria-pressed") !== "true";
    button.setAttribute("aria-pressed", String(showResult));
    stage.querySelector("img.baseline").hidden = showResult;
    stage.querySelector("img.result").hidden = !showResult;
    button.textContent = showResult ? "Showing the result: show the baseline"
                                    : "Showing the baseline: show the result";
  });
}
for (const slider of document.querySelectorAll("input[data-swipe]")) {
  const over = document.getElementById(slider.getAttribute("aria-controls"));
  const update = () => { over.style.clipPath = `inset(0 ${100 - slider.value}% 0 0)`; };
  slider.addEventListener("input", update);
  update();
}
"""


def data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)  # optimize=True costs 3x the time
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _img(image: Image.Image, alt: str, css_class: str = "", **attributes: str) -> str:
    extra = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes.items())
    klass = f' class="{css_class}"' if css_class else ""
    return (
        f'<img{klass} src="{data_uri(image)}" alt="{html.escape(alt)}"'
        f' width="{image.width}" height="{image.height}"{extra}>'
    )


def _changed_section(results: Path, item: CaseOutcome) -> str:
    name = html.escape(item.case)
    folder = image_folder(results, item.case)
    if item.new or item.removed:
        side, what = (
            ("result", "A new case: no baseline yet.")
            if item.new
            else ("baseline", "Removed: the case and its baseline are deleted.")
        )
        with Image.open(folder / f"{side}.png") as only:
            shown = Image.fromarray(rgba(only))
        return (
            f'<section class="case" id="case-{name}" aria-labelledby="h-{name}">'
            f'<h2 id="h-{name}">{name}</h2><p class="stats">{what}</p>'
            f"<figure>{_img(shown, f'{item.case}, {side}')}"
            f"<figcaption>{side.capitalize()}</figcaption></figure></section>"
        )
    with Image.open(folder / "result.png") as result_image:
        result_pixels = rgba(result_image)
    with Image.open(folder / "baseline.png") as baseline_image:
        baseline_pixels, result_pixels = same_size(rgba(baseline_image), result_pixels)
    pixels = item.pixel_line()
    box = item.pixels.box if item.pixels is not None and item.pixels.box else None
    if box is None:  # sizes differ: the whole common canvas is the change
        box = (0, 0, baseline_pixels.shape[1], baseline_pixels.shape[0])
    crop = crop_for(box, baseline_pixels.shape)
    write_changes_image(folder, item, baseline_pixels, result_pixels, crop)
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in item.words())
    baseline, result = Image.fromarray(baseline_pixels), Image.fromarray(result_pixels)
    part = "" if crop.whole else " (its top left part)"
    return f"""
<section class="case" id="case-{name}" aria-labelledby="h-{name}">
<h2 id="h-{name}">{name}</h2>
<p class="stats">{html.escape(pixels)}</p>
<h3>What changed, in words</h3>
<ul class="lines">{lines}</ul>
<h3>Side by side</h3>
<div class="row">
<figure>{_img(baseline, f"{item.case}: the committed baseline")}
<figcaption>Baseline (committed)</figcaption></figure>
<figure>{_img(result, f"{item.case}: the result of this change")}
<figcaption>Result (this change)</figcaption></figure>
</div>
<h3>Blink</h3>
<p><button type="button" data-blink aria-pressed="false" aria-controls="blink-{name}">
Showing the baseline: show the result</button></p>
<div class="stage" id="blink-{name}">
{_img(baseline, f"{item.case}: baseline, in the blink view", "baseline")}
{_img(result, f"{item.case}: result, in the blink view", "result", hidden="")}
</div>
<h3>Swipe</h3>
<p><label for="swipe-{name}">Baseline on the left of the line, result on the right:</label>
<input type="range" id="swipe-{name}" min="0" max="100" value="50" data-swipe
 aria-controls="swipe-over-{name}"></p>
<div class="stage">
{_img(result, f"{item.case}: result, under the swipe")}
{_img(baseline, f"{item.case}: baseline, over the swipe", "over", id=f"swipe-over-{name}")}
</div>
<h3>The changed box, enlarged {crop.zoom}&times;{part}</h3>
<div class="row zoom">
{_zoomed(baseline_pixels, crop, f"{item.case}: changed box of the baseline", "Baseline")}
{_zoomed(result_pixels, crop, f"{item.case}: changed box of the result", "Result")}
{
        _zoomed(
            amplified_diff(baseline_pixels, result_pixels),
            crop,
            f"{item.case}: the difference, amplified; changed pixels in crimson",
            "Difference, amplified",
        )
    }
</div>
<h3>Where it is</h3>
<figure>{_img(outlined(result_pixels, box), f"{item.case}: the result, changed box outlined")}
<figcaption>The changed box, outlined on the result</figcaption></figure>
</section>"""


def _zoomed(pixels: Pixels, crop: Crop, alt: str, caption: str) -> str:
    image = enlarged(pixels, crop)
    return f"<figure>{_img(image, alt)}<figcaption>{caption}</figcaption></figure>"


def write_changes_image(
    folder: Path, item: CaseOutcome, baseline: Pixels, result: Pixels, crop: Crop
) -> Path:
    path = folder / CHANGES_IMAGE
    composite(baseline, result, crop, item.case, item.words()).save(path)
    return path


def _thumbnail(results: Path, item: CaseOutcome) -> str:
    name = html.escape(item.case)
    with Image.open(image_folder(results, item.case) / "result.png") as image:
        small = image.convert("RGB")
        small.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH))
    return (
        f'<li><figure id="case-{name}">{_img(small, f"{item.case}, unchanged")}'
        f"<figcaption>{name}</figcaption></figure></li>"
    )


def review_page(
    results: Path, cases: Sequence[str], intro: str, forgiven: Mapping[str, int] | None = None
) -> str:
    """The page; `intro` says what baseline and result are and how they were compared."""
    per_case = forgiven_by_case(forgiven or {})
    outcomes = [
        outcome(results, case, per_case.get(case, 0))
        for case in cases
        if any((image_folder(results, case) / f"{side}.png").is_file() for side in SIDES)
    ]
    changed = [item for item in outcomes if item.changed]
    same = [item for item in outcomes if not item.changed]
    title = f"Figure review: {len(changed)} of {len(outcomes)} figures changed"
    nav = "".join(
        f'<li><a href="#case-{html.escape(item.case)}">{html.escape(item.case)}</a></li>'
        for item in changed
    )
    sections = "".join(_changed_section(results, item) for item in changed)
    thumbs = "".join(_thumbnail(results, item) for item in same)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{title}</title><style>{STYLE}</style></head>
<body><main>
<h1>{title}</h1>
<p>{html.escape(intro)} Changed figures come first; unchanged ones are listed after them.</p>
{f"<nav aria-label='Changed figures'><ul>{nav}</ul></nav>" if changed else NOTHING_CHANGED}
{sections}
<section aria-labelledby="h-unchanged"><h2 id="h-unchanged">Unchanged ({len(same)})</h2>
<ul class="thumbs">{thumbs}</ul></section>
</main><script>{SCRIPT}</script></body></html>
"""


def write_review(
    results: Path,
    cases: Sequence[str],
    intro: str,
    forgiven: Mapping[str, int] | None = None,
    page: str = PAGE,
) -> Path:
    path = results / page
    path.write_text(review_page(results, cases, intro, forgiven), encoding="utf-8")
    return path
