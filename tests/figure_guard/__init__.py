"""The figure guard: the machinery the visual regression suite stands on, one module a job.

- `settings`: where baselines and results live, and the one exact comparison (tolerance 0);
- `stack`: which matplotlib and FreeType the baselines belong to, and refusing any other;
- `pixels`: how many pixels changed, and the box they lie in;
- `tally`: proof that a run meant to compare figures compared some;
- `report`: the Markdown list of changed figures for a CI job summary.

It is test tooling, not part of the `plotting` package's public API. The test files and
`conftest.py` only call into it.
"""
