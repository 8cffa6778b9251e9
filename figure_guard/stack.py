"""The ladder of trust: how exactly this machine can compare figures with the baselines.

Exact pixels hold only on the matplotlib and FreeType that drew the baselines, and only on the
machine kind (CPU architecture and OS) they were drawn on: another CPU rounds Agg's edge coverage
differently in a few pixels. So a run compares on one of three rungs:

- `EXACT`: the pinned stack on the baselines' machine kind; one changed pixel fails;
- `EDGES_FORGIVEN`: the pinned stack on another machine kind; changed pixels on anti-aliased
  edges are forgiven (`figure_guard.antialias`), any other fails, and the descriptions must
  match exactly;
- `WORDS_ONLY`: another stack; the pixel tests refuse with a message naming the versions, and
  only the descriptions compare (values in pixels within a tolerance).
"""

from __future__ import annotations

import enum

from figure_guard.project import Project
from figure_guard.reference import (
    MACHINE_KEYS,
    STACK_KEYS,
    installed_stack,
    kind_text,
    machine_kind,
    recorded_versions,
    stack_text,
    this_machine,
)


class Rung(enum.Enum):
    EXACT = "exact pixels"
    EDGES_FORGIVEN = "pixels with anti-aliased edge pixels forgiven, descriptions exact"
    WORDS_ONLY = "descriptions only (pixel tests refuse on this stack)"


def _recorded(project: Project) -> dict[str, str]:
    recorded = recorded_versions(project.versions)
    if recorded is None:
        raise FileNotFoundError(f"no {project.versions}: the baselines' stack is not recorded")
    return recorded


def required_stack(project: Project) -> dict[str, str]:
    recorded = _recorded(project)
    return {key: recorded[key] for key in STACK_KEYS}


def baseline_machine(project: Project) -> dict[str, str]:
    recorded = _recorded(project)
    return {key: recorded[key] for key in MACHINE_KEYS}


def rung(project: Project) -> Rung:
    if stack_mismatch(project) is not None:
        return Rung.WORDS_ONLY
    return Rung.EXACT if machine_kind() == baseline_machine(project) else Rung.EDGES_FORGIVEN


def why_forgiven(project: Project) -> str:
    """Why anti-aliased edge pixels may differ here, e.g. "aarch64 Linux, baselines from x86_64
    Linux"."""
    return f"{kind_text(machine_kind())}, baselines from {kind_text(baseline_machine(project))}"


def rung_line(project: Project, current: Rung | None = None) -> str:
    """One line for every report: the rung and why."""
    current = rung(project) if current is None else current
    if current is Rung.EXACT:
        return (
            f"compared on rung 1, {current.value}: the pinned stack on {kind_text(machine_kind())}"
        )
    if current is Rung.EDGES_FORGIVEN:
        return f"compared on rung 2, {current.value}: {why_forgiven(project)}"
    return f"compared on rung 3, {current.value}: {stack_text(installed_stack())}"


def stack_mismatch(project: Project) -> str | None:
    """Why the installed stack cannot reproduce the baselines, or None when it can."""
    required, installed = required_stack(project), installed_stack()
    if required == installed:
        return None
    need, have = stack_text(required), stack_text(installed)
    pins = project.constraints.name
    return (
        f"the baselines in {project.baselines.name}/ were drawn with {need}, but this environment"
        f" has {have}; text renders differently across these versions, so a comparison would"
        f" fail (or pass) for the wrong reason. Run the suite in its pinned environment:"
        f" `python3 tools/bootstrap.py tests` (or `tox`, or `pip install -c {pins} -e .` before"
        f" pytest). To move the baselines to the new versions on purpose, update {pins}, run"
        f" `{project.regenerate}` and review every changed PNG."
    )


def versions_file_text() -> str:
    """What `tox -e baselines` records beside fresh baselines: the stack and the machine kind."""
    recorded = this_machine()
    return (
        "\n".join(
            [
                "# The baseline PNGs beside this file were drawn with exactly these versions,",
                "# on this machine kind (CPU architecture and OS). Other versions rasterize text",
                "# differently: the image tests refuse to compare there. Another machine kind",
                "# compares with anti-aliased edge pixels forgiven (figure_guard/stack.py).",
                *(f'{key} = "{value}"' for key, value in recorded.items()),
            ]
        )
        + "\n"
    )
