"""The figures this repository registers, as the guard's plugin loads them: the tests that need
a case draw it from here, never from a table of their own."""

from __future__ import annotations

from pathlib import Path

from figure_guard.project import Project
from figure_guard.registry import GuardedCase, guarded_cases, load_figures

#: This repository's root, and its guard settings (pyproject.toml).
PROJECT = Project.find(Path(__file__).resolve().parent)
ROOT = PROJECT.root
FIGURES = load_figures(PROJECT.figures)
CASES: tuple[GuardedCase, ...] = guarded_cases(FIGURES)


def case_named(name: str) -> GuardedCase:
    (case,) = [case for case in CASES if case.name == name]
    return case


def copy_registry(root: Path) -> None:
    """Give a scratch checkout at `root` this repository's pytest configuration and figure
    modules: what the guard reads its settings and registered cases from."""
    import shutil

    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(
        ROOT / "figures", root / "figures", ignore=shutil.ignore_patterns("__pycache__")
    )
