"""What the tests share and test nothing themselves: the registered figures as the guard's plugin
loads them (`registered`; the guard reads nothing of the tests), the environment of child
processes, an Agg canvas's renderer (typed), a failing run's results drawn in the run, tox.ini
read once, and the README read by section."""
