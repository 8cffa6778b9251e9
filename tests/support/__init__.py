"""What the tests share and test nothing themselves: the table of figure cases (which the figure
guard reads too), the environment of child processes, an Agg canvas's renderer (typed), a failing
run's results drawn in the run, tox.ini read once, and the README read by section."""
