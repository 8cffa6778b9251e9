"""The suite fails only for real changes: hostile settings around it change no pixel.

In-process: a user's matplotlibrc, rcParams changed by an earlier import, a machine with Times New
Roman. In a fresh process: the image tests run from another folder, with another HOME that holds a
user font and a user matplotlibrc asking for it, a cold font cache, another backend and locale, in
random order. (Two xdist workers and random order are how `tox` always runs the whole suite:
`pytest -n 2` with pytest-randomly.)

None of them assumes anything of this machine: whether it has a real Times New Roman, what HOME
holds, which locale is set, where the suite is started from, or whether a font cache exists.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from support.processes import child_env
from support.registered import CASES, FIGURES, PROJECT, ROOT

from figure_guard.drawing import SelfStyled
from figure_guard.pixels import diff_files
from figure_guard.registry import GuardedCase
from figure_guard.stack import versions_file_text

HOSTILE_RC = """\
figure.dpi: 144
figure.figsize: 8, 6
figure.facecolor: 0.2
font.family: sans-serif
font.serif: Times New Roman, DejaVu Serif
font.size: 16
axes.grid: False
axes.linewidth: 3
axes.prop_cycle: cycler('color', ['r', 'g'])
axes.spines.top: True
lines.linewidth: 5
lines.markersize: 12
patch.linewidth: 4
xtick.major.size: 10
xtick.direction: inout
text.antialiased: False
text.hinting: no_hinting
savefig.dpi: 72
savefig.bbox: standard
savefig.pad_inches: 1
savefig.facecolor: black
savefig.transparent: True
pdf.fonttype: 3
path.simplify_threshold: 1.0
"""

CASE = {case.name: case for case in CASES}
#: Each registered figure's published case, and the warmup figure in its other font: the cases
#: drawn under hostile settings (all eleven cost seconds more and exercise nothing more of the
#: machine's state).
PAPER_CASES = [
    *(GuardedCase(figure, figure.published) for figure in FIGURES),
    CASE["dejavu_serif"],
]
#: The cold run's tests, by node id (a case's name may be the start of another's): those cases'
#: image tests, and the orphan check.
FIGURE_TESTS = ROOT / "tests" / "test_figures.py"
COLD_RUN_TESTS = [
    *(f"{FIGURE_TESTS}::test_figure_matches_baseline[{case.name}]" for case in PAPER_CASES),
    f"{FIGURE_TESTS}::test_no_orphan_baselines",
]


def drawn_png(case: GuardedCase) -> bytes:
    """The case's PNG under whatever rcParams are in force: a figure that carries its own style
    (the package's) must be hermetic by itself; any other is drawn in its registered style, as
    its image test draws it (that style starts from matplotlib's defaults)."""
    figure = case.draw()
    if not isinstance(figure, SelfStyled):
        return case.png()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def plainly() -> dict[str, bytes]:
    """The cases' PNGs drawn in this run with nothing hostile around (module-scoped, so made
    before any test's hostile settings): what every check here compares with, never the committed
    baselines, so that a change of the design fails only the figure tests."""
    return {case.name: drawn_png(case) for case in PAPER_CASES}


def assert_draws_as_plainly(case: GuardedCase, plainly: dict[str, bytes], tmp_path: Path) -> None:
    """The same bytes as the case drawn plainly in this process."""
    hostile = drawn_png(case)
    if hostile != plainly[case.name]:
        plain, changed = tmp_path / "plain.png", tmp_path / "hostile.png"
        plain.write_bytes(plainly[case.name])
        changed.write_bytes(hostile)
        pytest.fail(
            f"{case.name} changed under hostile settings: {diff_files(plain, changed).describe()}"
        )


def write_fake_times_new_roman(path: Path) -> None:
    """A font file that calls itself Times New Roman: DejaVu Serif's glyphs, renamed."""
    source = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"
    font = TTFont(source)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = "Times New Roman"
        elif record.nameID == 6:
            record.string = "TimesNewRomanPSMT"
    path.parent.mkdir(parents=True, exist_ok=True)
    font.save(path)


@pytest.fixture
def hostile_rc_file(tmp_path: Path) -> Path:
    path = tmp_path / "matplotlibrc"
    path.write_text(HOSTILE_RC, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", PAPER_CASES, ids=lambda case: case.name)
def test_a_users_matplotlibrc_changes_nothing(
    case: GuardedCase, hostile_rc_file: Path, tmp_path: Path, plainly: dict[str, bytes]
) -> None:
    with matplotlib.rc_context(fname=str(hostile_rc_file)):
        assert_draws_as_plainly(case, plainly, tmp_path)


@pytest.mark.parametrize("case", PAPER_CASES, ids=lambda case: case.name)
def test_rcparams_changed_by_an_earlier_import_change_nothing(
    case: GuardedCase, tmp_path: Path, plainly: dict[str, bytes]
) -> None:
    import matplotlib.pyplot as plt

    with matplotlib.rc_context():
        plt.style.use("ggplot")
        plt.style.use("dark_background")
        matplotlib.rcParams.update({"font.size": 23, "font.family": "monospace"})
        assert_draws_as_plainly(case, plainly, tmp_path)


def forget_found_fonts(manager: font_manager.FontManager) -> None:
    """Empty the manager's cache of `findfont` answers, which would still name the fonts of before
    the font list changed. The cache is private (`_findfont_cached`, absent from matplotlib's
    stubs), and no public call empties it after the list is put back by hand."""
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]


@pytest.fixture
def times_new_roman_installed(tmp_path: Path) -> Iterator[None]:
    """Register a font that calls itself Times New Roman (DejaVu Serif's glyphs, renamed), and
    ask for it in the user's rcParams, as on a machine that has the real one. On a machine that
    does have the real one, matplotlib may pick either: both are a Times New Roman."""
    path = tmp_path / "times.ttf"
    write_fake_times_new_roman(path)
    manager = font_manager.fontManager
    saved = list(manager.ttflist)
    manager.addfont(path)
    forget_found_fonts(manager)
    try:
        with matplotlib.rc_context({"font.family": "serif", "font.serif": ["Times New Roman"]}):
            found = font_manager.FontProperties(fname=font_manager.findfont("serif"))
            assert found.get_name() == "Times New Roman"
            yield
    finally:
        manager.ttflist[:] = saved
        forget_found_fonts(manager)


@pytest.mark.usefixtures("times_new_roman_installed")
@pytest.mark.parametrize("case", PAPER_CASES, ids=lambda case: case.name)
def test_a_machine_with_times_new_roman_draws_the_same(
    case: GuardedCase, tmp_path: Path, plainly: dict[str, bytes]
) -> None:
    assert_draws_as_plainly(case, plainly, tmp_path)


@pytest.mark.slow
def test_image_suite_passes_from_elsewhere_cold_hostile_and_shuffled(
    tmp_path: Path, plainly: dict[str, bytes]
) -> None:
    """A user as on a real machine: a font of their own in ~/.local/share/fonts, their
    ~/.config/matplotlib/matplotlibrc asking for it (and much else), no font cache yet. The
    image tests compare with the cases drawn plainly in this process."""
    baselines = tmp_path / "baselines"
    baselines.mkdir()
    for name, png in plainly.items():
        (baselines / f"{name}.png").write_bytes(png)
    (baselines / PROJECT.versions.name).write_text(versions_file_text(), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    home = tmp_path / "home"
    write_fake_times_new_roman(home / ".local" / "share" / "fonts" / "TimesNewRoman.ttf")
    user_rc = home / ".config" / "matplotlib" / "matplotlibrc"
    user_rc.parent.mkdir(parents=True)
    user_rc.write_text(HOSTILE_RC, encoding="utf-8")
    env = {
        key: value
        for key, value in child_env().items()
        if not key.startswith(("MPL", "MATPLOTLIB", "XDG_", "PYTEST_XDIST", "LC_", "LANG"))
    }
    env |= {"HOME": str(home), "MPLBACKEND": "svg", "LC_ALL": "C", "LANG": "C"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *COLD_RUN_TESTS,
            "-p",
            "no:xdist",
            "-p",
            "randomly",
            "-p",
            "no:cacheprovider",
            f"--mpl-results-path={tmp_path / 'results'}",
            "-o",
            f"figure_guard_baselines={baselines}",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"{len(PAPER_CASES) + 1} passed" in done.stdout
    assert "Using --randomly-seed=" in done.stdout  # the order was shuffled
    # matplotlib built its font cache anew under this HOME, and saw the user's font there
    caches = list((home / ".cache" / "matplotlib").glob("fontlist-*.json"))
    assert len(caches) == 1
    assert '"name": "Times New Roman"' in caches[0].read_text(encoding="utf-8")
