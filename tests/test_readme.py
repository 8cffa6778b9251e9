"""The README stays true: short, every command it shows runs, every number it states is the code's.

In-process and cheap: commands are checked against what handles them (the bootstrap script's
subcommands, tox's environments, the CLI's parser), and the README's data example and API example
are run for real, the one feeding the other.
"""

from __future__ import annotations

import os
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from support.bootstrap_script import load_bootstrap
from support.readme import README, code_blocks, section
from support.registered import PROJECT, ROOT
from support.tox_ini import environments as tox_environments

from plotting import data, export
from plotting.cli import build_parser
from plotting.colors import GRADIENT_GAMMA

#: 150 for the newcomer's path, and about 60 for "Guard another figure", a figure module in full.
MAX_LINES = 210
PLACEHOLDER = "NAME"


def shown_commands() -> list[list[str]]:
    """Every command line of the README's bash blocks and inline code, comments dropped."""
    lines = [line for block in code_blocks("bash") for line in block.splitlines()]
    lines += re.findall(r"`((?:tox|python3 tools/bootstrap\.py|warmup-figure|pip) [^`]*)`", README)
    commands = []
    for line in lines:
        for part in line.split("#", 1)[0].split("&&"):
            if part.strip():
                commands.append(shlex.split(part))
    return commands


def test_the_readme_is_a_short_path() -> None:
    assert len(README.splitlines()) <= MAX_LINES


def test_every_command_the_readme_shows_is_one_that_runs() -> None:
    bootstrap, environments, parser = load_bootstrap(), tox_environments(), build_parser()
    checked = 0
    for words in shown_commands():
        if words[-1] == PLACEHOLDER:  # "`tox -e NAME` is short for ..."
            continue
        if words[:2] == ["python3", "tools/bootstrap.py"]:
            assert words[2] in bootstrap.COMMANDS, words
            if words[2] == "tests" and "-e" in words:
                assert words[words.index("-e") + 1] in environments, words
        elif words[0] == "tox":
            assert words[1:2] == ["-e"] or len(words) == 1, words
            assert len(words) == 1 or words[2] in environments, words
        elif words[0] == "warmup-figure":
            parser.parse_args(words[1:])  # exits (SystemExit) on an option it does not know
        elif words[0] == "pip":
            assert words[1] == "install", words
        else:
            pytest.fail(f"the README shows a command this test does not know: {words}")
        checked += 1
    assert checked >= 10


def test_the_data_and_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The TOML example is valid data, and the API example runs on it as `results.toml`."""
    (toml,) = code_blocks("toml", section("Data format"))
    assert data.parse_data(toml, ".toml") == data.paper_data()
    (tmp_path / "results.toml").write_text(toml, encoding="utf-8")
    (api,) = code_blocks("python", section("Python API"))
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(api, namespace)  # the README's own lines, as a reader would paste them
    assert sorted(p.name for p in (tmp_path / "fig").iterdir()) == [
        "warmup_ablation.pdf",
        "warmup_ablation.png",
    ]


def stated(pattern: str) -> set[tuple[str, ...]]:
    """Every value the README states where `pattern` (a number beside its unit or its table
    cell, not the prose around it) matches: the prose may be reworded freely."""
    found = {
        match if isinstance(match, tuple) else (match,) for match in re.findall(pattern, README)
    }
    assert found, f"the README no longer states {pattern!r}: update this test"
    return found


def test_every_number_the_readme_states_is_the_codes() -> None:
    width_range = (f"{data.MIN_WIDTH:g}", f"{data.MAX_WIDTH:g}")
    with (PROJECT.baselines / "versions.toml").open("rb") as handle:
        recorded = tomllib.load(handle)
    minimum = load_bootstrap().MIN_PYTHON
    facts = {
        r"\b(\d+) bars\b": {(str(data.MAX_BARS),)},
        r"\b(\d+) MiB\b": {(str(data.MAX_DATA_BYTES // 2**20),)},
        r"(?:inches|width), (\d+(?:\.\d+)?) ?(?:to|–) ?(\d+(?:\.\d+)?)": {width_range},
        r"\| `--width INCHES` \|[^|]*\| `([\d.]+)`": {(f"{data.DEFAULT_WIDTH:g}",)},
        r"\|x\| <= (\S+)": {(f"{data.MAX_ABS_VALUE:.0e}".replace("e+", "e"),)},
        r"\| `--dpi N` \|[^|]*?(\d+)–(\d+) \| `(\d+)` \|": {
            ("1", str(export.MAX_DPI), str(export.DEFAULT_DPI))
        },
        r"\b(\d+) dpi\b": {(str(export.DEFAULT_DPI),)},
        r"\*\* (\d+(?:\.\d+)?)": {(f"{GRADIENT_GAMMA:g}",)},
        r"Python (\d+\.\d+)–3\.14": {(f"{minimum[0]}.{minimum[1]}",)},
        r"\((x86_64|aarch64) (Linux|Darwin|Windows)\)": {(recorded["machine"], recorded["os"])},
    }
    for pattern, expected in facts.items():
        assert stated(pattern) == expected, pattern


def test_every_document_the_readme_links_exists() -> None:
    links = re.findall(r"\]\(([^)#]+)\)", README)
    assert links
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing
    assert os.sep not in "".join(links).replace("/", "")  # portable links


def test_the_test_catalogue_states_the_off_stack_tolerance_of_the_code() -> None:
    from figure_guard.descriptions import OFF_STACK_PIXEL_TOLERANCE

    catalogue = (ROOT / "docs" / "tests.md").read_text(encoding="utf-8")
    assert f"`OFF_STACK_PIXEL_TOLERANCE` ({OFF_STACK_PIXEL_TOLERANCE:g} px at" in catalogue
