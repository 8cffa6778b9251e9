"""`figure_guard/__init__.py` names every module of the package, each with its job; and the guard
stands on its own: it imports nothing of the figure it guards, of this repository's figures or of
the tests (the `plotting` package imports the guard's describer, never the other way round)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import figure_guard

FOLDER = Path(figure_guard.__file__).parent
#: What the guard may not import: it knows figures only through what they register.
OUTSIDE = ("plotting", "figures", "support", "tests", "conftest")


def test_the_package_docstring_names_every_module() -> None:
    modules = {path.stem for path in FOLDER.glob("*.py") if path.stem != "__init__"}
    packages = {path.parent.name for path in FOLDER.glob("*/__init__.py")}
    named = set(re.findall(r"`(\w+)`", figure_guard.__doc__ or ""))
    assert modules | packages <= named, f"not named: {sorted((modules | packages) - named)}"


@pytest.mark.parametrize(
    "path", sorted(FOLDER.rglob("*.py")), ids=lambda path: path.relative_to(FOLDER).as_posix()
)
def test_the_guard_imports_nothing_of_what_it_guards(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom) and node.level == 0
            else []
        )
    ]
    assert [name for name in imported if name.partition(".")[0] in OUTSIDE] == []


def test_an_environment_without_the_guards_needs_is_told_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib

    from figure_guard import needs

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "jinja2" else real(name, *args),
    )
    with pytest.raises(ImportError, match=r"needs jinja2: install the project with its guard"):
        importlib.reload(needs)
    monkeypatch.undo()
    importlib.reload(needs)  # as it was: nothing missing
    assert needs.missing == []
