"""The figure guard: a pytest plugin that guards any matplotlib figure a project registers, pixel
for pixel with pytest-mpl and in words, one module a job.

- `registry`: the guarded figures, one `GuardedFigure` a module with one `Case` a row;
- `project`: where a project keeps baselines, results and its registry (the ini keys);
- `plugin`: the pytest plugin: options and ini keys, the parametrization, thin hooks;
- `session`: one run's state and work (`FigureGuard`), which the hooks hand over to;
- `needs`: what the plugin needs besides pytest and matplotlib, said in one line when missing;
- `checks`: the tests every registered case gets (a project's test module imports them);
- `failure`: what a failing image test's report says, in pixels and in words;
- `stack`: the ladder of rungs: which stack and machine kind the baselines belong to;
- `antialias`: which changed pixels lie on anti-aliased edges (forgiven on rung 2);
- `pixels`: the one comparison model (`Diff`) and the one PNG decoder;
- `drawing`: a figure drawn to be read, at its saving dpi and in its own style (`plotting`
  measures its labels with it too);
- `describe`: any matplotlib figure in words, and two descriptions compared (`Change` records);
- `descriptions`: each case's description, compared with the committed one in words;
- `sensitivity`: the small edits derived from a figure's declared design, which it must see;
- `tally`: proof that a run meant to compare figures compared every registered case;
- `report`: each case's outcome as a run left it in the results folder;
- `answer`: the block a run ends on, and what a run that rewrote the baselines wrote;
- `composite`, `page`: the pictures and the review page (`results/review.html`);
- `review`: the job summary, the terminal's text and the comment's data, from a run or from git;
- `comment_data`, `comment`: the comment's data, read strictly, and the pull request's comment
  built from it by the default branch's code (standard library only);
- `reference`, `artifact`, `checkout`, `accept`, `pr_accept`: the reference machine; a run's
  artifact and a checkout's registered cases, read as data; accepting CI's rendering locally
  (`tox -e accept`) and from the pull request.

Importing the package loads nothing but this file (the comment workflow runs `comment` with the
standard library only); `Case`, `GuardedFigure` and `Nudge` load `registry` on first use.
Words: docs/glossary.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from figure_guard.registry import Case, GuardedFigure, Nudge

__all__ = ["Case", "GuardedFigure", "Nudge"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module("figure_guard.registry"), name)
    globals()[name] = value
    return value
