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
from figure_guard.project import MODULE, Project

__all__ = ["head_commit", "registered_cases"]


#: The most a checkout's pyproject.toml or figure module may hold, read as data (real ones are a
#: few kilobytes).
MAX_SOURCE_BYTES = 1 << 20


def registered_cases(root: Path) -> list[str]:
    """The case names a checkout registers, read as data (parsed, never run: the workflow that
    may push reads a pull request's figure modules with it): the modules its pyproject.toml lists
    in `figure_guard_figures`, and in each every `Case("name", ...)` call. Nothing outside the
    checkout is read: no link, no absolute or climbing path, no file but a regular one within
    `MAX_SOURCE_BYTES`. DataError for a module it cannot find or read, or a case it cannot
    name."""
    root = root.resolve()
    options = _ini_options(_read(root, root / "pyproject.toml"))
    project = Project.from_ini(root, options.get)
    folders = [root, *(_inside(root, entry) for entry in _pythonpath(options))]
    names: list[str] = []
    for line in project.figures:
        module = line.partition(":")[0]
        if not MODULE.fullmatch(module):
            raise DataError(f"the registered figure module {module!r} is not a dotted name")
        relative = Path(*module.split("."))
        found = [
            path
            for folder in folders
            for path in (folder / relative.with_suffix(".py"), folder / relative / "__init__.py")
            if path.is_file()
        ]
        if not found:
            raise DataError(f"the registered figure module {module} is not in the checkout")
        names += _case_names(_read(root, found[0]), module)
    return names


def _read(root: Path, path: Path) -> str:
    """A regular file of the checkout as text: refused when it, or a folder on its way, is a
    link, when it lies outside `root`, or when it is larger than `MAX_SOURCE_BYTES`."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    for part in (path, *path.parents):
        if part == root:
            break
        if part.is_symlink():
            raise DataError(f"{name}: a link (nothing is read through links)")
    if not path.resolve().is_relative_to(root) or not path.is_file():
        raise DataError(f"{name}: not a file of the checkout")
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise DataError(f"{name}: larger than {MAX_SOURCE_BYTES} bytes")
    return path.read_text(encoding="utf-8")


def _inside(root: Path, entry: object) -> Path:
    """A `pythonpath` entry as a folder of the checkout: relative, climbing nowhere."""
    relative = Path(str(entry))
    if relative.is_absolute() or ".." in relative.parts:
        raise DataError(f"pyproject.toml: pythonpath entry {entry!r} leaves the checkout")
    return root / relative


def _ini_options(text: str) -> dict[str, object]:
    try:
        tables = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise DataError(f"pyproject.toml is not TOML: {problem}") from None
    found: object = tables
    for key in ("tool", "pytest", "ini_options"):
        found = found.get(key, {}) if isinstance(found, dict) else {}
    return found if isinstance(found, dict) else {}


def _pythonpath(options: dict[str, object]) -> list[object]:
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
        named = [word.value for word in node.keywords if word.arg == "name"]
        first = node.args[0] if node.args else (named[0] if named else None)
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
