"""Where a project keeps what the guard reads and writes: one `Project`, read once from the
pytest configuration's ini keys (`figure_guard_*`, in `[tool.pytest.ini_options]`).

A pytest run reads them through `pytest.Config.getini`; the guard's commands (`review`, `accept`,
`reference`) read the same keys from the pyproject.toml they find, so both agree on every path.
Relative paths are relative to the folder of that configuration file (pytest's `rootpath`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["INI_KEYS", "MODULE", "Project", "ProjectNotFoundError"]

#: A registry line's module (`figure_guard_figures = ["module:NAME"]`): dotted names only, no
#: path and nothing relative; the registry imports it, the checkout reader finds its file.
MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")

#: The guard's ini keys: name -> (pytest's ini type, help, default).
INI_KEYS: dict[str, tuple[str, str, str | list[str]]] = {
    "figure_guard_figures": (
        "linelist",
        "the guarded figures, one `module:NAME` a line (a figure_guard.GuardedFigure each)",
        [],
    ),
    "figure_guard_baselines": (
        "string",
        "folder of the committed baseline PNGs and descriptions (default: baseline_images)",
        "baseline_images",
    ),
    "figure_guard_results": (
        "string",
        "folder a run leaves its images, review page and reports in (default: results)",
        "results",
    ),
    "figure_guard_constraints": (
        "string",
        "the pinned requirements the baselines were drawn with (default: constraints.txt)",
        "constraints.txt",
    ),
    "figure_guard_regenerate": (
        "string",
        "the command that rewrites the baselines, named in every failure",
        "pytest --mpl-generate-path=baseline_images",
    ),
}


class ProjectNotFoundError(FileNotFoundError):
    """No pyproject.toml in the folder a command starts from or above it."""


@dataclass(frozen=True)
class Project:
    """One project's guard settings, every path absolute."""

    root: Path
    figures: tuple[str, ...]
    baselines: Path
    results: Path
    constraints: Path
    regenerate: str

    @property
    def fig(self) -> Path:
        """Where the figures' published files are (`fig/<stem>.png` and `.pdf`)."""
        return self.root / "fig"

    @property
    def versions(self) -> Path:
        """Where the baselines' stack and machine kind are recorded, beside them."""
        return self.baselines / "versions.toml"

    @classmethod
    def from_ini(cls, root: Path, value: Callable[[str], object]) -> Project:
        """From a reader of ini values (`Config.getini`, or a pyproject table's `get`)."""

        def text(key: str) -> str:
            found = value(key)
            return str(found) if found not in (None, "", []) else str(INI_KEYS[key][2])

        figures = value("figure_guard_figures")
        if isinstance(figures, str):
            lines = figures.splitlines()
        elif isinstance(figures, list | tuple):
            lines = [str(line) for line in figures]
        else:
            lines = []
        return cls(
            root=root,
            figures=tuple(line.strip() for line in lines if line.strip()),
            baselines=root / text("figure_guard_baselines"),
            results=root / text("figure_guard_results"),
            constraints=root / text("figure_guard_constraints"),
            regenerate=text("figure_guard_regenerate"),
        )

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project whose pyproject.toml is in `start` (default: the working folder) or the
        nearest folder above it, as pytest finds its configuration."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            path = folder / "pyproject.toml"
            if path.is_file():
                return cls.from_pyproject(path)
        raise ProjectNotFoundError(f"no pyproject.toml in {here} or above it")

    @classmethod
    def from_pyproject(cls, path: Path) -> Project:
        with path.open("rb") as file:
            tables: Mapping[str, object] = tomllib.load(file)
        ini = _table(_table(tables.get("tool"), "tool").get("pytest"), "tool.pytest")
        options = _table(ini.get("ini_options"), "tool.pytest.ini_options")
        return cls.from_ini(path.parent, options.get)


def _table(value: object, name: str) -> Mapping[str, object]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"pyproject.toml: [{name}] is not a table")
    return value
