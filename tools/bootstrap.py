"""Set up and run the project from a fresh clone with nothing but `python3` (3.11 to 3.14).

    python3 tools/bootstrap.py figure [CLI options]   # write fig/warmup_ablation.{pdf,png}
    python3 tools/bootstrap.py tests [tox options]    # run the whole suite (tox)

Why a script and not `pip install`: an OS-managed Python (Debian, Ubuntu, Fedora, Homebrew)
refuses installs into itself (PEP 668), there may be no `python` command, and nothing may be
activated. So both commands work in a project-local virtual environment, `.venv/` (git-ignored),
created on first use with the Python that runs this script and reused afterwards:

- `figure` installs the package on the pinned stack of `constraints.txt` into `.venv` (editable,
  so later code changes need no reinstall) and runs `python -m plotting` there;
- `tests` installs tox into `.venv` and runs `tox`, which builds its own pinned environments.

Only the standard library is used here, and nothing outside the clone is changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)
TOX = "tox>=4.20"
USAGE = (
    "usage: python3 tools/bootstrap.py figure [options of python -m plotting]\n"
    "       python3 tools/bootstrap.py tests [options of tox]"
)


class BootstrapError(Exception):
    """A set-up step that cannot go on; the message says what to do."""


def venv_python(venv: Path = VENV) -> Path:
    """The interpreter inside the virtual environment (POSIX and Windows layouts)."""
    windows = venv / "Scripts" / "python.exe"
    return windows if windows.exists() or os.name == "nt" else venv / "bin" / "python"


def _run(command: list[str]) -> int:
    return subprocess.call(command, cwd=ROOT)


def _quiet_ok(command: list[str]) -> bool:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.returncode == 0


def _venv_matches(python: Path) -> bool:
    """An existing `.venv` is reused only when it runs, has pip, and is this Python's version."""
    if not python.exists():
        return False
    want = "{}.{}".format(*sys.version_info[:2])
    check = "import sys, pip; print('{}.{}'.format(*sys.version_info[:2]))"
    done = subprocess.run(
        [str(python), "-I", "-c", check], capture_output=True, text=True, check=False
    )
    return done.returncode == 0 and done.stdout.strip() == want


def _remove_old_venv(venv: Path) -> None:
    if not venv.exists():
        return
    if not (venv / "pyvenv.cfg").is_file():
        raise BootstrapError(
            f"{venv} exists but is not a virtual environment; move it away and run again"
        )
    print(f"bootstrap: recreating {venv.name}/ for Python {sys.version.split()[0]}", flush=True)
    shutil.rmtree(venv)


def create_venv(venv: Path = VENV) -> Path:
    """A virtual environment with pip, made with this Python; returns its interpreter.

    Debian and Ubuntu ship `venv` without `ensurepip` unless python3-venv is installed. There,
    when the system's own pip (python3-pip) exists, the environment is made without pip but
    briefly with the system's packages visible, the system pip installs pip into it, and the
    system packages are hidden again, so nothing from outside leaks into the pinned stack.
    """
    python = venv_python(venv)
    if _venv_matches(python):
        return python
    _remove_old_venv(venv)
    print(f"bootstrap: creating {venv.name}/ with Python {sys.version.split()[0]}", flush=True)
    if _quiet_ok([sys.executable, "-m", "venv", str(venv)]) and _venv_matches(python):
        return python
    if venv.exists():
        shutil.rmtree(venv)
    if _quiet_ok([sys.executable, "-c", "import pip"]):
        made = _quiet_ok(
            [sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)]
        )
        pip = [str(python), "-m", "pip", "install", "--quiet", "--ignore-installed", "pip"]
        if made and _run(pip) == 0:
            _hide_system_packages(venv)
            if _venv_matches(python):
                return python
        if venv.exists():
            shutil.rmtree(venv)
    raise BootstrapError(
        f"this Python ({sys.executable}) cannot create a virtual environment with pip: its"
        " `venv`/`ensurepip` modules are missing. On Debian or Ubuntu install them with"
        f" `sudo apt install python3-venv` (or python{sys.version_info[0]}.{sys.version_info[1]}"
        "-venv), then run this command again."
    )


def _hide_system_packages(venv: Path) -> None:
    config = venv / "pyvenv.cfg"
    lines = config.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.replace(" ", "").startswith("include-system")]
    config.write_text("\n".join([*kept, "include-system-site-packages = false"]) + "\n", "utf-8")


def pip_install(python: Path, *requirements: str) -> None:
    command = [str(python), "-I", "-m", "pip", "install", "--disable-pip-version-check"]
    if _run([*command, *requirements]) != 0:
        raise BootstrapError(
            f"installing {' '.join(requirements)} into {VENV.name}/ failed (pip's message is"
            " above); check the network connection to the package index and run again"
        )


def figure(args: list[str]) -> int:
    python = create_venv()
    pip_install(python, "--quiet", "-c", "constraints.txt", "-e", ".")
    return _run([str(python), "-m", "plotting", *args])


def tests(args: list[str]) -> int:
    python = create_venv()
    pip_install(python, "--quiet", TOX)
    return _run([str(python), "-m", "tox", *args])


COMMANDS = {"figure": figure, "tests": tests}


def main(argv: list[str]) -> int:
    if sys.version_info < MIN_PYTHON:
        print(
            f"error: Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed, this is"
            f" {sys.version.split()[0]} ({sys.executable})",
            file=sys.stderr,
        )
        return 2
    if not argv or argv[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        return COMMANDS[argv[0]](argv[1:])
    except BootstrapError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
