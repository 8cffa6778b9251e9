"""The figure guard: the machinery the visual regression suite stands on, one module a job.

- `plugin`: the pytest plugin: options, hooks, and the run's state (`FigureGuard`);
- `failure`: what a failing image test's report says, in pixels and in words;
- `settings`: where baselines and results live, and the one exact comparison (tolerance 0);
- `stack`: the ladder of rungs: which stack and machine kind the baselines belong to;
- `antialias`: which changed pixels lie on anti-aliased edges (forgiven on rung 2);
- `pixels`: the one comparison model (`Diff`) and the one PNG decoder;
- `descriptions`: each case's description, compared with the committed one in words;
- `tally`: proof that a run meant to compare figures compared some;
- `report`: each case's outcome as a run left it in the results folder;
- `answer`: the block a run ends on, and what `tox -e baselines` wrote;
- `composite`, `page`: the pictures and the review page (`results/review.html`);
- `review`: the job summary, the terminal's text and the comment's data, from a run or from git;
- `comment_data`, `comment`: the comment's data, read strictly, and the pull request's comment
  built from it by the default branch's code (standard library only);
- `reference`, `artifact`, `accept`, `pr_accept`: the reference machine; a run's artifact, checked
  as data; accepting CI's rendering locally (`tox -e accept`) and from the pull request.

It is test tooling, not part of the `plotting` package's public API. Words: docs/glossary.md.
"""
