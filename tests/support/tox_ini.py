"""tox.ini, read once for the tests that check what tox runs: its environments (the README's
commands name them) and the pytest command of `tox -e tests` (the end-to-end runs start it).

configparser reads it: tox's own loader would mean installing tox into the test environment for
two values."""

from __future__ import annotations

import configparser
import functools
import shlex

from support.registered import ROOT


@functools.cache
def tox_config() -> configparser.ConfigParser:
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tox.ini", encoding="utf-8")
    return config


def environments() -> set[str]:
    """The names `tox -e` takes: the default list and every section's (as written, so
    `py31{1,2,3,4}` stays one name)."""
    config = tox_config()
    listed = {name.strip() for name in config.get("tox", "env_list").split(",")}
    return listed | {s.removeprefix("testenv:") for s in config.sections() if ":" in s}


def tox_pytest_args(*posargs: str) -> list[str]:
    """The arguments of the pytest command of tox's `tests` environment (the README's test
    command runs it), with `posargs` where tox.ini says {posargs}."""
    config = tox_config()
    section = "testenv:tests" if config.has_option("testenv:tests", "commands") else "testenv"
    words = shlex.split(config.get(section, "commands").strip())
    assert words[0] == "pytest", f"tox runs {words[0]!r}, not pytest: update this test"
    return [arg for word in words[1:] for arg in (posargs if word == "{posargs}" else (word,))]
