"""`figure_guard.registry`: a registry line names one GuardedFigure, or the run stops with one
line that says which line and why."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from figure_guard.registry import (
    Case,
    GuardedCase,
    GuardedFigure,
    Nudge,
    RegistryError,
    guarded_cases,
    load_figures,
)

#: A figure module, with the rows below appended: `FIGURE` is a good figure.
MODULE = """
from dataclasses import dataclass
from matplotlib.figure import Figure
from figure_guard import Case, GuardedFigure

def draw(size=1.0):
    figure = Figure(figsize=(size, size))
    figure.add_subplot().plot([0, 1], [1, 0])
    return figure

@dataclass(frozen=True)
class Look:
    colour: str = "#102030"

FIGURE = GuardedFigure("one", draw, (Case("first", "why", size=2.0), Case("second", "why")))
TWIN = GuardedFigure("two", draw, (Case("first", "why"),))
SAME_NAME = GuardedFigure("one", draw, (Case("third", "why"),))
NO_CASE = GuardedFigure("none", draw, ())
BAD_CASE = GuardedFigure("bad", draw, (Case("../up", "why"),))
BAD_DESIGN = GuardedFigure("bad", draw, (Case("fourth", "why"),), design={"colour": "red"})
DESIGN_CLASS = GuardedFigure("bad", draw, (Case("fifth", "why"),), design=Look)
SAME_STEM = GuardedFigure("three", draw, (Case("sixth", "why"),), stem="one")
CASE_ONLY = GuardedFigure("four", draw, (Case("FIRST", "why"),))
STYLED = GuardedFigure("five", draw, (Case("seventh", "why"),), style="look.mplstyle")
NOT_A_FIGURE = 42
"""


@pytest.fixture
def module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "registered_here.py").write_text(MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "registered_here", raising=False)  # this test's file
    return "registered_here"


def test_a_line_loads_its_figure_and_its_cases_draw_with_their_options(module: str) -> None:
    (figure,) = load_figures([f"{module}:FIGURE"])
    cases = guarded_cases([figure])
    assert [case.name for case in cases] == ["first", "second"]
    assert figure.published is figure.cases[0]
    assert figure.file_stem == "one"  # no stem given: the figure's name
    drawn = cases[0].draw()
    assert isinstance(drawn, Figure)
    assert tuple(drawn.get_size_inches()) == (2.0, 2.0)  # the row's option
    assert tuple(cases[1].draw(size=3.0).get_size_inches()) == (3.0, 3.0)  # an override
    assert repr(cases[0]) == "GuardedCase(one:first)"


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        (["{m}"], "'{m}' is not `module:NAME`"),
        (["{m}:"], "'{m}:' is not `module:NAME`"),
        (["no_such_module_here:FIGURE"], "cannot import no_such_module_here"),
        (["{m}:MISSING"], "{m}.MISSING is NoneType, not a GuardedFigure"),
        (["{m}:NOT_A_FIGURE"], "{m}.NOT_A_FIGURE is int, not a GuardedFigure"),
        (["{m}:NO_CASE"], "the figure has no case"),
        (["{m}:BAD_CASE"], "case '../up' is not a Case named with letters"),
        (["{m}:BAD_DESIGN"], "design is not a dataclass"),
        (["{m}:DESIGN_CLASS"], "design is not a dataclass instance (a class?)"),
        ([".{m}:FIGURE"], "'.{m}:FIGURE' is not `module:NAME`"),
        (["../{m}:FIGURE"], "is not `module:NAME`"),
        (["{m}:FIGURE", "{m}:SAME_STEM"], "two stems are named 'one'"),
        (["{m}:FIGURE", "{m}:CASE_ONLY"], "two cases are named 'first'"),
        (["{m}:FIGURE", "{m}:SAME_NAME"], "two figures are named 'one'"),
        (["{m}:FIGURE", "{m}:TWIN"], "two cases are named 'first'"),
    ],
)
def test_a_line_that_names_no_usable_figure_is_refused(
    module: str, lines: list[str], says: str
) -> None:
    with pytest.raises(RegistryError, match=r"^figure_guard_figures: ") as refused:
        load_figures([line.format(m=module) for line in lines])
    assert says.format(m=module) in str(refused.value)


@pytest.mark.parametrize(
    ("artist", "named"),
    [
        ("value label", True),
        ("value label 10", True),
        ("value label x", False),
        ("value labels", False),
        ("a value label 10", False),
    ],
)
def test_a_nudge_names_its_role_and_the_numbered_artists_of_it(artist: str, named: bool) -> None:
    assert Nudge("value label", "y", 0.1).names(artist) is named


def test_a_relative_style_file_is_found_beside_its_module(module: str, tmp_path: Path) -> None:
    (figure,) = load_figures([f"{module}:STYLED"])
    assert figure.style == tmp_path / "look.mplstyle"


def test_a_case_keeps_its_options_apart_from_the_caller() -> None:
    options = {"size": 1.0}
    case = Case("c", "why", **options)
    options["size"] = 2.0
    assert case.options == {"size": 1.0}
    with pytest.raises(TypeError):
        case.options["size"] = 3.0  # type: ignore[index]
    assert isinstance(GuardedCase(GuardedFigure("f", Figure, (case,)), case).case, Case)
