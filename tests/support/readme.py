"""The README, read by section: a test takes each example from the section that shows it, so
that another section's example of the same language never stands in for it."""

from __future__ import annotations

import re

from support.registered import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text under the heading `## title`, up to the next heading of that level."""
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert found, f"the README has no section {title!r}: update this test"
    return found.group(1)


def code_blocks(language: str, text: str = README) -> list[str]:
    """The fenced blocks of `language` in `text` (the whole README unless a section's)."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.M | re.S)
