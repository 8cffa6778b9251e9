"""Median wall times of the figure pipeline, and of the CLI against the paper's reference script.

    python benchmarks/bench.py [--repeat N] [--reference PATH/TO/reference_figure.py]

Each number is the median over N fresh interpreter runs (imports are cold in every run, as they are
for a user). With --reference (default: ../shared/reference/reference_figure.py when it exists),
the reference script and `python -m plotting` are run alternately, side by side, in scratch
folders, and the ratio of their medians is printed: the goal is at most 0.85.

Last, the everyday command on an unchanged checkout, a second `tools/bootstrap.py figure`, is
timed alternately with the CLI alone in the environment it made (`.venv/bin/python -m plotting`):
the goal is at most 1.3 times. It runs with the Python that made `.venv/` (so the measuring never
recreates it), after one untimed run that installs what is missing. `--only bootstrap` times
just that.
"""

from __future__ import annotations

import argparse
import configparser
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "reference_figure.py"

# One fresh interpreter per sample; each prints the seconds its step took.
STEPS = {
    "import plotting": "import time; t=time.perf_counter();"
    " from plotting import render, warmup_ablation_figure; print(time.perf_counter()-t)",
    "build figure": "import time; from plotting import warmup_ablation_figure;"
    " t=time.perf_counter(); warmup_ablation_figure(); print(time.perf_counter()-t)",
    **{
        f"render {fmt}": "import time; from plotting import render, warmup_ablation_figure;"
        f" f=warmup_ablation_figure(); t=time.perf_counter(); render(f, {fmt!r});"
        " print(time.perf_counter()-t)"
        for fmt in ("pdf", "png", "svg")
    },
    # The layout rules alone (its three steps: sizes, the comparison label's place, room), timed
    # by wrapping `lay_out` before `plotting.draw` imports it.
    "layout": "import time; import plotting.layout as d; spent=[0.0]; f=d.lay_out\n"
    "def timed(*a, **k):\n"
    " t=time.perf_counter(); r=f(*a, **k); spent[0]+=time.perf_counter()-t; return r\n"
    "d.lay_out=timed\n"
    "import plotting; plotting.warmup_ablation_figure(); print(spent[0])",
    "too many bars": "import time; from plotting import FigureData, warmup_ablation_figure\n"
    "data=FigureData(warmup_steps=tuple(range(100)), avg_scores=(50.0,)*100)\n"
    "t=time.perf_counter()\n"
    "try: warmup_ablation_figure(data)\n"
    "except ValueError: print(time.perf_counter()-t)",
    # Rung 2's comparison of a 2.3-megapixel figure that changed (PNG decoding included).
    "edge compare": "import dataclasses, sys, tempfile, time, pathlib\n"
    "from figures.warmup_ablation import CASES; from figure_guard.pixels import diff_files\n"
    "from plotting import render, warmup_ablation_figure; from plotting.design import DESIGN\n"
    "BASELINE_DIR=pathlib.Path('baseline_images')\n"
    "case=next(c for c in CASES if c.name=='hundred_bars_wide')\n"
    "look=dataclasses.replace(DESIGN, line_width=1.0)\n"
    "f=warmup_ablation_figure(case.options['data'], design=look)\n"
    "out=pathlib.Path(tempfile.mkdtemp())/'result.png'; out.write_bytes(render(f, 'png'))\n"
    "t=time.perf_counter()\n"
    "diff_files(BASELINE_DIR/'hundred_bars_wide.png', out, forgive_edges=True)\n"
    "print(time.perf_counter()-t)",
}


def _env() -> dict[str, str]:
    env = dict(os.environ, MPLBACKEND="Agg")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _step(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    return float(out.stdout.split()[-1])


def _wall(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=cwd, env=_env(), capture_output=True)
    return time.perf_counter() - start


def _steps(repeat: int) -> None:
    for name, code in STEPS.items():
        samples = [_step(code) for _ in range(repeat)]
        print(f"{name:<16} {statistics.median(samples) * 1000:8.1f} ms")


def _cli_against_reference(repeat: int, reference: Path | None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "fig").mkdir()
        cli = [sys.executable, "-m", "plotting", "--out-dir", str(work / "fig")]
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(repeat):
            ours.append(_wall(cli, work))
            if reference is not None:
                theirs.append(_wall([sys.executable, str(reference)], work))
        print(f"{'CLI (pdf+png)':<16} {statistics.median(ours) * 1000:8.1f} ms")
        if theirs:
            ratio = statistics.median(ours) / statistics.median(theirs)
            print(f"{'reference script':<16} {statistics.median(theirs) * 1000:8.1f} ms")
            print(f"{'ratio':<16} {ratio:8.2f}   (goal: at most 0.85)")


def _venv_base_python(venv: Path) -> str:
    """The interpreter `venv` was made with (pyvenv.cfg's `executable`), else this one."""
    config = configparser.ConfigParser()
    try:
        config.read_string("[venv]\n" + (venv / "pyvenv.cfg").read_text(encoding="utf-8"))
    except OSError:
        return sys.executable
    return config.get("venv", "executable", fallback=sys.executable)


def _bootstrap_against_cli(repeat: int) -> None:
    venv = ROOT / ".venv"
    with tempfile.TemporaryDirectory() as scratch:
        out = ["--out-dir", str(Path(scratch))]
        bootstrap = [_venv_base_python(venv), str(ROOT / "tools" / "bootstrap.py"), "figure", *out]
        subprocess.run(bootstrap, check=True, cwd=ROOT, capture_output=True)  # installs if needed
        python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        commands = {"bootstrap": bootstrap, "cli": [str(python), "-m", "plotting", *out]}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _, (name, command) in itertools.product(range(repeat), commands.items()):
            start = time.perf_counter()
            subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
            times[name].append(time.perf_counter() - start)
    cli, again = statistics.median(times["cli"]), statistics.median(times["bootstrap"])
    print(f"{'CLI in .venv':<16} {cli * 1000:8.1f} ms")
    print(f"{'bootstrap again':<16} {again * 1000:8.1f} ms")
    print(f"{'ratio':<16} {again / cli:8.2f}   (goal: at most 1.3)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--only", choices=["steps", "cli", "bootstrap"])
    args = parser.parse_args()

    if args.only in (None, "steps"):
        _steps(args.repeat)
    if args.only in (None, "cli"):
        reference = args.reference if args.reference.is_file() else None
        _cli_against_reference(args.repeat, reference)
    if args.only in (None, "bootstrap"):
        _bootstrap_against_cli(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
