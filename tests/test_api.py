"""The public API: what `plotting` promises callers beyond the pixels."""

from __future__ import annotations

import ast
import importlib
import io
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure
from pypdf import PdfReader
from support.processes import child_env

import plotting
from plotting import (
    Baseline,
    FigureData,
    FontNotFoundError,
    paper_data,
    render,
    save_figure,
    warmup_ablation_figure,
)
from plotting.design import DESIGN


def test_public_api_is_small_and_importable() -> None:
    """Each public name is said twice: in `_EXPORTS` for the runtime, and imported for type
    checkers; the two agree, and every name loads from its module."""
    tree = ast.parse(Path(plotting.__file__).read_text(encoding="utf-8"))
    typed = {
        (str(node.module), alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1
        for alias in node.names
    }
    assert typed == {(home, name) for name, home in plotting._HOMES.items()}
    assert plotting.__all__ == sorted(plotting._HOMES)
    for name in plotting.__all__:
        assert getattr(plotting, name) is getattr(
            importlib.import_module(f"plotting.{plotting._HOMES[name]}"), name
        )
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        plotting.nope  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.slow
def test_import_does_not_load_pyplot_or_touch_rcparams() -> None:
    code = (
        # (reading rcParams['backend'] would itself import pyplot, so it is left out)
        "import sys, matplotlib as m; rc = lambda: {k: m.rcParams[k] for k in m.rcParams"
        " if k != 'backend'}; before = rc(); import plotting;"
        " assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported';"
        " assert rc() == before, 'rcParams changed'; print('ok')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=child_env(), check=False
    )
    assert done.stdout == "ok\n", done.stderr


def test_figure_is_built_without_changing_global_rcparams() -> None:
    with matplotlib.rc_context({"font.size": 20, "font.family": "monospace"}):
        before = dict(matplotlib.rcParams)
        fig = warmup_ablation_figure()
        render(fig, "png")
        assert dict(matplotlib.rcParams) == before
    assert isinstance(fig, Figure)


def test_paper_figure_has_the_papers_elements() -> None:
    fig = warmup_ablation_figure()
    (ax,) = fig.axes
    assert fig.get_size_inches()[0] == paper_data().width
    assert [p.get_height() for p in ax.patches] == list(paper_data().avg_scores)
    assert {round(p.get_width(), 6) for p in ax.patches} == {round(DESIGN.bar_width, 6)}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["5", "10", "15", "20", "25", "30"]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["55.69", "57.74", "57.11", "57.54", "57.27", "56.32", "GRPO 55.79"]
    assert ax.get_ylim() == (54.2, 58.2)
    assert not ax.spines["top"].get_visible()
    assert not ax.spines["right"].get_visible()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Warmup Steps", "Avg Score")


def test_value_labels_sit_their_offset_above_each_bar_in_the_paper() -> None:
    """The design's offset is a share of the y-range: 0.35 score units with the paper's limits."""
    ax = warmup_ablation_figure().axes[0]
    bottom, top = ax.get_ylim()
    offset = DESIGN.value_label_offset * (top - bottom)
    for text, score in zip(ax.texts, paper_data().avg_scores, strict=False):
        assert text.get_position()[1] == pytest.approx(score + offset, abs=1e-12)


def test_font_is_checked_and_resolved_case_insensitively() -> None:
    fig = warmup_ablation_figure(font="dejavu serif")
    assert isinstance(fig, plotting.StyledFigure)
    assert fig.style_font == "DejaVu Serif"
    with pytest.raises(FontNotFoundError, match="font 'Times New Roman Fake' is not installed"):
        warmup_ablation_figure(font="Times New Roman Fake")


def test_data_must_be_figure_data() -> None:
    with pytest.raises(TypeError, match="FigureData"):
        warmup_ablation_figure({"avg_scores": [1]})  # type: ignore[arg-type]


def test_every_format_is_byte_identical_run_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    first = {fmt: render(warmup_ablation_figure(), fmt, dpi=50) for fmt in plotting.FORMATS}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    second = {fmt: render(warmup_ablation_figure(), fmt, dpi=50) for fmt in plotting.FORMATS}
    assert first == second
    assert b"CreationDate" not in first["pdf"]
    assert b"Producer" not in first["pdf"]
    assert b"Matplotlib" not in first["png"]
    assert b"<dc:date>" not in first["svg"]


def test_pdf_embeds_truetype_fonts_and_text_stays_extractable() -> None:
    pdf = render(warmup_ablation_figure(), "pdf")
    assert b"/Type3" not in pdf
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    kinds = {str(font.get_object()["/Subtype"]) for font in fonts.values()}
    assert kinds == {"/Type0"}  # Type 42: a CID-keyed TrueType font
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert all("STIXGeneral" in name for name in names), names
    text = reader.pages[0].extract_text()
    for needle in ("Warmup Steps", "Avg Score", "GRPO 55.79", "57.74"):
        assert needle in text


def test_save_figure_writes_each_format_and_returns_the_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    paths = save_figure(warmup_ablation_figure())
    assert paths == [Path("fig/warmup_ablation.pdf"), Path("fig/warmup_ablation.png")]
    assert all(path.is_file() for path in paths)
    svg = save_figure(warmup_ablation_figure(), tmp_path / "x", "y", formats=["svg"], dpi=72)
    assert svg == [tmp_path / "x" / "y.svg"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"formats": ["gif"]}, "unknown format 'gif'"),
        ({"formats": []}, "no format given"),
        ({"dpi": 0}, "dpi must be between"),
        ({"dpi": 72.5}, "dpi must be a whole number"),
        ({"name": "a/b"}, "bare file stem"),
        ({"name": ""}, "non-empty file stem"),
    ],
)
def test_save_figure_rejects_bad_requests_before_writing(
    kwargs: dict[str, object], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=message):
        save_figure(warmup_ablation_figure(), tmp_path / "out", **kwargs)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_auto_limits_contain_bars_labels_and_baseline() -> None:
    data = FigureData(warmup_steps=(1, 2), avg_scores=(-3.0, 12.0), baseline=Baseline("B", 20.0))
    ax = warmup_ablation_figure(data).axes[0]
    bottom, top = ax.get_ylim()
    assert bottom < -3.0
    assert top > 20.0
