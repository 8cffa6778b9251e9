"""The environment for Python subprocesses the tests start (CLI runs, nested pytest runs)."""

from __future__ import annotations

import os
import sys


def child_env() -> dict[str, str]:
    """This environment, with this interpreter's module path: the child imports the same
    `plotting` and test helpers as the test that starts it, installed or not."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
