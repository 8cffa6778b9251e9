"""The guard on figures it has never seen: a scratch project of its own (pytester's folder is its
root) registers plain matplotlib figures of three kinds, one module each, and runs the guard's
tests the way this repository does. The guard must make their baselines, compare them, and, when
one thing changes in one module, fail that figure's two tests alone and say what changed in words.

Every run is in this process (pytester). The scratch project's packages are named as a project
names them (`figures`, `tests/test_figures.py`), which are this repository's names too, already
imported by the outer run: each inner run imports its own (`scratch_modules_unloaded`). Last,
the README's "Guard another figure" is followed literally, in a scratch project too.
"""

from __future__ import annotations

import importlib
import re
import shlex
import shutil
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.readme import code_blocks, section
from support.registered import PROJECT, ROOT
from support.tox_ini import tox_config

from figure_guard.describe.values import pt
from figure_guard.sensitivity import design_changes

# Each test runs whole pytest sessions (in this process): started first, so that they overlap
# the many fast tests under xdist.
pytestmark = pytest.mark.slow

#: The scratch project's figure modules: plain `Figure()`s, small (3 x 2 in at 100 dpi), each
#: with a design dataclass its draw function takes as `design=`, and one case.
LINES = '''\
"""A line chart with a legend."""

from dataclasses import dataclass

from matplotlib.figure import Figure

from figure_guard import Case, GuardedFigure


@dataclass(frozen=True)
class Design:
    train: str = "#1f77b4"
    validation: str = "#ff7f0e"
    linewidth: float = 1.5


DESIGN = Design()


def draw(*, design: Design = DESIGN) -> Figure:
    fig = Figure(figsize=(3, 2), dpi=100)
    ax = fig.add_subplot()
    epochs = [1, 2, 3, 4, 5, 6]
    ax.plot(epochs, [2.1, 1.4, 1.0, 0.8, 0.7, 0.65], color=design.train,
            linewidth=design.linewidth, label="training loss")
    ax.plot(epochs, [2.2, 1.6, 1.3, 1.2, 1.15, 1.2], color=design.validation,
            linewidth=design.linewidth, label="validation")
    ax.set_xlabel("epoch")
    ax.legend(loc="upper right")
    return fig


FIGURE = GuardedFigure(
    name="loss_curves", draw=draw, cases=(Case("loss_curves", "two lines and their legend"),),
    design=DESIGN,
)
'''

SCATTER = '''\
"""A scatter whose colours map a value, with its colour bar."""

from dataclasses import dataclass

from matplotlib.figure import Figure

from figure_guard import Case, GuardedFigure


@dataclass(frozen=True)
class Design:
    edge: str = "#333333"
    edge_width: float = 0.5
    marker_size: float = 20.0


DESIGN = Design()


def draw(*, design: Design = DESIGN) -> Figure:
    fig = Figure(figsize=(3, 2), dpi=100)
    ax = fig.add_subplot()
    points = ax.scatter([1, 2, 3, 4, 5], [3, 1, 4, 1.5, 5], c=[0.1, 0.5, 0.2, 0.9, 0.6],
                        s=design.marker_size, edgecolors=design.edge,
                        linewidths=design.edge_width, cmap="viridis")
    fig.colorbar(points, ax=ax, label="depth")
    return fig


FIGURE = GuardedFigure(
    name="depth_scatter", draw=draw, cases=(Case("depth_scatter", "mapped colours"),),
    design=DESIGN,
)
'''

BARS = '''\
"""A bar chart with error bars."""

from dataclasses import dataclass

from matplotlib.figure import Figure

from figure_guard import Case, GuardedFigure


@dataclass(frozen=True)
class Design:
    fill: str = "#8fbcd4"
    edge: str = "#2f4f6f"
    error: str = "#444444"
    linewidth: float = 0.8


DESIGN = Design()


def draw(*, design: Design = DESIGN) -> Figure:
    fig = Figure(figsize=(3, 2), dpi=100)
    ax = fig.add_subplot()
    ax.bar(["a", "b", "c"], [3.0, 4.5, 2.5], yerr=[0.4, 0.6, 0.3], capsize=3,
           color=design.fill, edgecolor=design.edge, linewidth=design.linewidth,
           error_kw={"ecolor": design.error, "elinewidth": design.linewidth})
    ax.set_ylabel("runs")
    return fig


FIGURE = GuardedFigure(
    name="run_bars", draw=draw, cases=(Case("run_bars", "bars from categories, error bars"),),
    design=DESIGN,
)
'''

#: Each module's name (its figure's and its one case's too) and its source, in registry order.
MODULES = {"loss_curves": LINES, "depth_scatter": SCATTER, "run_bars": BARS}

#: The scratch project's test module: the guard's tests, imported as a project imports them.
TEST_MODULE = "from figure_guard.checks import *  # noqa: F403\n"
TESTS = "tests/test_figures.py"
#: Plugins an inner run does without: its order is the file's, its tests run in this process.
INNER = ("-p", "no:randomly", "-p", "no:xdist", "-p", "no:cacheprovider")
#: A comparing run, as tox's: it fails unless it compared every registered case.
COMPARE = (TESTS, "--require-figures", *INNER)
#: The scratch project's top-level modules, which this repository's run has imported too.
SCRATCH_NAMES = ("figures", "test_figures")


def registry_key(lines: list[str]) -> str:
    return "figure_guard_figures = [\n" + "".join(f"    {line}\n" for line in lines) + "]\n"


def write_project(root: Path, modules: dict[str, str]) -> None:
    """A project of its own at `root`: pytest configuration, `figures/` and its test module."""
    (root / "figures").mkdir()
    (root / "figures" / "__init__.py").write_text("", encoding="utf-8")
    for name, source in modules.items():
        (root / "figures" / f"{name}.py").write_text(source, encoding="utf-8")
    (root / "tests").mkdir()
    (root / "tests" / "test_figures.py").write_text(TEST_MODULE, encoding="utf-8")
    registry = [f'"figures.{name}:FIGURE",' for name in modules]
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\npythonpath = ["."]\naddopts = "--mpl"\n'
        + registry_key(registry),
        encoding="utf-8",
    )


@contextmanager
def scratch_modules_unloaded() -> Iterator[None]:
    """The outer run's `figures` and `test_figures` out of `sys.modules` while an inner run
    imports the scratch project's under the same names, and back afterwards.

    Why unloading, not perturbed copies registered under other names: the names collide anyway
    (a project's modules are named as this repository's are), and with them unloaded each run
    imports the modules its own folder holds when it starts. What an inner run imports, pytester
    drops when that run ends (it restores its snapshot of `sys.modules`), so no run sees an
    earlier run's modules. Bytecode is not written meanwhile: it is checked against its source by
    size and by a time in whole seconds, so a module rewritten within a second at the same size
    could be run from an earlier version's."""
    ours = {
        name: module
        for name, module in sys.modules.items()
        if any(name == top or name.startswith(f"{top}.") for top in SCRATCH_NAMES)
    }
    for name in ours:
        del sys.modules[name]
    writes_bytecode = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.dont_write_bytecode = writes_bytecode
        sys.modules.update(ours)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in this process, in the scratch project at pytester's folder."""
    with scratch_modules_unloaded():
        return pytester.runpytest_inprocess(*args)


def baselines_command(root: Path) -> list[str]:
    """The arguments of `tox -e baselines`' pytest command (tox.ini), for the project at `root`:
    what a project runs to make its baselines."""
    command = tox_config().get("testenv:baselines", "commands").replace("\\\n", " ")
    words = shlex.split(command.replace("{toxinidir}", root.as_posix()))
    assert words[0] == "pytest", f"tox -e baselines runs {words[0]!r}: update this test"
    return [word for word in words[1:] if word != "{posargs}"]


def design_rows(*sources: str) -> int:
    """How many design changes the guard derives from these figure modules' declared designs:
    each comparing run checks each of them too (`figure_guard.sensitivity`)."""
    return sum(len(design_changes(namespace(source)["FIGURE"])) for source in sources)


def namespace(source: str) -> dict[str, Any]:
    """A figure module's names, run here: its design and cases are read, never restated."""
    names: dict[str, Any] = {"__name__": "scratch_figure"}
    # compiled as the module is imported: without this file's `from __future__` annotations
    exec(compile(source, "<scratch figure>", "exec", dont_inherit=True), names)
    return names


@dataclass(frozen=True)
class Generation:
    """The run that made the scratch project's baselines: its exit code, what it printed, and
    a copy of the folder it wrote."""

    ret: int
    stdout: str
    baselines: Path


@pytest.fixture(scope="module")
def generations() -> dict[str, Generation]:
    """One generating run a module (an xdist worker's module), kept here by the first test that
    asks for `generated`: pytester, which runs it, is a test's fixture.

    The modules every inner run imports are imported here first: pytester drops what a run
    imported when it ends, and the next would import it again (pyplot, through pytest-mpl)."""
    for name in ("figure_guard.checks", "matplotlib.pyplot", "matplotlib.testing.decorators"):
        importlib.import_module(name)
    return {}


@pytest.fixture
def generated(
    pytester: pytest.Pytester,
    generations: dict[str, Generation],
    tmp_path_factory: pytest.TempPathFactory,
) -> Generation:
    """The scratch project at pytester's folder, with the baselines `tox -e baselines`' command
    made for it (made by the first test that asks, copied into the others' folders)."""
    write_project(pytester.path, MODULES)
    folder = pytester.path / "baseline_images"
    if "made" not in generations:
        done = run(pytester, *baselines_command(pytester.path), *INNER)
        kept = tmp_path_factory.mktemp("foreign_baselines")
        shutil.copytree(folder, kept, dirs_exist_ok=True)
        generations["made"] = Generation(int(done.ret), done.stdout.str(), kept)
    else:
        shutil.copytree(generations["made"].baselines, folder)
    return generations["made"]


def failed_tests(stdout: str) -> set[str]:
    return set(re.findall(r"^FAILED (\S+)", stdout, flags=re.MULTILINE))


def answer(stdout: str) -> list[str]:
    """The block the run ends on (the guard's answer), line by line."""
    return stdout.rpartition(" figure guard ")[2].splitlines()[1:]


def test_the_guard_makes_every_foreign_figures_baselines_then_compares_them(
    generated: Generation, pytester: pytest.Pytester
) -> None:
    """The baselines run writes a PNG and a description a case, and the stack beside them, and
    says so case by case; a comparing run then passes, having compared every case."""
    assert generated.ret == pytest.ExitCode.OK, generated.stdout[-3000:]
    written = generated.stdout.rpartition(" baselines written ")[2].splitlines()[1:]
    assert written[0] == f"baseline_images: {len(MODULES)} new"
    assert written[1 : 1 + len(MODULES)] == [f"  new        {case}" for case in MODULES]
    files = {path.name for path in generated.baselines.iterdir()}
    expected = {f"{case}{ending}" for case in MODULES for ending in (".png", ".json")}
    assert files == expected | {"versions.toml"}

    done = run(pytester, *COMPARE)
    stdout = done.stdout.str()
    # two tests a case, one of the folder, one a design change
    done.assert_outcomes(passed=2 * len(MODULES) + 1 + design_rows(*MODULES.values()))
    assert answer(stdout)[:3] == [
        f"figures compared with their baselines: {len(MODULES)}",
        f"figure descriptions compared with their baselines: {len(MODULES)}",
        f"0 of {len(MODULES)} figures changed",
    ]
    # pytester dropped the modules the runs imported: the next run imports its own
    assert not {f"figures.{case}" for case in MODULES} & sys.modules.keys()


def one_unit_off(colour: str) -> str:
    """`#rrggbb` with its blue channel one unit off: the least change a colour can have."""
    return f"#{int(colour[1:], 16) ^ 1:06x}"


@dataclass(frozen=True)
class Perturbation:
    """One thing changed in one figure module (`old` text, written once there, becomes `new`),
    and every line in which the guard must say what changed, in its order."""

    case: str
    old: str
    new: str
    changes: tuple[str, ...]


def design_change(case: str, field: str, new: object, *lines: str) -> Perturbation:
    """The module's design with one field changed: `DESIGN = Design(field=new)`."""
    return Perturbation(case, "DESIGN = Design()", f"DESIGN = Design({field}={new!r})", lines)


def design_field(case: str, field: str) -> Any:
    return getattr(namespace(MODULES[case])["DESIGN"], field)


def perturbations() -> list[Any]:
    """One row a figure kind; values from each module's own design."""
    error = design_field("run_bars", "error")
    size = design_field("depth_scatter", "marker_size")
    return [
        pytest.param(
            Perturbation(
                "loss_curves",
                'label="validation"',
                'label="held out"',
                # a line is named by its label, and its legend entry says it
                ("held out: added", "legend: entry 2 validation → held out", "validation: removed"),
            ),
            id="line chart: a legend label",
        ),
        pytest.param(
            design_change(
                "depth_scatter",
                "marker_size",
                size * 2,
                f"scatter 1: size {pt(size)} → {pt(size * 2)}",
            ),
            id="scatter: the marker size",
        ),
        pytest.param(
            design_change(
                "run_bars",
                "error",
                one_unit_off(error),
                f"error bars 1: cap colour {error} → {one_unit_off(error)}",
                f"error bars 1: error colour {error} → {one_unit_off(error)}",
            ),
            id="bars: the error bars' colour one unit off",
        ),
    ]


@pytest.mark.parametrize("change", perturbations())
def test_one_change_fails_that_figure_alone_and_is_said_in_words(
    generated: Generation, pytester: pytest.Pytester, change: Perturbation
) -> None:
    """Exactly the changed figure's image and description tests fail; both failures and the
    answer's line for that figure say what changed."""
    module = pytester.path / "figures" / f"{change.case}.py"
    source = module.read_text(encoding="utf-8")
    assert source.count(change.old) == 1, change.old
    module.write_text(source.replace(change.old, change.new), encoding="utf-8")

    # the design changes compare the figure with itself, drawn in the run: the first run above
    # proves them, and here they would only repeat it
    done = run(pytester, *COMPARE, "-k", "not design_change")
    stdout = done.stdout.str()
    done.assert_outcomes(failed=2, passed=2 * len(MODULES) - 1)
    assert failed_tests(stdout) == {
        f"{TESTS}::test_figure_matches_baseline[{change.case}]",
        f"{TESTS}::test_description_matches_baseline[{change.case}]",
    }
    in_words = "".join(f"\n  {line}" for line in change.changes) + "\n"
    failures = stdout.partition(" short test summary info ")[0]
    assert f"what changed, in words:{in_words}" in failures  # the image test's report
    assert f"the {change.case} figure changed:{in_words}" in failures  # the description test's
    more = f" (+{len(change.changes) - 1} more)" if len(change.changes) > 1 else ""
    lines = answer(stdout)
    changed = lines.index(f"1 of {len(MODULES)} figures changed:")
    assert re.fullmatch(
        rf"  {change.case}: \d+ of \d+ pixels differ; {re.escape(change.changes[0] + more)}",
        lines[changed + 1],
    ), lines


#: How pyproject.toml lists the guarded figures: one `module:NAME` a line.
REGISTRY_KEY = re.compile(r"^figure_guard_figures = \[\n(.*?)^\]\n", flags=re.M | re.S)


def test_the_readme_guards_another_figure_as_it_says(pytester: pytest.Pytester) -> None:
    """The README's section "Guard another figure", followed literally on a scratch project: the
    module of its first python block written where its first line says, its line added to this
    repository's `figure_guard_figures`, the baselines made by `tox -e baselines`' command; then
    a comparing run passes and compares every case of it. The scratch project registers that
    figure alone (the paper's cases would cost seconds and prove nothing more), with this
    repository's pytest configuration otherwise (warnings are errors)."""
    guide = section("Guard another figure")
    module = code_blocks("python", guide)[0]
    path = module.splitlines()[0].removeprefix("# ")
    (line,) = re.findall(r'`("figures\.\w+:FIGURE",)`', guide)
    assert line == f'"{path.removesuffix(".py").replace("/", ".")}:FIGURE",', (path, line)

    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    listed = REGISTRY_KEY.search(config)
    assert listed, "pyproject.toml no longer lists its figures one a line: update the README"
    added = config[: listed.end(1)] + f"    {line}\n" + config[listed.end(1) :]
    ini = tomllib.loads(added)["tool"]["pytest"]["ini_options"]
    assert ini["figure_guard_figures"] == [*PROJECT.figures, line.strip('",')]

    (pytester.path / "figures").mkdir()
    shutil.copy(ROOT / "figures" / "__init__.py", pytester.path / "figures")
    (pytester.path / path).write_text(module, encoding="utf-8")
    (pytester.path / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "test_figures.py", pytester.path / "tests")
    alone = config[: listed.start(1)] + f"    {line}\n" + config[listed.end(1) :]
    (pytester.path / "pyproject.toml").write_text(alone, encoding="utf-8")
    cases = [case.name for case in namespace(module)["FIGURE"].cases]

    made = run(pytester, *baselines_command(pytester.path), *INNER)
    assert made.ret == pytest.ExitCode.OK, made.stdout.str()[-3000:]
    written = made.stdout.str().rpartition(" baselines written ")[2].splitlines()[1:]
    assert written[: 1 + len(cases)] == [
        f"baseline_images: {len(cases)} new",
        *(f"  new        {case}" for case in cases),
    ]
    done = run(pytester, *COMPARE)
    done.assert_outcomes(passed=2 * len(cases) + 1 + design_rows(module))
    assert answer(done.stdout.str())[:3] == [
        f"figures compared with their baselines: {len(cases)}",
        f"figure descriptions compared with their baselines: {len(cases)}",
        f"0 of {len(cases)} figures changed",
    ]
