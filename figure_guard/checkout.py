"""What a checkout says, read as data: the cases it registers and the commit it is at.

The workflow that may push reads a pull request's checkout with these (parsed, never run), and
`tox -e accept` reads the local one the same way. Standard library only.
"""

from __future__ import annotations

import ast
import subprocess
import tomllib
from pathlib import Path

from figure_guard.artifact import COMMIT
from figure_guard.comment_data import CASE_NAME, DataError
from figure_guard.project import Project

__all__ = ["head_commit", "registered_cases"]


def registered_cases(root: Path) -> list[str]:
    """The case names a checkout registers, read as data (parsed, never run: the workflow that
    may push reads a pull request's figure modules with it): the modules its pyproject.toml lists
    in `figure_guard_figures`, and in each every `Case("name", ...)` call. DataError for a
    module it cannot find or read, or a case it cannot name."""
    project = Project.from_pyproject(root / "pyproject.toml")
    folders = [root, *(root / str(entry) for entry in _pythonpath(root))]
    names: list[str] = []
    for line in project.figures:
        module = line.partition(":")[0]
        relative = Path(*module.split("."))
        found = [
            path
            for folder in folders
            for path in (folder / relative.with_suffix(".py"), folder / relative / "__init__.py")
            if path.is_file() and not path.is_symlink()
        ]
        if not found:
            raise DataError(f"the registered figure module {module} is not in the checkout")
        names += _case_names(found[0].read_text(encoding="utf-8"), module)
    return names


def _pythonpath(root: Path) -> list[object]:
    with (root / "pyproject.toml").open("rb") as file:
        options = tomllib.load(file).get("tool", {}).get("pytest", {}).get("ini_options", {})
    entries = options.get("pythonpath", [])
    return list(entries) if isinstance(entries, list) else []


def _case_names(source: str, module: str) -> list[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError as problem:
        raise DataError(f"{module} does not parse: {problem}") from None
    names = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _called(node.func) == "Case"):
            continue
        first = node.args[0] if node.args else None
        if not (
            isinstance(first, ast.Constant)
            and isinstance(first.value, str)
            and CASE_NAME.fullmatch(first.value)
        ):
            raise DataError(f"{module}, line {node.lineno}: a Case whose name is not a literal")
        names.append(first.value)
    return names


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def head_commit(repo: Path) -> str | None:
    """The commit checked out in `repo`, or None outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and COMMIT.fullmatch(commit) else None
