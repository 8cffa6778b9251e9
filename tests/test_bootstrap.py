"""The bootstrap script installs once: a second run on an unchanged checkout runs no pip, any change
to what the install is made from installs again, and a failed install leaves no stamp.

In-process and offline: the script runs on a scratch clone (a constraints.txt and a pyproject.toml
of its own), with pip, the virtual environment and the commands it starts replaced by fakes.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest
from support.bootstrap_script import load_bootstrap

FAKE_PYTHON = Path("venv-python")


@dataclass
class Fakes:
    """What the script asked pip and the virtual environment to do."""

    module: ModuleType
    clone: Path
    installs: list[tuple[str, ...]] = field(default_factory=list)
    runs: list[list[str]] = field(default_factory=list)
    venv_checks: int = 0
    pip_fails: bool = False

    @property
    def python(self) -> Path:
        return Path(self.module.venv_python(self.clone / ".venv"))

    def create_venv(self, venv: Path) -> Path:
        """As the script's: an environment without its interpreter is made again, stamps gone."""
        assert venv == self.clone / ".venv"
        self.venv_checks += 1
        if not self.python.exists():
            shutil.rmtree(venv)
        self.python.parent.mkdir(parents=True, exist_ok=True)
        self.python.touch()
        return self.python

    def pip_install(self, python: Path, *requirements: str) -> None:
        assert python == self.python
        self.installs.append(requirements)
        if self.pip_fails:
            raise self.module.BootstrapError("pip failed (fake)")

    def run(self, command: list[str]) -> int:
        self.runs.append(command)
        return 0

    def stamp(self, command: str) -> Path:
        return self.clone / ".venv" / f"bootstrap-{command}.json"


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fakes:
    module = load_bootstrap()
    clone = tmp_path / "clone"
    (clone / ".venv").mkdir(parents=True)
    (clone / "constraints.txt").write_text("matplotlib==3.11.2\nnumpy==2.4.6\n", "utf-8")
    (clone / "pyproject.toml").write_text('[project]\nname = "plotting"\n', "utf-8")
    made = Fakes(module, clone)
    monkeypatch.setattr(module, "ROOT", clone)
    monkeypatch.setattr(module, "VENV", clone / ".venv")
    monkeypatch.setattr(module, "create_venv", made.create_venv)
    monkeypatch.setattr(module, "pip_install", made.pip_install)
    monkeypatch.setattr(module, "_run", made.run)
    return made


def edit(name: str, text: str) -> Callable[[Fakes], None]:
    def change(fakes: Fakes) -> None:
        path = fakes.clone / name
        path.write_text(path.read_text("utf-8") + text, "utf-8")

    return change


def recorded_by_another_python(fakes: Fakes) -> None:
    stamp = fakes.stamp("figure")
    recorded = json.loads(stamp.read_text("utf-8"))
    recorded["python"] = "3.11.0 (an older build)"
    stamp.write_text(json.dumps(recorded), "utf-8")


def unchanged(fakes: Fakes) -> None:
    del fakes


def stamp_garbled(fakes: Fakes) -> None:
    fakes.stamp("figure").write_text("{not json", "utf-8")


def stamp_gone(fakes: Fakes) -> None:
    fakes.stamp("figure").unlink()


def interpreter_gone(fakes: Fakes) -> None:
    fakes.python.unlink()


@dataclass(frozen=True)
class SecondRun:
    """What happened between two runs of `figure`, and what the second run must do."""

    name: str
    change: Callable[[Fakes], None]
    checks_venv: bool  # starts .venv's interpreter to check it
    installs: bool
    says: str | None = None  # why it installs


SECOND_RUNS = [
    SecondRun("nothing", unchanged, checks_venv=False, installs=False),
    SecondRun(
        "a pin", edit("constraints.txt", "pillow==13.0.0\n"), True, True, "constraints.txt changed"
    ),
    SecondRun("a comment", edit("constraints.txt", "# x\n"), True, True, "constraints.txt changed"),
    SecondRun(
        "pyproject.toml", edit("pyproject.toml", "[x]\n"), True, True, "pyproject.toml changed"
    ),
    SecondRun("the Python", recorded_by_another_python, True, True, "python changed"),
    SecondRun("a garbled stamp", stamp_garbled, True, True, "first run"),
    SecondRun("no stamp", stamp_gone, True, True, "first run"),
    SecondRun("the interpreter gone", interpreter_gone, True, True, "first run"),
]


@pytest.mark.parametrize("second", SECOND_RUNS, ids=[row.name for row in SECOND_RUNS])
def test_a_second_figure_run_installs_only_when_its_inputs_changed(
    fakes: Fakes, capsys: pytest.CaptureFixture[str], second: SecondRun
) -> None:
    assert fakes.module.main(["figure", "--format", "svg"]) == 0
    assert fakes.installs == [("-c", "constraints.txt", "-e", ".")]
    assert "installing the package on the pinned stack" in capsys.readouterr().out
    second.change(fakes)

    assert fakes.module.main(["figure", "--format", "svg"]) == 0

    assert len(fakes.installs) == (2 if second.installs else 1)
    said = capsys.readouterr().out
    assert ("bootstrap: installing" in said) is second.installs
    if second.says is not None:
        assert f"({second.says}" in said, said
    # the CLI ran both times, with the options passed through
    assert fakes.runs == [[str(fakes.python), "-m", "plotting", "--format", "svg"]] * 2
    assert fakes.stamp("figure").is_file()
    # an unchanged checkout starts no process before the CLI, not even to check .venv
    assert fakes.venv_checks == (2 if second.checks_venv else 1)


def test_a_failed_install_leaves_no_stamp_and_the_next_run_installs_again(
    fakes: Fakes, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fakes.module.main(["figure"]) == 0
    edit("constraints.txt", "pillow==13.0.0\n")(fakes)
    fakes.pip_fails = True

    assert fakes.module.main(["figure"]) == 2

    assert "error: pip failed (fake)" in capsys.readouterr().err
    assert not fakes.stamp("figure").exists()  # the earlier install's stamp went too
    assert len(fakes.runs) == 1  # the CLI did not run on a half-installed stack
    fakes.pip_fails = False
    assert fakes.module.main(["figure"]) == 0
    assert len(fakes.installs) == 3
    assert fakes.stamp("figure").is_file()


def test_tests_installs_tox_once_and_runs_it_every_time(fakes: Fakes) -> None:
    for _ in range(2):
        assert fakes.module.main(["tests", "-e", "review"]) == 0
    assert fakes.installs == [(fakes.module.TOX,)]
    assert fakes.runs == [[str(fakes.python), "-m", "tox", "-e", "review"]] * 2
    # the two commands keep separate records: figure still installs its own stack
    assert fakes.module.main(["figure"]) == 0
    assert len(fakes.installs) == 2


FAKE_PIP = """\
import sys
print("Looking in indexes: https://example.invalid/simple")
print("Collecting matplotlib==3.11.2")
print("  Downloading matplotlib-3.11.2.whl (8.6 MB)")
print("Installing collected packages: matplotlib")
print("ERROR: no space left" if sys.argv[1] == "fail" else "Successfully installed matplotlib")
sys.exit(1 if sys.argv[1] == "fail" else 0)
"""

FAKE_PIP_LINES_WHEN_FAILING = [
    "Looking in indexes: https://example.invalid/simple",
    "Collecting matplotlib==3.11.2",
    "  Downloading matplotlib-3.11.2.whl (8.6 MB)",
    "Installing collected packages: matplotlib",
    "ERROR: no space left",
]


@pytest.mark.parametrize("outcome", ["ok", "fail"])
def test_pip_says_what_it_installs_as_it_goes_and_everything_when_it_fails(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    outcome: str,
) -> None:
    module = load_bootstrap()
    script = tmp_path / "fake_pip.py"
    script.write_text(FAKE_PIP, "utf-8")
    monkeypatch.setattr(module, "_pip_command", lambda python: [sys.executable, str(script)])

    if outcome == "ok":
        module.pip_install(FAKE_PYTHON, outcome)
    else:
        with pytest.raises(module.BootstrapError, match=r"installing fail into \.venv/ failed"):
            module.pip_install(FAKE_PYTHON, outcome)

    said = capsys.readouterr().out.splitlines()
    progress = [
        "  Collecting matplotlib==3.11.2",
        "  Installing collected packages: matplotlib",
    ]
    if outcome == "ok":
        assert said == [*progress, "  Successfully installed matplotlib"]
    else:  # the progress lines, then all pip said, the error included
        assert said[:2] == progress
        assert said[2:] == FAKE_PIP_LINES_WHEN_FAILING
