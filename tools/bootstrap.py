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

Each install runs once: a stamp file in `.venv/` records what it was made from (the requirements,
the digests of `constraints.txt` and `pyproject.toml`, the Python version), and pip runs again
only when one of them changed, so the everyday command costs little more than the CLI itself. A
failed install leaves no stamp. The first run prints what pip collects and installs as it goes.

Only the standard library is used here, and nothing outside the clone is changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)
TOX = "tox>=4.20"
# What each command installs, and the files of the clone that install is made from.
FIGURE_REQUIREMENTS = ("-c", "constraints.txt", "-e", ".")
FIGURE_INPUTS = ("constraints.txt", "pyproject.toml")
TESTS_REQUIREMENTS = (TOX,)
# The lines of pip's output that say what it is doing; the rest is shown only when it fails.
PIP_PROGRESS = (
    "Obtaining ",
    "Processing ",
    "Collecting ",
    "Building ",
    "Installing collected packages",
    "Successfully ",
)
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


def _pip_command(python: Path) -> list[str]:
    return [str(python), "-I", "-m", "pip", "install", "--disable-pip-version-check"]


def pip_install(python: Path, *requirements: str) -> None:
    """pip install into the environment, printing its progress lines as they come.

    pip has no level between `--quiet` (silent for the ~20 s of a first install) and its full
    output (a screen of "Requirement already satisfied"), so its lines are filtered here; when it
    fails, everything it printed is shown.
    """
    said: list[str] = []
    with subprocess.Popen(
        [*_pip_command(python), *requirements],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        errors="replace",
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            said.append(line)
            if line.startswith(PIP_PROGRESS):
                print(f"  {line.rstrip()}", flush=True)
    if process.returncode != 0:
        sys.stdout.write("".join(said))
        raise BootstrapError(
            f"installing {' '.join(requirements)} into {VENV.name}/ failed (pip's message is"
            " above); check the network connection to the package index and run again"
        )


def install_inputs(requirements: Sequence[str], files: Sequence[str], root: Path) -> dict[str, str]:
    """What an install is made from: the Python, the requirements, each file's SHA-256 digest."""
    inputs = {"python": sys.version, "requirements": " ".join(requirements)}
    for name in files:
        path = root / name
        inputs[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"
    return inputs


def _recorded(stamp: Path) -> dict[str, str] | None:
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) else None


def install_once(
    python: Path, stamp: Path, what: str, requirements: Sequence[str], inputs: Mapping[str, str]
) -> bool:
    """Install `requirements` unless `stamp` records the same inputs; True when pip ran.

    The stamp is removed before pip starts and written only after it succeeded, so an
    interrupted or failed install is retried on the next run.
    """
    recorded = _recorded(stamp)
    if recorded == dict(inputs):
        return False
    if recorded is None:
        why = "first run"
    else:
        changed = [name for name in inputs if recorded.get(name) != inputs[name]]
        why = f"{', '.join(changed) or 'the record'} changed since the last install"
    print(f"bootstrap: installing {what} into {stamp.parent.name}/ ({why})", flush=True)
    stamp.unlink(missing_ok=True)
    pip_install(python, *requirements)
    stamp.write_text(json.dumps(dict(inputs), indent=2) + "\n", encoding="utf-8")
    return True


def ready_venv(command: str, what: str, requirements: Sequence[str], files: Sequence[str]) -> Path:
    """The interpreter of `.venv` with `requirements` installed for `command`.

    On an unchanged checkout this only reads the stamp: a stamp that matches was written by this
    very Python after pip succeeded in this environment, so checking the environment again
    (another interpreter started, ~0.06 s) would tell nothing new.
    """
    stamp = VENV / f"bootstrap-{command}.json"
    inputs = install_inputs(requirements, files, ROOT)
    python = venv_python(VENV)
    if python.exists() and _recorded(stamp) == inputs:
        return python
    python = create_venv(VENV)
    install_once(python, stamp, what, requirements, inputs)
    return python


def figure(args: list[str]) -> int:
    what = "the package on the pinned stack of constraints.txt"
    python = ready_venv("figure", what, FIGURE_REQUIREMENTS, FIGURE_INPUTS)
    return _run([str(python), "-m", "plotting", *args])


def tests(args: list[str]) -> int:
    python = ready_venv("tests", TOX, TESTS_REQUIREMENTS, ())
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
