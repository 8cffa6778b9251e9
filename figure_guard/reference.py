"""The reference machine: the machine kind and stack the committed baselines and fig/ were drawn
on, and the one refusal that keeps any other from re-anchoring them by accident.

`baseline_images/versions.toml` records them. A machine of another kind draws a few anti-aliased
edge pixels differently, so if `tox -e baselines` ran there it would rewrite every PNG with its
own edges and the record with its own kind: from then on the reference machine compares on rung 2
and the next contributor flips it back. So `tox -e baselines` and `tox -e figure` refuse there,
in one line that names the ways out: accept what CI drew on the reference machine
(`tox -e accept -- ARTIFACT`), or re-anchor on purpose (`--reanchor`).

Only the standard library (and matplotlib's versions, read only when installed): the guard in
front of `tox -e figure` runs as a script, and the workflow that accepts baselines from a pull
request runs these functions with the runner's python3, installing nothing.
"""

from __future__ import annotations

import platform
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from figure_guard.project import Project

STACK_KEYS = ("matplotlib", "freetype")
MACHINE_KEYS = ("machine", "os")
REANCHOR = "--reanchor"
ACCEPT = "tox -e accept -- ARTIFACT"
#: What `platform.machine()` says on each OS, in one spelling per CPU architecture.
_ARCHITECTURES = {"amd64": "x86_64", "x86_64": "x86_64", "arm64": "aarch64", "aarch64": "aarch64"}


def machine_kind() -> dict[str, str]:
    """This machine's CPU architecture and OS, as `versions.toml` records them."""
    machine = platform.machine()
    return {"machine": _ARCHITECTURES.get(machine.lower(), machine), "os": platform.system()}


def read_versions(text: str) -> dict[str, str]:
    """The stack and machine kind a `versions.toml` records; ValueError when one is missing."""
    try:
        recorded = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        raise ValueError(f"versions.toml is not TOML: {problem}") from None
    missing = [key for key in (*STACK_KEYS, *MACHINE_KEYS) if key not in recorded]
    if missing:
        raise ValueError(f"versions.toml records no {', '.join(missing)}")
    return {key: str(recorded[key]) for key in (*STACK_KEYS, *MACHINE_KEYS)}


def recorded_versions(path: Path) -> dict[str, str] | None:
    """What the committed baselines were drawn on; None when nothing is recorded yet."""
    return read_versions(path.read_text(encoding="utf-8")) if path.is_file() else None


def kind_text(values: Mapping[str, str]) -> str:
    """ "x86_64 Linux"."""
    return f"{values['machine']} {values['os']}"


def stack_text(values: Mapping[str, str]) -> str:
    """ "matplotlib 3.11.2, freetype 2.14.3"."""
    return ", ".join(f"{key} {values[key]}" for key in STACK_KEYS)


def difference(recorded: Mapping[str, str], here: Mapping[str, str]) -> str | None:
    """How `here` (a machine kind and stack) differs from `recorded`, or None when it does not."""
    if any(recorded[key] != here[key] for key in MACHINE_KEYS):
        return f"this is {kind_text(here)}, the reference is {kind_text(recorded)}"
    if any(recorded[key] != here[key] for key in STACK_KEYS):
        return f"this has {stack_text(here)}, the reference has {stack_text(recorded)}"
    return None


def refusal(what: str, recorded: Mapping[str, str] | None, here: Mapping[str, str]) -> str | None:
    """Why `what` (the baselines, fig/) must not be rewritten here, in one line with the ways
    out; None on the reference machine, or when nothing is recorded yet."""
    if recorded is None:
        return None
    differs = difference(recorded, here)
    if differs is None:
        return None
    return (
        f"refusing to rewrite {what}: {differs}, whose pixels it holds. Either accept CI's"
        f" rendering from the reference machine (`{ACCEPT}`, ARTIFACT being a failing run's"
        f" figure-diffs-* artifact) or re-anchor on purpose with `{REANCHOR}` (every other"
        " machine kind then compares on rung 2)"
    )


def reanchored_line(
    versions: Path, before: Mapping[str, str] | None, here: Mapping[str, str]
) -> str | None:
    """What a `--reanchor` did, for the end of the run; None when it moved nothing."""
    if before is None or difference(before, here) is None:
        return None
    return (
        f"re-anchored: {versions.parent.name}/{versions.name} now records"
        f" {kind_text(here)} with {stack_text(here)} (was {kind_text(before)} with"
        f" {stack_text(before)}); every other machine kind, {kind_text(before)} included, now"
        " compares on rung 2 (or 3 on another stack)"
    )


def installed_stack() -> dict[str, str]:
    """The matplotlib and FreeType installed here (imported only when asked)."""
    import matplotlib
    import matplotlib.ft2font

    return {
        "matplotlib": matplotlib.__version__,
        "freetype": matplotlib.ft2font.__freetype_version__,
    }


def this_machine() -> dict[str, str]:
    """This machine's stack and kind, as `versions.toml` records them."""
    return {**installed_stack(), **machine_kind()}


def main(argv: Sequence[str] | None = None) -> int:
    """The guard `tox -e figure` runs before the CLI writes fig/: exit 1 with one line off the
    reference machine, unless told `--reanchor`."""
    args = list(sys.argv[1:] if argv is None else argv)
    unknown = [arg for arg in args if arg != REANCHOR]
    if unknown:
        print(f"error: unknown option {unknown[0]!r} (only {REANCHOR})", file=sys.stderr)
        return 2
    project = Project.find()
    recorded = recorded_versions(project.versions)
    this = this_machine()
    why = refusal(f"{project.fig.name}/", recorded, this)
    if why is None:
        return 0
    if REANCHOR not in args:
        print(f"error: {why}", file=sys.stderr)
        return 1
    print(
        f"writing {project.fig.name}/ with {kind_text(this)}'s bytes on purpose: CI's freshness"
        f" check compares bytes on {kind_text(recorded or this)} and fails where they differ"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
