"""Every case's description matches the one committed beside its baseline, and a difference is
reported in words: `<artist>: <property> <old> → <new>`.

Unlike the pixel comparison these tests also run on other matplotlib and FreeType versions (the
`mpl310` tox environment), where only values measured in pixels may move, within a tolerance.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from figure_guard.descriptions import compare_and_record, write_description
from figure_guard.settings import BASELINE_DIR, REGENERATE
from support.figure_cases import CASES, FigureCase

pytestmark = pytest.mark.description


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_description_matches_baseline(
    case: FigureCase, generating_into: Path | None, results_dir: Path
) -> None:
    figure = case.figure()
    if generating_into is not None:
        write_description(case.name, figure, generating_into)
        return
    try:
        lines = compare_and_record(case.name, figure, results_dir)
    except FileNotFoundError as missing:
        pytest.fail(str(missing), pytrace=False)
    if lines:
        pytest.fail(
            f"the {case.name} figure changed:\n  "
            + "\n  ".join(lines)
            + f"\nif the change is intended: `{REGENERATE}`, review the changed files in"
            f" {BASELINE_DIR.name}/, commit them",
            pytrace=False,
        )
