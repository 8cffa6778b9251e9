"""`figure_guard.project`: the guard's settings read from the ini keys, the same whether pytest
reads them or a command finds the pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from support.registered import PROJECT, ROOT

from figure_guard.project import Project, ProjectNotFoundError


def test_this_repository_keeps_the_defaults_and_registers_its_figures() -> None:
    """The registry is pyproject.toml's list, as written (read here with tomllib), whatever
    figures it holds."""
    with (ROOT / "pyproject.toml").open("rb") as file:
        listed = tomllib.load(file)["tool"]["pytest"]["ini_options"]["figure_guard_figures"]
    assert "figures.warmup_ablation:FIGURE" in listed
    assert PROJECT.figures == tuple(listed)
    assert PROJECT.root == ROOT
    assert PROJECT.baselines == ROOT / "baseline_images"
    assert PROJECT.results == ROOT / "results"
    assert PROJECT.versions == ROOT / "baseline_images" / "versions.toml"
    assert PROJECT.fig == ROOT / "fig"
    assert PROJECT.regenerate == "tox -e baselines"


def test_a_pytest_run_reads_the_same_settings(pytestconfig: pytest.Config) -> None:
    assert Project.from_ini(pytestconfig.rootpath, pytestconfig.getini) == PROJECT


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("", {"baselines": "baseline_images", "figures": ()}),
        (
            '[tool.pytest.ini_options]\nfigure_guard_baselines = "images/base"\n'
            'figure_guard_figures = ["a:B", " ", "c.d:E"]\n',
            {"baselines": "images/base", "figures": ("a:B", "c.d:E")},
        ),
        (
            '[tool.pytest.ini_options]\nfigure_guard_figures = "a:B\\n  c:D"\n',
            {"baselines": "baseline_images", "figures": ("a:B", "c:D")},
        ),
    ],
)
def test_a_command_finds_the_settings_from_any_folder_below(
    tmp_path: Path, toml: str, expected: dict[str, object]
) -> None:
    (tmp_path / "pyproject.toml").write_text(toml, encoding="utf-8")
    below = tmp_path / "deep" / "er"
    below.mkdir(parents=True)
    project = Project.find(below)
    assert project.root == tmp_path
    assert project.baselines == tmp_path / str(expected["baselines"])
    assert project.figures == expected["figures"]


def test_no_configuration_and_a_configuration_that_is_not_a_table_are_refused(
    tmp_path: Path,
) -> None:
    with pytest.raises(ProjectNotFoundError, match=r"no pyproject\.toml in"):
        Project.find(Path("/"))
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[tool\] is not a table"):
        Project.find(tmp_path)
