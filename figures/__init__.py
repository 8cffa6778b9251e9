"""The guarded figures of this repository, one module each, registered in pyproject.toml
(`figure_guard_figures`). README: "Guard another figure"."""
