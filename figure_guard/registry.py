"""The guarded figures: each registered once, as one `GuardedFigure` with one `Case` a row.

A figure module declares how to draw the figure, its cases, the style it is drawn in, the file
stem it is saved under, the design its sensitivity rows are derived from, and which of its texts
a layout places by measuring drawn glyphs (`Nudge`). The project lists the module in its pytest
configuration, one line (`figure_guard_figures = ["figures.accuracy:FIGURE"]`); every test,
report and command of the guard reads the figures from here and from nowhere else.
"""

from __future__ import annotations

import dataclasses
import importlib
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from matplotlib.figure import Figure

from figure_guard.project import MODULE

__all__ = [
    "Case",
    "GuardedCase",
    "GuardedFigure",
    "Nudge",
    "RegistryError",
    "guarded_cases",
    "load_figures",
    "saved_png",
]

#: A case's name is its baselines' file stem, and a pytest id: a letter, then letters, digits
#: and underscores (names the accept commands, which read names as data, take too).
CASE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,99}")


class RegistryError(ValueError):
    """A registry line that names no guarded figure, or figures whose cases collide."""


@dataclass(frozen=True, init=False)
class Case:
    """One row: a case's name (its baselines' file stem, unique among all figures), why it
    exists (the code path it guards), and the options its figure is drawn with."""

    name: str
    why: str
    options: Mapping[str, Any] = field(default_factory=dict)

    def __init__(self, name: str, why: str, **options: Any) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "why", why)
        object.__setattr__(self, "options", MappingProxyType(dict(options)))


@dataclass(frozen=True)
class Nudge:
    """A text whose place off the pinned stack may move a little along one axis: a layout that
    decides on drawn glyphs (which another FreeType draws differently) may stop a step earlier
    or later. `role` names the artists (exactly, or followed by a space and a number); `limit`
    is in data units, or a share of that axis' range when `share_of_range`."""

    role: str
    axis: Literal["x", "y"]
    limit: float
    share_of_range: bool = False

    def names(self, artist: str) -> bool:
        return artist == self.role or (
            artist.startswith(f"{self.role} ") and artist[len(self.role) + 1 :].isdigit()
        )


@dataclass(frozen=True)
class GuardedFigure:
    """One guarded figure. `draw(**case.options)` returns it; `design`, when given, is the
    dataclass instance `draw(design=...)` takes, from which the sensitivity rows are derived
    (each colour one unit off, each width 0.1 pt wider). The first case is the one saved to
    `fig/<stem>.png` and `.pdf`."""

    name: str
    draw: Callable[..., Figure]
    cases: tuple[Case, ...]
    style: str | Path = "default"
    stem: str = ""
    design: Any = None
    nudges: tuple[Nudge, ...] = ()

    @property
    def file_stem(self) -> str:
        return self.stem or self.name

    @property
    def published(self) -> Case:
        return self.cases[0]


@dataclass(frozen=True)
class GuardedCase:
    """A case with its figure: what the guard's tests are parametrized with."""

    figure: GuardedFigure
    case: Case

    @property
    def name(self) -> str:
        return self.case.name

    @contextmanager
    def styled(self) -> Iterator[None]:
        """The rcParams the case is compared under: its figure's style after matplotlib's
        defaults, as pytest-mpl applies it around an image test."""
        import matplotlib.style

        with matplotlib.style.context(self.figure.style, after_reset=True):
            yield

    def draw(self, **overrides: Any) -> Figure:
        """The case's figure (drawn under the rcParams in force: see `styled`); `overrides`
        replace options (a perturbed `design`, say)."""
        return self.figure.draw(**{**self.case.options, **overrides})

    def png(self) -> bytes:
        """The case's PNG as its image test saves it: drawn and saved in its figure's style, with
        savefig's defaults there (the pixels pytest-mpl compares; it also drops the PNG's
        Software text, so the bytes may differ)."""
        with self.styled():
            return saved_png(self.draw())

    def __repr__(self) -> str:
        return f"GuardedCase({self.figure.name}:{self.name})"


def saved_png(figure: Figure) -> bytes:
    """`figure` saved as PNG with savefig's defaults under the rcParams in force."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def load_figures(lines: Sequence[str]) -> tuple[GuardedFigure, ...]:
    """The figures the registry lines (`module:NAME`) name, imported; RegistryError naming the
    line when one names nothing usable, or when two figures or two cases share a name."""
    figures = tuple(_load(line) for line in lines)
    _check_unique([figure.name for figure in figures], "figure")
    _check_unique([figure.file_stem for figure in figures], "stem")
    # lower case: two names that differ only in case are one file on macOS and Windows
    _check_unique([case.name.lower() for figure in figures for case in figure.cases], "case")
    return figures


def guarded_cases(figures: Sequence[GuardedFigure]) -> tuple[GuardedCase, ...]:
    """Every case of every figure, in registry order."""
    return tuple(GuardedCase(figure, case) for figure in figures for case in figure.cases)


def _load(line: str) -> GuardedFigure:
    module_name, colon, attribute = line.partition(":")
    if not colon or not MODULE.fullmatch(module_name) or not attribute.isidentifier():
        raise RegistryError(f"figure_guard_figures: {line!r} is not `module:NAME`")
    try:
        module = importlib.import_module(module_name)
    except ImportError as problem:
        raise RegistryError(
            f"figure_guard_figures: {line!r}: cannot import {module_name} ({problem})"
        ) from None
    figure = getattr(module, attribute, None)
    if not isinstance(figure, GuardedFigure):
        raise RegistryError(
            f"figure_guard_figures: {line!r}: {module_name}.{attribute} is"
            f" {type(figure).__name__}, not a GuardedFigure"
        )
    _check_figure(figure, line)
    return _style_found(figure, Path(str(module.__file__)).parent)


def _style_found(figure: GuardedFigure, folder: Path) -> GuardedFigure:
    """A style given as a relative `.mplstyle` path is the figure module's neighbour, wherever
    pytest or the CLI runs from."""
    style = Path(figure.style)
    if str(figure.style).endswith(".mplstyle") and not style.is_absolute():
        return dataclasses.replace(figure, style=folder / style)
    return figure


def _check_figure(figure: GuardedFigure, line: str) -> None:
    if not figure.cases:
        raise RegistryError(f"figure_guard_figures: {line!r}: the figure has no case")
    for case in figure.cases:
        if not isinstance(case, Case) or not CASE_NAME.fullmatch(case.name):
            raise RegistryError(
                f"figure_guard_figures: {line!r}: case {getattr(case, 'name', case)!r} is not"
                " a Case named with letters, digits and underscores (it names files)"
            )
    if not CASE_NAME.fullmatch(figure.file_stem):
        raise RegistryError(f"figure_guard_figures: {line!r}: stem {figure.file_stem!r}")
    design = figure.design
    if design is not None and (isinstance(design, type) or not dataclasses.is_dataclass(design)):
        raise RegistryError(
            f"figure_guard_figures: {line!r}: design is not a dataclass instance (a class?)"
        )


def _check_unique(names: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    why = {
        "case": ": each case names its own baseline files (letter case aside)",
        "stem": ": each figure has its own files in fig/",
    }
    for name in names:
        if name in seen:
            raise RegistryError(
                f"figure_guard_figures: two {what}s are named {name!r}{why.get(what, '')}"
            )
        seen.add(name)
