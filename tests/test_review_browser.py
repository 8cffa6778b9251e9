"""The review page in a real browser: headless Chromium (Debian's `chromium`), driven by
Playwright with the system browser (`tox -e browser`; .ci/run installs chromium when missing).

A failing run's page is opened from its file: every changed figure is shown, every image is
drawn (each is in the page once, the others copy it by script), the enlarged difference shows the
changed pixels in crimson, the blink toggle works by mouse and keyboard, the swipe slider moves
the line, no request leaves the file, no console error occurs, nothing overflows its card or the
window at 1,280 px, at 200 % zoom or on a phone. Screenshots go to `results/`, to be looked at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from support.registered import PROJECT
from support.review_results import CHANGED, failing_run

from figure_guard.composite import CRIMSON

if TYPE_CHECKING:  # Playwright is installed in the browser environment only
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.browser, pytest.mark.pinned_stack]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return failing_run(tmp_path_factory.mktemp("results"))


def missing_browser(reason: str, request: pytest.FixtureRequest) -> None:
    """Skip where a browser is not installed (plain `pytest`); fail where it must run
    (`tox -e browser` and CI pass --require-browser)."""
    if request.config.getoption("--require-browser"):
        pytest.fail(f"{reason} (--require-browser is on)", pytrace=False)
    pytest.skip(f"{reason}: `tox -e browser` runs this test")


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("Playwright is not installed", request)
    if not Path(CHROMIUM).is_file():
        missing_browser(f"no Chromium at {CHROMIUM} (`apt-get install chromium`)", request)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def open_page(browser: Browser, page_file: Path, **context: Any) -> tuple[Page, list[str]]:
    """The page, with every request that is not the file itself or inline data, and every
    console error, collected in `problems`."""
    page = browser.new_context(**context).new_page()
    problems: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("data:", page_file.as_uri()))
            else problems.append(f"request {request.url}")
        ),
    )
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error {error}"))
    page.goto(page_file.as_uri())
    return page, problems


def test_the_page_works_in_a_real_browser(browser: Browser, page_file: Path) -> None:
    page, problems = open_page(browser, page_file, viewport={"width": 1280, "height": 900})
    changed = page.locator("section.case")
    assert changed.count() == 1
    assert changed.first.get_attribute("id") == f"case-{CHANGED}"
    assert page.locator("ul.names li").count() == 3
    assert page.locator("ul.names img").count() == 0
    assert broken_images(page) == 0

    # blink, by mouse and by keyboard
    button = page.locator("button[data-blink]")
    baseline = page.locator(f"#blink-{CHANGED} img.baseline")
    result = page.locator(f"#blink-{CHANGED} img.result")
    assert baseline.is_visible()
    assert not result.is_visible()
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert result.is_visible()
    assert not baseline.is_visible()
    button.focus()
    page.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "false"
    assert baseline.is_visible()

    # swipe: the slider moves the line between baseline and result
    slider = page.locator(f"#swipe-{CHANGED}")
    over = page.locator(f"#swipe-over-{CHANGED}")
    assert "50%" in over.evaluate("element => element.style.clipPath")
    slider.fill("20")
    assert "80%" in over.evaluate("element => element.style.clipPath")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert "79%" in over.evaluate("element => element.style.clipPath")

    # a visible focus ring
    outline = button.evaluate(
        "element => { element.focus(); return getComputedStyle(element).outlineStyle; }"
    )
    assert outline != "none"

    assert problems == []


def broken_images(page: Page) -> int:
    return int(
        page.evaluate(
            "[...document.images]"
            ".filter(image => !image.complete || image.naturalWidth === 0).length"
        )
    )


def test_the_enlarged_difference_shows_the_changed_pixels(
    browser: Browser, page_file: Path, tmp_path: Path
) -> None:
    """As drawn by Chromium: the enlarged difference holds crimson pixels, the baseline's and
    the result's enlarged windows none (the figure has no crimson of its own)."""
    from PIL import Image

    page, problems = open_page(browser, page_file, viewport={"width": 1280, "height": 900})
    lenses = page.locator(f"#case-{CHANGED} .lenses .view")
    assert lenses.count() == 3
    crimson = []
    for index in range(3):
        shot = tmp_path / f"lens-{index}.png"
        lenses.nth(index).screenshot(path=str(shot))
        with Image.open(shot) as image:
            pixels = np.asarray(image.convert("RGB")).astype(int)
        near = np.abs(pixels - np.array(CRIMSON)).max(axis=-1) <= 8
        crimson.append(int(near.sum()))
    assert crimson[0] == crimson[1] == 0
    assert crimson[2] > 50 * 4 * 4  # changed pixels, enlarged at least 4x
    assert problems == []


#: Viewports the page must fit: a laptop; 200 % zoom of a 1280 px window, which lays out like a
#: 640 px one; a phone.
VIEWPORTS = [
    ("desktop", {"width": 1280, "height": 900}),
    ("zoom-200", {"width": 640, "height": 450}),
    ("phone", {"width": 390, "height": 844}),
]

#: Every element outside a view (whose overflow the view clips, on purpose) that sticks out of
#: its case's card, and every card wider than its own box.
OUT_OF_CARD = """() => {
  const out = [];
  for (const card of document.querySelectorAll("section.case")) {
    const box = card.getBoundingClientRect();
    if (card.scrollWidth > card.clientWidth) out.push(`${card.id} scrolls sideways`);
    for (const element of card.querySelectorAll("*")) {
      if (element.closest(".view") && !element.matches(".view")) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width && (rect.left < box.left - 0.5 || rect.right > box.right + 0.5))
        out.push(`${card.id}: ${element.tagName}.${element.className} ${rect.left}..${rect.right}`);
    }
  }
  return out;
}"""


@pytest.mark.parametrize(("name", "viewport"), VIEWPORTS, ids=[row[0] for row in VIEWPORTS])
def test_nothing_overflows_at_1280_px_at_200_percent_zoom_or_on_a_phone(
    browser: Browser, page_file: Path, name: str, viewport: dict[str, int]
) -> None:
    page, problems = open_page(browser, page_file, viewport=viewport)
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.evaluate(OUT_OF_CARD) == []
    PROJECT.results.mkdir(exist_ok=True)
    page.screenshot(path=str(PROJECT.results / f"review-{name}.png"), full_page=True)
    assert problems == []


def test_a_copy_of_the_page_alone_still_shows_every_image(
    browser: Browser, page_file: Path, tmp_path: Path
) -> None:
    """Self-contained: moved away from its results folder, nothing is missing."""
    alone = tmp_path / "review.html"
    shutil.copy(page_file, alone)
    page, problems = open_page(browser, alone, viewport={"width": 1280, "height": 900})
    assert broken_images(page) == 0
    assert problems == []
