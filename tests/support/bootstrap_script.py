"""tools/bootstrap.py as a module, for the tests that check it or the README's commands."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from support.registered import ROOT


def load_bootstrap() -> ModuleType:
    """A fresh copy of tools/bootstrap.py (a script, not a package: loaded from its file)."""
    spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "tools" / "bootstrap.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
