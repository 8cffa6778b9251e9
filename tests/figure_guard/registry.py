"""What a repository registers for the guard: its figures, each with how to draw it, its cases
(one row each), its style, its design and the file stem it is saved under.

The guard knows figures only through this. A figure module declares one `GuardedFigure`; the
pytest configuration lists the modules, one row each (`figure_guard_figures`, as
`module:ATTRIBUTE`); every test, report and command of the guard covers each of their cases.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure

#: The pytest ini key (and `[tool.pytest.ini_options]` entry) that lists the figure modules.
INI_KEY = "figure_guard_figures"


class RegistryError(ValueError):
    """A registration the guard cannot use; the message names it and says why."""


@dataclass(frozen=True)
class Case:
    """One row: a name (its baseline's file stem, unique across all figures), why it exists (the
    code path it guards), and the keyword arguments its figure is drawn with."""

    name: str
    why: str
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def baseline_file(self) -> str:
        return f"{self.name}.png"


@dataclass(frozen=True)
class GuardedFigure:
    """A figure the guard keeps: `draw(**case.options)` returns a matplotlib `Figure`.

    - `style`: the matplotlib style the comparison applies around drawing (pytest-mpl's `style`);
      None: the figure carries its own look.
    - `stem`: the file stem the figure's paper files are saved under (`fig/<stem>.pdf`, `.png`);
      None: it has no paper files to keep fresh.
    - `design`: a frozen dataclass `draw` also takes as `design=`: each of its colours one unit
      off and each line width 0.1 pt wider is a sensitivity row; None: no such rows.
    """

    name: str
    draw: Callable[..., Figure]
    cases: tuple[Case, ...]
    style: str | None = None
    stem: str | None = None
    design: Any = None

    def figure(self, case: Case, **overrides: Any) -> Figure:
        """The case drawn, with `overrides` (e.g. another `design`) on top of its options."""
        return self.draw(**{**case.options, **overrides})

    def case(self, name: str) -> Case:
        for case in self.cases:
            if case.name == name:
                return case
        raise RegistryError(f"the figure {self.name!r} has no case {name!r}")


@dataclass(frozen=True)
class RegisteredCase:
    """A case with the figure it belongs to: what each test of the guard is parametrized by."""

    figure: GuardedFigure
    case: Case

    @property
    def name(self) -> str:
        return self.case.name

    def draw(self, **overrides: Any) -> Figure:
        return self.figure.figure(self.case, **overrides)


def load_one(row: str) -> GuardedFigure:
    """The figure a row names: `package.module:ATTRIBUTE` (ATTRIBUTE defaults to `FIGURE`)."""
    module_name, _, attribute = row.strip().partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise RegistryError(f"{INI_KEY}: cannot import {module_name!r} ({error})") from None
    figure = getattr(module, attribute or "FIGURE", None)
    if not isinstance(figure, GuardedFigure):
        raise RegistryError(
            f"{INI_KEY}: {row.strip()!r} is not a GuardedFigure"
            f" ({module_name} has no {attribute or 'FIGURE'} of that type)"
        )
    return figure


def load(rows: Iterable[str]) -> tuple[GuardedFigure, ...]:
    """Every registered figure, in the order of the rows; names and case names unique."""
    figures = tuple(load_one(row) for row in rows if row.strip())
    check(figures)
    return figures


def check(figures: Sequence[GuardedFigure]) -> None:
    """Refuse what would make two baselines one file or one report line two cases."""
    seen: dict[str, str] = {}
    names = [figure.name for figure in figures]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise RegistryError(f"{INI_KEY}: figures registered twice: {', '.join(twice)}")
    for figure in figures:
        if not figure.cases:
            raise RegistryError(f"the figure {figure.name!r} registers no case")
        for case in figure.cases:
            if not case.name.isidentifier():
                raise RegistryError(
                    f"{figure.name}: case name {case.name!r} must be a Python identifier"
                    " (it names a file and a test)"
                )
            if case.name in seen:
                raise RegistryError(
                    f"the case name {case.name!r} is used by {seen[case.name]!r} and"
                    f" {figure.name!r}: case names name baseline files, so they are unique"
                )
            seen[case.name] = figure.name
        if figure.design is not None and not dataclasses.is_dataclass(figure.design):
            raise RegistryError(f"{figure.name}: design must be a dataclass instance")


def cases_of(figures: Iterable[GuardedFigure]) -> list[RegisteredCase]:
    """Every case of every figure, in registration order."""
    return [RegisteredCase(figure, case) for figure in figures for case in figure.cases]
