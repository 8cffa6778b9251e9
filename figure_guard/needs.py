"""What the guard's pytest plugin needs besides pytest and matplotlib, checked before anything
else of it is imported: pytest loads the plugin wherever the project is installed, so an
environment without them gets one line that says what to install, not a traceback from deep
inside the guard."""

from __future__ import annotations

import importlib.util

#: Module -> the distribution that provides it (the project's `guard` extra lists them).
NEEDED = {"pytest_mpl": "pytest-mpl", "jinja2": "jinja2", "PIL": "pillow"}

missing = [dist for module, dist in NEEDED.items() if importlib.util.find_spec(module) is None]
if missing:
    raise ImportError(
        f"the figure guard's pytest plugin needs {', '.join(missing)}: install the project with"
        " its guard extra (pip install -e '.[guard]'), or pass `-p no:figure_guard`"
    )
