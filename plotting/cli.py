"""The command line: parse arguments, run the one-way pipeline, map errors to exit codes.

Exit codes: 0 done (or, with --check, everything up to date); 1 --check found files that differ;
2 bad input or usage, with a one-line ``error: ...`` on stderr and no traceback. Nothing is
written unless the data, the font and every format were good.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from typing import NoReturn

from matplotlib.figure import Figure

from figure_guard.project import Project, ProjectNotFoundError
from figure_guard.registry import GuardedCase, RegistryError, load_figures

from .data import (
    DEFAULT_WIDTH,
    Baseline,
    DataError,
    FigureData,
    check_width,
    load_data,
    paper_data,
)
from .draw import warmup_ablation_figure
from .export import (
    DEFAULT_DPI,
    DEFAULT_FORMATS,
    DEFAULT_NAME,
    FORMATS,
    ExportError,
    check_dpi,
    check_formats,
    check_name,
    check_out_dir,
    render_all,
    saving_dpi_of,
    stale_files,
    write_files,
)
from .style import DEFAULT_FONT, FontNotFoundError

__all__ = ["main"]

EXIT_OK, EXIT_STALE, EXIT_USAGE = 0, 1, 2
PROG = "warmup-figure"


class _UsageError(Exception):
    """Raised instead of argparse's own exit, so that every usage error looks the same."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _formats(text: str) -> list[str]:
    try:
        return list(check_formats(part for part in text.split(",") if part.strip()))
    except ExportError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"dpi must be a whole number, got {text!r}") from None
    try:
        return check_dpi(value)
    except ExportError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _baseline(text: str) -> Baseline:
    label, sep, value = text.rpartition("=")
    if not sep or not label.strip():
        raise argparse.ArgumentTypeError(f"baseline must look like LABEL=VALUE, got {text!r}")
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"baseline value must be a number, got {value!r} in {text!r}"
        ) from None
    try:
        return Baseline(label.strip(), number)
    except DataError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _width(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"width must be a number of inches, got {text!r}"
        ) from None
    try:
        return check_width(value)
    except DataError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _name(text: str) -> str:
    try:
        return check_name(text)
    except ExportError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Draw the warmup-ablation figure (average score across warmup steps) and write it"
            " as PDF/PNG/SVG. The same input gives byte-identical files on every machine."
        ),
        epilog="exit codes: 0 done, 1 --check found stale files, 2 bad input or usage",
    )
    _add_output_options(parser)
    _add_warmup_options(parser)
    _add_choices(parser)
    return parser


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    """Where and how the files are written."""
    parser.add_argument("--out-dir", metavar="DIR", default="fig", help="output folder (fig)")
    parser.add_argument(
        "--name",
        metavar="STEM",
        type=_name,
        default=DEFAULT_NAME,
        help=f"file name without extension ({DEFAULT_NAME})",
    )
    parser.add_argument(
        "--format",
        metavar="FMT",
        dest="formats",
        type=_formats,
        action="append",
        help=f"{', '.join(FORMATS)}; repeat or comma-separate ({','.join(DEFAULT_FORMATS)})",
    )
    parser.add_argument(
        "--dpi",
        metavar="N",
        type=_dpi,
        help=f"raster resolution ({DEFAULT_DPI}; a registered figure: its style's savefig dpi)",
    )


def _add_warmup_options(parser: argparse.ArgumentParser) -> None:
    """The warmup figure's data and look (`_WARMUP_OPTIONS`)."""
    parser.add_argument(
        "--data", metavar="PATH", help="TOML or CSV data file (default: the paper's data)"
    )
    parser.add_argument("--font", metavar="FAMILY", help=f"installed font family ({DEFAULT_FONT})")
    parser.add_argument(
        "--width",
        metavar="INCHES",
        type=_width,
        help=f"figure width, kept whatever the number of bars ({DEFAULT_WIDTH:g}, or the data's)",
    )
    parser.add_argument(
        "--baseline",
        metavar="LABEL=VALUE",
        type=_baseline,
        help="set or replace the dashed baseline, e.g. GRPO=55.79",
    )


def _add_choices(parser: argparse.ArgumentParser) -> None:
    """Which figure (the warmup figure, or registered ones), and what to do instead of writing."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--figure",
        metavar="NAME",
        help="a figure registered in the project's pyproject.toml (figure_guard_figures), drawn"
        " as its first case and saved under its stem (default: the warmup figure, whose data"
        " the options above set)",
    )
    which.add_argument(
        "--every-figure",
        action="store_true",
        help="every registered figure, each as with --figure (what `tox -e figure` writes)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing the files that differ from what would be written",
    )
    mode.add_argument(
        "--describe",
        action="store_true",
        help="write nothing; print what the figure shows (bars, colours, texts, boxes) as JSON",
    )


#: The options that set the warmup figure's data and look: not for another registered figure.
_WARMUP_OPTIONS = ("data", "font", "width", "baseline")


def _registered(args: argparse.Namespace) -> list[GuardedCase]:
    """The published cases of the figures `--figure` or `--every-figure` names, from the
    project's registry (pyproject.toml, found from the working folder up)."""
    given = [f"--{name}" for name in _WARMUP_OPTIONS if getattr(args, name) is not None]
    if given:
        raise _UsageError(f"{given[0]} sets the warmup figure's data; it does not go with --figure")
    if args.every_figure and args.describe:
        raise _UsageError("--describe prints one figure: name it with --figure NAME")
    if args.every_figure and args.name != DEFAULT_NAME:
        raise _UsageError("--name names one figure's files: each figure has its stem")
    project = Project.find()
    # the figure modules are imported by name from the project's root, as pytest imports them
    if str(project.root) not in sys.path:
        sys.path.insert(0, str(project.root))
    figures = load_figures(project.figures)
    if args.every_figure:
        return [GuardedCase(figure, figure.published) for figure in figures]
    named = {figure.name: figure for figure in figures}
    if args.figure not in named:
        known = ", ".join(named) or "none"
        raise _UsageError(f"no registered figure {args.figure!r} (registered: {known})")
    figure = named[args.figure]
    return [GuardedCase(figure, figure.published)]


def _described(fig: Figure, dpi: int) -> str:
    """`--describe`: the figure in words (the describer loads only when asked for)."""
    from figure_guard.describe import describe_figure, description_to_json

    return description_to_json(describe_figure(fig, dpi=dpi))


def _run_registered(args: argparse.Namespace, formats: tuple[str, ...]) -> int:
    """`--figure NAME` / `--every-figure`: each figure's first case, under its stem (or --name
    for one figure), in the style the guard compares it in."""
    cases = _registered(args)
    stale: list[str] = []
    for case in cases:
        name = args.name if args.figure and args.name != DEFAULT_NAME else case.figure.file_stem
        with case.styled():
            fig = case.draw()
            dpi = saving_dpi_of(fig) if args.dpi is None else args.dpi
            if args.describe:
                sys.stdout.write(_described(fig, dpi))
            elif args.check:
                stale += map(str, stale_files(fig, args.out_dir, name, formats, dpi))
            else:
                rendered = render_all(fig, formats, dpi, parallel=True)
                for path in write_files(rendered, args.out_dir, name):
                    print(path)
    return _checked(stale) if args.check else EXIT_OK


def _checked(stale: Sequence[object]) -> int:
    for path in stale:
        print(f"differs: {path}")
    if stale:
        print(f"{len(stale)} file(s) out of date; run without --check to rewrite them")
        return EXIT_STALE
    print("up to date")
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    asked = [fmt for group in args.formats for fmt in group] if args.formats else None
    formats_checked = check_formats(asked or DEFAULT_FORMATS)
    if not (args.check or args.describe):
        check_out_dir(args.out_dir)
    if args.figure is not None or args.every_figure:
        return _run_registered(args, formats_checked)
    if args.dpi is None:
        args.dpi = DEFAULT_DPI
    data: FigureData = paper_data() if args.data is None else load_data(args.data)
    if args.baseline is not None:
        data = dataclasses.replace(data, baseline=args.baseline)
    if args.width is not None:
        data = dataclasses.replace(data, width=args.width)
    try:
        fig = warmup_ablation_figure(data, font=args.font)
    except DataError as error:  # found while typesetting: say which file the labels came from
        raise DataError(f"{args.data}: {error}" if args.data else str(error)) from None
    if args.describe:
        sys.stdout.write(_described(fig, args.dpi))
        return EXIT_OK
    if args.check:
        return _checked(stale_files(fig, args.out_dir, args.name, formats_checked, args.dpi))
    rendered = render_all(fig, formats_checked, args.dpi, parallel=True)
    for path in write_files(rendered, args.out_dir, args.name):
        print(path)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting, so tests can call it directly."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return _run(args)
    except _UsageError as error:
        print(f"error: {error}\n(see {PROG} --help)", file=sys.stderr)
    except (
        DataError,
        ExportError,
        FontNotFoundError,
        RegistryError,
        ProjectNotFoundError,
    ) as error:
        print(f"error: {error}", file=sys.stderr)
    except ValueError as error:  # matplotlib refusing something the checks above let through
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
        print(f"error: cannot draw the figure: {reason}", file=sys.stderr)
    except KeyboardInterrupt:
        print("error: interrupted; no file was left half-written", file=sys.stderr)
        return 130
    return EXIT_USAGE
