"""Nothing lost: files are replaced whole, by concurrent runs and by runs killed mid-write."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure
from support.processes import child_env

from plotting import render, warmup_ablation_figure
from plotting.export import DEFAULT_DPI, render_all, saving_dpi_of, write_atomic


def test_render_all_gives_the_same_bytes_forked_or_not() -> None:
    # Under xdist (threads running) render_all declines to fork; the CLI runs of the concurrency
    # test below take the forked path and are compared with sequential renders as well.
    fig = warmup_ablation_figure()
    sequential = render_all(fig, ["pdf", "png", "svg"], 100)
    forked = render_all(fig, ["pdf", "png", "svg"], 100, parallel=True)
    assert forked == sequential
    assert list(forked) == ["pdf", "png", "svg"]


def test_write_atomic_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.png"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


def test_write_atomic_leaves_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.png"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]  # no temporary file left behind


@pytest.mark.slow
def test_concurrent_runs_leave_only_whole_files(tmp_path: Path) -> None:
    """Three CLI runs at two resolutions write into one folder at once: each file ends up as
    exactly one run's output, never a mix or a fragment."""
    out_dir = tmp_path / "fig"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "plotting",
                "--out-dir",
                str(out_dir),
                "--dpi",
                str(dpi),
                "--format",
                "png,svg",
            ],
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for dpi in (40, 41, 40)
    ]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read() if run.stderr else ""
        if run.stderr:
            run.stderr.close()
    fig = warmup_ablation_figure()
    for fmt in ("png", "svg"):
        written = (out_dir / f"warmup_ablation.{fmt}").read_bytes()
        assert written in (render(fig, fmt, 40), render(fig, fmt, 41)), fmt
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "warmup_ablation.png",
        "warmup_ablation.svg",
    ]


#: The exit status of the killed run (os._exit works on every OS; SIGKILL does not exist on
#: Windows).
KILLED = 137
KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    import plotting.export as export
    stage = sys.argv[2]
    def die(*args, **kwargs):
        os._exit(KILLED)  # at once: no cleanup, no finally, as a kill -9 or a power cut
    real_temporary_file = export.tempfile.NamedTemporaryFile
    def half_then_die(*args, **kwargs):
        handle = real_temporary_file(*args, **kwargs)
        write = handle.write
        def write_half(data):
            write(data[: len(data) // 2])
            handle.flush()
            die()
        handle.write = write_half
        return handle
    if stage == "mid-write":
        export.tempfile.NamedTemporaryFile = half_then_die  # killed with half the bytes written
    else:
        export.os.replace = die  # killed with the temporary file complete, before the rename
    from plotting.cli import main
    main(["--out-dir", sys.argv[1], "--format", "png"])
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["mid-write", "before-rename"])
def test_a_run_killed_while_writing_leaves_the_old_file_whole(tmp_path: Path, stage: str) -> None:
    out_dir = tmp_path / "fig"
    out_dir.mkdir()
    old = render(warmup_ablation_figure(), "png", 20)
    (out_dir / "warmup_ablation.png").write_bytes(old)
    done = subprocess.run(
        [sys.executable, "-c", f"KILLED = {KILLED}\n{KILL_SCRIPT}", str(out_dir), stage],
        env=child_env(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == KILLED, done.stderr
    assert (out_dir / "warmup_ablation.png").read_bytes() == old
    leftovers = [p.name for p in out_dir.iterdir() if p.name != "warmup_ablation.png"]
    assert all(name.startswith(".warmup_ablation.png.") for name in leftovers)  # hidden temp only


@pytest.mark.parametrize(
    ("savefig_dpi", "expected"),
    [("figure", 80), (200, 200)],
    ids=["savefig.dpi 'figure': the figure's own", "savefig.dpi a number: that number"],
)
def test_a_figure_is_published_at_its_saving_dpi(savefig_dpi: object, expected: int) -> None:
    """`--figure`/`--every-figure` write a registered figure at the dpi its image test saves it
    at: its own style's (the warmup figure: the style file's, whatever the rcParams around it),
    else the rcParams in force."""
    with matplotlib.rc_context({"savefig.dpi": savefig_dpi}):
        assert saving_dpi_of(Figure(dpi=80)) == expected
        assert saving_dpi_of(warmup_ablation_figure()) == DEFAULT_DPI
