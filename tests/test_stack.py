"""`figure_guard.stack`: the stack the baselines belong to, and the other stacks the suite is
proven on (tests/stacks/). The rung each run compares on is tested where it acts: the plugin's
forgiving comparison (tests/test_session.py) and the run on another stack
(tests/end_to_end/test_registered_figures.py)."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest
from support.registered import PROJECT, ROOT

from figure_guard.stack import required_stack, stack_mismatch


def test_the_stack_guard_names_both_stacks_and_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matplotlib, "__version__", "3.10.0")
    message = stack_mismatch(PROJECT)
    assert message is not None
    assert f"matplotlib {required_stack(PROJECT)['matplotlib']}" in message
    assert "matplotlib 3.10.0" in message
    assert "`tox`" in message
    assert f"`{PROJECT.regenerate}`" in message


def test_the_other_stacks_pin_everything_else_as_constraints_txt_does() -> None:
    """A stack file differs from constraints.txt only in matplotlib, or it tests something else."""

    def pins(path: Path) -> dict[str, str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        pairs = (line.split("==") for line in lines if line and not line.startswith("#"))
        return {name.strip().lower(): version.strip() for name, version in pairs}

    pinned = pins(ROOT / "constraints.txt")
    for stack in sorted((ROOT / "tests" / "stacks").glob("*.txt")):
        other = pins(stack)
        assert other.keys() == pinned.keys(), stack.name
        differing = {name for name in pinned if other[name] != pinned[name]}
        assert differing == {"matplotlib"}, f"{stack.name} also moves {differing - {'matplotlib'}}"
