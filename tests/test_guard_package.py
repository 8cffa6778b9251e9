"""`figure_guard/__init__.py`: it names every module of the package, each with its job."""

from __future__ import annotations

import re
from pathlib import Path

import figure_guard


def test_the_package_docstring_names_every_module() -> None:
    folder = Path(figure_guard.__file__).parent
    modules = {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}
    named = set(re.findall(r"`(\w+)`", figure_guard.__doc__ or ""))
    assert modules <= named, f"not in the package's docstring: {sorted(modules - named)}"
