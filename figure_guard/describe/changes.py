"""The difference of two figure descriptions, as records that print one line per changed property.

    trend line: linewidth 0.9 → 1.0
    bar 10: fill #428ae5 → #438ae5
    figure: height 719 px → 728 px
    bar 35: added

`compare_descriptions` returns `Change` records (artist, property, old value, new value) so that a
caller filters and forgives on data, never on rendered lines; `describe_changes` returns the lines.

Values measured in pixels depend on the FreeType that rasterized the text. On the stack the
baselines were drawn with they are compared exactly; on another stack a caller passes a
`pixel_tolerance` (or None to leave them out), while everything else must still match exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from .figure import is_raster_value, natural_key

__all__ = ["ABSENT", "Change", "Numbers", "compare_descriptions", "describe_changes", "numbers_of"]

#: How a property that one side does not have is written.
ABSENT = "(none)"

#: A number as a description writes it (`_num`: `12`, `-0.5`, `1e-05`, `inf`; `_px`: `10.5`), or
#: as matplotlib writes a tick label (`−2`, a Unicode minus).
_NUMBER = re.compile(r"[−-]?(?:\d+(?:\.\d+)?(?:e[+-]\d+)?|(?<![A-Za-z])(?:inf|nan)(?![A-Za-z]))")


@dataclass(frozen=True)
class Change:
    """One way two descriptions differ: `artist`'s `property` went from `old` to `new` (`ABSENT`
    on a side without that property), or, with `kind` "added" or "removed", the whole artist is on
    one side only (`property`, `old` and `new` None). `str()` gives the line the suite reports.
    """

    artist: str
    property: str | None
    old: str | None
    new: str | None
    kind: Literal["changed", "added", "removed"] = "changed"

    def __post_init__(self) -> None:
        """A record that could not be printed as a line is refused where it is made."""
        whole_artist = self.kind != "changed"
        if whole_artist != (self.property is None) or any(
            (value is None) != whole_artist for value in (self.old, self.new)
        ):
            raise ValueError(
                "a change of an artist added or removed has no property and no values"
                if whole_artist
                else "a change of a property needs its name and both values"
            )

    @classmethod
    def added(cls, artist: str) -> Change:
        """`artist` is on the new side only (``bar 35: added``)."""
        return cls(artist, None, None, None, "added")

    @classmethod
    def removed(cls, artist: str) -> Change:
        """`artist` is on the old side only (``bar 30: removed``)."""
        return cls(artist, None, None, None, "removed")

    def __str__(self) -> str:
        if self.kind != "changed":
            return f"{self.artist}: {self.kind}"
        return f"{self.artist}: {self.property} {self.old} → {self.new}"


class Numbers(NamedTuple):
    """A description value taken apart: its `shape` (every number written `#`) and its numbers.
    Two values of the same kind (two boxes, two anchors) have the same shape."""

    shape: str
    values: tuple[float, ...]


def numbers_of(value: str) -> Numbers:
    """The numbers in a description value, `x 10.0..20.5, y 5.0..9.0 px` -> (10, 20.5, 5, 9): the
    one parser of values, for the pixel tolerance here and for any caller that forgives a change
    by how far a value moved."""
    found = _NUMBER.findall(value)
    return Numbers(_NUMBER.sub("#", value), tuple(float(n.replace("−", "-")) for n in found))


def compare_descriptions(
    old: Mapping[str, Mapping[str, str]],
    new: Mapping[str, Mapping[str, str]],
    *,
    pixel_tolerance: float | None = 0.0,
) -> list[Change]:
    """Every difference, artists and their properties in natural order (`bar 5` before `bar 10`);
    empty when the descriptions match.

    `pixel_tolerance`: how far pixel values (see `is_raster_value`) may move, in pixels; 0 means
    exactly, None means not compared at all.
    """
    changes: list[Change] = []
    for artist in sorted(old.keys() | new.keys(), key=natural_key):
        if artist not in new:
            changes.append(Change.removed(artist))
            continue
        if artist not in old:
            changes.append(Change.added(artist))
            continue
        before, after = old[artist], new[artist]
        for prop in sorted(before.keys() | after.keys(), key=natural_key):
            a, b = before.get(prop, ABSENT), after.get(prop, ABSENT)
            if not _same(a, b, pixel_tolerance):
                changes.append(Change(artist, prop, a, b))
    return changes


def describe_changes(
    old: Mapping[str, Mapping[str, str]],
    new: Mapping[str, Mapping[str, str]],
    *,
    pixel_tolerance: float | None = 0.0,
) -> list[str]:
    """Lines ``<artist>: <property> <old> → <new>``; ``<artist>: added`` or ``removed`` for an
    artist on one side only: `compare_descriptions`, printed. Empty when the descriptions match.
    """
    return [
        str(change) for change in compare_descriptions(old, new, pixel_tolerance=pixel_tolerance)
    ]


def _same(a: str, b: str, pixel_tolerance: float | None) -> bool:
    if a == b:
        return True
    if not (is_raster_value(a) and is_raster_value(b)) or pixel_tolerance == 0:
        return False
    if pixel_tolerance is None:
        return True
    before, after = numbers_of(a), numbers_of(b)
    if before.shape != after.shape:
        return False  # not the same kind of value: e.g. a box against a size
    pairs = zip(before.values, after.values, strict=True)
    return all(abs(x - y) <= pixel_tolerance for x, y in pairs)
