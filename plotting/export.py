"""Export: a `Figure` becomes bytes in memory, and bytes become files, atomically.

Bytes are deterministic: no dates, versions or random ids in the metadata (whatever
`SOURCE_DATE_EPOCH` says), so the same figure gives the same files run after run and on every
machine with the same pinned stack. Files are written only after every format has rendered, each
to a temporary file in the target folder that is then renamed over the old one: a crash, a kill or
two runs at once leave either the old file or the new one, never a mix.
"""

from __future__ import annotations

import io
import os
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from matplotlib.figure import Figure

from figure_guard.drawing import drawing_style, saving_dpi

__all__ = [
    "DEFAULT_DPI",
    "DEFAULT_FORMATS",
    "DEFAULT_NAME",
    "FORMATS",
    "ExportError",
    "render",
    "render_all",
    "save_figure",
    "saving_dpi_of",
    "stale_files",
    "write_atomic",
]

FORMATS = ("pdf", "png", "svg")
DEFAULT_FORMATS = ("pdf", "png")
DEFAULT_NAME = "warmup_ablation"
DEFAULT_DPI = 300
MAX_DPI = 2400

# Metadata keys set to None are left out of the file: they would carry dates and versions.
_METADATA: dict[str, dict[str, str | None]] = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
}


class ExportError(ValueError):
    """A request that cannot be written as asked: unknown format, bad dpi or name, bad folder."""


def saving_dpi_of(fig: Figure) -> int:
    """The dpi `fig` is saved at when nobody says: its own style's `savefig.dpi` (a figure that
    carries one), else the rcParams in force. What `--figure`/`--every-figure` write `fig/` at,
    so that a registered figure is published at the resolution its image test compares."""
    with drawing_style(fig):
        return check_dpi(round(saving_dpi(fig)))


def check_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """The requested formats, lower-cased, without repeats, in order; unknown ones are errors."""
    if isinstance(formats, str):
        formats = [formats]
    result: list[str] = []
    for fmt in formats:
        name = str(fmt).strip().lower().lstrip(".")
        if name not in FORMATS:
            raise ExportError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
        if name not in result:
            result.append(name)
    if not result:
        raise ExportError(f"no format given: expected one of {', '.join(FORMATS)}")
    return tuple(result)


def check_dpi(dpi: object) -> int:
    """A whole number of dots per inch, 1 to MAX_DPI (beyond it the PNG takes gigabytes)."""
    if isinstance(dpi, bool) or not isinstance(dpi, int):
        raise ExportError(f"dpi must be a whole number, got {dpi!r}")
    if not 1 <= dpi <= MAX_DPI:
        raise ExportError(f"dpi must be between 1 and {MAX_DPI}, got {dpi}")
    return dpi


def check_name(name: str) -> str:
    """A bare file stem: no folder part, no extension games, nothing hidden."""
    if not isinstance(name, str) or not name.strip():
        raise ExportError(f"name must be a non-empty file stem, got {name!r}")
    if "/" in name or "\\" in name or os.sep in name or (os.altsep and os.altsep in name):
        raise ExportError(f"name must be a bare file stem without a folder, got {name!r}")
    if name in (".", "..") or name.startswith(".") or "\x00" in name:
        raise ExportError(f"name must be a visible file stem, got {name!r}")
    return name


def render(fig: Figure, fmt: str, dpi: int = DEFAULT_DPI) -> bytes:
    """The bytes of `fig` saved as `fmt`, with the figure's own savefig style (tight, on white)."""
    (fmt,) = check_formats([fmt])
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=check_dpi(dpi), metadata=_METADATA[fmt])
    return buffer.getvalue()


def render_all(
    fig: Figure, formats: Iterable[str], dpi: int = DEFAULT_DPI, *, parallel: bool = False
) -> dict[str, bytes]:
    """Every requested format rendered in memory, so nothing is written unless all succeed.

    With `parallel`, each format but the last renders in a forked child process while this one
    renders the last, which nearly halves the wall time of the CLI on a multi-core machine (the
    PDF backend's imports and font subsetting overlap the PNG). The bytes are the same either way;
    where fork is unavailable or unsafe (threads running), or a child fails, rendering falls back
    to this process, which then raises the real error.
    """
    fmts = check_formats(formats)
    dpi = check_dpi(dpi)
    forked: dict[str, tuple[int, int]] = {}
    if parallel and len(fmts) > 1 and hasattr(os, "fork") and threading.active_count() == 1:
        forked = {fmt: _fork_render(fig, fmt, dpi) for fmt in fmts[:-1]}
    rendered = {fmt: render(fig, fmt, dpi) for fmt in fmts if fmt not in forked}
    for fmt, (pid, reader) in forked.items():
        data = _collect(pid, reader)
        rendered[fmt] = data if data is not None else render(fig, fmt, dpi)
    return {fmt: rendered[fmt] for fmt in fmts}


def _fork_render(fig: Figure, fmt: str, dpi: int) -> tuple[int, int]:
    """Start a child that renders `fmt` and sends the bytes back through a pipe."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into the caller's code
        status = 1
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(render(fig, fmt, dpi))
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


def _collect(pid: int, reader: int) -> bytes | None:
    """The child's bytes, or None when it did not finish cleanly."""
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    return data if os.waitstatus_to_exitcode(status) == 0 else None


def check_out_dir(out_dir: str | Path) -> Path:
    """Fail early, before any rendering, when `out_dir` cannot be a folder we write into.

    Walks up to the nearest existing ancestor: it must be a writable folder. Changes nothing.
    """
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"output folder {str(folder)!r} exists and is not a folder")
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing != folder and not existing.is_dir():
        raise ExportError(
            f"cannot create output folder {str(folder)!r}: {str(existing)!r} is not a folder"
        )
    if existing.is_dir() and not os.access(existing, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write into {str(existing)!r}: permission denied")
    return folder


def _target_folder(out_dir: str | Path) -> Path:
    folder = check_out_dir(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(
            f"cannot create output folder {str(folder)!r}: {error.strerror or error}"
        ) from None
    return folder


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that readers see the old file or the new one, never a part.

    The bytes go to a temporary file in the same folder (same file system), are flushed to disk,
    and the file is renamed over the target, which POSIX and Windows do atomically.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    # Not a `with` block: the file must outlive it (delete=False) to be renamed; cleaned up below.
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    )
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _paths(folder: Path, name: str, formats: Sequence[str]) -> dict[str, Path]:
    return {fmt: folder / f"{check_name(name)}.{fmt}" for fmt in formats}


def write_files(rendered: Mapping[str, bytes], out_dir: str | Path, name: str) -> list[Path]:
    """Write already-rendered bytes as ``out_dir/name.<format>``; returns the written paths."""
    paths = _paths(_target_folder(out_dir), name, list(rendered))
    written = []
    for fmt, data in rendered.items():
        try:
            write_atomic(paths[fmt], data)
        except OSError as error:
            raise ExportError(
                f"cannot write {str(paths[fmt])!r}: {error.strerror or error}"
            ) from None
        written.append(paths[fmt])
    return written


def save_figure(
    fig: Figure,
    out_dir: str | Path = "fig",
    name: str = DEFAULT_NAME,
    formats: Iterable[str] = DEFAULT_FORMATS,
    dpi: int = DEFAULT_DPI,
) -> list[Path]:
    """Save `fig` as ``out_dir/name.<format>`` for each format; returns the written paths.

    All formats are rendered before the first file is touched, and each file is replaced
    atomically, so a failure leaves the folder as it was.
    """
    check_name(name)
    check_out_dir(out_dir)
    return write_files(render_all(fig, formats, dpi), out_dir, name)


def stale_files(
    fig: Figure,
    out_dir: str | Path = "fig",
    name: str = DEFAULT_NAME,
    formats: Iterable[str] = DEFAULT_FORMATS,
    dpi: int = DEFAULT_DPI,
) -> list[Path]:
    """The files of ``out_dir`` that differ from what `save_figure` would write (or are missing)."""
    rendered = render_all(fig, formats, dpi)
    stale = []
    for fmt, path in _paths(Path(out_dir), name, list(rendered)).items():
        try:
            current = path.read_bytes()
        except OSError:
            current = None
        if current != rendered[fmt]:
            stale.append(path)
    return stale
