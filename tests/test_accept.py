"""`tox -e accept -- ARTIFACT` (figure_guard.accept, with the checks of figure_guard.artifact) and
the refusal of `tox -e baselines` and `tox -e figure` off the reference machine
(figure_guard.reference, the plugin's `refuse_reanchoring`).

Every artifact is a zip made here, in a scratch repository of its own (the case table, a
versions.toml of this machine, small PNGs standing for baselines): nothing is read from
baseline_images/, so a change of the figure never fails these tests.
"""

from __future__ import annotations

import functools
import io
import json
import os
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from support.registered import CASES, ROOT, copy_registry

from figure_guard import accept, artifact, reference
from figure_guard.artifact import DRAWN_FILE, PR_HEAD_FILE
from figure_guard.comment_data import DataError
from plotting import describe_figure, description_from_json, description_to_json

HERE = reference.this_machine()
OTHER_COMMIT = "0" * 40
PDF = b"%PDF-1.4\n% a stand-in\n%%EOF\n"


def png(colour: tuple[int, int, int], size: tuple[int, int] = (8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def versions_toml(values: dict[str, str]) -> str:
    return "".join(f'{key} = "{value}"\n' for key, value in values.items())


@dataclass
class Repo:
    root: Path
    head: str
    old_words: str  # the line the changed case's description change must print

    def files(self) -> dict[str, bytes]:
        return {
            path.relative_to(self.root).as_posix(): path.read_bytes()
            for path in sorted(self.root.rglob("*"))
            if path.is_file() and ".git" not in path.parts
        }


@functools.cache
def _described(case: str) -> str:
    return description_to_json(describe_figure(next(c for c in CASES if c.name == case).draw()))


def drawn_description(case: str) -> dict[str, dict[str, str]]:
    """The case's description as drawn in this run (drawn once per process: each test gets its
    own copy)."""
    return description_from_json(_described(case))


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A checkout with the case table, this machine as the reference, and three stand-in
    baselines: single_bar (its description one value off), no_comparison_line (its description as
    drawn), dejavu_serif (no description)."""
    root = tmp_path / "repo"
    copy_registry(root)
    baselines = root / "baseline_images"
    baselines.mkdir()
    (baselines / "versions.toml").write_text(versions_toml(HERE), encoding="utf-8")
    described = drawn_description("single_bar")
    artist, values = next(iter(described.items()))
    key, value = next(iter(values.items()))
    described[artist] = {**values, key: "older"}
    (baselines / "single_bar.json").write_text(description_to_json(described), encoding="utf-8")
    (baselines / "single_bar.png").write_bytes(png((10, 20, 30)))
    (baselines / "no_comparison_line.png").write_bytes(png((1, 2, 3)))
    (baselines / "no_comparison_line.json").write_text(
        description_to_json(drawn_description("no_comparison_line")), encoding="utf-8"
    )
    (baselines / "dejavu_serif.png").write_bytes(png((4, 5, 6)))
    (root / "fig").mkdir()
    (root / "fig" / "warmup_ablation.png").write_bytes(png((7, 8, 9)))
    git(root, "init", "-q")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "scratch")
    return Repo(root, git(root, "rev-parse", "HEAD"), f"{artist}: {key} older → {value}")


RESULT = {
    "single_bar": png((200, 10, 10)),  # changed
    "no_comparison_line": png((1, 2, 3)),  # the committed bytes: unchanged
    "all_equal": png((10, 200, 10)),  # a registered case without a baseline: new
}


def folder_of(case: str) -> str:
    return f"test_images.test_figure_matches_baseline_{case}/result.png"


def good_files(repo: Repo, **drawn: Any) -> dict[str, bytes]:
    record = {
        "version": 1,
        **HERE,
        "python": "3.13.1",
        "commit": repo.head,
        "images": {case: folder_of(case) for case in RESULT},
        **drawn,
    }
    return {
        DRAWN_FILE: json.dumps(record).encode(),
        **{folder_of(case): data for case, data in RESULT.items()},
        "test_images.test_figure_matches_baseline_single_bar/baseline.png": png((10, 20, 30)),
        "review.html": b"<html></html>",
        "fig/warmup_ablation.png": png((70, 80, 90)),
        "fig/warmup_ablation.pdf": PDF,
    }


def make_zip(path: Path, files: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16) | 0x20
            archive.writestr(info, target)
    return path


def run(repo: Repo, artifact_path: Path, *options: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stdout(out), redirect_stderr(err):
        code = accept.main([str(artifact_path), "--repo", str(repo.root), *options])
    return code, out.getvalue(), err.getvalue()


def test_a_good_artifact_writes_changed_and_new_pngs_byte_for_byte_and_says_what_changed(
    repo: Repo, tmp_path: Path
) -> None:
    before = repo.files()
    code, out, err = run(repo, make_zip(tmp_path / "figure-diffs.zip", good_files(repo)))
    assert (code, err) == (0, "")
    after = repo.files()
    assert after["baseline_images/single_bar.png"] == RESULT["single_bar"]
    assert after["baseline_images/all_equal.png"] == RESULT["all_equal"]
    assert (
        after["baseline_images/no_comparison_line.png"]
        == before["baseline_images/no_comparison_line.png"]
    )
    assert after["baseline_images/dejavu_serif.png"] == before["baseline_images/dejavu_serif.png"]
    assert after["fig/warmup_ablation.png"] == png((70, 80, 90))
    assert after["fig/warmup_ablation.pdf"] == PDF
    for case in RESULT:  # the descriptions drawn here, as tox -e baselines writes them
        figure = next(item for item in CASES if item.name == case).draw()
        expected = description_to_json(describe_figure(figure)).encode()
        assert after[f"baseline_images/{case}.json"] == expected
    assert "baseline_images/dejavu_serif.json" not in after  # not in the artifact: untouched
    lines = out.splitlines()
    assert lines[0] == (
        f"accepted the rendering of {reference.kind_text(HERE)} with"
        f" {reference.stack_text(HERE)}, Python 3.13.1, commit {repo.head}"
    )
    assert lines[1].endswith(": 1 changed, 1 new, 1 unchanged")
    assert "  changed    single_bar: PNG and description" in lines
    assert f"    {repo.old_words}" in lines
    assert "  new        all_equal" in lines
    assert "  written    fig/warmup_ablation.pdf" in lines
    assert "  not in the artifact, kept as they are: " in out
    assert "dejavu_serif" in out.split("not in the artifact")[1]


def test_the_same_artifact_as_a_folder_and_with_the_pull_requests_head(
    repo: Repo, tmp_path: Path
) -> None:
    """GitHub's merge commit drew it, and the pull request's head recorded beside it is HEAD."""
    folder = tmp_path / "unzipped"
    files = {**good_files(repo, commit="1" * 40), PR_HEAD_FILE: f"{repo.head}\n".encode()}
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    code, out, err = run(repo, folder)
    assert (code, err) == (0, "")
    assert f"commit {'1' * 40} (pull request head {repo.head})" in out.splitlines()[0]
    assert (repo.root / "baseline_images" / "single_bar.png").read_bytes() == RESULT["single_bar"]


def test_another_commit_is_taken_when_told(repo: Repo, tmp_path: Path) -> None:
    files = good_files(repo, commit=OTHER_COMMIT)
    code, _, err = run(repo, make_zip(tmp_path / "a.zip", files), "--any-commit")
    assert (code, err) == (0, "")
    assert (repo.root / "baseline_images" / "all_equal.png").read_bytes() == RESULT["all_equal"]


def _png_too_wide() -> bytes:
    header = struct.pack(">IIBBBBB", 20_000, 10, 8, 2, 0, 0, 0)
    return artifact.PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IEND", b"")


def _bad_crc(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])  # one bit of the IEND chunk's CRC


Crafted = Callable[[Repo], tuple[dict[str, bytes], dict[str, str]]]
OTHER_KIND = {"machine": "aarch64", "os": "Darwin"}
if reference.machine_kind() == OTHER_KIND:  # pragma: no cover - on an Apple Silicon Mac
    OTHER_KIND = {"machine": "x86_64", "os": "Linux"}
REFUSALS: list[tuple[str, Crafted, str]] = [
    (
        "another machine kind",
        lambda r: (good_files(r, **OTHER_KIND), {}),
        f"drawn on {reference.kind_text(OTHER_KIND)} with",
    ),
    (
        "another stack",
        lambda r: (good_files(r, matplotlib="3.10.9"), {}),
        "with matplotlib 3.10.9, freetype",
    ),
    (
        "another commit",
        lambda r: (good_files(r, commit=OTHER_COMMIT), {}),
        f"drawn from {OTHER_COMMIT}, but HEAD here is",
    ),
    (
        "a pull request head that is not HEAD either",
        lambda r: (
            {**good_files(r, commit=OTHER_COMMIT), PR_HEAD_FILE: b"2" * 40},
            {},
        ),
        f"drawn from {OTHER_COMMIT} (the pull request's head {'2' * 40})",
    ),
    (
        "an entry escaping its folder",
        lambda r: ({**good_files(r), "../outside.png": png((1, 1, 1))}, {}),
        "the entry '../outside.png' would land outside",
    ),
    (
        "an absolute entry",
        lambda r: ({**good_files(r), "/tmp/outside.png": png((1, 1, 1))}, {}),
        "the entry '/tmp/outside.png' would land outside",
    ),
    (
        "a link",
        lambda r: (good_files(r), {"fig/link": "../../.git/config"}),
        "the entry 'fig/link' is a link",
    ),
    (
        "a result that is not a PNG",
        lambda r: ({**good_files(r), folder_of("single_bar"): b"GIF89a not a png"}, {}),
        f"{folder_of('single_bar')}: not a PNG",
    ),
    (
        "a PNG that fails its CRC",
        lambda r: ({**good_files(r), folder_of("all_equal"): _bad_crc(png((3, 3, 3)))}, {}),
        "a PNG chunk IEND fails its CRC",
    ),
    (
        "a PNG cut short",
        lambda r: ({**good_files(r), folder_of("all_equal"): png((3, 3, 3))[:40]}, {}),
        "a PNG",
    ),
    (
        "a PNG too large",
        lambda r: ({**good_files(r), folder_of("all_equal"): _png_too_wide()}, {}),
        "20000x10 pixels, at most 12000 a side",
    ),
    (
        "an unknown case",
        lambda r: (
            {
                **good_files(r, images={"not_a_case": folder_of("not_a_case")}),
                folder_of("not_a_case"): png((5, 5, 5)),
            },
            {},
        ),
        "cases that are not registered here: not_a_case",
    ),
    (
        "a file in fig/ the CLI does not write",
        lambda r: ({**good_files(r), "fig/run.sh": b"#!/bin/sh\n"}, {}),
        "fig/run.sh: not a file the CLI writes",
    ),
    (
        "fig/'s PDF that is not one",
        lambda r: ({**good_files(r), "fig/warmup_ablation.pdf": b"<html>"}, {}),
        "fig/warmup_ablation.pdf: not a whole PDF",
    ),
    (
        "no drawn.json",
        lambda r: ({k: v for k, v in good_files(r).items() if k != DRAWN_FILE}, {}),
        "the artifact holds no drawn.json",
    ),
    (
        "a drawn.json with a key too many",
        lambda r: (good_files(r, extra="x"), {}),
        "drawn.json: expected exactly the keys",
    ),
    (
        "an image named in drawn.json that is not there",
        lambda r: (
            {k: v for k, v in good_files(r).items() if k != folder_of("all_equal")},
            {},
        ),
        f"drawn.json names {folder_of('all_equal')} for all_equal: the artifact has no such",
    ),
]


@pytest.mark.parametrize(
    ("craft", "says"),
    [pytest.param(craft, says, id=name) for name, craft, says in REFUSALS],
)
def test_a_bad_artifact_is_refused_in_one_line_and_nothing_is_written(
    repo: Repo, tmp_path: Path, craft: Crafted, says: str
) -> None:
    files, links = craft(repo)
    before = repo.files()
    code, out, err = run(repo, make_zip(tmp_path / "bad.zip", files, links))
    assert code == 2, out
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("error: refusing "), err
    assert says in err
    assert repo.files() == before


@pytest.mark.parametrize(
    ("cap", "limit", "says"),
    [
        pytest.param("MAX_FILE_BYTES", 2_000, "bytes, at most 2,000", id="an oversized file"),
        pytest.param(
            "MAX_TOTAL_BYTES", 3_000, "bytes in all, the most taken", id="too much in all"
        ),
        pytest.param("MAX_ENTRIES", 3, "entries, at most 3 are taken", id="too many entries"),
    ],
)
def test_caps_refuse_an_oversized_artifact(
    *, repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cap: str, limit: int, says: str
) -> None:
    """The caps (far above any real run) lowered to the artifact's scale: one file of 5,000
    bytes, a dozen files of about 1,000."""
    monkeypatch.setattr(artifact, cap, limit)
    files = {**good_files(repo), "descriptions/big.txt": os.urandom(2_500)}
    before = repo.files()
    code, _, err = run(repo, make_zip(tmp_path / "big.zip", files))
    assert code == 2
    assert says in err
    assert repo.files() == before


def test_a_zip_whose_header_lies_about_a_size_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry whose header claims fewer bytes than it holds: zipfile reads only as many as
    claimed, and the CRC then fails; refused, not a traceback."""
    monkeypatch.setattr(artifact, "MAX_FILE_BYTES", 100)
    path = make_zip(tmp_path / "lies.zip", {"a.txt": b"x" * 1_000})
    raw = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size
        at = raw.find(signature) + offset
        raw[at : at + 4] = struct.pack("<I", 10)
    path.write_bytes(bytes(raw))
    with pytest.raises(DataError, match=r"a.txt: cannot be read whole \(Bad CRC-32"):
        artifact.read_entries(path)


def test_a_folder_with_a_link_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "unzipped"
    folder.mkdir()
    (folder / "drawn.json").symlink_to(tmp_path)
    with pytest.raises(DataError, match=r"'drawn\.json' is a link"):
        artifact.read_entries(folder)


# --- no silent re-anchoring ---------------------------------------------------------------


def test_off_the_reference_machine_the_refusal_names_both_ways_out() -> None:
    recorded = {**HERE, "machine": "x86_64", "os": "Linux"}
    elsewhere = {**HERE, "machine": "aarch64", "os": "Darwin"}
    why = reference.refusal("baseline_images/", recorded, elsewhere)
    assert why is not None
    assert "\n" not in why
    assert why.startswith(
        "refusing to rewrite baseline_images/: this is aarch64 Darwin, the reference is x86_64"
        " Linux"
    )
    assert "`tox -e accept -- ARTIFACT`" in why
    assert "`--reanchor`" in why
    assert "rung 2" in why
    other_stack = {**recorded, "matplotlib": "3.10.9"}
    assert "this has matplotlib 3.10.9" in str(reference.refusal("fig/", recorded, other_stack))
    assert reference.refusal("fig/", recorded, recorded) is None
    assert reference.refusal("fig/", None, elsewhere) is None  # nothing recorded yet
    versions = ROOT / "baseline_images" / "versions.toml"
    moved = reference.reanchored_line(versions, recorded, elsewhere)
    assert moved is not None
    assert "re-anchored: baseline_images/versions.toml now records aarch64 Darwin" in moved
    assert "x86_64 Linux included, now compares on rung 2" in moved
    assert reference.reanchored_line(versions, recorded, recorded) is None


def _generate(pytester: pytest.Pytester, target: Path, *options: str) -> pytest.RunResult:
    """A run that rewrites the baselines, with the baselines folder moved to `target`."""
    return pytester.runpytest_inprocess(
        str(ROOT / "tests" / "test_figures.py"), "-k", "matches_baseline and single_bar",
        "-p", "no:randomly", "-p", "no:xdist", f"--rootdir={ROOT}",
        "-c", str(ROOT / "pyproject.toml"), "-o", f"figure_guard_baselines={target}",
        "-p", "no:cacheprovider", f"--mpl-generate-path={target}", *options,
    )  # fmt: skip


@pytest.mark.pinned_stack
def test_tox_baselines_refuses_off_the_reference_machine_before_writing_anything(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    """The generating run in-process, into a folder of its own that stands for baseline_images/
    (recorded as another machine kind's): refused with nothing written; with --reanchor it
    writes, records this machine, and says that every other kind now compares on rung 2."""
    target = tmp_path / "baseline_images"
    target.mkdir()
    versions = target / "versions.toml"
    recorded = {**HERE, **OTHER_KIND}
    versions.write_text(versions_toml(recorded), encoding="utf-8")

    refused = _generate(pytester, target)
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    assert f"refusing to rewrite {target.name}/: this is {reference.kind_text(HERE)}" in (
        refused.stderr.str()
    )
    assert sorted(path.name for path in target.iterdir()) == ["versions.toml"]
    assert reference.recorded_versions(versions) == recorded

    done = _generate(pytester, target, "--reanchor")
    assert done.ret == pytest.ExitCode.OK, done.stdout.str()[-2000:]
    assert (target / "single_bar.png").is_file()
    assert reference.recorded_versions(versions) == HERE
    assert f"{reference.kind_text(OTHER_KIND)} included, now compares on rung 2" in (
        done.stdout.str()
    )


@pytest.mark.parametrize(
    ("recorded", "options", "code", "says"),
    [
        pytest.param(OTHER_KIND, [], 1, "error: refusing to rewrite fig/: this is", id="refused"),
        pytest.param(OTHER_KIND, ["--reanchor"], 0, "on purpose", id="told"),
        pytest.param({}, [], 0, "", id="the reference machine"),
        pytest.param({}, ["--force"], 2, "unknown option '--force'", id="an unknown option"),
    ],
)
def test_tox_figure_refuses_off_the_reference_machine_unless_told(
    *,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    recorded: dict[str, str],
    options: list[str],
    code: int,
    says: str,
) -> None:
    monkeypatch.setattr(reference, "recorded_versions", lambda path: {**HERE, **recorded})
    assert reference.main(options) == code
    out, err = capsys.readouterr()
    assert says in (err if code else out)
    assert (out + err).count("\n") == (1 if says else 0)
