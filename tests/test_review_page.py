"""The review page's content, read without a browser (tests/test_review_browser.py opens it)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from figure_guard.page import CHANGES_IMAGE
from figure_guard.report import image_folders
from PIL import Image
from review_results import CHANGED, CHANGED_LINE, failing_run

pytestmark = pytest.mark.pinned_stack  # the failing run is drawn against the pinned baselines


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    results = tmp_path_factory.mktemp("results")
    path = failing_run(results)
    return results, path.read_text(encoding="utf-8")


def test_the_changed_figure_comes_first_with_its_numbers_and_words(page: tuple[Path, str]) -> None:
    _, text = page
    assert "Figure review: 1 of 4 figures changed" in text
    assert re.search(r"Figures\s+compared on rung [123]", text)  # how exactly it compared
    first_case = text.index('class="case"')
    assert text.index(f'id="case-{CHANGED}"') < text.index('id="h-unchanged"')
    assert first_case < text.index('id="h-unchanged"')
    assert re.search(r"\d+ of 796652 pixels differ, inside the box", text)
    assert CHANGED_LINE in text
    for view in ("Side by side", "Blink", "Swipe", "enlarged", "Where it is"):
        assert view in text


def test_it_loads_nothing_from_outside_and_every_image_has_words(page: tuple[Path, str]) -> None:
    _, text = page
    parser = Tags()
    parser.feed(text)
    for tag, attrs in parser.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not value or value.startswith(("data:image/png;base64,", "#")), (tag, value)
        if tag == "img":
            assert attrs.get("alt"), attrs
        assert tag not in ("link", "iframe", "object", "embed")
    assert "default-src 'none'" in text
    assert "http://" not in text
    assert "https://" not in text
    unchanged = [a for t, a in parser.tags if t == "img" and "unchanged" in (a.get("alt") or "")]
    assert len(unchanged) == 3


def test_the_composite_image_shows_the_enlarged_change(page: tuple[Path, str]) -> None:
    results, _ = page
    with Image.open(image_folders(results)[CHANGED] / CHANGES_IMAGE) as image:
        assert image.width > 3 * 4 * 12  # three panels, each at least 4x a 12 px box
        pixels = np.asarray(image.convert("RGB")).astype(int)
    red, green, blue = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    crimson = int(((red > 180) & (green < 90) & (blue < 110)).sum())
    assert crimson > 50  # the amplified difference is plainly there


def test_words_from_a_figure_are_escaped(page: tuple[Path, str], tmp_path: Path) -> None:
    """A label may hold HTML; the template's autoescape shows it as text."""
    from figure_guard.page import review_page
    from figure_guard.report import case_outcomes, run_intro

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
