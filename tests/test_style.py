"""`plotting.style`: the style file, the font's name resolved or refused, and `style_context`, the
one scope in which the package's rcParams are in force (and nobody else's).

Expected values are read from the style file itself or from matplotlib's built-in defaults, so a
change of the style needs no edit here.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import matplotlib.style
import pytest
from cycler import cycler

import plotting
from plotting.style import (
    DEFAULT_FONT,
    STYLE_NAME,
    FontNotFoundError,
    installed_font_families,
    resolve_font,
    style_context,
    style_path,
)

if TYPE_CHECKING:  # matplotlib 3.10 (tox -e mpl310) has no RcKeyType
    from matplotlib.typing import RcKeyType


def current_params() -> dict[RcKeyType, Any]:
    """Every rcParam as it is now (but the backend: reading it may import pyplot)."""
    return {key: matplotlib.rcParams[key] for key in matplotlib.rcParams if key != "backend"}


def style_file() -> dict[RcKeyType, Any]:
    """What the style file says, and nothing else."""
    params = matplotlib.rc_params_from_file(str(style_path()), use_default_template=False)
    return {key: params[key] for key in params}


# ── resolve_font ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("family", "resolved"),
    [
        pytest.param(None, DEFAULT_FONT, id="None is the default"),
        pytest.param(DEFAULT_FONT, DEFAULT_FONT, id="the default by its name"),
        pytest.param(DEFAULT_FONT.upper(), DEFAULT_FONT, id="upper case"),
        pytest.param("dejavu serif", "DejaVu Serif", id="lower case"),
        pytest.param("  DejaVu Sans\t", "DejaVu Sans", id="blanks around"),
    ],
)
def test_resolve_font_gives_the_installed_familys_own_name(
    family: str | None, resolved: str
) -> None:
    """The fonts of these rows ship inside matplotlib, so every machine has them."""
    assert resolve_font(family) == resolved


@pytest.mark.parametrize(
    ("family", "message"),
    [
        pytest.param("", r"^font must be a family name, got ''$", id="empty"),
        pytest.param(" \t", r"^font must be a family name, got ' \\t'$", id="blank"),
        pytest.param(12, r"^font must be a family name, got 12$", id="not a string"),
        pytest.param(
            "Times New Roman Fake", r"^font 'Times New Roman Fake' is not installed", id="missing"
        ),
        pytest.param(
            "DejaVu Serf",
            r"^font 'DejaVu Serf' is not installed; closest installed: DejaVu Serif(, |$)",
            id="a typo: the closest installed names first",
        ),
        pytest.param("zqzqzqzq", r"^font 'zqzqzqzq' is not installed$", id="nothing close"),
    ],
)
def test_resolve_font_refuses_what_is_not_an_installed_family(family: Any, message: str) -> None:
    """Never a silent fallback to another font: the family is named, with a hint when one is
    close (`family` is `Any`: one row is not a string on purpose)."""
    with pytest.raises(FontNotFoundError, match=message):
        resolve_font(family)


def test_font_not_found_is_a_value_error() -> None:
    """Callers that catch bad arguments as `ValueError` catch a missing font too."""
    assert issubclass(FontNotFoundError, ValueError)


def test_every_installed_family_resolves_to_itself_in_any_case() -> None:
    families = installed_font_families()
    assert DEFAULT_FONT in families  # it ships inside matplotlib
    for family in families:
        assert resolve_font(family.swapcase()).lower() == family.lower()


# ── the style file ───────────────────────────────────────────────────────────────────────────────


def test_style_file_is_package_data() -> None:
    """It lies beside the package's code, so an installed package finds it."""
    path = style_path()
    assert path.is_file()
    assert path.resolve().parent == Path(plotting.__file__).resolve().parent
    assert style_file()  # matplotlib reads settings from it


def test_style_file_is_usable_by_name_elsewhere() -> None:
    with matplotlib.style.context(STYLE_NAME, after_reset=True):
        assert matplotlib.rcParams["font.serif"] == [DEFAULT_FONT]
        assert matplotlib.rcParams["pdf.fonttype"] == 42
        assert matplotlib.rcParams["savefig.dpi"] == 300
        assert {key: matplotlib.rcParams[key] for key in style_file()} == style_file()


# ── style_context ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("font", [DEFAULT_FONT, "DejaVu Sans"])
def test_inside_the_style_file_is_in_force_with_the_font(font: str) -> None:
    expected = {**style_file(), "font.serif": [font]}
    with style_context(font):
        assert {key: matplotlib.rcParams[key] for key in expected} == expected


def test_the_default_font_is_the_serif_face() -> None:
    with style_context():
        assert matplotlib.rcParams["font.serif"] == [DEFAULT_FONT]


#: (rcParam, a user's value): settings a user's matplotlibrc or code might have changed before
#: the figure is drawn. Inside the style they are the style file's, or matplotlib's defaults.
USER_CHANGES: list[tuple[RcKeyType, object]] = [
    ("font.size", 20.0),
    ("font.family", ["monospace"]),
    ("font.serif", ["DejaVu Serif"]),
    ("savefig.dpi", 17.0),
    ("savefig.bbox", None),
    ("text.color", "red"),
    ("lines.linewidth", 5.0),
    ("text.hinting", "none"),
    ("axes.prop_cycle", cycler(color=["red", "green"])),
    ("image.cmap", "gray"),
    ("pdf.fonttype", 3),
]


@pytest.mark.parametrize(("key", "users"), USER_CHANGES, ids=[row[0] for row in USER_CHANGES])
def test_a_users_changed_rcparams_change_nothing_inside(key: RcKeyType, users: object) -> None:
    with style_context():
        ours = matplotlib.rcParams[key]
    assert ours == style_file().get(key, matplotlib.rcParamsDefault[key])
    with matplotlib.rc_context({key: users}):
        assert matplotlib.rcParams[key] != ours  # the row changes something
        with style_context():
            assert matplotlib.rcParams[key] == ours
        assert matplotlib.rcParams[key] == matplotlib.rcParams.validate[key](users)


def test_the_sessions_own_settings_are_left_alone() -> None:
    """What matplotlib's style machinery never touches (backend, interactivity, warnings about
    open figures) is the session's, not the picture's: inside, it is what the user set."""
    default = matplotlib.rcParamsDefault["figure.max_open_warning"]
    with matplotlib.rc_context({"figure.max_open_warning": default + 7}), style_context():
        assert matplotlib.rcParams["figure.max_open_warning"] == default + 7


class InsideError(Exception):
    """Raised inside the style, to see it restore rcParams on the way out."""


@pytest.mark.parametrize("raises", [False, True], ids=["normal exit", "an exception"])
def test_every_rcparam_is_restored_on_exit(raises: bool) -> None:
    with matplotlib.rc_context({"font.size": 20.0, "lines.linewidth": 5.0}):
        before = current_params()
        with suppress(InsideError), style_context("DejaVu Sans"):
            assert current_params() != before
            if raises:
                raise InsideError
        assert current_params() == before


def test_nested_styles_restore_the_outer_font() -> None:
    with style_context(DEFAULT_FONT):
        with style_context("DejaVu Sans"):
            assert matplotlib.rcParams["font.serif"] == ["DejaVu Sans"]
        assert matplotlib.rcParams["font.serif"] == [DEFAULT_FONT]
