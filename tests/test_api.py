"""The public API: what `plotting` promises callers beyond the pixels (its names, importing it,
the files it renders and saves). What each module promises is tested in that module's own test
module (`warmup_ablation_figure` in test_draw.py, the normalization in test_colors.py, ...)."""

from __future__ import annotations

import ast
import importlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, PdfObject
from support.processes import child_env

import plotting
from plotting import (
    render,
    save_figure,
    warmup_ablation_figure,
)


def test_public_api_is_small_and_importable() -> None:
    """Each public name is said twice: in `_EXPORTS` for the runtime, and imported for type
    checkers; the two agree, and every name loads from its module."""
    tree = ast.parse(Path(plotting.__file__).read_text(encoding="utf-8"))
    (for_type_checkers,) = [
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    ]
    typed = {
        ("plotting." * node.level + str(node.module), alias.name)
        for node in ast.walk(for_type_checkers)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == {(home, name) for name, home in plotting._HOMES.items()}
    assert plotting.__all__ == sorted(plotting._HOMES)
    for name in plotting.__all__:
        assert getattr(plotting, name) is getattr(
            importlib.import_module(plotting._HOMES[name]), name
        )
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        plotting.nope  # noqa: B018


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


def test_every_format_is_byte_identical_run_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    first = {fmt: render(warmup_ablation_figure(), fmt, dpi=50) for fmt in plotting.FORMATS}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    second = {fmt: render(warmup_ablation_figure(), fmt, dpi=50) for fmt in plotting.FORMATS}
    assert first == second
    assert b"CreationDate" not in first["pdf"]
    assert b"Producer" not in first["pdf"]
    assert b"Matplotlib" not in first["png"]
    assert b"<dc:date>" not in first["svg"]


def pdf_dictionary(item: object) -> DictionaryObject:
    """The PDF dictionary `item` is, or refers to."""
    found = item.get_object() if isinstance(item, PdfObject) else item
    assert isinstance(found, DictionaryObject), found
    return found


def test_pdf_embeds_truetype_fonts_and_text_stays_extractable() -> None:
    pdf = render(warmup_ablation_figure(), "pdf")
    assert b"/Type3" not in pdf
    reader = PdfReader(io.BytesIO(pdf))
    fonts = pdf_dictionary(pdf_dictionary(reader.pages[0]["/Resources"])["/Font"])
    kinds = {str(pdf_dictionary(font)["/Subtype"]) for font in fonts.values()}
    assert kinds == {"/Type0"}  # Type 42: a CID-keyed TrueType font
    names = {str(pdf_dictionary(font)["/BaseFont"]) for font in fonts.values()}
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
    kwargs: dict[str, Any], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=message):
        save_figure(warmup_ablation_figure(), tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()
