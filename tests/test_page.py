"""`figure_guard.page`: the review page's content, read without a browser
(tests/test_review_browser.py opens it; the window it enlarges: tests/test_composite.py)."""

from __future__ import annotations

import base64
import dataclasses
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from support.registered import CASES
from support.review_results import CHANGED, CHANGED_LINE, failing_run

from figure_guard.composite import CRIMSON
from figure_guard.page import CHANGES_IMAGE, review_page
from figure_guard.report import add_image_folder, case_outcomes, image_folders, run_intro
from plotting import render
from plotting.design import DESIGN

DATA_URI = re.compile(r"data:image/(png|webp);base64,")


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def images(text: str) -> list[dict[str, str | None]]:
    parser = Tags()
    parser.feed(text)
    return [attrs for tag, attrs in parser.tags if tag == "img"]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    results = tmp_path_factory.mktemp("results")
    path = failing_run(results)
    return results, path.read_text(encoding="utf-8")


@pytest.mark.pinned_stack
def test_the_changed_figure_comes_first_with_its_numbers_and_words(page: tuple[Path, str]) -> None:
    _, text = page
    assert "Figure review: 1 of 4 figures changed" in text
    assert re.search(r"Figures\s+compared on rung [123]", text)  # how exactly it compared
    first_case = text.index('class="case"')
    assert text.index(f'id="case-{CHANGED}"') < text.index('id="h-unchanged"')
    assert first_case < text.index('id="h-unchanged"')
    assert re.search(r"\d+ of \d+ pixels differ, inside the box", text)
    assert CHANGED_LINE in text
    for view in ("Where it changed", "enlarged", "Side by side", "Blink", "Swipe"):
        assert view in text


@pytest.mark.pinned_stack
def test_it_loads_nothing_from_outside_and_every_image_has_words(page: tuple[Path, str]) -> None:
    _, text = page
    parser = Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value or DATA_URI.match(value) or value.startswith("#"), (tag, value)
        if tag == "img":
            assert attrs.get("alt"), attrs
        assert tag not in ("link", "iframe", "object", "embed")
    assert "default-src 'none'" in text
    assert "http://" not in text
    assert "https://" not in text


@pytest.mark.pinned_stack
def test_each_image_is_in_the_page_once_and_unchanged_cases_by_name(
    page: tuple[Path, str],
) -> None:
    """Baseline and result once each, and the two overlays of changed pixels; every other
    <img> names one that carries bytes. The three unchanged cases are names, no image."""
    _, text = page
    found = images(text)
    carrying = [attrs for attrs in found if attrs.get("src")]
    assert len(carrying) == 4
    assert len({attrs["src"] for attrs in carrying}) == 4
    shown_again = {attrs.get("id") for attrs in carrying}
    for attrs in found:
        assert attrs.get("src") or attrs.get("data-source") in shown_again, attrs
    assert not [attrs for attrs in found if "unchanged" in (attrs.get("alt") or "")]
    names = re.search(r'<ul class="names">(.*?)</ul>', text, re.S)
    assert names is not None
    assert len(re.findall(r"<li id=\"case-\w+\">\w+</li>", names.group(1))) == 3
    assert "<img" not in names.group(1)


@pytest.mark.pinned_stack
def test_the_embedded_figures_are_the_pixels_compared(page: tuple[Path, str]) -> None:
    """Lossless: the page's baseline and result decode to the PNGs' own pixels."""
    results, text = page
    sources = {attrs.get("id"): attrs["src"] or "" for attrs in images(text) if attrs.get("src")}
    folder = image_folders(results)[CHANGED]
    for side in ("baseline", "result"):
        encoded = sources[f"img-{CHANGED}-{side}"].partition(",")[2]
        with Image.open(io.BytesIO(base64.b64decode(encoded))) as shown:
            seen = np.asarray(shown.convert("RGBA"))
        with Image.open(folder / f"{side}.png") as png:
            assert np.array_equal(seen, np.asarray(png.convert("RGBA")))


@pytest.mark.pinned_stack
def test_the_composite_image_shows_the_enlarged_change(page: tuple[Path, str]) -> None:
    results, _ = page
    with Image.open(image_folders(results)[CHANGED] / CHANGES_IMAGE) as image:
        assert image.width > 3 * 4 * 12  # three panels, each at least 4x a 12 px box
        pixels = np.asarray(image.convert("RGB"))
    crimson = int((pixels == CRIMSON).all(axis=-1).sum())
    assert crimson > 50 * 4 * 4  # the changed pixels, enlarged at least 4x, plainly there


@pytest.mark.pinned_stack
def test_words_from_a_figure_are_escaped(page: tuple[Path, str]) -> None:
    """A label may hold HTML; the template's autoescape shows it as text."""
    results, _ = page
    changes = results / "descriptions" / f"{CHANGED}.changes.txt"
    saved = changes.read_text(encoding="utf-8")
    try:
        changes.write_text('x axis label: text <script>alert("x")</script> → ok\n', "utf-8")
        text = review_page(case_outcomes(results, [CHANGED]), run_intro("on <rung>"))
    finally:
        changes.write_text(saved, encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
    assert "<script>alert" not in text
    assert "on &lt;rung&gt;" in text


#: The whole page of 11 changed cases must weigh at most this. The test draws fewer (all 22
#: figures took 25 s on two busy cores) and holds the page to the same share per case and, since
#: the cases drawn are lighter than the wide ones, to a share of their own PNGs' bytes: the 11
#: cases' PNGs weighed 2.4 MB together in December 2026, so 0.8 of them is 1.9 MB.
ELEVEN_CASES_BYTES, SHARE_OF_PNG = 3_000_000, 0.8
DRAWN = ("paper", "negative_scores")


@pytest.mark.pinned_stack
def test_many_changed_cases_make_a_small_page(tmp_path: Path) -> None:
    """Each case's figures drawn here twice, the second time with the trend line 0.1 pt wider:
    every case changed, each side embedded once."""
    wider = dataclasses.replace(DESIGN, line_width=DESIGN.line_width + 0.1)
    png_bytes = 0
    for case in (case for case in CASES if case.name in DRAWN):
        folder = add_image_folder(tmp_path, case.name)
        for side, design in (("baseline", DESIGN), ("result", wider)):
            figure = case.draw(design=design)
            png_bytes += (folder / f"{side}.png").write_bytes(render(figure, "png"))
    outcomes = case_outcomes(tmp_path, list(DRAWN))
    assert all(item.changed for item in outcomes)
    text = review_page(outcomes, "intro")
    size = len(text.encode("utf-8"))
    assert len(DATA_URI.findall(text)) == 4 * len(DRAWN)  # two sides, two overlays
    assert size <= ELEVEN_CASES_BYTES * len(DRAWN) / 11
    assert size <= SHARE_OF_PNG * png_bytes


def _png(path: Path, height: int, width: int, mark: tuple[int, int] | None = None) -> None:
    pixels = np.full((height, width, 3), 255, dtype=np.uint8)
    if mark is not None:
        pixels[mark] = (0, 0, 0)
    Image.fromarray(pixels).save(path)


# Cases of our own, tiny: which sides exist (height, width, a black pixel), the images the page
# must carry and the words it must say.
SHAPES = [
    ("resized", {"baseline": (30, 40, (5, 5)), "result": (36, 40, (5, 6))}, 4, "image size"),
    ("new", {"result": (30, 40, None)}, 1, "A new case"),
    ("removed", {"baseline": (30, 40, None)}, 1, "Removed"),
    ("one pixel", {"baseline": (30, 40, (5, 5)), "result": (30, 40, (5, 6))}, 4, "2 of 1200"),
]


@pytest.mark.parametrize(
    ("sides", "carried", "words"), [row[1:] for row in SHAPES], ids=[row[0] for row in SHAPES]
)
def test_new_removed_and_resized_figures_are_shown(
    tmp_path: Path,
    sides: dict[str, tuple[int, int, tuple[int, int] | None]],
    carried: int,
    words: str,
) -> None:
    folder = add_image_folder(tmp_path, "case")
    for side, (height, width, mark) in sides.items():
        _png(folder / f"{side}.png", height, width, mark)
    text = review_page(case_outcomes(tmp_path, ["case"]), "intro")
    assert "Figure review: 1 of 1 figures changed" in text
    assert words in text
    found = images(text)
    assert len([attrs for attrs in found if attrs.get("src")]) == carried
    assert all(attrs.get("alt") for attrs in found)


def test_a_case_compared_in_words_only_is_shown_in_words_and_counted() -> None:
    """On rung 3 a run compares descriptions only: a changed case has words and no images, an
    unchanged one is counted all the same."""
    from figure_guard.page import review_page
    from figure_guard.report import CaseOutcome

    outcomes = [
        CaseOutcome("paper", None, False, ("bar 10: fill #102030 → #102031",)),
        CaseOutcome("single_bar", None, False, ()),
    ]
    text = review_page(outcomes, "Figures compared on rung 3.")
    assert "<title>Figure review: 1 of 2 figures changed</title>" in text
    assert "<li>bar 10: fill #102030 → #102031</li>" in text
    assert 'id="case-paper"' in text
    assert "<img" not in text.partition('id="case-paper"')[2].partition("</section>")[0]
