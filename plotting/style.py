"""The figure's style (a `.mplstyle` data file) and its font, applied without global side effects.

matplotlib reads many rcParams when a figure is *drawn*, not when it is built: the generic font
family lookup, text hinting, the PDF font type, the savefig defaults. So the style must be in force
both while the figure is built and every time it is drawn or saved. `style_context` provides that
scope: matplotlib's own defaults (never the user's matplotlibrc or earlier `rcParams` changes), then
the package style, then the chosen font. On exit every rcParam is back to what it was.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager

__all__ = [
    "DEFAULT_FONT",
    "STYLE_NAME",
    "FontNotFoundError",
    "installed_font_families",
    "resolve_font",
    "style_context",
    "style_path",
]

#: A Times-style serif that ships inside matplotlib, so every machine has the same glyphs.
DEFAULT_FONT = "STIXGeneral"
#: The name under which matplotlib finds the style: ``matplotlib.style.use(STYLE_NAME)``.
STYLE_NAME = f"{__package__}.warmup_ablation"


class FontNotFoundError(ValueError):
    """A requested font family is not installed (matplotlib would silently substitute another)."""


def style_path() -> Path:
    """Where the package's `.mplstyle` file lies."""
    return Path(str(resources.files(__package__).joinpath("warmup_ablation.mplstyle")))


def installed_font_families() -> frozenset[str]:
    """Family names matplotlib can use on this machine, its bundled fonts included."""
    return frozenset(entry.name for entry in font_manager.fontManager.ttflist)


def _families_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in sorted(installed_font_families())}


def resolve_font(family: str | None) -> str:
    """The installed family's exact name for `family` (case-insensitive); `None` -> the default.

    Raises `FontNotFoundError` naming the family, with the closest installed names as a hint.
    """
    if family is None:
        return DEFAULT_FONT
    if not isinstance(family, str) or not family.strip():
        raise FontNotFoundError(f"font must be a family name, got {family!r}")
    families = _families_by_lower_name()
    found = families.get(family.strip().lower())
    if found is None:
        close = difflib.get_close_matches(family.lower(), list(families), n=3, cutoff=0.5)
        hint = f"; closest installed: {', '.join(families[c] for c in close)}" if close else ""
        raise FontNotFoundError(f"font {family!r} is not installed{hint}")
    return found


@contextmanager
def style_context(font: str = DEFAULT_FONT) -> Iterator[None]:
    """Within this block, matplotlib draws in the figure's style with `font` as the serif face.

    `font` must be an installed family's exact name (see `resolve_font`). The style is applied
    after a reset to matplotlib's built-in defaults, so a user's matplotlibrc, `plt.style.use`
    calls or a changed `rcParams` elsewhere in the process change nothing inside. Like any
    rcParams scope it is process-wide while it lasts: do not draw from several threads at once.
    """
    with matplotlib.rc_context():
        # Like matplotlib.style.context(..., after_reset=True), minus importing matplotlib.style
        # (which parses matplotlib's whole style library) and re-validating on every draw: the
        # values were validated once when read. rc_context restores everything on exit.
        dict.update(matplotlib.rcParams, _style_params())  # type: ignore[misc]
        matplotlib.rcParams["font.serif"] = [font]
        yield


#: Settings a style never changes (matplotlib's own list, `matplotlib.style.core.STYLE_BLACKLIST`):
#: they belong to the session (backend, interactivity), not to a picture.
_SESSION_KEYS = frozenset(
    {
        "interactive", "backend", "backend_fallback", "toolbar", "timezone", "date.epoch",
        "figure.max_open_warning", "figure.raise_window", "savefig.directory",
        "tk.window_focus", "docstring.hardcopy", "webagg.port", "webagg.address",
        "webagg.port_retries", "webagg.open_in_browser",
    }
)  # fmt: skip


@cache
def _style_params() -> dict[str, Any]:
    """matplotlib's built-in defaults overlaid with the style file, read and validated once."""
    defaults = matplotlib.rcParamsDefault
    params: dict[str, Any] = {key: defaults[key] for key in defaults if key not in _SESSION_KEYS}
    style = matplotlib.rc_params_from_file(str(style_path()), use_default_template=False)
    params.update((key, style[key]) for key in style if key not in _SESSION_KEYS)
    return params
