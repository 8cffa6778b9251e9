"""The comparison model (`figure_guard.pixels`): what a `Diff` counts and says, and the one PNG
decoder. Every image here is made pixel by pixel in the test."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from figure_guard import pixels
from figure_guard.pixels import Diff, Pixels, changed_mask, decode, diff_files, diff_pixels

WHITE = np.full((20, 30, 4), 255, dtype=np.uint8)  # 30 wide, 20 high


def save(tmp_path: Path, name: str, image: Pixels) -> Path:
    path = tmp_path / f"{name}.png"
    Image.fromarray(image).save(path)
    return path


def two_dots() -> Pixels:
    changed = WHITE.copy()
    changed[5, 7] = (254, 255, 255, 255)
    changed[9, 12] = (0, 0, 0, 255)
    return changed


def test_pixel_diff_counts_pixels_and_boxes_the_change(tmp_path: Path) -> None:
    diff = diff_files(save(tmp_path, "a", WHITE), save(tmp_path, "b", two_dots()))
    assert (diff.differing, diff.total, diff.box) == (2, 600, (7, 5, 13, 10))
    assert (diff.baseline_size, diff.result_size, diff.resized) == ((30, 20), (30, 20), False)
    assert (
        diff.describe()
        == "2 of 600 pixels differ, inside the box x 7..12, y 5..9 (from the top left)"
    )


def test_a_size_change_is_said_as_both_sizes(tmp_path: Path) -> None:
    diff = diff_files(save(tmp_path, "a", WHITE), save(tmp_path, "c", WHITE[:10]))
    assert diff == Diff(0, 0, None, (30, 20), (30, 10))
    assert diff.describe() == "image size changed: baseline 30x20, result 30x10 pixels"


def test_identical_files_are_not_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Most figures match: their bytes are compared, their header read, nothing decoded."""

    def refuse(path: Path) -> Pixels:
        raise AssertionError(f"decoded {path}")

    a, b = save(tmp_path, "a", WHITE), save(tmp_path, "b", WHITE)
    monkeypatch.setattr(pixels, "decode", refuse)
    for forgive_edges in (False, True):
        diff = diff_files(a, b, forgive_edges=forgive_edges)
        assert diff == Diff(0, 600, None, (30, 20), (30, 20))
        assert diff.describe() == "no pixel differs"
    with pytest.raises(AssertionError, match="decoded"):  # and a changed pair would be
        diff_files(a, save(tmp_path, "c", two_dots()))


def test_forgiving_changes_the_verdict_not_the_words() -> None:
    """With edges forgiven, a `Diff` still counts and boxes every changed pixel (the words a
    report shows); what is forgiven is said beside them."""
    baseline = np.full((12, 16, 4), 255, dtype=np.uint8)
    baseline[:, 8, :3] = 128  # a vertical edge, one grey column between paper and ink
    baseline[:, 9:, :3] = 30
    result = baseline.copy()
    result[2:9, 8, :3] += 1  # the edge one unit lighter: forgiven
    result[5, 2, 0] -= 1  # the paper one unit less red: not forgiven
    exact = diff_pixels(baseline, result)
    forgiving = diff_pixels(baseline, result, forgive_edges=True)
    assert (exact.forgiven, exact.box, exact.unforgiven_box) == (0, (2, 2, 9, 9), (2, 2, 9, 9))
    assert (forgiving.differing, forgiving.total, forgiving.box) == (8, 192, (2, 2, 9, 9))
    assert (forgiving.forgiven, forgiving.remaining) == (7, 1)
    assert forgiving.unforgiven_box == (2, 5, 3, 6)
    assert forgiving.describe() == exact.describe()


@pytest.mark.parametrize(
    ("forgiven", "differing", "box", "unforgiven_box"),
    [
        (0, 3, (1, 1, 4, 2), (1, 1, 4, 2)),  # nothing forgiven: all that differ count
        (3, 3, (1, 1, 4, 2), None),  # all forgiven: none is left
        (2, 3, (1, 1, 4, 2), (3, 1, 4, 2)),  # one is left, at the right
    ],
)
def test_the_box_not_forgiven(
    forgiven: int,
    differing: int,
    box: tuple[int, int, int, int],
    unforgiven_box: tuple[int, int, int, int] | None,
) -> None:
    given = None if forgiven == 0 else unforgiven_box
    diff = Diff(differing, 100, box, (10, 10), (10, 10), forgiven, given)
    assert diff.unforgiven_box == unforgiven_box
    assert diff.remaining == differing - forgiven


def test_more_forgiven_than_differing_is_refused() -> None:
    with pytest.raises(ValueError, match="4 forgiven of 3 differing"):
        Diff(3, 100, (0, 0, 1, 1), (10, 10), (10, 10), forgiven=4)


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "L", "P", "LA"])
def test_every_png_mode_decodes_to_the_same_rgba(tmp_path: Path, mode: str) -> None:
    """Whatever mode a PNG is saved in, its grey pixels come out as one RGBA array."""
    grey = np.zeros((3, 4, 4), dtype=np.uint8)
    grey[..., :3] = np.arange(12, dtype=np.uint8).reshape(3, 4, 1) * 20
    grey[..., 3] = 255
    path = tmp_path / f"{mode}.png"
    Image.fromarray(grey).convert(mode).save(path)
    decoded = decode(path)
    assert decoded.dtype == np.uint8
    np.testing.assert_array_equal(decoded, grey)


def test_the_changed_mask_sees_every_channel() -> None:
    for channel in range(4):
        changed = WHITE.copy()
        changed[4, 6, channel] = 254
        mask = changed_mask(WHITE, changed)
        assert mask.shape == (20, 30)
        assert list(zip(*np.nonzero(mask), strict=True)) == [(4, 6)]
