"""The command line: what it writes, its exit codes, and a clear error for every bad input.

Most cases call `plotting.cli.main` in-process (fast); a few run `python -m plotting` and the
console script for real, to prove there is no traceback and the exit codes reach the shell.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.processes import child_env
from support.registered import FIGURES

from plotting import load_data, render, warmup_ablation_figure
from plotting.cli import build_parser, main
from plotting.export import DEFAULT_FORMATS

DATA_TOML = "[data]\nwarmup_steps = [5, 10]\navg_scores = [55.0, 56.5]\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (hidden temporaries included) with its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


# ── what it writes ───────────────────────────────────────────────────────────────────────────────


def test_default_run_writes_pdf_and_png_and_prints_the_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "fig"
    code, out, err = run_cli(["--out-dir", str(out_dir)], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        str(out_dir / "warmup_ablation.pdf"),
        str(out_dir / "warmup_ablation.png"),
    ]
    assert sorted(snapshot(out_dir)) == ["warmup_ablation.pdf", "warmup_ablation.png"]
    # The default PNG is the paper figure, byte for byte as the API renders it in this run.
    assert (out_dir / "warmup_ablation.png").read_bytes() == render(warmup_ablation_figure(), "png")


def test_formats_repeat_or_comma_separate_and_name_and_dpi_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        [
            "--out-dir",
            str(tmp_path),
            "--name",
            "small",
            "--format",
            "svg,png",
            "--format",
            "PNG",
            "--dpi",
            "50",
        ],
        capsys,
    )
    assert code == 0
    assert out.splitlines() == [str(tmp_path / "small.svg"), str(tmp_path / "small.png")]
    from PIL import Image

    with Image.open(tmp_path / "small.png") as image:
        assert image.width < 200  # 50 dpi instead of 300


def test_data_baseline_and_font_options_change_the_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d.toml"
    data.write_text(DATA_TOML, encoding="utf-8")
    plain = tmp_path / "plain"
    varied = tmp_path / "varied"
    assert (
        run_cli(["--data", str(data), "--out-dir", str(plain), "--format", "png"], capsys)[0] == 0
    )
    code, _, _ = run_cli(
        [
            "--data",
            str(data),
            "--out-dir",
            str(varied),
            "--format",
            "png",
            "--baseline",
            "SFT=55.5",
            "--font",
            "dejavu serif",
        ],
        capsys,
    )
    assert code == 0
    assert snapshot(plain) != snapshot(varied)


def test_check_reports_stale_files_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "fig"
    code, out, _ = run_cli(["--out-dir", str(out_dir), "--check"], capsys)
    assert code == 1
    assert not out_dir.exists()
    assert f"differs: {out_dir / 'warmup_ablation.pdf'}" in out

    assert run_cli(["--out-dir", str(out_dir)], capsys)[0] == 0
    assert run_cli(["--out-dir", str(out_dir), "--check"], capsys)[:2] == (0, "up to date\n")

    (out_dir / "warmup_ablation.png").write_bytes(b"old")
    before = snapshot(out_dir)
    code, out, _ = run_cli(["--out-dir", str(out_dir), "--check"], capsys)
    assert code == 1
    assert out.splitlines()[0] == f"differs: {out_dir / 'warmup_ablation.png'}"
    assert snapshot(out_dir) == before


def test_a_registered_figure_is_written_under_its_stem_as_the_default_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--every-figure` writes each registered figure's first case under its stem: for the warmup
    figure, the same bytes as the default run; `--figure NAME --check` then finds it up to date,
    and `--every-figure --check` every figure."""
    default, every = tmp_path / "default", tmp_path / "every"
    assert run_cli(["--out-dir", str(default)], capsys)[0] == 0
    code, out, _ = run_cli(["--every-figure", "--out-dir", str(every)], capsys)
    assert code == 0
    stems = [figure.file_stem for figure in FIGURES]
    expected = [str(every / f"{stem}.{fmt}") for stem in stems for fmt in DEFAULT_FORMATS]
    assert out.splitlines() == expected
    written = snapshot(every)
    assert {name: written[name] for name in snapshot(default)} == snapshot(default)
    for args in (["--figure", "warmup_ablation"], ["--every-figure"]):
        assert run_cli([*args, "--check", "--out-dir", str(every)], capsys)[:2] == (
            0,
            "up to date\n",
        )


# ── unusual but valid input renders ──────────────────────────────────────────────────────────────

UNUSUAL = {
    "one bar": "warmup_step,avg_score\n10,57.74\n",
    "all scores equal": "warmup_step,avg_score\n5,57\n10,57\n15,57\n",
    "negative scores": "warmup_step,avg_score\n5,-3.5\n10,-1.25\n15,-7\n",
    "thirty bars": "warmup_step,avg_score\n"
    + "".join(f"{i},{50 + (i * 7 % 11) / 3}\n" for i in range(1, 31)),
    "very large values": "warmup_step,avg_score\n5,1.5e9\n10,2.25e9\n15,1.75e9\n",
    "unsorted steps": "warmup_step,avg_score\n30,56\n5,55\n20,57.5\n10,56.5\n",
    "blank trailing lines": "warmup_step,avg_score\n5,55.69\n10,57.74\n\n\n  \n",
}


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_unusual_but_valid_input_renders(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "in.csv"
    data.write_text(UNUSUAL[name], encoding="utf-8")
    code, out, err = run_cli(
        ["--data", str(data), "--out-dir", str(tmp_path / "out"), "--format", "png",
         "--dpi", "30", "--baseline", "GRPO=1"],
        capsys,
    )  # fmt: skip
    assert (code, err) == (0, "")
    from PIL import Image

    with Image.open(out.strip()) as image:
        assert image.format == "PNG"
        assert image.width > 50


# ── bad input: exit 2, one clear line, nothing touched ───────────────────────────────────────────


@dataclass(frozen=True)
class Bad:
    name: str
    args: list[str]
    message: str
    files: dict[str, bytes] = field(default_factory=dict)

    def create_files(self, folder: Path) -> None:
        for name, content in self.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)


def toml(text: str) -> dict[str, bytes]:
    return {"in.toml": text.encode()}


def csv(text: str) -> dict[str, bytes]:
    return {"in.csv": text.encode()}


TOML_ARGS = ["--data", "{tmp}/in.toml"]
CSV_ARGS = ["--data", "{tmp}/in.csv"]

BAD_INPUTS = [
    # The data layer's refusals are tested in tests/test_data.py's tables; this row shows the
    # command line prints them as they are, after the file's name.
    Bad(
        "csv repeated step",
        CSV_ARGS,
        "{tmp}/in.csv: line 4: warmup_step 10 repeats line 3: each step is one bar",
        csv("warmup_step,avg_score\n5,1.0\n10,2\n10,3\n"),
    ),
    Bad(
        "bars too many for the width",
        CSV_ARGS,
        "{tmp}/in.csv: 60 bars do not fit in a figure 3.6 in wide",
        csv("warmup_step,avg_score\n" + "".join(f"{i},50.25\n" for i in range(60))),
    ),
    Bad(
        "width option not a number",
        ["--width", "wide"],
        "width must be a number of inches, got 'wide'",
    ),
    Bad("width option too large", ["--width", "30"], "width must be between 1.5 and 20 inches"),
    Bad("unknown format", ["--format", "jpg"], "unknown format 'jpg'"),
    Bad("zero dpi", ["--dpi", "0"], "dpi must be between 1 and"),
    Bad("negative dpi", ["--dpi", "-5"], "dpi must be between 1 and"),
    Bad("dpi not a number", ["--dpi", "high"], "dpi must be a whole number, got 'high'"),
    Bad(
        "output folder is a file",
        ["--out-dir", "{tmp}/afile"],
        "exists and is not a folder",
        {"afile": b"keep me"},
    ),
    Bad(
        "output folder cannot be created",
        ["--out-dir", "{tmp}/afile/sub"],
        "cannot create output folder",
        {"afile": b"keep me"},
    ),
    Bad(
        "font not installed",
        ["--font", "No Such Font Family"],
        "font 'No Such Font Family' is not installed",
    ),
    Bad("name with a separator", ["--name", "../escape"], "name must be a bare file stem"),
    Bad("hidden name", ["--name", ".hidden"], "name must be a visible file stem"),
    Bad("baseline without =", ["--baseline", "GRPO"], "baseline must look like LABEL=VALUE"),
    Bad("baseline value not a number", ["--baseline", "GRPO=x"], "baseline value must be a number"),
    Bad("baseline value infinite", ["--baseline", "GRPO=inf"], "baseline value must be finite"),
    Bad("unknown option", ["--colour", "red"], "unrecognized arguments: --colour red"),
    Bad(
        "a figure not registered",
        ["--figure", "no_such_figure"],
        "no registered figure 'no_such_figure' (registered: warmup_ablation",
    ),
    Bad(
        "the warmup figure's data with another figure",
        ["--figure", "warmup_ablation", "--font", "DejaVu Serif"],
        "--font sets the warmup figure's data; it does not go with --figure",
    ),
    Bad(
        "every figure described",
        ["--every-figure", "--describe"],
        "--describe prints one figure: name it with --figure NAME",
    ),
    Bad(
        "every figure under one name",
        ["--every-figure", "--name", "mine"],
        "--name names one figure's files: each figure has its stem",
    ),
    Bad(
        "one figure and every figure",
        ["--figure", "warmup_ablation", "--every-figure"],
        "argument --every-figure: not allowed with argument --figure",
    ),
    Bad(
        "malformed math in a label",
        TOML_ARGS,
        r"{tmp}/in.toml: xlabel '$\\oops$' is not valid math text: ParseFatalException: Unknown",
        toml(DATA_TOML + '[axes]\nxlabel = "$\\\\oops$"\n'),
    ),
]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=[bad.name for bad in BAD_INPUTS])
def test_bad_input_exits_2_with_one_clear_error_and_touches_nothing(
    bad: Bad, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad.create_files(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "warmup_ablation.png").write_bytes(b"previous figure")
    before = snapshot(tmp_path)
    args = [arg.format(tmp=tmp_path) for arg in bad.args]
    if "--out-dir" not in args:
        args += ["--out-dir", str(out_dir)]

    code, out, err = run_cli(args, capsys)

    assert code == 2
    assert err.startswith("error: ")
    assert bad.message.format(tmp=tmp_path) in err
    assert "Traceback" not in err
    assert out == ""
    assert snapshot(tmp_path) == before


DATA_FILE_CASES = [bad for bad in BAD_INPUTS if bad.args[0] == "--data"]


@pytest.mark.parametrize("bad", DATA_FILE_CASES, ids=[bad.name for bad in DATA_FILE_CASES])
def test_the_api_raises_the_same_message_as_the_cli(
    bad: Bad, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad.create_files(tmp_path)
    path = bad.args[1].format(tmp=tmp_path)
    core = bad.message.format(tmp=tmp_path).split(": ", 1)[-1]  # without the file name
    with pytest.raises(ValueError, match=re.escape(core)) as error:
        warmup_ablation_figure(load_data(path))
    code, _, err = run_cli(["--data", path, "--check"], capsys)
    assert code == 2
    assert err.startswith("error: ")
    assert err.endswith(f"{error.value}\n")  # the CLI may add the file's name in front


@pytest.mark.slow
def test_the_shell_sees_exit_codes_and_no_traceback(tmp_path: Path) -> None:
    """The console script and `python -m plotting`, run for real."""
    executable = "warmup-figure.exe" if os.name == "nt" else "warmup-figure"
    script = Path(sysconfig.get_path("scripts")) / executable
    assert script.is_file(), "the package is not installed (pip install -e .)"
    bad = subprocess.run(
        [str(script), "--data", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr == f"error: {tmp_path / 'missing.csv'}: no such file\n"
    good = subprocess.run(
        [sys.executable, "-m", "plotting", "--format", "svg"],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=tmp_path,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert good.stdout == f"{Path('fig') / 'warmup_ablation.svg'}\n"
    assert (tmp_path / "fig" / "warmup_ablation.svg").is_file()


def test_help_names_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    """Every option the parser takes, none hidden from --help (argparse lists its options only
    in the private `_actions`)."""
    options = [name for action in build_parser()._actions for name in action.option_strings]
    assert {"--data", "--width", "--describe"} <= set(options)  # the list is the parser's
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert [option for option in options if option not in out] == []


def test_a_refusal_from_matplotlib_is_an_error_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import plotting.cli

    def refuse(*args: object, **kwargs: object) -> None:
        raise ValueError("\nImage size of 70000x700 pixels is too large.")

    monkeypatch.setattr(plotting.cli, "warmup_ablation_figure", refuse)
    code, out, err = run_cli(["--out-dir", str(tmp_path / "out")], capsys)
    assert (code, out) == (2, "")
    assert err == "error: cannot draw the figure: Image size of 70000x700 pixels is too large.\n"
    assert not (tmp_path / "out").exists()
