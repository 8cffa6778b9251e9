"""The checks an artifact of drawn figures passes before any of it becomes a baseline: written
once, for `tox -e accept -- ARTIFACT` on a laptop and for the workflow that commits accepted
baselines to a pull request's branch.

An artifact is data from a run, whoever started it, so nothing in it is trusted: it is read in
memory, never extracted; an entry outside its folder, a link, an encrypted or duplicated entry,
too many entries, or a file or a total past its cap refuses the whole artifact. What is taken
from it: `drawn.json` (where and how the run drew: machine kind, OS, Python, matplotlib,
FreeType, commit, and each case's result image), the result PNGs of registered cases (signature,
every chunk's CRC, IHDR first and IEND last, a size within reason), `fig/` (the two files the
CLI writes, checked alike) and, from the pull request's workflow, the descriptions (JSON
objects). Every refusal is one `DataError` line that names the value.

Only the standard library: the workflow that may push runs this with the runner's python3, on
the default branch's code, installing nothing (as `figure_guard.comment`).
"""

from __future__ import annotations

import json
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from figure_guard.comment_data import CASE_NAME, DataError
from figure_guard.reference import MACHINE_KEYS, STACK_KEYS, difference, kind_text, stack_text

#: Written by a comparing run beside how.txt: where and how it drew (`drawn_json`).
DRAWN_FILE = "drawn.json"
#: Written beside it by the pull request's workflow: the pull request's head, since the run drew
#: GitHub's merge commit of it (`refs/pull/N/merge`).
PR_HEAD_FILE = "pull_request_head.txt"
DRAWN_VERSION = 1
DRAWN_KEYS = ("version", *MACHINE_KEYS, "python", *STACK_KEYS, "commit", "images")
#: Where the CLI writes each registered figure (`<stem>.pdf`, `<stem>.png`); nothing else there
#: is taken.
FIG_FOLDER = "fig"
FIG_KINDS = ("pdf", "png")
#: Caps, far above any real run (the widest case's PNG is about 1 MB; a run leaves < 50 MB).
MAX_ENTRIES = 5_000
MAX_FILE_BYTES = 32 * 2**20
MAX_TOTAL_BYTES = 256 * 2**20
MAX_SIDE = 12_000  # pixels: 20 in (the widest figure the data allows) at 600 dpi
COMMIT = re.compile(r"[0-9a-f]{40}")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PDF_SIGNATURE = b"%PDF-"
_LINK_MODE = 0o120000


# --- reading, in memory -------------------------------------------------------------------


def entry_name(name: str) -> str:
    """`name` as a relative POSIX path inside the artifact; DataError for one that would land
    outside it (absolute, a drive, `..`, a backslash) or is empty."""
    parts = PurePosixPath(name).parts
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or re.match(r"[A-Za-z]:", name)
        or any(part in ("..", ".") for part in name.split("/"))
        or not parts
    ):
        raise DataError(f"the entry {name!r} would land outside the artifact's folder")
    return "/".join(parts)


def _zip_entries(path: Path) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as problem:
        raise DataError(f"{path.name} is not a zip file: {problem}") from None
    entries: dict[str, bytes] = {}
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise DataError(f"{len(infos)} entries, at most {MAX_ENTRIES} are taken")
        for info in infos:
            name = entry_name(info.filename.rstrip("/") if info.is_dir() else info.filename)
            mode = info.external_attr >> 16
            if stat.S_IFMT(mode) == _LINK_MODE:
                raise DataError(f"the entry {name!r} is a link")
            if info.flag_bits & 0x1:
                raise DataError(f"the entry {name!r} is encrypted")
            if info.is_dir():
                continue
            if name in entries:
                raise DataError(f"the entry {name!r} is in the zip twice")
            if info.file_size > MAX_FILE_BYTES:
                raise DataError(f"{name}: {info.file_size:,} bytes, at most {MAX_FILE_BYTES:,}")
            try:  # zipfile stops at the size the header says and checks the CRC there
                with archive.open(info) as handle:
                    data = handle.read(MAX_FILE_BYTES + 1)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as problem:
                raise DataError(f"{name}: cannot be read whole ({problem})") from None
            if len(data) > MAX_FILE_BYTES:
                raise DataError(f"{name}: over {MAX_FILE_BYTES:,} bytes, more than its header says")
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                raise DataError(f"over {MAX_TOTAL_BYTES:,} bytes in all, the most taken")
            entries[name] = data
    return entries


def _folder_entries(folder: Path) -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    total = 0
    for top, dirs, files in os.walk(folder):  # never follows a link
        for name in sorted(dirs + files):
            path = Path(top) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                raise DataError(f"the entry {relative!r} is a link")
            if name in dirs:
                continue
            if len(entries) >= MAX_ENTRIES:
                raise DataError(f"over {MAX_ENTRIES} files, at most {MAX_ENTRIES} are taken")
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise DataError(f"{relative}: {size:,} bytes, at most {MAX_FILE_BYTES:,}")
            total += size
            if total > MAX_TOTAL_BYTES:
                raise DataError(f"over {MAX_TOTAL_BYTES:,} bytes in all, the most taken")
            entries[relative] = path.read_bytes()
    return entries


def read_entries(path: Path) -> dict[str, bytes]:
    """The files of an artifact, a zip as GitHub serves it or the folder it unpacks to, by
    relative POSIX path; DataError when any entry breaks a rule, nothing written anywhere."""
    if path.is_symlink():
        raise DataError(f"{path} is a link")
    if path.is_dir():
        return _folder_entries(path)
    if path.is_file():
        return _zip_entries(path)
    raise DataError(f"{path} is neither a zip file nor a folder")


# --- files ----------------------------------------------------------------------------------


def png_size(data: bytes, name: str) -> tuple[int, int]:
    """The width and height of a whole, well-formed PNG: signature, every chunk's CRC, IHDR
    first, IEND last and nothing after it (a chunk walk: no PNG decoder in the standard
    library, and none is needed to know the file is one)."""
    if not data.startswith(PNG_SIGNATURE):
        raise DataError(f"{name}: not a PNG (no PNG signature)")
    offset, first, size = len(PNG_SIGNATURE), True, (0, 0)
    while True:
        if offset + 12 > len(data):
            raise DataError(f"{name}: a PNG cut short (no IEND chunk)")
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        if not kind.isalpha() or len(body) != length or offset + 12 + length > len(data):
            raise DataError(f"{name}: a PNG with a broken chunk at byte {offset}")
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise DataError(f"{name}: a PNG chunk {kind.decode()} fails its CRC")
        if first:
            if kind != b"IHDR" or length != 13:
                raise DataError(f"{name}: a PNG whose first chunk is not IHDR")
            size = struct.unpack(">II", body[:8])
            if not all(0 < side <= MAX_SIDE for side in size):
                raise DataError(f"{name}: {size[0]}x{size[1]} pixels, at most {MAX_SIDE} a side")
            first = False
        offset += 12 + length
        if kind == b"IEND":
            if offset != len(data):
                raise DataError(f"{name}: bytes after the PNG's IEND chunk")
            return size


def check_pdf(data: bytes, name: str) -> None:
    if not data.startswith(PDF_SIGNATURE) or b"%%EOF" not in data[-1024:]:
        raise DataError(f"{name}: not a whole PDF (no %PDF- signature or no %%EOF at its end)")


def check_fig(name: str, data: bytes) -> None:
    """One of the CLI's files in fig/ (a figure's stem, .pdf or .png), checked by its kind."""
    stem, dot, kind = name.rpartition(".")
    if not (dot and kind in FIG_KINDS and CASE_NAME.fullmatch(stem)):
        raise DataError(f"{FIG_FOLDER}/{name}: not a file the CLI writes (<stem>.pdf, <stem>.png)")
    if name.endswith(".png"):
        png_size(data, f"{FIG_FOLDER}/{name}")
    else:
        check_pdf(data, f"{FIG_FOLDER}/{name}")


def check_description(data: bytes, name: str) -> None:
    """A description as data: a JSON object of objects of strings, within the file cap."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as problem:
        raise DataError(f"{name}: not JSON in UTF-8 ({problem})") from None
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise DataError(f"{name}: not a description (an object of artists)")


# --- drawn.json -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    """Where and how a run drew, and each case's result image in its artifact."""

    versions: dict[str, str]  # machine, os, matplotlib, freetype
    python: str
    commit: str | None
    images: dict[str, str]  # case -> the result PNG's entry name
    pr_head: str | None = None  # the pull request's head, when the run drew its merge commit

    @property
    def where(self) -> str:
        return f"{kind_text(self.versions)} with {stack_text(self.versions)}, Python {self.python}"


def drawn_json(
    versions: Mapping[str, str], python: str, commit: str | None, images: Mapping[str, str]
) -> str:
    """What a comparing run records beside its results (the plugin writes it)."""
    data = {
        "version": DRAWN_VERSION,
        **{key: versions[key] for key in (*MACHINE_KEYS, *STACK_KEYS)},
        "python": python,
        "commit": commit,
        "images": dict(sorted(images.items())),
    }
    return json.dumps(data, indent=1) + "\n"


def _text(value: Any, path: str, pattern: str = r"[A-Za-z0-9_.+-]{1,40}") -> str:
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise DataError(f"{path}: expected a short name or version, got {value!r}")
    return value


def parse_drawn(entries: Mapping[str, bytes]) -> Drawn:
    """The artifact's drawn.json (and the pull request's head beside it), checked value by
    value."""
    if DRAWN_FILE not in entries:
        raise DataError(
            f"the artifact holds no {DRAWN_FILE}: it does not say where it was drawn (a run of"
            " an older figure guard, or not a figure-diffs artifact)"
        )
    try:
        value = json.loads(entries[DRAWN_FILE].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as problem:
        raise DataError(f"{DRAWN_FILE}: not JSON in UTF-8 ({problem})") from None
    if not isinstance(value, dict) or sorted(value) != sorted(DRAWN_KEYS):
        raise DataError(f"{DRAWN_FILE}: expected exactly the keys {list(DRAWN_KEYS)}")
    if value["version"] != DRAWN_VERSION:
        raise DataError(f"{DRAWN_FILE}: version {value['version']!r}, this reads {DRAWN_VERSION}")
    keys = (*MACHINE_KEYS, *STACK_KEYS)
    versions = {key: _text(value[key], f"{DRAWN_FILE}: {key}") for key in keys}
    commit = value["commit"]
    if commit is not None and not (isinstance(commit, str) and COMMIT.fullmatch(commit)):
        raise DataError(f"{DRAWN_FILE}: commit {commit!r} is not a full commit id")
    images = value["images"]
    if not isinstance(images, dict) or len(images) > MAX_ENTRIES:
        raise DataError(f"{DRAWN_FILE}: images is not an object of case -> result image")
    for case, image in images.items():
        if not (isinstance(case, str) and CASE_NAME.fullmatch(case) and isinstance(image, str)):
            raise DataError(f"{DRAWN_FILE}: images: {case!r} -> {image!r} is not case -> path")
        entry_name(image)
    pr_head = None
    if PR_HEAD_FILE in entries:
        pr_head = entries[PR_HEAD_FILE].decode("ascii", "replace").strip()
        if not COMMIT.fullmatch(pr_head):
            raise DataError(f"{PR_HEAD_FILE}: {pr_head[:50]!r} is not a full commit id")
    python = _text(value["python"], f"{DRAWN_FILE}: python")
    return Drawn(versions, python, commit, dict(images), pr_head)


# --- the one decision -----------------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    """What an artifact that passed every check gives: the PNGs that differ from the committed
    ones (or are new), by case, and fig/'s files."""

    drawn: Drawn
    baselines: dict[str, bytes]
    new: frozenset[str]
    unchanged: tuple[str, ...]
    missing: tuple[str, ...]  # registered cases the artifact holds no image of
    fig: dict[str, bytes]

    @property
    def changed(self) -> list[str]:
        return [case for case in self.baselines if case not in self.new]


def check_drawn(
    drawn: Drawn, reference: Mapping[str, str], head: str | None, any_commit: bool = False
) -> None:
    """The run drew on the reference machine kind and stack, and the commit checked out here
    (or the pull request head beside GitHub's merge commit); DataError saying which not."""
    differs = difference(reference, drawn.versions)
    if differs is not None:
        raise DataError(
            f"the artifact was drawn on {kind_text(drawn.versions)} with"
            f" {stack_text(drawn.versions)}, but the baselines' reference is"
            f" {kind_text(reference)} with {stack_text(reference)}: take the figure-diffs"
            " artifact of a job on the reference machine"
        )
    if any_commit:
        return
    drew = [commit for commit in (drawn.commit, drawn.pr_head) if commit]
    if head is None or head not in drew:
        shown = " (the pull request's head ".join(drew) + ")" * (len(drew) - 1)
        raise DataError(
            f"the artifact was drawn from {shown or 'no recorded commit'}, but HEAD here is"
            f" {head or 'no commit'}:"
            " check out that commit, or take a run of HEAD (`--any-commit` to accept anyway)"
        )


def check_artifact(
    entries: Mapping[str, bytes],
    reference: Mapping[str, str],
    cases: list[str],
    committed: Mapping[str, bytes],
    *,
    head: str | None,
    any_commit: bool = False,
) -> Accepted:
    """Every check, in order, before anything is written: where it was drawn, registered cases
    only, whole PNGs, fig/'s two files. `committed`: the baseline PNGs by case, to tell changed
    from unchanged."""
    drawn = parse_drawn(entries)
    check_drawn(drawn, reference, head, any_commit)
    unknown = sorted(set(drawn.images) - set(cases))
    if unknown:
        raise DataError(
            f"the artifact draws cases that are not registered here: {', '.join(unknown)} (add"
            " their rows to a registered figure module first)"
        )
    baselines: dict[str, bytes] = {}
    unchanged = []
    for case in cases:
        if case not in drawn.images:
            continue
        name = entry_name(drawn.images[case])
        if name not in entries:
            raise DataError(f"{DRAWN_FILE} names {name} for {case}: the artifact has no such file")
        png_size(entries[name], name)
        if committed.get(case) == entries[name]:
            unchanged.append(case)
        else:
            baselines[case] = entries[name]
    fig = {}
    for name, data in entries.items():
        folder, _, file = name.partition("/")
        if folder == FIG_FOLDER:
            check_fig(file, data)
            fig[file] = data
    new = frozenset(case for case in baselines if case not in committed)
    missing = tuple(case for case in cases if case not in drawn.images)
    return Accepted(drawn, baselines, new, tuple(unchanged), missing, fig)
