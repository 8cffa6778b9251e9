"""`figure_guard.checkout`: the cases a checkout registers, read as data (its pyproject.toml's
figure modules, parsed, never run), or refused in one line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from support.registered import CASES, ROOT

from figure_guard.checkout import registered_cases
from figure_guard.comment_data import DataError


def test_the_registered_figure_modules_are_read_as_data_and_name_every_case() -> None:
    assert registered_cases(ROOT) == [case.name for case in CASES]


def test_a_case_named_by_keyword_is_read_too(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nfigure_guard_figures = ["made:FIGURE"]\n', "utf-8"
    )
    (tmp_path / "made.py").write_text(
        "CASES = (Case('first', 'why'), Case(name='second', why='why'))\n", encoding="utf-8"
    )
    assert registered_cases(tmp_path) == ["first", "second"]


@pytest.mark.parametrize(
    ("source", "says"),
    [
        (
            "CASES = (Case(name, 'why'),)",
            "figures.made, line 1: a Case whose name is not a literal",
        ),
        ("CASES = (Case('../x', 'why'),)", "a Case whose name is not a literal"),
        ("CASES = (fig.Case(f'{x}', 'why'),)", "a Case whose name is not a literal"),
        ("CASES = (", "figures.made does not parse"),
        (None, "the registered figure module figures.made is not in the checkout"),
    ],
)
def test_a_figure_module_that_cannot_be_read_as_data_is_refused(
    tmp_path: Path, source: str | None, says: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nfigure_guard_figures = ["figures.made:FIGURE"]\n', "utf-8"
    )
    if source is not None:
        (tmp_path / "figures").mkdir()
        (tmp_path / "figures" / "made.py").write_text(source, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(says)):
        registered_cases(tmp_path)


OUTSIDE_CASES = "CASES = (Case('leaked_name', 'why'),)\n"


def registry(lines: list[str], pythonpath: list[str] | None = None) -> str:
    extra = "" if pythonpath is None else f"pythonpath = {pythonpath!r}\n"
    return f"[tool.pytest.ini_options]\n{extra}figure_guard_figures = {lines!r}\n"


@pytest.mark.parametrize(
    ("make", "says"),
    [
        pytest.param(
            lambda root, out: (root / "pyproject.toml").symlink_to(out / "pyproject.toml"),
            "pyproject.toml: a link",
            id="pyproject.toml a link",
        ),
        pytest.param(
            lambda root, out: (root / "pyproject.toml").write_text(
                registry([f"{out}/made:FIGURE"]), "utf-8"
            ),
            "is not a dotted name",
            id="a module given as a path",
        ),
        pytest.param(
            lambda root, out: (root / "pyproject.toml").write_text(
                registry(["made:FIGURE"], ["../outside"]), "utf-8"
            ),
            "pythonpath entry '../outside' leaves the checkout",
            id="a pythonpath that climbs out",
        ),
        pytest.param(
            lambda root, out: (root / "pyproject.toml").write_text(
                registry(["made:FIGURE"], [str(out)]), "utf-8"
            ),
            "leaves the checkout",
            id="an absolute pythonpath",
        ),
        pytest.param(
            lambda root, out: (
                (root / "pyproject.toml").write_text(registry(["figs.made:FIGURE"]), "utf-8"),
                (root / "figs").symlink_to(out),
            ),
            "figs/made.py: a link",
            id="a folder that is a link",
        ),
        pytest.param(
            lambda root, out: (
                (root / "pyproject.toml").write_text(registry(["made:FIGURE"]), "utf-8"),
                (root / "made.py").write_text("#" * (2 << 20), "utf-8"),
            ),
            "made.py: larger than",
            id="a module too large",
        ),
    ],
)
def test_nothing_outside_the_checkout_is_read(
    tmp_path: Path, make: Callable[[Path, Path], object], says: str
) -> None:
    """The workflow that may push reads a pull request's checkout: a registry that points
    outside it, or a link, is refused with one line, and nothing out there is read."""
    root, out = tmp_path / "pr", tmp_path / "outside"
    root.mkdir()
    out.mkdir()
    (out / "made.py").write_text(OUTSIDE_CASES, encoding="utf-8")
    (out / "pyproject.toml").write_text(registry(["made:FIGURE"]), encoding="utf-8")
    make(root, out)
    with pytest.raises(DataError, match=re.escape(says)):
        registered_cases(root)
