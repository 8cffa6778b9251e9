"""`tox -e accept -- ARTIFACT`: take the baselines and fig/ from what CI drew on the reference
machine, on any laptop.

A contributor on macOS, Windows or ARM who changes the figure on purpose cannot draw the
reference machine's pixels (`tox -e baselines` refuses there, `figure_guard.reference`). CI
has drawn them: a failing run's `figure-diffs-*` artifact of an x86_64 Linux job holds every
case's `result.png` (the bytes `tox -e baselines` writes there), `fig/` as the CLI writes it and
`drawn.json`, which says where and how. This command:

- refuses, writing nothing, with one line why: an artifact that breaks a rule of
  `figure_guard.artifact` (entries outside its folder, links, sizes, PNGs, unregistered cases),
  one drawn on another machine kind or stack than `baseline_images/versions.toml`, one drawn
  from another commit than HEAD (GitHub's merge commit of a pull request counts when the
  pull request's head recorded beside it is HEAD; `--any-commit` takes any), or a local stack
  that could not draw the descriptions as the reference does;
- writes each changed or new case's PNG byte for byte, fig/'s files, and every case's
  description drawn here (descriptions are the same on every machine kind of the pinned stack);
- says what it wrote as `tox -e baselines` does: each case changed, new or unchanged, and what
  changed in words.

    python -m figure_guard.accept figure-diffs-x86_64-linux-python-3.13.zip
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from figure_guard.answer import BaselineSnapshot, written_lines
from figure_guard.artifact import (
    FIG_FOLDER,
    Accepted,
    check_artifact,
    read_entries,
)
from figure_guard.checkout import head_commit, registered_cases
from figure_guard.comment_data import DataError
from figure_guard.descriptions import SUFFIX, describe_case, write_description
from figure_guard.project import Project
from figure_guard.reference import kind_text, read_versions
from figure_guard.registry import guarded_cases, load_figures
from figure_guard.stack import stack_mismatch

#: What `--words` writes for the pull request's workflow: the commit message's lines.
WORDS_VERSION = 1


def draw_descriptions(cases: Sequence[str], project: Project) -> dict[str, bytes]:
    """Each case's description, drawn here with `write_description` (in a scratch folder, so
    that nothing is written before every check has passed)."""
    drawn = {case.name: case for case in guarded_cases(load_figures(project.figures))}
    missing = [case for case in cases if case not in drawn]
    if missing:
        raise DataError(f"cases not in this checkout's table: {', '.join(missing)}")
    out = {}
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases:
            path = write_description(case, describe_case(drawn[case]), Path(scratch))
            out[case] = path.read_bytes()
    return out


def prepare(
    artifact: Path, project: Project, any_commit: bool = False
) -> tuple[Accepted, dict[str, bytes], list[str]]:
    """Every check, then the descriptions drawn: what `write` will write. DataError on any
    refusal, with nothing written."""
    root, baselines = project.root, project.baselines
    reference = read_versions(project.versions.read_text(encoding="utf-8"))
    cases = registered_cases(root)
    committed = {
        case: (baselines / f"{case}.png").read_bytes()
        for case in cases
        if (baselines / f"{case}.png").is_file()
    }
    entries = read_entries(artifact)
    accepted = check_artifact(
        entries, reference, cases, committed, head=head_commit(root), any_commit=any_commit
    )
    mismatch = stack_mismatch(project)
    if mismatch is not None:
        raise DataError(f"this environment cannot draw the descriptions: {mismatch}")
    written = [case for case in cases if case not in accepted.missing]
    return accepted, draw_descriptions(written, project), written


def write(accepted: Accepted, descriptions: dict[str, bytes], project: Project) -> list[str]:
    """Write the PNGs, descriptions and fig/; the lines that say what changed."""
    root, baselines = project.root, project.baselines
    before = BaselineSnapshot.of(baselines)
    for case, data in accepted.baselines.items():
        (baselines / f"{case}.png").write_bytes(data)
    for case, data in descriptions.items():
        (baselines / f"{case}{SUFFIX}").write_bytes(data)
    fig = root / FIG_FOLDER
    fig_lines = []
    for name, data in sorted(accepted.fig.items()):
        path = fig / name
        old = path.read_bytes() if path.is_file() else None
        if old != data:
            fig.mkdir(exist_ok=True)
            path.write_bytes(data)
        fig_lines.append(f"  {'unchanged' if old == data else 'written  '}  {FIG_FOLDER}/{name}")
    after = BaselineSnapshot.of(baselines)
    cases = list(descriptions)
    lines = [
        f"accepted the rendering of {accepted.drawn.where}, commit"
        f" {accepted.drawn.commit or 'not recorded'}"
        + (f" (pull request head {accepted.drawn.pr_head})" if accepted.drawn.pr_head else ""),
        *written_lines(before, after, baselines, cases),
        *fig_lines,
    ]
    if not accepted.fig:
        lines.append(f"  {FIG_FOLDER}/ is not in the artifact: kept as it is")
    if accepted.missing:
        lines.append(f"  not in the artifact, kept as they are: {', '.join(accepted.missing)}")
    return lines


def words_json(accepted: Accepted, lines: Sequence[str]) -> str:
    """The changed and new cases and what was said of them, for the pull request's commit."""
    data = {
        "version": WORDS_VERSION,
        "changed": accepted.changed,
        "new": sorted(accepted.new),
        "lines": list(lines),
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tox -e accept --", description=__doc__)
    parser.add_argument("artifact", type=Path, help="a figure-diffs-* zip, or its folder")
    parser.add_argument(
        "--any-commit",
        action="store_true",
        help="accept an artifact drawn from another commit than HEAD",
    )
    parser.add_argument("--repo", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--words", type=Path, help="also write what changed as JSON here")
    args = parser.parse_args(argv)
    try:
        project = (
            Project.find()
            if args.repo is None
            else Project.from_pyproject(args.repo / "pyproject.toml")
        )
        accepted, descriptions, _ = prepare(args.artifact, project, args.any_commit)
    except (DataError, OSError, ValueError) as problem:
        print(f"error: refusing {args.artifact}: {problem}", file=sys.stderr)
        return 2
    lines = write(accepted, descriptions, project)
    print("\n".join(lines))
    if args.words is not None:
        args.words.write_text(words_json(accepted, lines), encoding="utf-8")
    reference = kind_text(accepted.drawn.versions)
    print(f"the baselines are {reference}'s pixels, as before; commit them with the code")
    return 0


if __name__ == "__main__":
    sys.exit(main())
