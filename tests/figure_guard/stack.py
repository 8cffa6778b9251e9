"""The stack the baselines belong to: exact pixels hold only on the matplotlib and FreeType
that drew them, so any other stack is refused with a message instead of a bare RMS number."""

from __future__ import annotations

import tomllib
from typing import Any

import matplotlib
import matplotlib.ft2font

from figure_guard.settings import BASELINE_DIR, CONSTRAINTS_FILE, REGENERATE, VERSIONS_FILE


def installed_stack() -> dict[str, str]:
    return {
        "matplotlib": matplotlib.__version__,
        "freetype": matplotlib.ft2font.__freetype_version__,
    }


def required_stack() -> dict[str, str]:
    with VERSIONS_FILE.open("rb") as handle:
        recorded: dict[str, Any] = tomllib.load(handle)
    return {key: str(recorded[key]) for key in ("matplotlib", "freetype")}


def stack_mismatch() -> str | None:
    """Why the installed stack cannot reproduce the baselines, or None when it can."""
    required, installed = required_stack(), installed_stack()
    if required == installed:
        return None
    need = ", ".join(f"{k} {v}" for k, v in required.items())
    have = ", ".join(f"{k} {v}" for k, v in installed.items())
    return (
        f"the baselines in {BASELINE_DIR.name}/ were drawn with {need}, but this environment has"
        f" {have}; text renders differently across these versions, so a comparison would fail"
        f" (or pass) for the wrong reason. Run the suite in its pinned environment:"
        f" `python3 tools/bootstrap.py tests` (or `tox`, or `pip install -c"
        f" {CONSTRAINTS_FILE.name} -e .` before pytest). To move the"
        f" baselines to the new versions on purpose, update {CONSTRAINTS_FILE.name}, run"
        f" `{REGENERATE}` and review every changed PNG."
    )
