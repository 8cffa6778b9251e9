"""Whole runs of the figure guard, read as a user reads them, in one place: on this repository's
registered figures (`test_registered_figures`) and on foreign figures in a scratch project
(`test_foreign_figures`)."""
