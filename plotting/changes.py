"""The difference of two figure descriptions, in words: one line per changed property.

    trend line: linewidth 0.9 → 1.0
    bar 10: fill #428ae5 → #438ae5
    figure: height 719 px → 728 px
    bar 35: added

Values measured in pixels depend on the FreeType that rasterized the text. On the stack the
baselines were drawn with they are compared exactly; on another stack a caller passes a
`pixel_tolerance` (or None to leave them out), while everything else must still match exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .description import is_raster_value, natural_key

__all__ = ["ABSENT", "describe_changes"]

#: How a property that one side does not have is written.
ABSENT = "(none)"

_NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?")


def describe_changes(
    old: Mapping[str, Mapping[str, str]],
    new: Mapping[str, Mapping[str, str]],
    *,
    pixel_tolerance: float | None = 0.0,
) -> list[str]:
    """Lines ``<artist>: <property> <old> → <new>``; ``<artist>: added`` or ``removed`` for an
    artist on one side only. Empty when the descriptions match.

    `pixel_tolerance`: how far pixel values (see `is_raster_value`) may move, in pixels; 0 means
    exactly, None means not compared at all.
    """
    lines: list[str] = []
    for artist in sorted(old.keys() | new.keys(), key=natural_key):
        if artist not in new:
            lines.append(f"{artist}: removed")
            continue
        if artist not in old:
            lines.append(f"{artist}: added")
            continue
        before, after = old[artist], new[artist]
        for prop in sorted(before.keys() | after.keys(), key=natural_key):
            a, b = before.get(prop, ABSENT), after.get(prop, ABSENT)
            if not _same(a, b, pixel_tolerance):
                lines.append(f"{artist}: {prop} {a} → {b}")
    return lines


def _same(a: str, b: str, pixel_tolerance: float | None) -> bool:
    if a == b:
        return True
    if not (is_raster_value(a) and is_raster_value(b)) or pixel_tolerance == 0:
        return False
    if pixel_tolerance is None:
        return True
    if _NUMBER.sub("#", a) != _NUMBER.sub("#", b):
        return False  # not the same kind of value: e.g. a box against a size
    pairs = zip(_numbers(a), _numbers(b), strict=True)
    return all(abs(x - y) <= pixel_tolerance for x, y in pairs)


def _numbers(text: str) -> list[float]:
    return [float(match.replace("−", "-")) for match in _NUMBER.findall(text)]
