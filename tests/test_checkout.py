"""`figure_guard.checkout`: the cases a checkout registers, read as data (its pyproject.toml's
figure modules, parsed, never run), or refused in one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.registered import CASES, ROOT

from figure_guard.checkout import registered_cases
from figure_guard.comment_data import DataError


def test_the_registered_figure_modules_are_read_as_data_and_name_every_case() -> None:
    assert registered_cases(ROOT) == [case.name for case in CASES]


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
